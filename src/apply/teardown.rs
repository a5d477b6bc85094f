//! Applying a teardown plan: mount targets (concurrently), wait until the file system reports
//! none, the file system, then the security groups, retrying DependencyViolation while the
//! mount targets' network interfaces linger.

use futures_util::future::try_join_all;
use serde::Serialize;

use super::mount_targets::delete_mount_target;
use super::Waits;
use crate::aws::{codes, Cloud};
use crate::error::{Error, Result};
use crate::plan::{Op, Plan};
use crate::render::progress::Progress;
use crate::wait::{self, Backoff, Poll};

#[derive(Debug, Clone, Default, Serialize)]
pub struct TeardownOutcome {
    pub deleted_mount_targets: Vec<String>,
    pub deleted_file_system: Option<String>,
    pub deleted_security_groups: Vec<String>,
}

pub async fn teardown<C: Cloud>(
    cloud: &C,
    plan: &Plan,
    waits: Waits,
    progress: &Progress,
) -> Result<TeardownOutcome> {
    let mut outcome = TeardownOutcome::default();
    let mount_targets: Vec<(&str, &str)> = plan
        .steps
        .iter()
        .filter_map(|s| match &s.op {
            Op::DeleteMountTarget {
                id,
                availability_zone,
                ..
            } => Some((id.as_str(), availability_zone.as_str())),
            _ => None,
        })
        .collect();
    let file_system = plan.steps.iter().find_map(|s| match &s.op {
        Op::DeleteFileSystem { id } => Some(id.as_str()),
        _ => None,
    });

    try_join_all(mount_targets.iter().map(|(id, az)| async move {
        let label = format!("mount target {az}");
        delete_mount_target_when_possible(cloud, id, az, waits).await?;
        progress.set(&format!("mt:{az}"), &label, &format!("{id} deleting"));
        Ok::<_, Error>(())
    }))
    .await?;
    outcome.deleted_mount_targets = mount_targets.iter().map(|(id, _)| id.to_string()).collect();

    if let Some(fs_id) = file_system {
        wait_no_mount_targets(cloud, fs_id, &mount_targets, waits, progress).await?;
        delete_file_system(cloud, fs_id, waits).await?;
        progress.println(&format!("deleted file system {fs_id}"));
        outcome.deleted_file_system = Some(fs_id.to_string());
    }

    for step in &plan.steps {
        if let Op::DeleteSecurityGroup { id, .. } = &step.op {
            delete_security_group(cloud, id, waits, progress).await?;
            progress.println(&format!("deleted security group {id}"));
            outcome.deleted_security_groups.push(id.clone());
        }
    }
    Ok(outcome)
}

/// A mount target still `creating` cannot be deleted yet (IncorrectMountTargetState): retry.
async fn delete_mount_target_when_possible<C: Cloud>(
    cloud: &C,
    id: &str,
    az: &str,
    waits: Waits,
) -> Result<()> {
    let what = format!("mount target {id} ({az}) to accept deletion");
    wait::until(&what, waits.timeout, Backoff::POLL, || async {
        match delete_mount_target(cloud, id).await {
            Ok(()) => Ok(Poll::Ready(())),
            Err(e) if e.has_code(codes::INCORRECT_MOUNT_TARGET_STATE) => Ok(Poll::Pending(
                "in a state that cannot be deleted yet".to_string(),
            )),
            Err(e) => Err(e.into()),
        }
    })
    .await
}

/// Waits until the file system reports zero mount targets: DeleteFileSystem fails with
/// FileSystemInUse before that.
async fn wait_no_mount_targets<C: Cloud>(
    cloud: &C,
    fs_id: &str,
    deleting: &[(&str, &str)],
    waits: Waits,
    progress: &Progress,
) -> Result<()> {
    let what = format!("mount targets of {fs_id} to be deleted");
    wait::until(&what, waits.timeout, Backoff::POLL, || async {
        let remaining = cloud.mount_targets(fs_id).await.or_else(|e| {
            if e.has_code(codes::FILE_SYSTEM_NOT_FOUND) {
                Ok(Vec::new())
            } else {
                Err(e)
            }
        })?;
        // A mount target that appeared after the plan (a concurrent `up`) would keep the file
        // system in use forever: the file system is ours, so its mount targets go too.
        for late in remaining
            .iter()
            .filter(|m| !m.state.is_going_away() && !deleting.iter().any(|(id, _)| *id == m.id))
        {
            match delete_mount_target(cloud, &late.id).await {
                Err(e) if !e.has_code(codes::INCORRECT_MOUNT_TARGET_STATE) => return Err(e.into()),
                _ => progress.detail(&format!(
                    "deleting mount target {} ({}) that appeared meanwhile",
                    late.id, late.availability_zone
                )),
            }
        }
        for (id, az) in deleting {
            let label = format!("mount target {az}");
            match remaining.iter().find(|m| m.id == *id) {
                Some(m) => progress.set(&format!("mt:{az}"), &label, &format!("{id} {}", m.state)),
                None => progress.done(&format!("mt:{az}"), &label, &format!("{id} deleted")),
            }
        }
        if remaining.is_empty() {
            Ok(Poll::Ready(()))
        } else {
            let states: Vec<String> = remaining
                .iter()
                .map(|m| format!("{} ({}) {}", m.id, m.availability_zone, m.state))
                .collect();
            Ok(Poll::Pending(states.join(", ")))
        }
    })
    .await
}

/// Used by `up` when it replaces a mount target in the same AZ.
pub(super) async fn wait_mount_target_gone<C: Cloud>(
    cloud: &C,
    fs_id: &str,
    id: &str,
    waits: Waits,
) -> Result<()> {
    let what = format!("mount target {id} to be deleted");
    wait::until(&what, waits.timeout, Backoff::POLL, || async {
        let all = cloud.mount_targets(fs_id).await?;
        Ok(match all.iter().find(|m| m.id == id) {
            Some(m) => Poll::Pending(m.state.to_string()),
            None => Poll::Ready(()),
        })
    })
    .await
}

async fn delete_file_system<C: Cloud>(cloud: &C, fs_id: &str, waits: Waits) -> Result<()> {
    let what = format!("file system {fs_id} to accept deletion");
    wait::until(&what, waits.timeout, Backoff::POLL, || async {
        match cloud.delete_file_system(fs_id).await {
            Ok(()) => Ok(Poll::Ready(())),
            Err(e) if e.has_code(codes::FILE_SYSTEM_NOT_FOUND) => Ok(Poll::Ready(())),
            // The mount target count is eventually consistent; a creating file system cannot go yet.
            Err(e) if e.has_code(codes::FILE_SYSTEM_IN_USE) => {
                Ok(Poll::Pending("in use by mount targets".into()))
            }
            Err(e) if e.has_code(codes::INCORRECT_FILE_SYSTEM_LIFE_CYCLE_STATE) => {
                Ok(Poll::Pending("not deletable yet".into()))
            }
            Err(e) => Err(e.into()),
        }
    })
    .await
}

/// EC2 refuses to delete a group still attached to a network interface (DependencyViolation);
/// a deleted mount target's interface can linger for minutes, so retry until the timeout.
async fn delete_security_group<C: Cloud>(
    cloud: &C,
    id: &str,
    waits: Waits,
    progress: &Progress,
) -> Result<()> {
    let what = format!("security group {id} to be released by network interfaces");
    wait::until(&what, waits.timeout, Backoff::POLL, || async {
        match cloud.delete_security_group(id).await {
            Ok(()) => Ok(Poll::Ready(())),
            Err(e) if e.is_not_found() => Ok(Poll::Ready(())),
            Err(e) if e.has_code(codes::DEPENDENCY_VIOLATION) => {
                progress.set(
                    &format!("sg:{id}"),
                    &format!("security group {id}"),
                    "in use by a network interface; retrying",
                );
                Ok(Poll::Pending("in use (DependencyViolation)".into()))
            }
            Err(e) => Err(e.into()),
        }
    })
    .await
}
