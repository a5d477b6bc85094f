//! Planning the deployment's security group: one group named `efsctl-<name>` in the desired VPC;
//! owned groups elsewhere (left by a run with another `--vpc`) are deleted once nothing uses them.

use serde::Serialize;

use super::action::{Action, Describe};
use super::state::{Desired, Observed};
use crate::model::{NewSecurityGroup, SecurityGroup};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op")]
pub enum Op {
    #[serde(rename = "create-security-group")]
    Create {
        vpc_id: String,
        name: String,
        request: NewSecurityGroup,
    },
    #[serde(rename = "keep-security-group")]
    Keep { id: String, vpc_id: String },
    #[serde(rename = "delete-security-group")]
    Delete { id: String, vpc_id: String },
}

impl Describe for Op {
    fn action(&self) -> Action {
        match self {
            Op::Create { .. } => Action::Create,
            Op::Keep { .. } => Action::Keep,
            Op::Delete { .. } => Action::Delete,
        }
    }
    fn resource(&self) -> String {
        match self {
            Op::Create { name, vpc_id, .. } => format!("security group {name} in {vpc_id}"),
            Op::Keep { id, .. } => format!("security group {id}"),
            Op::Delete { id, vpc_id } => format!("security group {id} in {vpc_id}"),
        }
    }
    fn check(&self) -> Result<(), String> {
        match self {
            Op::Create { request, .. } => request.check(),
            _ => Ok(()),
        }
    }
}

/// The owned group in the desired VPC, if there is one (the first, should there be several).
pub fn ours<'a>(desired: &Desired, observed: &'a Observed) -> Option<&'a SecurityGroup> {
    observed
        .security_groups
        .iter()
        .find(|g| g.vpc_id == desired.vpc_id)
}

/// The request that creates the group.
pub fn request(desired: &Desired) -> NewSecurityGroup {
    NewSecurityGroup {
        vpc_id: desired.vpc_id.clone(),
        name: desired.name.security_group_name(),
        description: format!(
            "NFS to EFS for efsctl deployment {} (managed by efsctl)",
            desired.name
        ),
        tags: desired.name.tags(),
    }
}

/// `up`: delete owned groups outside the desired VPC, then keep or create the one inside it.
pub fn plan(desired: &Desired, observed: &Observed) -> Vec<(Op, String)> {
    let keep = ours(desired, observed);
    let mut steps = Vec::new();
    for g in &observed.security_groups {
        if keep.is_some_and(|k| std::ptr::eq(k, g)) {
            continue;
        }
        steps.push((
            Op::Delete {
                id: g.id.clone(),
                vpc_id: g.vpc_id.clone(),
            },
            format!(
                "owned by {} but not the group in {}",
                desired.name, desired.vpc_id
            ),
        ));
    }
    steps.push(match keep {
        None => {
            let request = request(desired);
            (
                Op::Create {
                    vpc_id: request.vpc_id.clone(),
                    name: request.name.clone(),
                    request,
                },
                format!(
                    "no security group for {} in {}",
                    desired.name, desired.vpc_id
                ),
            )
        }
        Some(g) => (
            Op::Keep {
                id: g.id.clone(),
                vpc_id: g.vpc_id.clone(),
            },
            "exists".to_string(),
        ),
    });
    steps
}

/// `teardown`: every owned group, once the mount targets are gone (in use until their interfaces go).
pub fn plan_teardown(observed: &Observed) -> Vec<(Op, String)> {
    observed
        .security_groups
        .iter()
        .map(|g| {
            (
                Op::Delete {
                    id: g.id.clone(),
                    vpc_id: g.vpc_id.clone(),
                },
                "after the mount targets: in use until their network interfaces are released"
                    .to_string(),
            )
        })
        .collect()
}
