//! Planning mount targets: one per requested AZ, in the deployment's group only. A mount target
//! in an AZ no longer requested, in the error state, or in a subnet other than a pinned one is
//! deleted (and recreated where its AZ is still wanted).

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::action::{Action, Describe};
use super::security_group::ours;
use super::state::{Desired, Observed};
use crate::model::{LifeCycleState, MountTarget, NewMountTarget, Ref};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op")]
pub enum Op {
    #[serde(rename = "create-mount-target")]
    Create {
        availability_zone: String,
        subnet_id: String,
        request: NewMountTarget,
    },
    /// The mount target as observed: `apply` waits for it if it is not yet available.
    #[serde(rename = "keep-mount-target")]
    Keep {
        id: String,
        availability_zone: String,
        subnet_id: String,
        #[serde(skip)]
        current: Box<MountTarget>,
    },
    /// ModifyMountTargetSecurityGroups.
    #[serde(rename = "set-mount-target-security-groups")]
    SetSecurityGroups {
        id: String,
        availability_zone: String,
        groups: Vec<Ref>,
    },
    #[serde(rename = "delete-mount-target")]
    Delete {
        id: String,
        availability_zone: String,
        subnet_id: String,
    },
}

impl Op {
    pub fn availability_zone(&self) -> &str {
        match self {
            Op::Create {
                availability_zone, ..
            }
            | Op::Keep {
                availability_zone, ..
            }
            | Op::SetSecurityGroups {
                availability_zone, ..
            }
            | Op::Delete {
                availability_zone, ..
            } => availability_zone,
        }
    }

    fn delete(mt: &MountTarget) -> Op {
        Op::Delete {
            id: mt.id.clone(),
            availability_zone: mt.availability_zone.clone(),
            subnet_id: mt.subnet_id.clone(),
        }
    }
}

impl Describe for Op {
    fn action(&self) -> Action {
        match self {
            Op::Create { .. } => Action::Create,
            Op::Keep { .. } => Action::Keep,
            Op::SetSecurityGroups { .. } => Action::Update,
            Op::Delete { .. } => Action::Delete,
        }
    }
    fn resource(&self) -> String {
        match self {
            Op::Create {
                availability_zone,
                subnet_id,
                ..
            } => format!("mount target {availability_zone} ({subnet_id})"),
            Op::Keep {
                id,
                availability_zone,
                ..
            }
            | Op::Delete {
                id,
                availability_zone,
                ..
            } => format!("mount target {availability_zone} ({id})"),
            Op::SetSecurityGroups {
                id,
                availability_zone,
                ..
            } => format!("mount target {availability_zone} ({id}) security groups"),
        }
    }
    fn check(&self) -> Result<(), String> {
        match self {
            Op::Create { request, .. } => request.check(),
            _ => Ok(()),
        }
    }
}

pub fn plan(desired: &Desired, observed: &Observed) -> Vec<(Op, String)> {
    let group = ours(desired, observed).map(|g| g.id.as_str());
    let group_ref = group.map_or(Ref::Planned, Ref::existing);
    let file_system = observed
        .file_system
        .as_ref()
        .map_or(Ref::Planned, |fs| Ref::existing(&fs.id));
    let mut by_az: BTreeMap<&str, &MountTarget> = BTreeMap::new();
    for mt in observed
        .mount_targets
        .iter()
        .filter(|m| !m.state.is_going_away())
    {
        by_az.insert(mt.availability_zone.as_str(), mt);
    }
    let wanted_azs: BTreeSet<&str> = desired
        .targets
        .iter()
        .map(|t| t.availability_zone.as_str())
        .collect();

    let mut steps = Vec::new();
    // Deletions first, so a replaced mount target's AZ is free again before the create.
    for mt in by_az
        .values()
        .filter(|m| !wanted_azs.contains(m.availability_zone.as_str()))
    {
        steps.push((
            Op::delete(mt),
            format!("{} is not among the requested AZs", mt.availability_zone),
        ));
    }
    for target in &desired.targets {
        let az = target.availability_zone.as_str();
        let create = Op::Create {
            availability_zone: az.to_string(),
            subnet_id: target.subnet_id.clone(),
            request: NewMountTarget {
                file_system_id: file_system.clone(),
                subnet_id: target.subnet_id.clone(),
                security_groups: vec![group_ref.clone()],
            },
        };
        let Some(mt) = by_az.get(az) else {
            steps.push((create, format!("AZ {az} has no mount target")));
            continue;
        };
        if target.pinned && mt.subnet_id != target.subnet_id {
            steps.push((
                Op::delete(mt),
                format!(
                    "in {}, but {} was requested",
                    mt.subnet_id, target.subnet_id
                ),
            ));
            steps.push((create, format!("replaces {} in {az}", mt.id)));
        } else if mt.state == LifeCycleState::Error {
            steps.push((Op::delete(mt), "mount target is in the error state".into()));
            steps.push((create, format!("replaces failed {} in {az}", mt.id)));
        } else {
            let reason = if mt.state == LifeCycleState::Available {
                "exists".to_string()
            } else {
                format!("exists ({})", mt.state)
            };
            steps.push((
                Op::Keep {
                    id: mt.id.clone(),
                    availability_zone: az.to_string(),
                    subnet_id: mt.subnet_id.clone(),
                    current: Box::new((*mt).clone()),
                },
                reason,
            ));
            let groups_ok = match (group, &mt.security_groups) {
                (Some(g), Some(have)) => have.len() == 1 && have[0] == g,
                (Some(_), None) => true, // not described: nothing known to fix
                (None, _) => false,      // the group is about to be created
            };
            if !groups_ok {
                steps.push((
                    Op::SetSecurityGroups {
                        id: mt.id.clone(),
                        availability_zone: az.to_string(),
                        groups: vec![group_ref.clone()],
                    },
                    format!(
                        "security groups are {}, wanted only the deployment's group",
                        mt.security_groups
                            .as_ref()
                            .map_or("unknown".to_string(), |g| g.join(", "))
                    ),
                ));
            }
        }
    }
    steps
}

/// EFS allows one VPC per file system: mount targets elsewhere need a teardown first.
pub fn blockers(desired: &Desired, observed: &Observed) -> Vec<String> {
    let name = &desired.name;
    let elsewhere: BTreeSet<&str> = observed
        .mount_targets
        .iter()
        .filter(|m| !m.state.is_going_away())
        .filter_map(|m| m.vpc_id.as_deref())
        .filter(|v| *v != desired.vpc_id)
        .collect();
    elsewhere
        .iter()
        .next()
        .map(|vpc| {
            format!(
                "deployment {name} has mount targets in {vpc}, not {}; EFS allows one VPC per file system: \
                 use --vpc {vpc}, or run `efsctl teardown --name {name}` first",
                desired.vpc_id
            )
        })
        .into_iter()
        .collect()
}

/// `teardown`: every mount target not already deleted, first (the file system cannot go while
/// it has any).
pub fn plan_teardown(observed: &Observed) -> Vec<(Op, String)> {
    observed
        .mount_targets
        .iter()
        .filter(|m| m.state != LifeCycleState::Deleted)
        .map(|mt| {
            (
                Op::delete(mt),
                "mount targets go first: the file system cannot be deleted while it has any"
                    .to_string(),
            )
        })
        .collect()
}
