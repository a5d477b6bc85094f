//! Planning the group's inbound rules: exactly the requested NFS sources, nothing else.

use std::collections::BTreeSet;

use serde::Serialize;

use super::action::{Action, Describe};
use super::security_group::ours;
use super::state::{Desired, Observed};
use crate::model::{IngressRule, Ref};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op")]
pub enum Op {
    /// AuthorizeSecurityGroupIngress of `rule` on the group.
    #[serde(rename = "authorize-rule")]
    Authorize { rule: IngressRule, group_id: Ref },
    #[serde(rename = "keep-rule")]
    Keep { rule: IngressRule },
    /// RevokeSecurityGroupIngress of `rule` on the (existing) group.
    #[serde(rename = "revoke-rule")]
    Revoke { rule: IngressRule, group_id: String },
}

impl Describe for Op {
    fn action(&self) -> Action {
        match self {
            Op::Authorize { .. } => Action::Create,
            Op::Keep { .. } => Action::Keep,
            Op::Revoke { .. } => Action::Delete,
        }
    }
    fn resource(&self) -> String {
        match self {
            Op::Authorize { rule, .. } | Op::Keep { rule } | Op::Revoke { rule, .. } => {
                format!("ingress rule {rule}")
            }
        }
    }
}

pub fn plan(desired: &Desired, observed: &Observed) -> Vec<(Op, String)> {
    let group = ours(desired, observed);
    let group_id = group.map_or(Ref::Planned, |g| Ref::existing(&g.id));
    let have: BTreeSet<&IngressRule> = group
        .map(|g| g.ingress.iter().collect())
        .unwrap_or_default();
    let want: BTreeSet<&IngressRule> = desired.ingress.iter().collect();
    let mut steps = Vec::new();
    for rule in &desired.ingress {
        steps.push(if have.contains(rule) {
            (Op::Keep { rule: rule.clone() }, "present".to_string())
        } else {
            (
                Op::Authorize {
                    rule: rule.clone(),
                    group_id: group_id.clone(),
                },
                "NFS access requested but not granted".to_string(),
            )
        });
    }
    if let Some(g) = group {
        for rule in have.difference(&want) {
            steps.push((
                Op::Revoke {
                    rule: (*rule).clone(),
                    group_id: g.id.clone(),
                },
                "not requested: the group admits only the listed sources".to_string(),
            ));
        }
    }
    steps
}
