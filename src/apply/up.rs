//! Applying an `up` plan.

use std::sync::atomic::{AtomicU32, Ordering};

use futures_util::future::try_join_all;
use serde::Serialize;

use super::Waits;
use crate::aws::{codes, AwsError, Cloud, NewFileSystem, NewSecurityGroup};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{FileSystem, IngressRule, LifeCycleState, MountTarget};
use crate::plan::{Desired, Observed, Op, Plan};
use crate::render::progress::Progress;
use crate::wait::{self, Backoff, Poll};

/// What `up` leaves behind.
#[derive(Debug, Clone, Serialize)]
pub struct UpOutcome {
    pub file_system: FileSystem,
    pub security_group_id: String,
    pub mount_targets: Vec<MountTarget>,
    /// Number of steps that changed something.
    pub changes: usize,
}

/// Consecutive polls that do not find a resource efsctl made or saw before it counts as deleted
/// (by a concurrent `teardown`): EFS's describes are read-after-write consistent, so a few polls
/// (about 3 s) are plenty, where waiting on would only end at the timeout.
const GONE_AFTER_MISSES: u32 = 5;

pub async fn up<C: Cloud>(
    cloud: &C,
    desired: &Desired,
    observed: &Observed,
    plan: &Plan,
    waits: Waits,
    progress: &Progress,
) -> Result<UpOutcome> {
    converge(cloud, desired, observed, plan, waits, progress)
        .await
        .map_err(|e| match e.kind {
            // Not "deployment not found" (exit 3): something vanished under a running `up`.
            ErrorKind::NotFound => Error::failed(format!(
                "{}; it was deleted while efsctl up ran (a concurrent `efsctl teardown`?): run `efsctl up` again",
                e.message
            )),
            _ => e,
        })
}

async fn converge<C: Cloud>(
    cloud: &C,
    desired: &Desired,
    observed: &Observed,
    plan: &Plan,
    waits: Waits,
    progress: &Progress,
) -> Result<UpOutcome> {
    // The group and the file system do not depend on each other: make them side by side.
    let (group_id, file_system) = tokio::try_join!(
        ensure_security_group(cloud, desired, plan, progress),
        ensure_file_system(cloud, desired, observed, plan, waits, progress),
    )?;
    converge_mount_targets(cloud, &file_system.id, &group_id, plan, progress, waits).await?;
    let quiet = observed
        .mount_targets
        .iter()
        .filter(|m| m.state == LifeCycleState::Available)
        .map(|m| m.id.clone())
        .collect();
    let mount_targets =
        wait_mount_targets_available(cloud, desired, &file_system.id, &quiet, waits, progress)
            .await?;
    delete_stray_groups(cloud, plan, progress).await?;
    let file_system = FileSystem {
        number_of_mount_targets: mount_targets.len() as i32,
        ..file_system
    };
    Ok(UpOutcome {
        file_system,
        security_group_id: group_id,
        mount_targets,
        changes: plan.changes().count(),
    })
}

async fn ensure_security_group<C: Cloud>(
    cloud: &C,
    desired: &Desired,
    plan: &Plan,
    progress: &Progress,
) -> Result<String> {
    let mut to_authorize: Vec<IngressRule> = Vec::new();
    let mut to_revoke: Vec<IngressRule> = Vec::new();
    let mut group_id = None;
    for step in &plan.steps {
        match &step.op {
            Op::KeepSecurityGroup { id, .. } => group_id = Some(id.clone()),
            Op::AuthorizeRule { rule } => to_authorize.push(rule.clone()),
            Op::RevokeRule { rule } => to_revoke.push(rule.clone()),
            _ => {}
        }
    }
    let group_id = match group_id {
        Some(id) => id,
        None => {
            let id = create_security_group(cloud, desired).await?;
            progress.println(&format!(
                "created security group {id} in {}",
                desired.vpc_id
            ));
            id
        }
    };
    authorize(cloud, &group_id, &to_authorize).await?;
    if !to_revoke.is_empty() {
        match cloud.revoke_ingress(&group_id, &to_revoke).await {
            Err(e) if !e.has_code(codes::PERMISSION_NOT_FOUND) => return Err(e.into()),
            _ => progress.detail(&format!(
                "revoked {} rule(s) on {group_id}",
                to_revoke.len()
            )),
        }
    }
    Ok(group_id)
}

/// Creates the group, or adopts the one a concurrent or interrupted run made (EC2 refuses a
/// second group with the same name in a VPC: InvalidGroup.Duplicate).
async fn create_security_group<C: Cloud>(cloud: &C, desired: &Desired) -> Result<String> {
    let name = desired.name.security_group_name();
    let request = NewSecurityGroup {
        vpc_id: desired.vpc_id.clone(),
        name: name.clone(),
        description: format!(
            "NFS to EFS for efsctl deployment {} (managed by efsctl)",
            desired.name
        ),
        tags: desired.name.tags(),
    };
    match cloud.create_security_group(&request).await {
        Ok(id) => Ok(id),
        Err(e) if e.has_code(codes::GROUP_DUPLICATE) => {
            match cloud.security_group_named(&desired.vpc_id, &name).await? {
                Some(g) if desired.name.owns(&g.tags) => Ok(g.id),
                Some(g) => Err(Error::failed(crate::observe::foreign_group_message(
                    &g,
                    &desired.name,
                ))),
                None => Err(e.into()),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// Grants the rules in one call; if a concurrent run granted some first
/// (InvalidPermission.Duplicate fails the whole call), grants them one by one.
async fn authorize<C: Cloud>(cloud: &C, group_id: &str, rules: &[IngressRule]) -> Result<()> {
    if rules.is_empty() {
        return Ok(());
    }
    match cloud.authorize_ingress(group_id, rules).await {
        Ok(()) => Ok(()),
        Err(e) if e.has_code(codes::PERMISSION_DUPLICATE) && rules.len() > 1 => {
            for rule in rules {
                match cloud
                    .authorize_ingress(group_id, std::slice::from_ref(rule))
                    .await
                {
                    Err(e) if !e.has_code(codes::PERMISSION_DUPLICATE) => return Err(e.into()),
                    _ => {}
                }
            }
            Ok(())
        }
        Err(e) if e.has_code(codes::PERMISSION_DUPLICATE) => Ok(()),
        Err(e) => Err(e.into()),
    }
}

async fn ensure_file_system<C: Cloud>(
    cloud: &C,
    desired: &Desired,
    observed: &Observed,
    plan: &Plan,
    waits: Waits,
    progress: &Progress,
) -> Result<FileSystem> {
    let fs = match &observed.file_system {
        Some(fs) => fs.clone(),
        None => {
            let fs = create_file_system(cloud, desired).await?;
            progress.println(&format!("created file system {}", fs.id));
            fs
        }
    };
    let fs = wait_file_system_available(cloud, fs, waits, progress).await?;
    for step in &plan.steps {
        if let Op::UpdateThroughput { id, to, .. } = &step.op {
            cloud.update_throughput(id, *to).await?;
            progress.println(&format!("file system {id}: throughput set to {to}"));
            return Ok(FileSystem {
                throughput: *to,
                ..fs
            });
        }
    }
    Ok(fs)
}

/// Creates the file system; a FileSystemAlreadyExists (a concurrent run, or a retry after a lost
/// response) is looked up by creation token. AWS includes the id in that error, moto does not,
/// so the lookup by token is the one path that works for both.
async fn create_file_system<C: Cloud>(cloud: &C, desired: &Desired) -> Result<FileSystem> {
    let spec = &desired.file_system;
    let request = NewFileSystem {
        creation_token: desired.name.creation_token(),
        performance_mode: spec.performance_mode,
        throughput: spec.throughput,
        kms_key: spec.kms_key.clone(),
        one_zone: spec.one_zone.clone(),
        tags: desired.name.tags(),
    };
    match cloud.create_file_system(&request).await {
        Ok(fs) => Ok(fs),
        Err(e) if e.has_code(codes::FILE_SYSTEM_ALREADY_EXISTS) => {
            match cloud.file_system_by_token(&request.creation_token).await? {
                Some(fs) if desired.name.owns(&fs.tags) => Ok(fs),
                Some(fs) => Err(Error::failed(crate::observe::foreign_message(
                    &fs,
                    &desired.name,
                ))),
                None => Err(e.into()),
            }
        }
        Err(e) => Err(kms_hint(e, spec.kms_key.as_deref())),
    }
}

fn kms_hint(e: AwsError, key: Option<&str>) -> Error {
    match key {
        Some(key) if e.message.to_lowercase().contains("kms") => Error::usage(format!(
            "KMS key {key} cannot be used for the file system: {e}"
        )),
        _ => e.into(),
    }
}

async fn wait_file_system_available<C: Cloud>(
    cloud: &C,
    fs: FileSystem,
    waits: Waits,
    progress: &Progress,
) -> Result<FileSystem> {
    let label = format!("file system {}", fs.id);
    if fs.state == LifeCycleState::Available {
        progress.detail(&format!("{label}: available"));
        return Ok(fs);
    }
    progress.set("fs", &label, fs.state.as_str());
    let misses = AtomicU32::new(0);
    let fs = wait::until(&label, waits.timeout, Backoff::POLL, || async {
        match cloud.file_system_by_id(&fs.id).await? {
            Some(now) if now.state == LifeCycleState::Available => Ok(Poll::Ready(now)),
            Some(now) if now.state == LifeCycleState::Error || now.state.is_going_away() => {
                Err(Error::failed(format!(
                    "{label} entered state {} while efsctl waited for it to become available",
                    now.state
                )))
            }
            Some(now) => {
                progress.set("fs", &label, now.state.as_str());
                Ok(Poll::Pending(now.state.to_string()))
            }
            None if misses.fetch_add(1, Ordering::Relaxed) + 1 >= GONE_AFTER_MISSES => {
                Err(Error::failed(format!(
                    "{label} disappeared while efsctl waited for it to become available (deleted by a \
                     concurrent `efsctl teardown`?); run `efsctl up` again"
                )))
            }
            None => Ok(Poll::Pending("not yet visible".to_string())),
        }
    })
    .await?;
    progress.done("fs", &label, "available");
    Ok(fs)
}

/// Deletes, creates and re-groups mount targets, one concurrent task per AZ.
async fn converge_mount_targets<C: Cloud>(
    cloud: &C,
    fs_id: &str,
    group_id: &str,
    plan: &Plan,
    progress: &Progress,
    waits: Waits,
) -> Result<()> {
    let groups = [group_id.to_string()];
    let mut zones: Vec<&str> = Vec::new();
    for step in &plan.steps {
        match &step.op {
            Op::CreateMountTarget {
                availability_zone: az,
                ..
            }
            | Op::DeleteMountTarget {
                availability_zone: az,
                ..
            }
            | Op::SetMountTargetSecurityGroups {
                availability_zone: az,
                ..
            } if !zones.contains(&az.as_str()) => zones.push(az),
            _ => {}
        }
    }
    try_join_all(zones.into_iter().map(|az| {
        let ops: Vec<&Op> = plan
            .steps
            .iter()
            .map(|s| &s.op)
            .filter(|op| match op {
                Op::CreateMountTarget {
                    availability_zone, ..
                }
                | Op::DeleteMountTarget {
                    availability_zone, ..
                }
                | Op::SetMountTargetSecurityGroups {
                    availability_zone, ..
                } => availability_zone == az,
                _ => false,
            })
            .collect();
        converge_zone(cloud, fs_id, az, ops, &groups, progress, waits)
    }))
    .await?;
    Ok(())
}

/// One AZ's steps in plan order: delete (and wait for it to go when a create follows), create,
/// or set security groups.
async fn converge_zone<C: Cloud>(
    cloud: &C,
    fs_id: &str,
    az: &str,
    ops: Vec<&Op>,
    groups: &[String],
    progress: &Progress,
    waits: Waits,
) -> Result<()> {
    let key = format!("mt:{az}");
    let label = format!("mount target {az}");
    let replacing = ops
        .iter()
        .any(|o| matches!(o, Op::CreateMountTarget { .. }));
    for op in ops {
        match op {
            Op::DeleteMountTarget { id, .. } => {
                delete_mount_target(cloud, id).await?;
                progress.set(&key, &label, &format!("deleting {id}"));
                if replacing {
                    super::teardown::wait_mount_target_gone(cloud, fs_id, id, waits).await?;
                }
            }
            Op::CreateMountTarget { subnet_id, .. } => {
                let mt = create_mount_target(cloud, fs_id, az, subnet_id, groups, waits).await?;
                if mt.state != LifeCycleState::Available {
                    progress.set(&key, &label, &format!("{} {}", mt.id, mt.state));
                }
            }
            Op::SetMountTargetSecurityGroups { id, .. } => {
                cloud.set_mount_target_security_groups(id, groups).await?;
                progress.println(&format!(
                    "{label} ({id}): security groups set to {}",
                    groups.join(", ")
                ));
            }
            _ => {}
        }
    }
    Ok(())
}

/// Deletes a mount target; one already gone counts as deleted.
pub(super) async fn delete_mount_target<C: Cloud>(cloud: &C, id: &str) -> Result<(), AwsError> {
    match cloud.delete_mount_target(id).await {
        Err(e) if !e.has_code(codes::MOUNT_TARGET_NOT_FOUND) => Err(e),
        _ => Ok(()),
    }
}

/// Creates a mount target, tolerating the races real AWS has:
/// - MountTargetConflict: one already exists in the AZ (a lost response, a concurrent `up`): adopt
///   it, or wait while a previous one is still deleting;
/// - IncorrectFileSystemLifeCycleState: the file system is not yet available everywhere: retry.
async fn create_mount_target<C: Cloud>(
    cloud: &C,
    fs_id: &str,
    az: &str,
    subnet_id: &str,
    groups: &[String],
    waits: Waits,
) -> Result<MountTarget> {
    let what = format!("mount target in {az} ({subnet_id}) to be created");
    wait::until(&what, waits.timeout, Backoff::POLL, || async {
        match cloud.create_mount_target(fs_id, subnet_id, groups).await {
            Ok(mt) => Ok(Poll::Ready(mt)),
            Err(e) if e.has_code(codes::MOUNT_TARGET_CONFLICT) => {
                let existing = cloud.mount_targets(fs_id).await?;
                match existing.into_iter().find(|m| m.availability_zone == az) {
                    Some(m) if !m.state.is_going_away() => Ok(Poll::Ready(m)),
                    Some(m) => Ok(Poll::Pending(format!("blocked by {} ({})", m.id, m.state))),
                    None => Err(e.into()),
                }
            }
            Err(e) if e.has_code(codes::INCORRECT_FILE_SYSTEM_LIFE_CYCLE_STATE) => {
                Ok(Poll::Pending("waiting for the file system".to_string()))
            }
            Err(e) => Err(e.into()),
        }
    })
    .await
}

/// Polls all mount targets of the file system with one describe per round until every wanted
/// AZ has an available one. Returns them, sorted by AZ. Mount targets in `quiet` were already
/// available before this run and are not reported again.
async fn wait_mount_targets_available<C: Cloud>(
    cloud: &C,
    desired: &Desired,
    fs_id: &str,
    quiet: &std::collections::HashSet<String>,
    waits: Waits,
    progress: &Progress,
) -> Result<Vec<MountTarget>> {
    let what = format!("mount targets of {fs_id} to become available");
    let misses = AtomicU32::new(0);
    wait::until(&what, waits.timeout, Backoff::POLL, || async {
        let all = cloud.mount_targets(fs_id).await?;
        let mut pending = Vec::new();
        let mut ready = Vec::new();
        for target in &desired.targets {
            let az = &target.availability_zone;
            let (key, label) = (format!("mt:{az}"), format!("mount target {az}"));
            match all.iter().find(|m| &m.availability_zone == az && !m.state.is_going_away()) {
                Some(m) if m.state == LifeCycleState::Available => {
                    if !quiet.contains(&m.id) {
                        progress.done(&key, &label, &format!("{} available ({})", m.id, m.ip_address.as_deref().unwrap_or("-")));
                    }
                    ready.push(m.clone());
                }
                Some(m) if m.state == LifeCycleState::Error => {
                    return Err(Error::failed(format!(
                        "mount target {} in {az} entered the error state; run `efsctl up` again to replace it",
                        m.id
                    )))
                }
                Some(m) => {
                    progress.set(&key, &label, &format!("{} {}", m.id, m.state));
                    pending.push(format!("{az} ({}) {}", m.id, m.state));
                }
                None => pending.push(format!("{az} missing")),
            }
        }
        let missing: Vec<&str> = pending.iter().filter(|p| p.ends_with(" missing")).map(String::as_str).collect();
        if missing.is_empty() {
            misses.store(0, Ordering::Relaxed);
        } else if misses.fetch_add(1, Ordering::Relaxed) + 1 >= GONE_AFTER_MISSES {
            return Err(Error::failed(format!(
                "mount targets of {fs_id} disappeared while efsctl waited for them ({}; deleted by a \
                 concurrent `efsctl teardown`?); run `efsctl up` again",
                missing.join(", ")
            )));
        }
        Ok(if pending.is_empty() { Poll::Ready(ready) } else { Poll::Pending(pending.join(", ")) })
    })
    .await
}

async fn delete_stray_groups<C: Cloud>(cloud: &C, plan: &Plan, progress: &Progress) -> Result<()> {
    for step in &plan.steps {
        if let Op::DeleteSecurityGroup { id, vpc_id } = &step.op {
            match cloud.delete_security_group(id).await {
                Err(e) if !e.is_not_found() => progress.println(&format!(
                    "warning: could not delete stray security group {id} in {vpc_id}: {e}"
                )),
                _ => progress.println(&format!("deleted stray security group {id} in {vpc_id}")),
            }
        }
    }
    Ok(())
}
