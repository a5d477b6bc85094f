//! `up` as the repair of a deployment: it finishes a run interrupted after any resource, and
//! puts back what was changed by hand (a deleted mount target, revoked or foreign rules, mount
//! target groups, outbound rules, a group left in another VPC).

use super::up::{nfs, AZS};
use crate::support::{aws, efsctl, ingress, unique_name, Scene};

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
