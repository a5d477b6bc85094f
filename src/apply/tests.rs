//! The executor against an in-memory cloud: stage order, concurrency within a stage, the first
//! failure stopping the run, and when the mount targets' poll loop can be skipped. What the
//! calls do to AWS is tested against moto in tests/integration.

pub(crate) mod mem_cloud;

use std::sync::Arc;
use std::time::Duration;

use tokio::sync::Barrier;

use mem_cloud::{file_system, MemCloud};

use super::{teardown, up, Waits};
use crate::error::ErrorKind;
use crate::model::LifeCycleState;
use crate::plan::teardown::plan_teardown;
use crate::plan::tests::{converged, desired, mount_target};
use crate::plan::up::plan_up;
use crate::plan::{Observed, Plan};
use crate::progress::Progress;

const AZS: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];

fn waits() -> Waits {
    Waits {
        timeout: Duration::from_secs(5),
    }
}

async fn run_up(cloud: &MemCloud, plan: &Plan) -> crate::error::Result<super::UpOutcome> {
    up(cloud, plan, waits(), &Progress::plain(false)).await
}

#[tokio::test]
async fn up_runs_its_stages_in_order_with_todays_request_counts() {
    let cloud = MemCloud::default();
    let plan = plan_up(&desired(&AZS), &Observed::default());
    let outcome = run_up(&cloud, &plan).await.expect("up");

    // Stage 1 (group, file system) before stage 2 (rules, mount targets).
    let stage_two = cloud
        .first("AuthorizeSecurityGroupIngress")
        .min(cloud.first("CreateMountTarget"));
    assert!(
        cloud.last("CreateSecurityGroup") < stage_two,
        "{:?}",
        cloud.calls()
    );
    assert!(
        cloud.last("CreateFileSystem") < stage_two,
        "{:?}",
        cloud.calls()
    );
    for (operation, n) in [
        ("CreateSecurityGroup", 1),
        ("CreateFileSystem", 1),
        ("AuthorizeSecurityGroupIngress", 1),
        ("CreateMountTarget", 3),
        // Every create answered `available`: no poll.
        ("DescribeMountTargets", 0),
    ] {
        assert_eq!(
            cloud.count(operation),
            n,
            "{operation}: {:?}",
            cloud.calls()
        );
    }
    assert_eq!(outcome.mount_targets.len(), 3);
    assert_eq!(outcome.file_system.number_of_mount_targets, 3);
    assert_eq!(outcome.changes, plan.changes().count());
    // The new group's id reached the mount targets.
    assert!(outcome
        .mount_targets
        .iter()
        .all(|m| m.security_groups.as_deref()
            == Some(std::slice::from_ref(&outcome.security_group_id))));
}

#[tokio::test]
async fn the_tasks_of_a_stage_run_concurrently() {
    // The group and the file system each wait (up to a second) until the other has started: run
    // one after the other, the first would give up.
    let cloud = MemCloud {
        rendezvous: Some((
            "CreateSecurityGroup",
            "CreateFileSystem",
            Arc::new(Barrier::new(2)),
        )),
        ..MemCloud::default()
    };
    let plan = plan_up(&desired(&AZS), &Observed::default());
    run_up(&cloud, &plan).await.expect("both creates met");
}

#[tokio::test]
async fn a_new_groups_rules_go_out_together() {
    // Outbound: EC2's default revoked while the no-egress rule is granted (and NFS admitted):
    // one round trip before the wait, not three.
    for pair in [
        ("RevokeSecurityGroupEgress", "AuthorizeSecurityGroupEgress"),
        ("AuthorizeSecurityGroupIngress", "RevokeSecurityGroupEgress"),
    ] {
        let cloud = MemCloud {
            rendezvous: Some((pair.0, pair.1, Arc::new(Barrier::new(2)))),
            ..MemCloud::default()
        };
        let plan = plan_up(&desired(&AZS), &Observed::default());
        run_up(&cloud, &plan)
            .await
            .unwrap_or_else(|e| panic!("{pair:?} met: {e}"));
    }
}

#[tokio::test]
async fn the_first_failure_of_a_stage_stops_the_run() {
    let cloud = MemCloud {
        fail: Some("CreateFileSystem"),
        ..MemCloud::default()
    };
    let plan = plan_up(&desired(&AZS), &Observed::default());
    let err = run_up(&cloud, &plan).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Failed);
    assert!(err.message.contains("CreateFileSystem"), "{}", err.message);
    for later in ["AuthorizeSecurityGroupIngress", "CreateMountTarget"] {
        assert_eq!(cloud.count(later), 0, "{later}: {:?}", cloud.calls());
    }
}

#[tokio::test]
async fn teardown_deletes_in_dependency_order() {
    let want = desired(&AZS);
    let have = converged(&want);
    let cloud = MemCloud::default();
    cloud.add_file_system(have.file_system.clone().unwrap());
    for mt in &have.mount_targets {
        cloud.add_mount_target(mt.clone());
    }
    let plan = plan_teardown(&want.name, &have, false);
    let outcome = teardown(&cloud, &plan, waits(), &Progress::plain(false))
        .await
        .expect("teardown");
    assert_eq!(cloud.count("DeleteMountTarget"), 3);
    let none_left = cloud.first("DescribeMountTargets");
    assert!(
        cloud.last("DeleteMountTarget") < none_left,
        "{:?}",
        cloud.calls()
    );
    for last in ["DeleteFileSystem", "DeleteSecurityGroup"] {
        assert!(none_left < cloud.first(last), "{last}: {:?}", cloud.calls());
    }
    assert_eq!(outcome.deleted_mount_targets.len(), 3);
    assert_eq!(outcome.deleted_file_system.as_deref(), Some("fs-1"));
    assert_eq!(outcome.deleted_security_groups, ["sg-1"]);
}

#[tokio::test]
async fn teardown_deletes_the_file_system_and_the_group_together() {
    // Each waits (up to a second) until the other has started: one after the other would fail.
    let want = desired(&AZS);
    let have = converged(&want);
    let cloud = MemCloud {
        rendezvous: Some((
            "DeleteFileSystem",
            "DeleteSecurityGroup",
            Arc::new(Barrier::new(2)),
        )),
        ..MemCloud::default()
    };
    cloud.add_file_system(have.file_system.clone().unwrap());
    let plan = plan_teardown(&want.name, &have, false);
    teardown(&cloud, &plan, waits(), &Progress::plain(false))
        .await
        .expect("both deletes met");
}

#[tokio::test]
async fn created_available_mount_targets_need_no_further_poll() {
    let want = desired(&["us-east-1a", "us-east-1b"]);
    let mut have = converged(&want);
    have.mount_targets
        .retain(|m| m.availability_zone == "us-east-1a");
    let cloud = MemCloud::default();
    let plan = plan_up(&want, &have);
    let outcome = run_up(&cloud, &plan).await.expect("up");
    let azs: Vec<&str> = outcome
        .mount_targets
        .iter()
        .map(|m| m.availability_zone.as_str())
        .collect();
    assert_eq!(azs, ["us-east-1a", "us-east-1b"]);
    assert_eq!(
        cloud.count("DescribeMountTargets"),
        0,
        "{:?}",
        cloud.calls()
    );
}

#[tokio::test]
async fn a_create_that_answered_creating_must_be_polled() {
    let want = desired(&["us-east-1a"]);
    let mut have = converged(&want);
    have.mount_targets.clear();
    let cloud = MemCloud {
        mount_targets_start_creating: true,
        ..MemCloud::default()
    };
    let plan = plan_up(&want, &have);
    let outcome = run_up(&cloud, &plan).await.expect("up");
    assert_eq!(
        cloud.count("DescribeMountTargets"),
        1,
        "{:?}",
        cloud.calls()
    );
    assert_eq!(outcome.mount_targets[0].state, LifeCycleState::Available);
}

#[tokio::test]
async fn replacements_and_group_changes_are_polled() {
    let want = desired(&["us-east-1a"]);
    let mut have = converged(&want);
    have.mount_targets[0].security_groups = Some(vec!["sg-other".into()]);
    let cloud = MemCloud::default();
    cloud.add_file_system(file_system("fs-1", LifeCycleState::Available));
    cloud.add_mount_target(mount_target("us-east-1a"));
    let plan = plan_up(&want, &have);
    run_up(&cloud, &plan).await.expect("up");
    assert_eq!(cloud.count("ModifyMountTargetSecurityGroups"), 1);
    assert_eq!(
        cloud.count("DescribeMountTargets"),
        1,
        "{:?}",
        cloud.calls()
    );
}
