//! Planning `up`: what to create, keep, update or delete so that the observed deployment
//! matches the desired one. Order: security group and rules, file system, mount targets.

use std::collections::{BTreeMap, BTreeSet};

use super::{Desired, Observed, Op, Plan};
use crate::model::{LifeCycleState, MountTarget, SecurityGroup};

pub fn plan_up(desired: &Desired, observed: &Observed) -> Plan {
    let mut plan = Plan::default();
    check_blockers(desired, observed, &mut plan);
    let group = plan_security_group(desired, observed, &mut plan);
    plan_file_system(desired, observed, &mut plan);
    plan_mount_targets(desired, observed, group.map(|g| g.id.as_str()), &mut plan);
    plan
}

/// Differences that only a new file system (or a teardown first) could resolve.
fn check_blockers(desired: &Desired, observed: &Observed, plan: &mut Plan) {
    let name = &desired.name;
    if let Some(fs) = &observed.file_system {
        let want = &desired.file_system;
        if fs.state.is_going_away() {
            plan.blockers.push(format!(
                "file system {} is {}; wait for the running teardown to finish, then run up again",
                fs.id, fs.state
            ));
        }
        if fs.performance_mode != want.performance_mode {
            plan.blockers.push(format!(
                "file system {} is {}, not {}: performance mode cannot change; run `efsctl teardown --name {name}` first",
                fs.id, fs.performance_mode, want.performance_mode
            ));
        }
        if fs.availability_zone != want.one_zone {
            let kind = |az: &Option<String>| {
                az.as_ref()
                    .map_or("Regional".to_string(), |z| format!("One Zone ({z})"))
            };
            plan.blockers.push(format!(
                "file system {} is {}, not {}: storage class cannot change; run `efsctl teardown --name {name}` first",
                fs.id,
                kind(&fs.availability_zone),
                kind(&want.one_zone)
            ));
        }
        if !fs.encrypted {
            plan.blockers.push(format!(
                "file system {} is not encrypted at rest; efsctl will not adopt it",
                fs.id
            ));
        }
        if let (Some(want_key), Some(have_key)) = (&want.kms_key, &fs.kms_key_id) {
            // EFS reports the key ARN; accept the same key given as id or ARN only when it
            // matches textually. Aliases, as alias/NAME or as an alias ARN, cannot be resolved
            // without KMS access, so they are accepted as they are.
            let is_alias = want_key.starts_with("alias/") || want_key.contains(":alias/");
            if !is_alias && !have_key.ends_with(want_key.as_str()) {
                plan.blockers.push(format!(
                    "file system {} is encrypted with {have_key}, not {want_key}: the key cannot change",
                    fs.id
                ));
            }
        }
    }
    let elsewhere: BTreeSet<&str> = observed
        .mount_targets
        .iter()
        .filter(|m| !m.state.is_going_away())
        .filter_map(|m| m.vpc_id.as_deref())
        .filter(|v| *v != desired.vpc_id)
        .collect();
    if let Some(vpc) = elsewhere.iter().next() {
        plan.blockers.push(format!(
            "deployment {name} has mount targets in {vpc}, not {}; EFS allows one VPC per file system: \
             use --vpc {vpc}, or run `efsctl teardown --name {name}` first",
            desired.vpc_id
        ));
    }
}

/// Plans the group in the desired VPC and its rules; returns the existing group, if any.
fn plan_security_group<'a>(
    desired: &Desired,
    observed: &'a Observed,
    plan: &mut Plan,
) -> Option<&'a SecurityGroup> {
    let name = desired.name.security_group_name();
    let mut ours = None;
    for g in &observed.security_groups {
        if g.vpc_id == desired.vpc_id && ours.is_none() {
            ours = Some(g);
        } else {
            plan.push(
                Op::DeleteSecurityGroup {
                    id: g.id.clone(),
                    vpc_id: g.vpc_id.clone(),
                },
                format!(
                    "owned by {} but not the group in {}",
                    desired.name, desired.vpc_id
                ),
            );
        }
    }
    let have: BTreeSet<_> = ours.map(|g| g.ingress.iter().collect()).unwrap_or_default();
    let want: BTreeSet<_> = desired.ingress.iter().collect();
    match ours {
        None => plan.push(
            Op::CreateSecurityGroup {
                vpc_id: desired.vpc_id.clone(),
                name,
            },
            format!(
                "no security group for {} in {}",
                desired.name, desired.vpc_id
            ),
        ),
        Some(g) => plan.push(
            Op::KeepSecurityGroup {
                id: g.id.clone(),
                vpc_id: g.vpc_id.clone(),
            },
            "exists",
        ),
    }
    for rule in &desired.ingress {
        if have.contains(rule) {
            plan.push(Op::KeepRule { rule: rule.clone() }, "present");
        } else {
            plan.push(
                Op::AuthorizeRule { rule: rule.clone() },
                "NFS access requested but not granted",
            );
        }
    }
    for rule in have.difference(&want) {
        plan.push(
            Op::RevokeRule {
                rule: (*rule).clone(),
            },
            "not requested: the group admits only the listed sources",
        );
    }
    ours
}

fn plan_file_system(desired: &Desired, observed: &Observed, plan: &mut Plan) {
    match &observed.file_system {
        None => plan.push(
            Op::CreateFileSystem,
            format!(
                "no file system with creation token {}",
                desired.name.creation_token()
            ),
        ),
        Some(fs) => {
            let reason = if fs.state == LifeCycleState::Available {
                "exists".to_string()
            } else {
                format!("exists ({})", fs.state)
            };
            plan.push(Op::KeepFileSystem { id: fs.id.clone() }, reason);
            if fs.throughput != desired.file_system.throughput {
                plan.push(
                    Op::UpdateThroughput {
                        id: fs.id.clone(),
                        from: fs.throughput,
                        to: desired.file_system.throughput,
                    },
                    format!(
                        "throughput is {}, wanted {}",
                        fs.throughput, desired.file_system.throughput
                    ),
                );
            }
        }
    }
}

fn plan_mount_targets(
    desired: &Desired,
    observed: &Observed,
    group_id: Option<&str>,
    plan: &mut Plan,
) {
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

    // Deletions first, so a replaced mount target's AZ is free again before the create.
    for mt in by_az
        .values()
        .filter(|m| !wanted_azs.contains(m.availability_zone.as_str()))
    {
        plan.push(
            delete_op(mt),
            format!("{} is not among the requested AZs", mt.availability_zone),
        );
    }
    for target in &desired.targets {
        let az = target.availability_zone.as_str();
        let create = Op::CreateMountTarget {
            availability_zone: az.to_string(),
            subnet_id: target.subnet_id.clone(),
        };
        let Some(mt) = by_az.get(az) else {
            plan.push(create, format!("AZ {az} has no mount target"));
            continue;
        };
        if target.pinned && mt.subnet_id != target.subnet_id {
            plan.push(
                delete_op(mt),
                format!(
                    "in {}, but {} was requested",
                    mt.subnet_id, target.subnet_id
                ),
            );
            plan.push(create, format!("replaces {} in {az}", mt.id));
        } else if mt.state == LifeCycleState::Error {
            plan.push(delete_op(mt), "mount target is in the error state");
            plan.push(create, format!("replaces failed {} in {az}", mt.id));
        } else {
            let reason = if mt.state == LifeCycleState::Available {
                "exists".to_string()
            } else {
                format!("exists ({})", mt.state)
            };
            plan.push(
                Op::KeepMountTarget {
                    id: mt.id.clone(),
                    availability_zone: az.to_string(),
                    subnet_id: mt.subnet_id.clone(),
                },
                reason,
            );
            let groups_ok = match (group_id, &mt.security_groups) {
                (Some(g), Some(have)) => have.len() == 1 && have[0] == g,
                (Some(_), None) => true, // not described: nothing known to fix
                (None, _) => false,      // the group is about to be created
            };
            if !groups_ok {
                plan.push(
                    Op::SetMountTargetSecurityGroups {
                        id: mt.id.clone(),
                        availability_zone: az.to_string(),
                        groups: group_id.map(|g| vec![g.to_string()]).unwrap_or_default(),
                    },
                    format!(
                        "security groups are {}, wanted only the deployment's group",
                        mt.security_groups
                            .as_ref()
                            .map_or("unknown".to_string(), |g| g.join(", "))
                    ),
                );
            }
        }
    }
}

fn delete_op(mt: &MountTarget) -> Op {
    Op::DeleteMountTarget {
        id: mt.id.clone(),
        availability_zone: mt.availability_zone.clone(),
        subnet_id: mt.subnet_id.clone(),
    }
}
