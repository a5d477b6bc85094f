//! Reading a file system policy the way the checks need: which statements allow anyone without
//! a condition, and whether unencrypted transport is denied. Documents are compared in
//! `model::normalized_policy`'s form, so `"*"` and `{"AWS": ["*"]}` read the same.

use serde_json::Value;

use crate::model::normalized_policy;

/// The statements of a policy document (one object or a list), normalized; none if it is not
/// JSON.
fn statements(policy: &str) -> Vec<Value> {
    let Ok(doc) = serde_json::from_str::<Value>(policy) else {
        return Vec::new();
    };
    match normalized_policy(&doc).get("Statement") {
        Some(Value::Array(all)) => all.clone(),
        _ => Vec::new(),
    }
}

fn has_effect(statement: &Value, effect: &str) -> bool {
    statement["Effect"]
        .as_str()
        .is_some_and(|e| e.eq_ignore_ascii_case(effect))
}

/// `"*"` or `{"AWS": "*"}` (normalized: any principal list holding `*`).
fn names_anyone(statement: &Value) -> bool {
    match &statement["Principal"] {
        Value::Object(kinds) => kinds
            .values()
            .any(|v| v.as_array().is_some_and(|l| l.iter().any(|p| p == "*"))),
        _ => false,
    }
}

fn has_condition(statement: &Value) -> bool {
    match &statement["Condition"] {
        Value::Object(c) => !c.is_empty(),
        Value::Null => false,
        _ => true,
    }
}

/// The Allow statements for any principal with no Condition, named by Sid.
pub fn unconditional_allows_to_anyone(policy: &str) -> Vec<String> {
    statements(policy)
        .iter()
        .filter(|s| has_effect(s, "Allow") && names_anyone(s) && !has_condition(s))
        .map(|s| match s["Sid"].as_str() {
            Some(sid) => format!("statement {sid:?}"),
            None => "a statement without Sid".to_string(),
        })
        .collect()
}

/// Whether some Deny statement applies when `aws:SecureTransport` is false (condition keys
/// compare case-insensitively, as IAM compares them).
pub fn denies_plain_transport(policy: &str) -> bool {
    let is_false = |v: &Value| match v {
        Value::Bool(b) => !b,
        Value::String(s) => s.eq_ignore_ascii_case("false"),
        Value::Array(l) => l.iter().any(|v| v == "false" || v == &Value::Bool(false)),
        _ => false,
    };
    statements(policy).iter().any(|s| {
        has_effect(s, "Deny")
            && s["Condition"].as_object().is_some_and(|ops| {
                ops.values().filter_map(Value::as_object).any(|keys| {
                    keys.iter().any(|(key, value)| {
                        key.eq_ignore_ascii_case("aws:SecureTransport") && is_false(value)
                    })
                })
            })
    })
}
