//! The reads against the in-memory cloud: how many calls, and what is not found.

use super::*;
use crate::apply::tests::mem_cloud::{file_system, MemCloud};
use crate::audit::read::{read, Target};
use crate::deployment::DeploymentName;
use crate::error::ErrorKind;

fn three_file_systems() -> MemCloud {
    with_three_file_systems(MemCloud::default())
}

/// Three file systems of three mount targets each, all on two groups in one VPC.
fn with_three_file_systems(cloud: MemCloud) -> MemCloud {
    for n in 1..=3 {
        let id = format!("fs-0000000{n}");
        let mut fs = file_system(&id, LifeCycleState::Available);
        fs.creation_token = format!("token-{n}");
        cloud.add_file_system(fs);
        for az in ["a", "b", "c"] {
            let mut mt = mount_target(&format!("fsmt-{n}{az}"), az, &["sg-ok", "sg-open"]);
            mt.file_system_id = id.clone();
            cloud.add_mount_target(mt);
        }
    }
    cloud.add_security_group(group("sg-ok", vec![rule("tcp", 2049, 2049, "10.9.0.0/16")]));
    cloud.add_security_group(group("sg-open", vec![rule("tcp", 2049, 2049, "0.0.0.0/0")]));
    cloud
}

#[tokio::test]
async fn groups_interfaces_and_dns_are_read_once_for_all_file_systems() {
    let cloud = three_file_systems();
    let facts = read(&cloud, &Target::All, "us-east-1", None).await.unwrap();
    assert_eq!(facts.subjects.len(), 3);
    assert_eq!(
        cloud.count("DescribeMountTargets"),
        3,
        "one per file system"
    );
    assert_eq!(cloud.count("DescribeBackupPolicy"), 3);
    assert_eq!(cloud.count("DescribeNetworkInterfaces"), 1, "batched");
    assert_eq!(cloud.count("DescribeSecurityGroups"), 1, "batched");
    assert_eq!(cloud.count("DescribeVpcAttribute"), 1, "once per VPC");
    assert_eq!(cloud.count("DescribeMountTargetSecurityGroups"), 0);
    let findings = audit(&facts.subjects, &facts.shared);
    let open: Vec<&str> = findings
        .iter()
        .filter(|f| f.check == CheckId::NfsOpenToWorld)
        .map(|f| f.file_system_id.as_str())
        .collect();
    assert_eq!(open, ["fs-00000001", "fs-00000002", "fs-00000003"]);
}

#[tokio::test]
async fn without_interface_ids_each_mount_target_is_asked_for_its_groups() {
    let mut cloud = MemCloud::default();
    cloud.no_network_interfaces = true;
    let cloud = with_three_file_systems(cloud);
    let facts = read(&cloud, &Target::All, "us-east-1", None).await.unwrap();
    assert_eq!(cloud.count("DescribeNetworkInterfaces"), 0);
    assert_eq!(cloud.count("DescribeMountTargetSecurityGroups"), 9);
    assert_eq!(cloud.count("DescribeSecurityGroups"), 1, "still batched");
    let findings = audit(&facts.subjects, &facts.shared);
    assert_eq!(
        findings
            .iter()
            .filter(|f| f.check == CheckId::NfsOpenToWorld)
            .count(),
        3
    );
}

#[tokio::test]
async fn a_deleting_file_system_is_skipped_with_a_reason() {
    let cloud = three_file_systems();
    cloud.add_file_system(file_system("fs-0000000f", LifeCycleState::Deleting));
    let facts = read(&cloud, &Target::All, "us-east-1", None).await.unwrap();
    assert_eq!(facts.subjects.len(), 3);
    assert_eq!(
        facts.skipped,
        ["file system fs-0000000f is deleting; not audited"]
    );
}

#[tokio::test]
async fn a_missing_deployment_or_file_system_is_not_found() {
    let cloud = three_file_systems();
    let ids = Target::FileSystems(vec!["fs-00000001".into(), "fs-0000dead".into()]);
    let err = read(&cloud, &ids, "us-east-1", None).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(err.message.contains("fs-0000dead"), "{}", err.message);

    let name = DeploymentName::parse("ray").unwrap();
    let target = Target::Deployment(name);
    let err = read(&cloud, &target, "us-east-1", None).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(err.message.contains("efsctl-ray"), "{}", err.message);
    // The token without the owner tag is someone else's file system, not the deployment.
    let look_alike = file_system("fs-0000000a", LifeCycleState::Available);
    assert_eq!(look_alike.creation_token, "efsctl-ray");
    cloud.add_file_system(look_alike);
    let err = read(&cloud, &target, "us-east-1", None).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound);
    assert!(
        err.message.contains("--file-system-id fs-0000000a"),
        "{}",
        err.message
    );
}

#[tokio::test]
async fn a_deployment_is_found_by_token_and_owner_tag() {
    let cloud = three_file_systems();
    let mut fs = file_system("fs-0000000b", LifeCycleState::Available);
    fs.tags.insert(OWNER_TAG.into(), "ray".into());
    cloud.add_file_system(fs);
    let target = Target::Deployment(DeploymentName::parse("ray").unwrap());
    let facts = read(&cloud, &target, "us-east-1", None).await.unwrap();
    let ids: Vec<&str> = facts
        .subjects
        .iter()
        .map(|s| s.file_system.id.as_str())
        .collect();
    assert_eq!(ids, ["fs-0000000b"]);
}

#[tokio::test]
async fn a_nameless_mount_target_is_no_mount_target() {
    // moto lists one when CreateMountTarget failed half-way; AWS never does.
    let cloud = three_file_systems();
    let mut nameless = mount_target("", "d", &["sg-open"]);
    nameless.file_system_id = "fs-00000001".into();
    cloud.add_mount_target(nameless);
    let facts = read(&cloud, &Target::All, "us-east-1", None).await.unwrap();
    assert_eq!(facts.subjects[0].mount_targets.len(), 3);
    assert_eq!(cloud.count("DescribeMountTargetSecurityGroups"), 0);
}
