//! Mount targets during `up`: one concurrent task per AZ (delete, create, re-group), then one
//! shared poll loop that describes all of them per round until each AZ's is `available`.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU32, Ordering};

use futures_util::future::try_join_all;

use super::up::GONE_AFTER_MISSES;
use super::Waits;
use crate::aws::{codes, AwsError, Cloud};
use crate::error::{Error, Result};
use crate::model::{LifeCycleState, MountTarget};
use crate::plan::{Desired, Observed, Op, Plan};
use crate::render::progress::Progress;
use crate::wait::{self, Backoff, Poll};

/// Deletes, creates and re-groups mount targets, one concurrent task per AZ.
pub(super) async fn converge_mount_targets<C: Cloud>(
    cloud: &C,
    fs_id: &str,
    group_id: &str,
    plan: &Plan,
    progress: &Progress,
    waits: Waits,
) -> Result<Vec<MountTarget>> {
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
    .await
    .map(|made| made.into_iter().flatten().collect())
}

/// One AZ's steps in plan order: delete (and wait for it to go when a create follows), create,
/// or set security groups. Returns the mount target it created or adopted, if any.
async fn converge_zone<C: Cloud>(
    cloud: &C,
    fs_id: &str,
    az: &str,
    ops: Vec<&Op>,
    groups: &[String],
    progress: &Progress,
    waits: Waits,
) -> Result<Option<MountTarget>> {
    let key = format!("mt:{az}");
    let mut made = None;
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
                made = Some(mt);
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
    Ok(made)
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

/// Polls all mount targets of the file system with one describe per round until every wanted
/// AZ has an available one. Returns them, sorted by AZ. Mount targets in `quiet` were already
/// available before this run and are not reported again.
pub(super) async fn wait_mount_targets_available<C: Cloud>(
    cloud: &C,
    desired: &Desired,
    fs_id: &str,
    quiet: &HashSet<String>,
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

/// Every wanted AZ's mount target, when all are known `available` without asking again: the
/// ones this run created said so in their create response, the kept ones were available when
/// observed. `None` when anything may still be in flux (a create answered `creating`, a
/// replacement, a security-group change, an AZ not accounted for).
pub(super) fn settled(
    desired: &Desired,
    observed: &Observed,
    plan: &Plan,
    created: &[MountTarget],
) -> Option<Vec<MountTarget>> {
    let touched = plan.steps.iter().any(|s| {
        matches!(
            s.op,
            Op::DeleteMountTarget { .. } | Op::SetMountTargetSecurityGroups { .. }
        )
    });
    if touched {
        return None;
    }
    desired
        .targets
        .iter()
        .map(|t| {
            created
                .iter()
                .chain(&observed.mount_targets)
                .find(|m| m.availability_zone == t.availability_zone)
                .filter(|m| m.state == LifeCycleState::Available)
                .cloned()
        })
        .collect()
}

/// Progress lines for mount targets that were available as soon as they were created.
pub(super) fn report_available(created: &[MountTarget], progress: &Progress) {
    for m in created {
        let az = &m.availability_zone;
        progress.done(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::tests::{converged, desired, mount_target};
    use crate::plan::up::plan_up;

    #[test]
    fn created_available_mount_targets_need_no_further_poll() {
        let want = desired(&["us-east-1a", "us-east-1b"]);
        let mut observed = converged(&want);
        observed
            .mount_targets
            .retain(|m| m.availability_zone == "us-east-1a");
        let plan = plan_up(&want, &observed);
        let created = vec![mount_target("us-east-1b")];
        let got = settled(&want, &observed, &plan, &created).expect("settled");
        let azs: Vec<&str> = got.iter().map(|m| m.availability_zone.as_str()).collect();
        assert_eq!(azs, ["us-east-1a", "us-east-1b"]);
    }

    #[test]
    fn a_create_that_answered_creating_must_be_polled() {
        let want = desired(&["us-east-1a"]);
        let mut observed = converged(&want);
        observed.mount_targets.clear();
        let plan = plan_up(&want, &observed);
        let mut creating = mount_target("us-east-1a");
        creating.state = LifeCycleState::Creating;
        assert!(settled(&want, &observed, &plan, &[creating]).is_none());
        assert!(
            settled(&want, &observed, &plan, &[]).is_none(),
            "an AZ not accounted for"
        );
    }

    #[test]
    fn replacements_and_group_changes_are_polled() {
        let want = desired(&["us-east-1a"]);
        let mut observed = converged(&want);
        observed.mount_targets[0].security_groups = Some(vec!["sg-other".into()]);
        let plan = plan_up(&want, &observed);
        assert!(settled(&want, &observed, &plan, &[]).is_none());
    }
}
