//! Deleting mount targets: `teardown`'s first two stages (delete them all at once, then wait
//! until the file system reports none), and the wait `up` needs when it replaces one in an AZ.

use futures_util::future::try_join_all;

use super::context::Ctx;
use crate::aws::{codes, AwsError, Cloud};
use crate::error::{Error, Result};
use crate::plan::{file_system, mount_targets::Op};
use crate::wait::{self, Backoff, Poll};

/// Deletes a mount target; one already gone counts as deleted.
pub(super) async fn delete_mount_target<C: Cloud>(cloud: &C, id: &str) -> Result<(), AwsError> {
    match cloud.delete_mount_target(id).await {
        Err(e) if !e.has_code(codes::MOUNT_TARGET_NOT_FOUND) => Err(e),
        _ => Ok(()),
    }
}

/// The mount targets the plan deletes: `(id, AZ)`.
fn deleting<'a, C>(ctx: &'a Ctx<'_, C>) -> Vec<(&'a str, &'a str)> {
    ctx.plan
        .ops::<Op>()
        .filter_map(|op| match op {
            Op::Delete {
                id,
                availability_zone,
                ..
            } => Some((id.as_str(), availability_zone.as_str())),
            _ => None,
        })
        .collect()
}

/// `teardown`: every mount target at once. One still `creating` cannot be deleted yet
/// (IncorrectMountTargetState): retried until the timeout.
pub(super) async fn delete_all<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    try_join_all(deleting(ctx).into_iter().map(|(id, az)| async move {
        let what = format!("mount target {id} ({az}) to accept deletion");
        wait::until(&what, ctx.waits.timeout, Backoff::POLL, || async {
            match delete_mount_target(ctx.cloud, id).await {
                Ok(()) => Ok(Poll::Ready(())),
                Err(e) if e.has_code(codes::INCORRECT_MOUNT_TARGET_STATE) => Ok(Poll::Pending(
                    "in a state that cannot be deleted yet".to_string(),
                )),
                Err(e) => Err(e.into()),
            }
        })
        .await?;
        ctx.progress.set(
            &format!("mt:{az}"),
            &format!("mount target {az}"),
            &format!("{id} deleting"),
        );
        Ok::<_, Error>(())
    }))
    .await?;
    Ok(())
}

/// `teardown`: waits until the file system the plan deletes reports zero mount targets
/// (DeleteFileSystem fails with FileSystemInUse before that).
pub(super) async fn wait_none_left<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    let Some(fs_id) = ctx.plan.ops::<file_system::Op>().find_map(|op| match op {
        file_system::Op::Delete { id } => Some(id.as_str()),
        _ => None,
    }) else {
        return Ok(());
    };
    let (cloud, progress) = (ctx.cloud, ctx.progress);
    let deleting = deleting(ctx);
    let what = format!("mount targets of {fs_id} to be deleted");
    wait::until(&what, ctx.waits.timeout, Backoff::POLL, || async {
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
        for (id, az) in &deleting {
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

/// `up`, replacing a mount target in the same AZ: until the old one is gone.
pub(super) async fn wait_gone<C: Cloud>(ctx: &Ctx<'_, C>, fs_id: &str, id: &str) -> Result<()> {
    let what = format!("mount target {id} to be deleted");
    wait::until(&what, ctx.waits.timeout, Backoff::POLL, || async {
        let all = ctx.cloud.mount_targets(fs_id).await?;
        Ok(match all.iter().find(|m| m.id == id) {
            Some(m) => Poll::Pending(m.state.to_string()),
            None => Poll::Ready(()),
        })
    })
    .await
}
