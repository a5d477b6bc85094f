//! Mount targets during `up`: one concurrent task per AZ (delete, create, re-group), then one
//! shared poll loop that describes all of them per round until each AZ's is `available`.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU32, Ordering};

use futures_util::future::try_join_all;

use super::context::Ctx;
use super::mount_target_deletion::{delete_mount_target, wait_gone};
use crate::aws::{codes, AwsError, Cloud};
use crate::error::{Error, Result};
use crate::model::{LifeCycleState, MountTarget};
use crate::plan::mount_targets::Op;
use crate::wait::{self, Backoff, Poll, GONE_AFTER_MISSES};

/// Deletes, creates and re-groups mount targets, one concurrent task per AZ.
pub(super) async fn converge<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    let mut zones: Vec<&str> = Vec::new();
    for op in ctx.plan.ops::<Op>() {
        let az = op.availability_zone();
        if !matches!(op, Op::Keep { .. }) && !zones.contains(&az) {
            zones.push(az);
        }
    }
    let made = try_join_all(zones.into_iter().map(|az| {
        let ops: Vec<&Op> = ctx
            .plan
            .ops::<Op>()
            .filter(|op| !matches!(op, Op::Keep { .. }) && op.availability_zone() == az)
            .collect();
        converge_zone(ctx, az, ops)
    }))
    .await?;
    ctx.set_created_mount_targets(made.into_iter().flatten().collect());
    Ok(())
}

/// One AZ's steps in plan order: delete (and wait for it to go when a create follows), create,
/// or set security groups. Returns the mount target it created or adopted, if any.
async fn converge_zone<C: Cloud>(
    ctx: &Ctx<'_, C>,
    az: &str,
    ops: Vec<&Op>,
) -> Result<Option<MountTarget>> {
    let (key, label) = (format!("mt:{az}"), format!("mount target {az}"));
    let mut made = None;
    let replacing = ops.iter().any(|o| matches!(o, Op::Create { .. }));
    for op in ops {
        match op {
            Op::Delete { id, .. } => {
                delete_mount_target(ctx.cloud, id).await?;
                ctx.progress.set(&key, &label, &format!("deleting {id}"));
                if replacing {
                    let fs_id = &ctx.file_system()?.id;
                    wait_gone(ctx, fs_id, id).await?;
                }
            }
            Op::Create { request, .. } => {
                let fs_id = ctx.resolve_file_system(&request.file_system_id)?;
                let groups = request
                    .security_groups
                    .iter()
                    .map(|g| ctx.resolve_group(g))
                    .collect::<Result<Vec<_>>>()?;
                let mt = create(ctx, &fs_id, az, &request.subnet_id, &groups).await?;
                if mt.state != LifeCycleState::Available {
                    ctx.progress
                        .set(&key, &label, &format!("{} {}", mt.id, mt.state));
                }
                made = Some(mt);
            }
            Op::SetSecurityGroups { id, groups, .. } => {
                let groups = groups
                    .iter()
                    .map(|g| ctx.resolve_group(g))
                    .collect::<Result<Vec<_>>>()?;
                ctx.cloud
                    .set_mount_target_security_groups(id, &groups)
                    .await?;
                ctx.progress.println(&format!(
                    "{label} ({id}): security groups set to {}",
                    groups.join(", ")
                ));
            }
            Op::Keep { .. } => {}
        }
    }
    Ok(made)
}

/// Creates a mount target, tolerating the races real AWS has:
/// - MountTargetConflict: one already exists in the AZ (a lost response, a concurrent `up`): adopt
///   it, or wait while a previous one is still deleting;
/// - IncorrectFileSystemLifeCycleState: the file system is not yet available everywhere: retry.
async fn create<C: Cloud>(
    ctx: &Ctx<'_, C>,
    fs_id: &str,
    az: &str,
    subnet_id: &str,
    groups: &[String],
) -> Result<MountTarget> {
    let cloud = ctx.cloud;
    let what = format!("mount target in {az} ({subnet_id}) to be created");
    wait::until(&what, ctx.waits.timeout, Backoff::POLL, || async {
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
            Err(e) if e.has_code(codes::UNSUPPORTED_AVAILABILITY_ZONE) => {
                Err(unsupported_az(az, subnet_id, &e))
            }
            Err(e) => Err(e.into()),
        }
    })
    .await
}

/// Not every AZ offers EFS. Retrying cannot help, and only the user can choose to do without the
/// AZ, so say which one and how; everything made so far stays for the next run.
fn unsupported_az(az: &str, subnet_id: &str, e: &AwsError) -> Error {
    Error::failed(format!(
        "EFS does not offer mount targets in {az} (subnet {subnet_id}): {}; leave {az} out with \
         --azs or --subnets and run `efsctl up` again (workers in {az} can mount a mount target \
         in another AZ)",
        e.message
    ))
}

/// The AZs that must end with an available mount target: those the plan creates or keeps.
fn wanted_azs<'a, C>(ctx: &'a Ctx<'_, C>) -> Vec<&'a str> {
    ctx.plan
        .ops::<Op>()
        .filter(|op| matches!(op, Op::Create { .. } | Op::Keep { .. }))
        .map(Op::availability_zone)
        .collect()
}

/// Until every wanted AZ's mount target is available: known without asking when every create
/// already answered `available` (and nothing else is in flux), else polled.
pub(super) async fn wait_available<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    let created = ctx.created_mount_targets();
    let all = match settled(ctx, created) {
        Some(all) => {
            report_available(ctx, created);
            all
        }
        None => poll_until_available(ctx).await?,
    };
    ctx.set_mount_targets(all);
    Ok(())
}

/// Every wanted AZ's mount target, when all are known `available` without asking again: the
/// ones this run created said so in their create response, the kept ones were available when
/// observed. `None` when anything may still be in flux (a create answered `creating`, a
/// replacement, a security-group change, an AZ not accounted for).
fn settled<C>(ctx: &Ctx<'_, C>, created: &[MountTarget]) -> Option<Vec<MountTarget>> {
    let ops: Vec<&Op> = ctx.plan.ops::<Op>().collect();
    if ops
        .iter()
        .any(|op| matches!(op, Op::Delete { .. } | Op::SetSecurityGroups { .. }))
    {
        return None;
    }
    ops.iter()
        .filter_map(|op| match op {
            Op::Keep { current, .. } => Some(Some((**current).clone())),
            Op::Create {
                availability_zone, ..
            } => Some(
                created
                    .iter()
                    .find(|m| &m.availability_zone == availability_zone)
                    .cloned(),
            ),
            _ => None,
        })
        .map(|m| m.filter(|m| m.state == LifeCycleState::Available))
        .collect()
}

/// Progress lines for mount targets that were available as soon as they were created.
fn report_available<C>(ctx: &Ctx<'_, C>, created: &[MountTarget]) {
    for m in created {
        let az = &m.availability_zone;
        ctx.progress.done(
            &format!("mt:{az}"),
            &format!("mount target {az}"),
            &format!(
                "{} available ({})",
                m.id,
                m.ip_address.as_deref().unwrap_or("-")
            ),
        );
    }
}

/// Polls all mount targets of the file system with one describe per round until every wanted
/// AZ has an available one. Returns them in plan (AZ) order. Mount targets the plan kept while
/// available are not reported again.
async fn poll_until_available<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<Vec<MountTarget>> {
    let (cloud, progress) = (ctx.cloud, ctx.progress);
    let fs_id = ctx.file_system()?.id.clone();
    let wanted = wanted_azs(ctx);
    let quiet: HashSet<&str> = ctx
        .plan
        .ops::<Op>()
        .filter_map(|op| match op {
            Op::Keep { current, .. } if current.state == LifeCycleState::Available => {
                Some(current.id.as_str())
            }
            _ => None,
        })
        .collect();
    let what = format!("mount targets of {fs_id} to become available");
    let misses = AtomicU32::new(0);
    wait::until(&what, ctx.waits.timeout, Backoff::POLL, || async {
        let all = cloud.mount_targets(&fs_id).await?;
        let mut pending = Vec::new();
        let mut missing = Vec::new();
        let mut ready = Vec::new();
        for az in &wanted {
            let (key, label) = (format!("mt:{az}"), format!("mount target {az}"));
            match all
                .iter()
                .find(|m| m.availability_zone == *az && !m.state.is_going_away())
            {
                Some(m) if m.state == LifeCycleState::Available => {
                    if !quiet.contains(m.id.as_str()) {
                        let ip = m.ip_address.as_deref().unwrap_or("-");
                        progress.done(&key, &label, &format!("{} available ({ip})", m.id));
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
                None => missing.push(format!("{az} missing")),
            }
        }
        if missing.is_empty() {
            misses.store(0, Ordering::Relaxed);
        } else if misses.fetch_add(1, Ordering::Relaxed) + 1 >= GONE_AFTER_MISSES {
            return Err(Error::failed(format!(
                "mount targets of {fs_id} disappeared while efsctl waited for them ({}; deleted by a \
                 concurrent `efsctl teardown`?); run `efsctl up` again",
                missing.join(", ")
            )));
        }
        pending.extend(missing);
        Ok(if pending.is_empty() {
            Poll::Ready(ready)
        } else {
            Poll::Pending(pending.join(", "))
        })
    })
    .await
}
