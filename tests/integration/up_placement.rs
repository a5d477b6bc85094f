//! Where `up` puts the file system and whom it admits: `--azs`, `--subnets` (and the rule for
//! several subnets in one AZ), `--allow-sg` (also from a peered VPC), `--allow-cidr`, One Zone,
//! every CIDR block of the VPC by default, and a newly pinned subnet replacing a mount target.

use super::up::{nfs, AZS};
use crate::support::{aws, efsctl, ingress, unique_name, Scene};

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
