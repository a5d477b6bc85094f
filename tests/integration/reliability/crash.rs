//! Crash safety: `efsctl up` / `teardown` SIGKILLed at every step boundary, then run again, end
//! with exactly one file system, one security group and one mount target per AZ (or nothing).
//!
//! The proxy freezes the process just after the boundary's request went through moto (answered,
//! or with the answer lost), so the kill lands exactly there, without test hooks in efsctl.

use std::time::Duration;

use super::{proxy, slow_lifecycle, teardown_clean, up_args, AZS};
use crate::support::proxy::child::{run, spawn};
use crate::support::proxy::{Fault, Lifecycle, ProxyConfig};
use crate::support::{aws_in, fs_tag, Scene};

/// Kills `up` right after the `nth` `operation` (its answer lost when `lost`), then checks the
/// next `up` converges to exactly one of everything.
async fn kill_up_after(operation: &str, nth: usize, lost: bool) {
    kill_up_with_after(&[], operation, nth, lost).await
}

/// [`kill_up_after`] for `up` with `extra` flags; with `--replicate-to`, also exactly one
/// replica, tagged, recorded on the source.
async fn kill_up_with_after(extra: &[&str], operation: &str, nth: usize, lost: bool) {
    let scene = Scene::new("crash-up").await;
    let (aws, vpc, name) = scene.parts();
    let args = [&up_args(&name, &vpc)[..], extra].concat();
    let p = proxy(ProxyConfig {
        lifecycle: slow_lifecycle(),
        ..ProxyConfig::default()
    });
    p.hold_after(operation, nth);
    if lost {
        p.inject(operation, nth, Fault::ResetAfter);
    }
    let child = spawn(&p.url(), &args);
    assert!(
        p.wait_held(Duration::from_secs(60)),
        "up never reached {operation} #{nth}"
    );
    let killed = child.kill();
    assert_eq!(killed.code, -1, "killed by a signal: {killed:?}");
    p.release();

    run(&p.url(), &args).success();
    let d = scene.assert_deployed(&AZS).await;
    assert_eq!(aws.backup_status(d.fs_id()).await, "ENABLED");
    assert_eq!(aws.lifecycle(d.fs_id()).await.len(), 2);
    if extra.contains(&"--replicate-to") {
        assert_one_replica(&scene, d.fs_id()).await;
    }
    if extra.contains(&"--access-point") {
        assert_eq!(
            aws.access_points(d.fs_id()).await.len(),
            1,
            "one access point"
        );
    }
    // A third run finds nothing to do: the second one really converged.
    let again = run(&p.url(), &args);
    again.success().stdout_has(&["up to date"]);
    teardown_clean(&aws, &p, &name).await;
    assert!(
        owned_in(REPLICA_REGION, &name).await.is_empty(),
        "replica left"
    );
}

pub const REPLICA_REGION: &str = "us-west-2";
pub const REPLICATE: [&str; 2] = ["--replicate-to", REPLICA_REGION];
/// TLS mode (a file system policy) and one access point.
pub const CLIENTS: [&str; 4] = [
    "--mount-mode",
    "tls",
    "--access-point",
    "train:/train:1000:1000",
];

/// File systems in `region` carrying deployment `name`'s owner tag.
pub async fn owned_in(region: &str, name: &str) -> Vec<String> {
    let west = aws_in(region);
    let all: Vec<_> = west
        .efs
        .describe_file_systems()
        .into_paginator()
        .items()
        .send()
        .try_collect()
        .await
        .expect("DescribeFileSystems");
    all.iter()
        .filter(|fs| fs_tag(fs, "efsctl:deployment") == Some(name))
        .map(|fs| fs.file_system_id().to_string())
        .collect()
}

/// Exactly one replica of `source` in [`REPLICA_REGION`], tagged as the deployment's, and the
/// source's record of it.
async fn assert_one_replica(scene: &Scene, source: &str) {
    let replicas = owned_in(REPLICA_REGION, &scene.name).await;
    assert_eq!(replicas.len(), 1, "replicas: {replicas:?}");
    let fs = scene.aws.file_system(source).await.unwrap();
    assert_eq!(
        fs_tag(&fs, "efsctl:replica"),
        Some(format!("{REPLICA_REGION}/{}", replicas[0]).as_str())
    );
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
    kill_teardown_of_after(&[], operation, nth, lost).await
}

/// [`kill_teardown_after`] for a deployment made with `extra` flags.
async fn kill_teardown_of_after(extra: &[&str], operation: &str, nth: usize, lost: bool) {
    let scene = Scene::new("crash-td").await;
    let (aws, vpc, name) = scene.parts();
    let setup = proxy(ProxyConfig::default());
    run(&setup.url(), &[&up_args(&name, &vpc)[..], extra].concat()).success();

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
    assert!(
        owned_in(REPLICA_REGION, &name).await.is_empty(),
        "replica left"
    );
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

// The kinds that keep the data: a kill after each of their writes (and a lost answer).

#[tokio::test]
async fn up_killed_after_the_lifecycle_put_converges() {
    kill_up_after("PutLifecycleConfiguration", 1, false).await;
}

#[tokio::test]
async fn up_killed_after_a_lost_lifecycle_put_converges() {
    kill_up_after("PutLifecycleConfiguration", 1, true).await;
}

#[tokio::test]
async fn up_killed_after_the_replication_create_converges() {
    kill_up_with_after(&REPLICATE, "CreateReplicationConfiguration", 1, false).await;
}

#[tokio::test]
async fn up_killed_after_a_lost_replication_create_converges() {
    kill_up_with_after(&REPLICATE, "CreateReplicationConfiguration", 1, true).await;
}

#[tokio::test]
async fn up_killed_after_each_replication_tag_converges() {
    for nth in 1..=2 {
        kill_up_with_after(&REPLICATE, "TagResource", nth, false).await;
    }
}

#[tokio::test]
async fn teardown_killed_after_the_replication_delete_converges() {
    kill_teardown_of_after(&REPLICATE, "DeleteReplicationConfiguration", 1, false).await;
}

#[tokio::test]
async fn teardown_killed_after_a_lost_replication_delete_converges() {
    kill_teardown_of_after(&REPLICATE, "DeleteReplicationConfiguration", 1, true).await;
}

#[tokio::test]
async fn teardown_killed_after_the_replica_delete_converges() {
    // The first DeleteFileSystem is the replica's: the source waits for its mount targets.
    kill_teardown_of_after(&REPLICATE, "DeleteFileSystem", 1, false).await;
}

// How clients mount: the policy and access points.

#[tokio::test]
async fn up_killed_after_the_policy_put_converges() {
    kill_up_with_after(&CLIENTS, "PutFileSystemPolicy", 1, false).await;
}

#[tokio::test]
async fn up_killed_after_the_access_point_create_converges() {
    kill_up_with_after(&CLIENTS, "CreateAccessPoint", 1, false).await;
}

#[tokio::test]
async fn up_killed_after_a_lost_access_point_create_converges() {
    kill_up_with_after(&CLIENTS, "CreateAccessPoint", 1, true).await;
}

#[tokio::test]
async fn teardown_killed_after_the_access_point_delete_converges() {
    kill_teardown_of_after(&CLIENTS, "DeleteAccessPoint", 1, false).await;
}
