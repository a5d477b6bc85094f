//! Planning the group's rules: inbound, exactly the requested NFS sources; outbound, exactly the
//! one rule that lets nothing out ([`IngressRule::no_egress`]), in place of AWS's default
//! allow-all rule (the mount targets need no outbound rule).

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
    /// AuthorizeSecurityGroupEgress.
    #[serde(rename = "authorize-egress-rule")]
    AuthorizeEgress { rule: IngressRule, group_id: Ref },
    #[serde(rename = "keep-egress-rule")]
    KeepEgress { rule: IngressRule },
    /// RevokeSecurityGroupEgress.
    #[serde(rename = "revoke-egress-rule")]
    RevokeEgress { rule: IngressRule, group_id: Ref },
}

impl Describe for Op {
    fn action(&self) -> Action {
        match self {
            Op::Authorize { .. } | Op::AuthorizeEgress { .. } => Action::Create,
            Op::Keep { .. } | Op::KeepEgress { .. } => Action::Keep,
            Op::Revoke { .. } | Op::RevokeEgress { .. } => Action::Delete,
        }
    }
    fn resource(&self) -> String {
        match self {
            Op::Authorize { rule, .. } | Op::Keep { rule } | Op::Revoke { rule, .. } => {
                format!("ingress rule {rule}")
            }
            Op::AuthorizeEgress { rule, .. }
            | Op::KeepEgress { rule }
            | Op::RevokeEgress { rule, .. } => format!("egress rule {}", egress_words(rule)),
        }
    }
}

/// "all to 127.0.0.1/32" reads as what it is.
fn egress_words(rule: &IngressRule) -> String {
    rule.to_string().replacen(" from ", " to ", 1)
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
    match group {
        Some(g) => steps.extend(plan_egress(&g.egress, &group_id)),
        // A new group: the no-egress rule, authorized on `Ref::Planned`, which the applier reads
        // as "in place of EC2's default allow-all rule" (revoked first). It runs beside the mount
        // targets, which need only the group's id.
        None => steps.push((
            Op::AuthorizeEgress {
                rule: IngressRule::no_egress(),
                group_id: Ref::Planned,
            },
            "lets nothing out, in place of the allow-all rule EC2 gives a new group".to_string(),
        )),
    }
    steps
}

/// Outbound: the no-egress rule, and nothing else.
fn plan_egress(have: &[IngressRule], group_id: &Ref) -> Vec<(Op, String)> {
    let want = IngressRule::no_egress();
    let mut steps: Vec<(Op, String)> = have
        .iter()
        .filter(|r| **r != want)
        .map(|rule| {
            (
                Op::RevokeEgress {
                    rule: rule.clone(),
                    group_id: group_id.clone(),
                },
                "the mount targets need no outbound traffic".to_string(),
            )
        })
        .collect();
    steps.push(if have.contains(&want) {
        (Op::KeepEgress { rule: want }, "present".to_string())
    } else {
        (
            Op::AuthorizeEgress {
                rule: want,
                group_id: group_id.clone(),
            },
            "lets nothing out: the one spelling of \"no egress\" efsctl, Terraform and \
             CloudFormation share"
                .to_string(),
        )
    });
    steps
}
