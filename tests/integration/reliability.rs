//! Issue 5: efsctl converges against an AWS that throttles, fails, drops connections and is slow,
//! and when it is killed, interrupted or raced; it never leaks a resource and never touches one
//! it does not own. The faults come from the test proxy (`support::proxy`) in front of moto.

use std::time::Duration;

use crate::support::proxy::child::{run, spawn};
use crate::support::proxy::{Fault, Lifecycle, Proxy, ProxyConfig};
use crate::support::{endpoint, Aws, Scene, TestVpc};

mod crash;
mod race;
mod seeds;

pub const AZS: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];

/// A lifecycle slow enough that every convergence loop has to wait, fast enough for CI.
pub fn slow_lifecycle() -> Lifecycle {
    Lifecycle {
        fs_creating: Duration::from_millis(600),
        mt_creating: Duration::from_millis(1200),
        mt_deleting: Duration::from_millis(1200),
        sg_dependency: Duration::from_millis(800),
        replication_enabling: Duration::from_millis(600),
        replication_deleting: Duration::from_millis(600),
    }
}

pub fn proxy(config: ProxyConfig) -> Proxy {
    Proxy::start(endpoint(), config)
}

pub fn up_args<'a>(name: &'a str, vpc: &'a TestVpc) -> Vec<&'a str> {
    vec!["up", "--name", name, "--vpc", &vpc.id]
}

#[tokio::test]
async fn proxy_forwards_and_logs_every_call() {
    let scene = Scene::new("rel-pass").await;
    let (_, vpc, name) = scene.parts();
    let p = proxy(ProxyConfig::default());
    run(&p.url(), &up_args(&name, &vpc)).success();
    scene.assert_deployed(&AZS).await;
    assert_eq!(p.calls("CreateFileSystem"), 1);
    assert_eq!(p.calls("CreateSecurityGroup"), 1);
    assert_eq!(p.calls("CreateMountTarget"), 3);
    assert_eq!(p.faults_injected(), 0);
    let log = p.log();
    assert!(log.iter().all(|l| l.status < 400), "{log:?}");
    assert!(
        log.iter().any(|l| l.operation == "DescribeVpcs"),
        "EC2 query actions are named"
    );
}

/// A create that reached AWS but whose answer was lost (connection dropped after moto acted) is
/// retried by the SDK and found by creation token, group name or AZ, never made twice.
#[tokio::test]
async fn lost_create_responses_are_found_not_repeated() {
    let scene = Scene::new("rel-lost").await;
    let (_, vpc, name) = scene.parts();
    let p = proxy(ProxyConfig::default());
    for op in [
        "CreateFileSystem",
        "CreateSecurityGroup",
        "AuthorizeSecurityGroupIngress",
    ] {
        p.inject(op, 1, Fault::ResetAfter);
    }
    for nth in 1..=3 {
        p.inject("CreateMountTarget", nth, Fault::ResetAfter);
    }
    run(&p.url(), &up_args(&name, &vpc)).success();
    scene.assert_deployed(&AZS).await;
    assert_eq!(
        p.calls("CreateFileSystem"),
        2,
        "one lost, one FileSystemAlreadyExists"
    );
    assert!(
        p.calls("CreateMountTarget") >= 6,
        "each lost create was retried"
    );

    // The same for deletes: the answer is lost, the resource is gone, teardown carries on.
    p.inject("DeleteFileSystem", 1, Fault::ResetAfter);
    p.inject("DeleteSecurityGroup", 1, Fault::ResetAfter);
    p.inject("DeleteMountTarget", 1, Fault::ResetAfter);
    run(&p.url(), &["teardown", "--name", &name, "--yes"]).success();
    scene.assert_gone().await;
}

/// An AZ that does not offer EFS (CreateMountTarget answers UnsupportedAvailabilityZone) is not
/// retried: one error names it and the way out, and an `up` that leaves it out converges on what
/// the first run made.
#[tokio::test]
async fn an_az_without_efs_is_named_and_the_rest_converges_without_it() {
    let scene = Scene::new("rel-noaz").await;
    let (aws, vpc, name) = scene.parts();
    let p = proxy(ProxyConfig::default());
    p.inject("CreateMountTarget", 1, Fault::UnsupportedAz);
    let r = run(&p.url(), &up_args(&name, &vpc));
    r.code(1).stderr_has(&[
        "EFS does not offer mount targets in",
        "with --azs or --subnets",
    ]);
    assert!(
        p.calls("CreateMountTarget") <= 3,
        "not retried: {:?}",
        p.log()
    );
    let refused = AZS
        .into_iter()
        .find(|az| r.stderr.contains(&format!("mount targets in {az} (")))
        .expect("the error names the AZ");

    let others: Vec<&str> = AZS.into_iter().filter(|az| *az != refused).collect();
    let azs = others.join(",");
    let mut args = up_args(&name, &vpc);
    args.extend(["--azs", &azs]);
    run(&p.url(), &args).success();
    aws.assert_deployed(&name, &vpc.id, &others).await;
}

/// One Zone is offered in some AZs only (CreateFileSystem answers UnsupportedAvailabilityZone):
/// the error names the AZ and the way out, and another AZ then works.
#[tokio::test]
async fn one_zone_in_an_az_without_it_is_named() {
    let scene = Scene::new("rel-noz").await;
    let (aws, vpc, name) = scene.parts();
    let p = proxy(ProxyConfig::default());
    p.inject("CreateFileSystem", 1, Fault::UnsupportedAz);
    let mut args = up_args(&name, &vpc);
    args.extend(["--one-zone", "us-east-1b"]);
    run(&p.url(), &args).code(1).stderr_has(&[
        "EFS does not offer One Zone file systems in us-east-1b",
        "choose another AZ with --one-zone",
    ]);
    assert_eq!(p.calls("CreateFileSystem"), 1, "not retried");
    assert!(aws
        .file_systems_with_token(&format!("efsctl-{name}"))
        .await
        .is_empty());

    let mut args = up_args(&name, &vpc);
    args.extend(["--one-zone", "us-east-1a"]);
    run(&p.url(), &args).success();
    aws.assert_deployed(&name, &vpc.id, &["us-east-1a"]).await;
}

/// Throttling is retried with backoff, and a few throttles do not slow every later call to a
/// crawl (the SDK's adaptive mode did: 100-200 s for this run instead of a few seconds).
#[tokio::test]
async fn throttling_is_retried_without_slowing_the_run_to_a_crawl() {
    let scene = Scene::new("rel-throttle").await;
    let (_, vpc, name) = scene.parts();
    let p = proxy(ProxyConfig {
        seed: 7,
        fault_rate: 0.3,
        faults: vec![Fault::Throttle],
        ..ProxyConfig::default()
    });
    let started = std::time::Instant::now();
    run(&p.url(), &up_args(&name, &vpc)).success();
    scene.assert_deployed(&AZS).await;
    run(&p.url(), &["teardown", "--name", &name, "--yes"]).success();
    scene.assert_gone().await;
    assert!(p.faults_injected() >= 5, "{:?}", p.log());
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
}

/// Mount targets and the file system take time to create and delete, the group stays in use by
/// lingering network interfaces: up and teardown wait it out, and say what they wait for.
#[tokio::test]
async fn slow_lifecycles_are_waited_out() {
    let scene = Scene::new("rel-slow").await;
    let (_, vpc, name) = scene.parts();
    let p = proxy(ProxyConfig {
        lifecycle: Lifecycle {
            // Outlasts the mount target wait's polling, however the backoff falls.
            sg_dependency: Duration::from_secs(3),
            ..slow_lifecycle()
        },
        ..ProxyConfig::default()
    });
    run(&p.url(), &up_args(&name, &vpc)).success();
    scene.assert_deployed(&AZS).await;
    assert!(
        p.calls("DescribeMountTargets") >= 2,
        "polled while creating"
    );

    run(&p.url(), &["teardown", "--name", &name, "--yes"]).success();
    scene.assert_gone().await;
    let refused = |op: &str| {
        p.log()
            .iter()
            .filter(|l| l.operation == op && l.simulated)
            .count()
    };
    assert!(
        refused("DeleteSecurityGroup") >= 1,
        "DependencyViolation was retried"
    );
    assert!(
        refused("DeleteFileSystem") + p.calls("DescribeMountTargets") >= 3,
        "teardown waited for the mount targets to go"
    );
}

/// Every wait has a timeout whose message names the resource and the state it was stuck in.
#[tokio::test]
async fn a_stuck_mount_target_times_out_naming_it_and_its_state() {
    let scene = Scene::new("rel-stuck").await;
    let (aws, vpc, name) = scene.parts();
    let p = proxy(ProxyConfig {
        lifecycle: Lifecycle {
            mt_creating: Duration::from_secs(600),
            ..Lifecycle::default()
        },
        ..ProxyConfig::default()
    });
    let args = [
        "up",
        "--name",
        &name,
        "--vpc",
        &vpc.id,
        "--azs",
        "us-east-1a",
        "--timeout",
        "2s",
    ];
    let failed = run(&p.url(), &args);
    failed.code(1).stderr_has(&[
        "timed out after",
        "mount targets of fs-",
        "us-east-1a",
        "creating",
        "--timeout",
    ]);
    let last = failed.stderr.trim_end().lines().last().unwrap_or_default();
    assert!(
        last.starts_with("error: timed out"),
        "the error is one last line: {}",
        failed.stderr
    );
    p.set_lifecycle(Lifecycle::default());
    teardown_clean(&aws, &p, &name).await;
}

/// Ctrl-C while waiting for mount targets: exit 130, a hint on how to resume, no half-written
/// output; running the same command again finishes the job.
#[tokio::test]
async fn ctrl_c_during_up_stops_cleanly_and_up_resumes() {
    let scene = Scene::new("rel-int").await;
    let (aws, vpc, name) = scene.parts();
    let p = proxy(ProxyConfig {
        lifecycle: Lifecycle {
            mt_creating: Duration::from_secs(4),
            ..Lifecycle::default()
        },
        ..ProxyConfig::default()
    });
    let child = spawn(
        &p.url(),
        &["up", "--name", &name, "--vpc", &vpc.id, "-o", "json"],
    );
    wait_for(|| p.calls("CreateMountTarget") >= 3 && p.calls("DescribeMountTargets") >= 2);
    let stopped = child.interrupt();
    stopped
        .code(130)
        .stderr_has(&["interrupted", "run the same `efsctl up` again"]);
    assert_eq!(stopped.stdout, "", "no partial JSON on stdout");

    run(&p.url(), &up_args(&name, &vpc)).success();
    scene.assert_deployed(&AZS).await;
    teardown_clean(&aws, &p, &name).await;
}

#[tokio::test]
async fn ctrl_c_during_teardown_stops_cleanly_and_teardown_resumes() {
    let scene = Scene::new("rel-int-td").await;
    let (aws, vpc, name) = scene.parts();
    let p = proxy(ProxyConfig::default());
    run(&p.url(), &up_args(&name, &vpc)).success();
    p.set_lifecycle(Lifecycle {
        mt_deleting: Duration::from_secs(4),
        ..Lifecycle::default()
    });
    let child = spawn(
        &p.url(),
        &["teardown", "--name", &name, "--yes", "-o", "json"],
    );
    wait_for(|| p.calls("DeleteMountTarget") >= 3 && p.calls("DescribeMountTargets") >= 3);
    let stopped = child.interrupt();
    stopped
        .code(130)
        .stderr_has(&["interrupted", "run the same `efsctl teardown` again"]);
    assert_eq!(stopped.stdout, "", "no partial JSON on stdout");
    teardown_clean(&aws, &p, &name).await;
}

/// Polls `done` every 20 ms for up to 60 s.
#[track_caller]
pub fn wait_for(done: impl Fn() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(60);
    while !done() {
        assert!(
            std::time::Instant::now() < deadline,
            "condition not reached in 60s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// One more teardown, without faults, must leave nothing of `name`.
pub async fn teardown_clean(aws: &Aws, p: &Proxy, name: &str) {
    p.set_faults(0.0, &[]);
    run(&p.url(), &["teardown", "--name", name, "--yes"]).success();
    aws.assert_nothing_for(name).await;
}

/// EFS keeps a new replication `enabling` and a deleted one `deleting` for minutes, and neither
/// file system can be deleted until the replication is gone: `up` does not wait for enabling,
/// `status` shows it, and `teardown` waits for the deletion before it deletes the replica.
#[tokio::test]
async fn slow_replication_states_are_waited_for_where_they_must_be() {
    let scene = Scene::new("rel-repl").await;
    let (aws, vpc, name) = scene.parts();
    let p = proxy(ProxyConfig {
        lifecycle: Lifecycle {
            replication_enabling: Duration::from_secs(30),
            replication_deleting: Duration::from_millis(2500),
            ..Lifecycle::default()
        },
        ..ProxyConfig::default()
    });
    let args = [
        &up_args(&name, &vpc)[..],
        &["--azs", "us-east-1a", "--replicate-to", "us-west-2"],
    ]
    .concat();
    run(&p.url(), &args)
        .success()
        .stderr_has(&["replica", "(enabling)"]);
    let status = run(&p.url(), &["status", "--name", &name, "-o", "json"]).json();
    assert_eq!(status["replication"]["status"], "enabling", "{status}");
    assert!(status["replication"]["last_replicated"].is_null());

    let described = p.calls("DescribeReplicationConfigurations");
    let td = run(&p.url(), &["teardown", "--name", &name, "--yes"]);
    td.success()
        .stderr_has(&["replication to us-west-2: deleting", "deleted replica"]);
    // It polled while the replication was `deleting` (the observe read, then more than one
    // poll), and the replica's DeleteFileSystem was never tried before it was gone.
    assert!(
        p.calls("DescribeReplicationConfigurations") - described >= 3,
        "teardown did not wait for the replication to go"
    );
    assert_eq!(
        p.calls("DeleteFileSystem"),
        2,
        "replica and source, once each"
    );
    aws.assert_nothing_for(&name).await;
}
