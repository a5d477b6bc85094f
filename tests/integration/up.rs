//! `efsctl up`: what a fresh run creates, that a re-run changes nothing, refusals that must
//! leave nothing behind, concurrent runs, file system options. Placement and access flags are in
//! `up_placement`, finishing interrupted runs and repairing drift in `up_repair`. Every test
//! checks the emulator's resources, not only efsctl's output.

use std::time::{Duration, Instant};

use crate::support::proxy::child;
use crate::support::{aws, efsctl, endpoint, fs_tag, ingress, unique_name, Scene};

pub(super) const AZS: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];

pub(super) fn nfs(source: &str) -> (String, i32, i32, String) {
    ("tcp".to_string(), 2049, 2049, source.to_string())
}

#[tokio::test]
async fn fresh_up_creates_one_encrypted_fs_one_group_and_a_mount_target_per_az() {
    let scene = Scene::new("up").await;
    let (_, vpc, name) = scene.parts();

    let run = scene.up(&["-o", "json"]);
    run.success();

    let d = scene.assert_deployed(&AZS).await;
    let fs = &d.file_system;
    assert_eq!(fs.performance_mode().as_str(), "generalPurpose");
    assert_eq!(fs.throughput_mode().map(|m| m.as_str()), Some("elastic"));
    assert_eq!(fs.availability_zone_name(), None, "Regional, not One Zone");
    assert_eq!(fs_tag(fs, "Name"), Some(name.as_str()));
    assert_eq!(
        ingress(&d.security_group),
        [nfs("10.9.0.0/16")],
        "only NFS from the VPC's CIDR"
    );
    for (mt, az) in d.mount_targets.iter().zip(AZS) {
        assert_eq!(mt.subnet_id(), vpc.subnet(az));
    }

    let json = run.json();
    assert_eq!(json["file_system_id"], d.fs_id());
    assert_eq!(
        json["dns_name"],
        format!("{}.efs.us-east-1.amazonaws.com", d.fs_id())
    );
    assert_eq!(json["security_group_id"], d.sg_id());
    let mts = json["mount_targets"]
        .as_array()
        .expect("mount_targets array");
    let mut ids: Vec<&str> = mts.iter().map(|m| m["id"].as_str().unwrap()).collect();
    ids.sort();
    let mut want = d.mount_target_ids();
    want.sort();
    assert_eq!(ids, want);
}

#[tokio::test]
async fn second_up_is_a_no_op() {
    let scene = Scene::new("rerun").await;
    let (_, vpc, name) = scene.parts();
    let args = ["up", "--name", &name, "--vpc", &vpc.id, "-o", "json"];

    let first = efsctl(&args);
    first.success();
    assert!(first.json()["changes"].as_u64().unwrap() > 0);
    let before = scene.assert_deployed(&AZS).await;

    let second = efsctl(&args);
    second.success();
    let json = second.json();
    assert_eq!(json["changes"], 0, "{}", second.stdout);
    assert_eq!(json["file_system_id"], before.fs_id());
    assert_eq!(json["security_group_id"], before.sg_id());

    let after = scene.assert_deployed(&AZS).await;
    assert_eq!(after.fs_id(), before.fs_id());
    assert_eq!(after.sg_id(), before.sg_id());
    assert_eq!(after.mount_target_ids(), before.mount_target_ids());
    assert_eq!(
        ingress(&after.security_group),
        ingress(&before.security_group)
    );

    // The table form says so too.
    scene
        .up(&[])
        .success()
        .stdout_has(&["up to date", before.fs_id()]);
}

#[tokio::test]
async fn up_in_another_vpc_is_refused_and_changes_nothing() {
    let aws = aws();
    let vpc = aws.create_vpc_3az().await;
    let elsewhere = aws.create_vpc_3az().await;
    let name = unique_name("movevpc");
    efsctl(&["up", "--name", &name, "--vpc", &vpc.id]).success();
    let before = aws.assert_deployed(&name, &vpc.id, &AZS).await;

    efsctl(&["up", "--name", &name, "--vpc", &elsewhere.id])
        .code(1)
        .stderr_has(&[
            "nothing was changed",
            &format!("mount targets in {}", vpc.id),
        ]);
    let after = aws.assert_deployed(&name, &vpc.id, &AZS).await;
    assert_eq!(after.mount_target_ids(), before.mount_target_ids());
    assert_eq!(after.sg_id(), before.sg_id());
}

#[tokio::test]
async fn up_with_another_storage_class_is_refused_and_changes_nothing() {
    let scene = Scene::new("toonezone").await;
    scene.up(&[]).success();
    let before = scene.assert_deployed(&AZS).await;

    scene
        .up(&["--one-zone", "us-east-1a"])
        .code(1)
        .stderr_has(&["storage class cannot change", "efsctl teardown"]);
    let after = scene.assert_deployed(&AZS).await;
    assert_eq!(after.mount_target_ids(), before.mount_target_ids());
}

#[tokio::test]
async fn bad_references_are_refused_before_anything_is_created() {
    let aws = aws();
    let vpc = aws.create_vpc_3az().await;
    let elsewhere = aws.create_vpc_3az().await;
    let foreign_sg = aws
        .create_security_group(&elsewhere.id, "workers-elsewhere")
        .await;
    let name = unique_name("badref");
    efsctl(&["up", "--name", &name, "--vpc", "vpc-0123456789abcdef0"])
        .code(2)
        .stderr_has(&["vpc-0123456789abcdef0", "not found"]);
    efsctl(&[
        "up",
        "--name",
        &name,
        "--vpc",
        &vpc.id,
        "--allow-sg",
        &foreign_sg,
    ])
    .code(2)
    .stderr_has(&[&foreign_sg, &elsewhere.id]);
    efsctl(&[
        "up",
        "--name",
        &name,
        "--vpc",
        &vpc.id,
        "--allow-sg",
        "sg-0123456789abcdef0",
    ])
    .code(2)
    .stderr_has(&["sg-0123456789abcdef0"]);
    efsctl(&[
        "up",
        "--name",
        &name,
        "--subnets",
        "subnet-0123456789abcdef0",
    ])
    .code(2)
    .stderr_has(&["subnet-0123456789abcdef0"]);
    aws.assert_nothing_for(&name).await;
}

#[tokio::test]
async fn concurrent_ups_of_one_deployment_make_one_of_everything() {
    let scene = Scene::new("race").await;
    let (_, vpc, name) = scene.parts();
    let runs: Vec<_> = (0..3)
        .map(|_| {
            let (name, vpc) = (name.clone(), vpc.id.clone());
            std::thread::spawn(move || efsctl(&["up", "--name", &name, "--vpc", &vpc]))
        })
        .collect();
    for run in runs {
        run.join().unwrap().success();
    }
    let d = scene.assert_deployed(&AZS).await;
    assert_eq!(ingress(&d.security_group), [nfs("10.9.0.0/16")]);
}

#[tokio::test]
async fn up_refuses_a_look_alike_group_in_its_vpc() {
    let scene = Scene::new("sgsquat").await;
    let (aws, vpc, name) = scene.parts();
    let squatter = aws
        .create_security_group(&vpc.id, &format!("efsctl-{name}"))
        .await;

    scene
        .up(&[])
        .code(1)
        .stderr_has(&[&squatter, "not owned", "another --name"]);
    let group = aws.security_group(&squatter).await.unwrap();
    assert!(ingress(&group).is_empty(), "the look-alike is not changed");
    // Refused before anything was made: no file system was created beside the group.
    let made = aws.file_systems_with_token(&format!("efsctl-{name}")).await;
    assert!(made.is_empty(), "file system left behind: {made:?}");
}

#[tokio::test]
async fn file_system_options_are_applied_and_a_rerun_keeps_them() {
    let scene = Scene::new("fsopts").await;
    let (aws, vpc, name) = scene.parts();
    // A key that exists: efsctl refuses unknown keys before creating anything.
    let (_, key) = crate::bad_input::create_kms_key().await;
    let key = key.as_str();
    let args = [
        "up",
        "--name",
        &name,
        "--vpc",
        &vpc.id,
        "--azs",
        "us-east-1a",
        "--performance-mode",
        "max-io",
        "--throughput",
        "provisioned",
        "--provisioned-mibps",
        "64",
        "--kms-key",
        key,
        "-o",
        "json",
    ];
    efsctl(&args).success();
    let d = aws.assert_deployed(&name, &vpc.id, &["us-east-1a"]).await;
    let fs = &d.file_system;
    assert_eq!(fs.performance_mode().as_str(), "maxIO");
    assert_eq!(
        fs.throughput_mode().map(|m| m.as_str()),
        Some("provisioned")
    );
    assert_eq!(fs.provisioned_throughput_in_mibps(), Some(64.0));
    assert!(fs.kms_key_id().is_some_and(|k| k.ends_with(key)), "{fs:?}");

    let again = efsctl(&args);
    again.success();
    assert_eq!(again.json()["changes"], 0, "{}", again.stdout);
}

/// `efsctl up 2>&1 | head -1`: the reader goes away at once. The progress and the result are
/// lost, but the run must still finish its work and exit 0, not panic half-way through.
#[tokio::test]
async fn up_finishes_its_work_when_nobody_reads_its_output() {
    let scene = Scene::new("nopipe").await;
    let (_, vpc, name) = scene.parts();
    let (dir, home) = (tempfile::tempdir().unwrap(), tempfile::tempdir().unwrap());
    let args = ["up", "--name", &name, "--vpc", &vpc.id, "-v"];
    let mut up = child::command(dir.path(), home.path(), endpoint(), &[], &args)
        .spawn()
        .expect("start efsctl");
    drop(up.stdout.take());
    drop(up.stderr.take());

    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = up.try_wait().expect("wait for efsctl") {
            break status;
        }
        assert!(Instant::now() < deadline, "efsctl up did not finish");
        std::thread::sleep(Duration::from_millis(20));
    };
    assert_eq!(status.code(), Some(0), "{status:?}");
    scene.assert_deployed(&AZS).await;
}
