//! `efsctl up`: what a fresh run creates, that a re-run changes nothing, the placement and
//! access flags, refusals that must leave nothing behind, finishing an interrupted run, and
//! repairing drift. Every test checks the emulator's resources, not only efsctl's output.

use std::time::{Duration, Instant};

use crate::support::proxy::child;
use crate::support::{aws, efsctl, endpoint, fs_tag, ingress, unique_name, Scene};

const AZS: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];

fn nfs(source: &str) -> (String, i32, i32, String) {
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
async fn azs_limits_mount_targets_to_those_zones() {
    let scene = Scene::new("azs").await;
    let (aws, vpc, name) = scene.parts();
    scene.up(&["--azs", "us-east-1c,us-east-1a"]).success();
    let d = aws
        .assert_deployed(&name, &vpc.id, &["us-east-1a", "us-east-1c"])
        .await;
    assert_eq!(d.mount_targets[0].subnet_id(), vpc.subnet("us-east-1a"));
    assert_eq!(d.mount_targets[1].subnet_id(), vpc.subnet("us-east-1c"));
}

#[tokio::test]
async fn explicit_subnets_are_used_as_given() {
    let aws = aws();
    // Two subnets in us-east-1b: the rule would pick the /20; the user pins the /24.
    let vpc = aws
        .create_vpc(
            "10.9.0.0/16",
            &[
                ("us-east-1a", "10.9.1.0/24"),
                ("us-east-1b", "10.9.2.0/24"),
                ("us-east-1b", "10.9.16.0/20"),
            ],
        )
        .await;
    let pinned_b = vpc.subnets[1].1.clone();
    let name = unique_name("subnets");
    let subnets = format!("{},{}", pinned_b, vpc.subnet("us-east-1a"));
    efsctl(&["up", "--name", &name, "--subnets", &subnets]).success();

    let d = aws
        .assert_deployed(&name, &vpc.id, &["us-east-1a", "us-east-1b"])
        .await;
    assert_eq!(d.mount_targets[0].subnet_id(), vpc.subnet("us-east-1a"));
    assert_eq!(d.mount_targets[1].subnet_id(), pinned_b);
}

#[tokio::test]
async fn allow_sg_admits_that_group_only() {
    let aws = aws();
    let vpc = aws.create_vpc_3az().await;
    let workers = aws.create_security_group(&vpc.id, "ray-workers").await;
    let name = unique_name("allowsg");
    efsctl(&[
        "up",
        "--name",
        &name,
        "--vpc",
        &vpc.id,
        "--allow-sg",
        &workers,
    ])
    .success();
    let d = aws.assert_deployed(&name, &vpc.id, &AZS).await;
    assert_eq!(
        ingress(&d.security_group),
        [nfs(&workers)],
        "a rule referencing the workers' group and no CIDR rule"
    );
}

#[tokio::test]
async fn workers_group_in_a_peered_vpc_is_admitted_only_over_an_active_peering() {
    let aws = aws();
    let vpc = aws.create_vpc_3az().await;
    let workers_vpc = aws
        .create_vpc("10.8.0.0/16", &[("us-east-1a", "10.8.1.0/24")])
        .await;
    let workers = aws
        .create_security_group(&workers_vpc.id, "ray-workers")
        .await;
    let name = unique_name("peered");
    let args = [
        "up",
        "--name",
        &name,
        "--vpc",
        &vpc.id,
        "--azs",
        "us-east-1a",
        "--allow-sg",
        &workers,
    ];

    // Asked for but not accepted: EC2 would refuse the rule, so efsctl refuses before any write.
    aws.peer_vpcs(&vpc.id, &workers_vpc.id, false).await;
    efsctl(&args)
        .code(2)
        .stderr_has(&[&workers, "no active VPC peering connection"]);
    aws.assert_nothing_for(&name).await;

    // Accepted (asked from the other side this time): the rule names the peered group, and the
    // user learns that the DNS name does not resolve over the peering.
    aws.peer_vpcs(&workers_vpc.id, &vpc.id, true).await;
    efsctl(&args).success().stderr_has(&[
        &format!("{workers} is in {}, peered with {}", workers_vpc.id, vpc.id),
        "DNS name resolves only in",
    ]);
    let d = aws.assert_deployed(&name, &vpc.id, &["us-east-1a"]).await;
    assert_eq!(ingress(&d.security_group), [nfs(&workers)]);
    let mut plan = args.to_vec();
    plan[0] = "plan";
    plan.push("--detailed-exitcode");
    efsctl(&plan).code(0);
}

#[tokio::test]
async fn allow_cidr_replaces_the_vpc_default() {
    let aws = aws();
    let vpc = aws.create_vpc_3az().await;
    let workers = aws.create_security_group(&vpc.id, "ray-workers").await;
    let name = unique_name("allowcidr");
    efsctl(&[
        "up",
        "--name",
        &name,
        "--vpc",
        &vpc.id,
        "--allow-cidr",
        "10.9.2.0/24",
        "--allow-sg",
        &workers,
        "--allow-cidr",
        "10.9.3.0/24",
    ])
    .success();
    let d = aws.assert_deployed(&name, &vpc.id, &AZS).await;
    let mut want = vec![nfs("10.9.2.0/24"), nfs("10.9.3.0/24"), nfs(&workers)];
    want.sort();
    assert_eq!(ingress(&d.security_group), want);
}

#[tokio::test]
async fn one_zone_makes_a_one_zone_fs_with_one_mount_target() {
    let scene = Scene::new("onezone").await;
    let (aws, vpc, name) = scene.parts();
    scene.up(&["--one-zone", "us-east-1b"]).success();
    let d = aws.assert_deployed(&name, &vpc.id, &["us-east-1b"]).await;
    assert_eq!(d.file_system.availability_zone_name(), Some("us-east-1b"));
    assert_eq!(d.mount_targets[0].subnet_id(), vpc.subnet("us-east-1b"));
}

#[tokio::test]
async fn subnets_in_two_vpcs_are_refused_and_nothing_is_created() {
    let aws = aws();
    let one = aws.create_vpc_3az().await;
    let two = aws.create_vpc_3az().await;
    let name = unique_name("twovpcs");
    let (a, b) = (one.subnet("us-east-1a"), two.subnet("us-east-1b"));
    efsctl(&["up", "--name", &name, "--subnets", &format!("{a},{b}")])
        .code(2)
        .stderr_has(&[
            &format!("{a} in {}", one.id),
            &format!("{b} in {}", two.id),
            "one VPC",
        ]);
    aws.assert_nothing_for(&name).await;
}

#[tokio::test]
async fn two_subnets_in_one_az_are_refused_and_nothing_is_created() {
    let aws = aws();
    let vpc = aws
        .create_vpc(
            "10.9.0.0/16",
            &[("us-east-1a", "10.9.1.0/24"), ("us-east-1a", "10.9.2.0/24")],
        )
        .await;
    let name = unique_name("sameaz");
    let (a, b) = (&vpc.subnets[0].1, &vpc.subnets[1].1);
    efsctl(&["up", "--name", &name, "--subnets", &format!("{a},{b}")])
        .code(2)
        .stderr_has(&[a, b, "us-east-1a", "one mount target per AZ"]);
    aws.assert_nothing_for(&name).await;
}

#[tokio::test]
async fn several_subnets_in_an_az_are_chosen_by_the_documented_rule() {
    let aws = aws();
    // us-east-1a: the /20 is the largest block with free addresses, so it wins.
    // us-east-1b: two /24s tie on size, so the lowest subnet id wins.
    let vpc = aws
        .create_vpc(
            "10.9.0.0/16",
            &[
                ("us-east-1a", "10.9.1.0/24"),
                ("us-east-1a", "10.9.16.0/20"),
                ("us-east-1b", "10.9.2.0/24"),
                ("us-east-1b", "10.9.3.0/24"),
            ],
        )
        .await;
    let largest_a = vpc.subnets[1].1.clone();
    let lowest_b = vpc.subnets[2].1.clone().min(vpc.subnets[3].1.clone());
    let name = unique_name("choose");
    efsctl(&["up", "--name", &name, "--vpc", &vpc.id]).success();
    let d = aws
        .assert_deployed(&name, &vpc.id, &["us-east-1a", "us-east-1b"])
        .await;
    assert_eq!(d.mount_targets[0].subnet_id(), largest_a);
    assert_eq!(d.mount_targets[1].subnet_id(), lowest_b);
}

#[tokio::test]
async fn up_finishes_a_run_interrupted_after_the_security_group() {
    let scene = Scene::new("halfsg").await;
    let (aws, vpc, name) = scene.parts();
    // What an interrupted run leaves: the owned group, nothing else.
    let sg = aws.create_owned_security_group(&vpc.id, &name).await;

    scene.up(&[]).success();
    let d = scene.assert_deployed(&AZS).await;
    assert_eq!(
        d.sg_id(),
        sg,
        "the existing group is adopted, not duplicated"
    );
    assert_eq!(ingress(&d.security_group), [nfs("10.9.0.0/16")]);
}

#[tokio::test]
async fn up_finishes_a_run_interrupted_after_the_file_system() {
    let scene = Scene::new("halffs").await;
    let (aws, _, name) = scene.parts();
    let fs = aws
        .create_file_system(
            &format!("efsctl-{name}"),
            &[("efsctl:deployment", &name), ("Name", &name)],
        )
        .await;

    scene.up(&[]).success();
    let d = scene.assert_deployed(&AZS).await;
    assert_eq!(d.fs_id(), fs, "the existing file system is adopted");
}

#[tokio::test]
async fn up_refuses_a_file_system_holding_its_token_without_the_owner_tag() {
    let scene = Scene::new("squat").await;
    let (aws, _, name) = scene.parts();
    let token = format!("efsctl-{name}");
    let fs = aws.create_file_system(&token, &[("Name", &name)]).await;

    scene
        .up(&[])
        .code(1)
        .stderr_has(&[&fs, "not tagged", "another --name"]);
    assert!(
        aws.mount_targets(&fs).await.is_empty(),
        "foreign fs untouched"
    );
    assert!(aws.security_groups_named(&token).await.is_empty());
}

#[tokio::test]
async fn up_recreates_a_mount_target_deleted_by_hand() {
    let scene = Scene::new("driftmt").await;
    let aws = scene.aws.clone();
    scene.up(&[]).success();
    let before = scene.assert_deployed(&AZS).await;
    let gone = before.mount_targets[1].mount_target_id().to_string();
    aws.delete_mount_target(&gone).await;

    let run = scene.up(&["-o", "json"]);
    run.success();
    assert_eq!(run.json()["changes"], 1, "{}", run.stdout);
    let after = scene.assert_deployed(&AZS).await;
    assert_eq!(after.fs_id(), before.fs_id());
    let ids = after.mount_target_ids();
    assert!(!ids.contains(&gone));
    assert_eq!(
        ids[0],
        before.mount_target_ids()[0],
        "untouched AZs keep theirs"
    );
    assert_eq!(ids[2], before.mount_target_ids()[2]);
}

#[tokio::test]
async fn up_restores_a_revoked_rule_and_revokes_a_foreign_one() {
    let scene = Scene::new("driftrule").await;
    let aws = scene.aws.clone();
    scene.up(&[]).success();
    let d = scene.assert_deployed(&AZS).await;
    aws.ec2
        .revoke_security_group_ingress()
        .group_id(d.sg_id())
        .ip_permissions(tcp_from(2049, "10.9.0.0/16"))
        .send()
        .await
        .unwrap();
    aws.ec2
        .authorize_security_group_ingress()
        .group_id(d.sg_id())
        .ip_permissions(tcp_from(22, "0.0.0.0/0"))
        .send()
        .await
        .unwrap();
    let sg = aws.security_group(d.sg_id()).await.unwrap();
    assert_eq!(
        ingress(&sg),
        [("tcp".to_string(), 22, 22, "0.0.0.0/0".to_string())]
    );

    scene.up(&[]).success();
    let after = scene.assert_deployed(&AZS).await;
    assert_eq!(after.sg_id(), d.sg_id());
    assert_eq!(ingress(&after.security_group), [nfs("10.9.0.0/16")]);
}

fn tcp_from(port: i32, cidr: &str) -> aws_sdk_ec2::types::IpPermission {
    aws_sdk_ec2::types::IpPermission::builder()
        .ip_protocol("tcp")
        .from_port(port)
        .to_port(port)
        .ip_ranges(aws_sdk_ec2::types::IpRange::builder().cidr_ip(cidr).build())
        .build()
}

#[tokio::test]
async fn up_resets_mount_target_groups_changed_by_hand() {
    let scene = Scene::new("driftgroups").await;
    let (aws, vpc, name) = scene.parts();
    scene.up(&[]).success();
    let d = scene.assert_deployed(&AZS).await;
    let other = aws
        .create_security_group(&vpc.id, &format!("other-{name}"))
        .await;
    let changed = d.mount_targets[2].mount_target_id().to_string();
    aws.efs
        .modify_mount_target_security_groups()
        .mount_target_id(&changed)
        .security_groups(d.sg_id())
        .security_groups(&other)
        .send()
        .await
        .unwrap();

    let run = scene.up(&["-o", "json"]);
    run.success();
    assert_eq!(run.json()["changes"], 1, "{}", run.stdout);
    let after = scene.assert_deployed(&AZS).await;
    assert_eq!(after.mount_target_ids(), d.mount_target_ids());
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
async fn up_moves_a_group_left_in_another_vpc() {
    let aws = aws();
    let old = aws.create_vpc_3az().await;
    let vpc = aws.create_vpc_3az().await;
    let name = unique_name("straysg");
    // An interrupted run in the old VPC left only its group behind.
    let stray = aws.create_owned_security_group(&old.id, &name).await;

    efsctl(&["up", "--name", &name, "--vpc", &vpc.id]).success();
    let d = aws.assert_deployed(&name, &vpc.id, &AZS).await;
    assert_ne!(d.sg_id(), stray);
    assert!(
        aws.security_group(&stray).await.is_none(),
        "the stray group is deleted"
    );
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
async fn a_newly_pinned_subnet_replaces_the_mount_target_in_its_az() {
    let aws = aws();
    let vpc = aws
        .create_vpc(
            "10.9.0.0/16",
            &[
                ("us-east-1a", "10.9.1.0/24"),
                ("us-east-1b", "10.9.16.0/20"),
                ("us-east-1b", "10.9.2.0/24"),
            ],
        )
        .await;
    let (large_b, small_b) = (vpc.subnets[1].1.clone(), vpc.subnets[2].1.clone());
    let name = unique_name("repin");
    efsctl(&["up", "--name", &name, "--vpc", &vpc.id]).success();
    let before = aws
        .assert_deployed(&name, &vpc.id, &["us-east-1a", "us-east-1b"])
        .await;
    assert_eq!(before.mount_targets[1].subnet_id(), large_b);

    let subnets = format!("{},{small_b}", vpc.subnet("us-east-1a"));
    let run = efsctl(&["up", "--name", &name, "--subnets", &subnets, "-o", "json"]);
    run.success();
    assert_eq!(run.json()["changes"], 2, "delete + create: {}", run.stdout);
    let after = aws
        .assert_deployed(&name, &vpc.id, &["us-east-1a", "us-east-1b"])
        .await;
    assert_eq!(after.mount_targets[1].subnet_id(), small_b);
    assert_eq!(
        after.mount_targets[0].mount_target_id(),
        before.mount_targets[0].mount_target_id()
    );
}

#[tokio::test]
async fn every_vpc_cidr_block_is_admitted_by_default() {
    let aws = aws();
    let vpc = aws.create_vpc_3az().await;
    aws.ec2
        .associate_vpc_cidr_block()
        .vpc_id(&vpc.id)
        .cidr_block("10.10.0.0/16")
        .send()
        .await
        .unwrap();
    let name = unique_name("cidrs");
    efsctl(&["up", "--name", &name, "--vpc", &vpc.id]).success();
    let d = aws.assert_deployed(&name, &vpc.id, &AZS).await;
    assert_eq!(
        ingress(&d.security_group),
        [nfs("10.10.0.0/16"), nfs("10.9.0.0/16")]
    );
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

/// The group lets nothing out: EC2's default allow-all egress rule is replaced by the one rule
/// to 127.0.0.1/32 at creation, and put back that way when someone adds egress later.
#[tokio::test]
async fn the_group_has_exactly_the_no_egress_rule_and_drift_is_repaired() {
    let scene = Scene::new("egress").await;
    scene.up(&["--azs", "us-east-1a"]).success();
    let d = scene.assert_deployed(&["us-east-1a"]).await;
    scene
        .aws
        .ec2
        .authorize_security_group_egress()
        .group_id(d.sg_id())
        .ip_permissions(
            aws_sdk_ec2::types::IpPermission::builder()
                .ip_protocol("-1")
                .ip_ranges(
                    aws_sdk_ec2::types::IpRange::builder()
                        .cidr_ip("0.0.0.0/0")
                        .build(),
                )
                .build(),
        )
        .send()
        .await
        .expect("AuthorizeSecurityGroupEgress");
    scene
        .plan(&["--azs", "us-east-1a"])
        .success()
        .stdout_has(&["egress rule all to 0.0.0.0/0", "delete"]);
    scene.up(&["--azs", "us-east-1a"]).success();
    scene.assert_deployed(&["us-east-1a"]).await;
    scene.teardown(&[]).success();
}
