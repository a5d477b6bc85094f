//! Crash safety: `efsctl up` / `teardown` SIGKILLed at every step boundary, then run again, end
//! with exactly one file system, one security group and one mount target per AZ (or nothing).
//!
//! The proxy freezes the process just after the boundary's request went through moto (answered,
//! or with the answer lost), so the kill lands exactly there, without test hooks in efsctl.

use std::time::Duration;

use super::{proxy, slow_lifecycle, teardown_clean, up_args, AZS};
use crate::support::proxy::child::{run, spawn};
use crate::support::proxy::{Fault, Lifecycle, ProxyConfig};
use crate::support::Scene;

/// Kills `up` right after the `nth` `operation` (its answer lost when `lost`), then checks the
/// next `up` converges to exactly one of everything.
async fn kill_up_after(operation: &str, nth: usize, lost: bool) {
    let scene = Scene::new("crash-up").await;
    let (aws, vpc, name) = scene.parts();
    let p = proxy(ProxyConfig {
        lifecycle: slow_lifecycle(),
        ..ProxyConfig::default()
    });
    p.hold_after(operation, nth);
    if lost {
        p.inject(operation, nth, Fault::ResetAfter);
    }
    let child = spawn(&p.url(), &up_args(&name, &vpc));
    assert!(
        p.wait_held(Duration::from_secs(60)),
        "up never reached {operation} #{nth}"
    );
    let killed = child.kill();
    assert_eq!(killed.code, -1, "killed by a signal: {killed:?}");
    p.release();

    run(&p.url(), &up_args(&name, &vpc)).success();
    scene.assert_deployed(&AZS).await;
    // A third run finds nothing to do: the second one really converged.
    let again = run(&p.url(), &up_args(&name, &vpc));
    again.success().stdout_has(&["up to date"]);
    teardown_clean(&aws, &p, &name).await;
}

#[tokio::test]
async fn up_killed_after_the_file_system_create_converges() {
    kill_up_after("CreateFileSystem", 1, false).await;
}

#[tokio::test]
async fn up_killed_after_a_lost_file_system_create_converges() {
    kill_up_after("CreateFileSystem", 1, true).await;
}

#[tokio::test]
async fn up_killed_after_the_security_group_create_converges() {
    kill_up_after("CreateSecurityGroup", 1, false).await;
}

#[tokio::test]
async fn up_killed_after_a_lost_security_group_create_converges() {
    kill_up_after("CreateSecurityGroup", 1, true).await;
}

#[tokio::test]
async fn up_killed_after_the_ingress_rules_converges() {
    kill_up_after("AuthorizeSecurityGroupIngress", 1, false).await;
}

#[tokio::test]
async fn up_killed_after_each_mount_target_create_converges() {
    for nth in 1..=3 {
        kill_up_after("CreateMountTarget", nth, false).await;
    }
}

#[tokio::test]
async fn up_killed_after_a_lost_mount_target_create_converges() {
    kill_up_after("CreateMountTarget", 2, true).await;
}

/// Kills `teardown` right after the `nth` `operation`, then checks the next teardown leaves
/// nothing, and a new `up` makes a clean deployment.
async fn kill_teardown_after(operation: &str, nth: usize, lost: bool) {
    let scene = Scene::new("crash-td").await;
    let (aws, vpc, name) = scene.parts();
    let setup = proxy(ProxyConfig::default());
    run(&setup.url(), &up_args(&name, &vpc)).success();

    let p = proxy(ProxyConfig {
        lifecycle: Lifecycle {
            mt_deleting: Duration::from_millis(1500),
            sg_dependency: Duration::from_millis(500),
            ..Lifecycle::default()
        },
        ..ProxyConfig::default()
    });
    p.hold_after(operation, nth);
    if lost {
        p.inject(operation, nth, Fault::ResetAfter);
    }
    let child = spawn(&p.url(), &["teardown", "--name", &name, "--yes"]);
    assert!(
        p.wait_held(Duration::from_secs(60)),
        "teardown never reached {operation} #{nth}"
    );
    assert_eq!(child.kill().code, -1);
    p.release();

    run(&p.url(), &["teardown", "--name", &name, "--yes"]).success();
    scene.assert_gone().await;
    run(&p.url(), &up_args(&name, &vpc)).success();
    scene.assert_deployed(&AZS).await;
    teardown_clean(&aws, &p, &name).await;
}

#[tokio::test]
async fn teardown_killed_after_each_mount_target_delete_converges() {
    for nth in [1, 3] {
        kill_teardown_after("DeleteMountTarget", nth, false).await;
    }
}

#[tokio::test]
async fn teardown_killed_after_a_lost_mount_target_delete_converges() {
    kill_teardown_after("DeleteMountTarget", 2, true).await;
}

#[tokio::test]
async fn teardown_killed_after_the_file_system_delete_converges() {
    kill_teardown_after("DeleteFileSystem", 1, false).await;
}

#[tokio::test]
async fn teardown_killed_after_a_lost_file_system_delete_converges() {
    kill_teardown_after("DeleteFileSystem", 1, true).await;
}
