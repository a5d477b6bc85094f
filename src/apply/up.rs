//! Applying an `up` plan.

use std::sync::atomic::{AtomicU32, Ordering};

use serde::Serialize;

use super::Waits;
use crate::aws::{codes, AwsError, Cloud, NewFileSystem, NewSecurityGroup};
use crate::error::{Error, ErrorKind, Result};
use crate::model::{FileSystem, IngressRule, LifeCycleState, MountTarget};
use crate::plan::{Desired, Observed, Op, Plan};
use crate::render::progress::Progress;
use crate::wait::{self, Backoff, Poll};

use super::mount_targets::{
    converge_mount_targets, report_available, settled, wait_mount_targets_available,
};

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
pub(super) const GONE_AFTER_MISSES: u32 = 5;

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
    // Two branches side by side: the group then its rules, and the file system then its mount
    // targets. Mount targets need the group's id but not its rules, so the rules' round trips
    // never delay them; the id crosses over as soon as the group exists.
    let (id_tx, id_rx) = tokio::sync::oneshot::channel::<String>();
    let group_branch = async {
        let group_id = ensure_security_group(cloud, desired, plan, progress).await?;
        let _ = id_tx.send(group_id.clone());
        converge_rules(cloud, &group_id, plan, progress).await?;
        Ok::<_, Error>(group_id)
    };
    let file_system_branch = async {
        let file_system =
            ensure_file_system(cloud, desired, observed, plan, waits, progress).await?;
        let Ok(group_id) = id_rx.await else {
            // The group branch failed: its error ends the join, not this one.
            return std::future::pending().await;
        };
        let created =
            converge_mount_targets(cloud, &file_system.id, &group_id, plan, progress, waits)
                .await?;
        Ok::<_, Error>((file_system, created))
    };
    let (group_id, (file_system, created)) = tokio::try_join!(group_branch, file_system_branch)?;
    // When every create already answered `available` (and nothing else is in flux), one more
    // describe would only repeat what AWS just said.
    let mount_targets = match settled(desired, observed, plan, &created) {
        Some(settled) => {
            report_available(&created, progress);
            settled
        }
        None => {
            let quiet = observed
                .mount_targets
                .iter()
                .filter(|m| m.state == LifeCycleState::Available)
                .map(|m| m.id.clone())
                .collect();
            wait_mount_targets_available(cloud, desired, &file_system.id, &quiet, waits, progress)
                .await?
        }
    };
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

/// The group's id: the one the plan keeps, or a new (or adopted) one.
async fn ensure_security_group<C: Cloud>(
    cloud: &C,
    desired: &Desired,
    plan: &Plan,
    progress: &Progress,
) -> Result<String> {
    let kept = plan.steps.iter().find_map(|step| match &step.op {
        Op::KeepSecurityGroup { id, .. } => Some(id.clone()),
        _ => None,
    });
    if let Some(id) = kept {
        return Ok(id);
    }
    let id = create_security_group(cloud, desired).await?;
    progress.println(&format!(
        "created security group {id} in {}",
        desired.vpc_id
    ));
    Ok(id)
}

/// The plan's rule changes on the group: NFS sources to admit, stale ones to revoke.
async fn converge_rules<C: Cloud>(
    cloud: &C,
    group_id: &str,
    plan: &Plan,
    progress: &Progress,
) -> Result<()> {
    let mut to_authorize: Vec<IngressRule> = Vec::new();
    let mut to_revoke: Vec<IngressRule> = Vec::new();
    for step in &plan.steps {
        match &step.op {
            Op::AuthorizeRule { rule } => to_authorize.push(rule.clone()),
            Op::RevokeRule { rule } => to_revoke.push(rule.clone()),
            _ => {}
        }
    }
    authorize(cloud, group_id, &to_authorize).await?;
    if !to_revoke.is_empty() {
        match cloud.revoke_ingress(group_id, &to_revoke).await {
            Err(e) if !e.has_code(codes::PERMISSION_NOT_FOUND) => return Err(e.into()),
            _ => progress.detail(&format!(
                "revoked {} rule(s) on {group_id}",
                to_revoke.len()
            )),
        }
    }
    Ok(())
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
        Err(e) if e.has_code(codes::UNSUPPORTED_AVAILABILITY_ZONE) => {
            let zone = spec.one_zone.as_deref().unwrap_or("this AZ");
            Err(Error::failed(format!(
                "EFS does not offer One Zone file systems in {zone}: {}; choose another AZ with \
                 --one-zone (the EFS user guide lists the supported AZs), or drop --one-zone for a \
                 Regional file system",
                e.message
            )))
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
