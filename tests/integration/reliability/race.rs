//! Concurrency: two CI jobs running `up` for the same name at once make one deployment; `up` and
//! `teardown` racing may each fail, but never leave an orphan the next run cannot find.

use std::time::Duration;

use super::{proxy, slow_lifecycle, teardown_clean, up_args, wait_for, AZS};
use crate::support::proxy::child::{run, spawn};
use crate::support::proxy::{Lifecycle, Proxy, ProxyConfig};
use crate::support::Scene;

#[tokio::test]
async fn two_ups_at_once_make_one_deployment() {
    let scene = Scene::new("race-up").await;
    let (aws, vpc, name) = scene.parts();
    let p = proxy(ProxyConfig {
        lifecycle: slow_lifecycle(),
        max_latency: Duration::from_millis(30),
        ..ProxyConfig::default()
    });
    let args = up_args(&name, &vpc);
    let (a, b) = (spawn(&p.url(), &args), spawn(&p.url(), &args));
    let (a, b) = (a.wait(), b.wait());
    a.success();
    b.success();
    scene.assert_deployed(&AZS).await;
    assert_eq!(
        p.calls("CreateFileSystem"),
        2,
        "both tried; the token made one"
    );
    teardown_clean(&aws, &p, &name).await;
}

/// Starts `up`, then `teardown` once the proxy has seen `start_at` (and `n` of them).
async fn race_up_and_teardown(start_at: &str, n: usize) {
    let scene = Scene::new("race-td").await;
    let (aws, vpc, name) = scene.parts();
    let p: Proxy = proxy(ProxyConfig {
        lifecycle: Lifecycle {
            mt_creating: Duration::from_millis(800),
            mt_deleting: Duration::from_millis(800),
            sg_dependency: Duration::from_millis(400),
            ..slow_lifecycle()
        },
        ..ProxyConfig::default()
    });
    let up = spawn(
        &p.url(),
        &[&up_args(&name, &vpc)[..], &["--timeout", "30s"]].concat(),
    );
    wait_for(|| p.calls(start_at) >= n);
    let teardown = spawn(
        &p.url(),
        &["teardown", "--name", &name, "--yes", "--timeout", "60s"],
    );
    let (up, teardown) = (up.wait(), teardown.wait());
    // Either may fail (the other pulled the rug); neither may hang or crash.
    for r in [&up, &teardown] {
        assert!(
            (r.code == 0 || r.code == 1) && !r.stderr.contains("timed out"),
            "efsctl {:?} exited {}: {}",
            r.args,
            r.code,
            r.stderr
        );
    }
    // Whatever is left, one more teardown finds and deletes it ...
    teardown_clean(&aws, &p, &name).await;
    // ... and one more up gives a clean deployment.
    run(&p.url(), &up_args(&name, &vpc)).success();
    scene.assert_deployed(&AZS).await;
    teardown_clean(&aws, &p, &name).await;
}

#[tokio::test]
async fn teardown_racing_up_from_its_start_leaves_no_orphan() {
    race_up_and_teardown("DescribeFileSystems", 1).await;
}

#[tokio::test]
async fn teardown_racing_up_while_it_creates_mount_targets_leaves_no_orphan() {
    race_up_and_teardown("CreateMountTarget", 1).await;
}

#[tokio::test]
async fn teardown_racing_up_while_it_waits_leaves_no_orphan() {
    race_up_and_teardown("DescribeMountTargets", 2).await;
}

/// A mount target made by an `up` after `teardown` planned must not keep the file system in use
/// until the timeout: teardown deletes it too (the file system is the deployment's).
#[tokio::test]
async fn teardown_deletes_mount_targets_an_up_adds_meanwhile() {
    let scene = Scene::new("race-late").await;
    let (_, vpc, name) = scene.parts();
    let one = [
        "up",
        "--name",
        &name,
        "--vpc",
        &vpc.id,
        "--azs",
        "us-east-1a",
    ];
    crate::support::efsctl(&one).success();
    let p = proxy(ProxyConfig {
        lifecycle: Lifecycle {
            mt_deleting: Duration::from_secs(3),
            ..Lifecycle::default()
        },
        ..ProxyConfig::default()
    });
    let teardown = spawn(
        &p.url(),
        &["teardown", "--name", &name, "--yes", "--timeout", "30s"],
    );
    wait_for(|| p.calls("DeleteMountTarget") >= 1);
    // Straight to moto, while teardown waits for the deleted one to go.
    let two = [
        "up",
        "--name",
        &name,
        "--vpc",
        &vpc.id,
        "--azs",
        "us-east-1a,us-east-1b",
    ];
    crate::support::efsctl(&two).success();
    teardown.wait().success();
    scene.assert_gone().await;
}
