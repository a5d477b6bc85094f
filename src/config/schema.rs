//! The JSON Schema of efsctl.yaml, generated from the config types (so it cannot miss a key or a
//! value), with each key's description taken from the same flag help `--help` shows.
//! docs/efsctl.schema.json is this, committed; a test fails when it is stale.

use serde_json::Value;

use super::ConfigFile;
use crate::cli::file_settings;

/// Where the committed copy lives, relative to the repository.
pub const COMMITTED_PATH: &str = "docs/efsctl.schema.json";

pub fn schema() -> Value {
    let mut schema =
        serde_json::to_value(schemars::schema_for!(ConfigFile)).expect("a JSON Schema serializes");
    if let Some(props) = schema["properties"].as_object_mut() {
        for setting in file_settings() {
            if let Some(prop) = props.get_mut(&setting.key) {
                prop["description"] = Value::String(setting.help);
            }
        }
    }
    schema["description"] = Value::String(
        "efsctl.yaml: the settings of `efsctl up` and `efsctl plan`, one key per flag (flags win). \
         `efsctl init` writes a commented one."
            .to_string(),
    );
    schema
}

/// The schema as the committed file holds it: pretty, with a final newline.
pub fn text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).expect("serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_committed_schema_is_current() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(COMMITTED_PATH);
        if std::env::var_os("UPDATE_SCHEMA").is_some() {
            std::fs::write(&path, text()).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == text(),
            "{COMMITTED_PATH} is stale: run `UPDATE_SCHEMA=1 cargo test --lib schema` (or \
             `efsctl schema > {COMMITTED_PATH}`) and commit it"
        );
    }

    #[test]
    fn every_key_has_a_description_and_unknown_keys_are_refused() {
        let s = schema();
        assert_eq!(s["additionalProperties"], false);
        for (key, prop) in s["properties"].as_object().unwrap() {
            assert!(
                prop["description"].as_str().is_some_and(|d| !d.is_empty()),
                "{key} has no description"
            );
        }
    }
}
