//! The reads of `observe` against the in-memory cloud: how many calls the mount targets'
//! groups cost, and the fallback when an interface is not found.

use super::*;
use crate::apply::tests::mem_cloud::{file_system, mount_target, MemCloud};
use crate::deployment::OWNER_TAG;
use crate::model::LifeCycleState;

/// Deployment `ray`: its file system and one mount target per AZ, each on `sg-nfs`.
fn deployment(cloud: MemCloud, azs: &[&str]) -> MemCloud {
    let mut fs = file_system("fs-0123abcd", LifeCycleState::Available);
    fs.tags.insert(OWNER_TAG.into(), "ray".into());
    cloud.add_file_system(fs);
    for az in azs {
        cloud.add_mount_target(mount_target(&format!("fsmt-{az}"), az, &["sg-nfs"]));
    }
    cloud
}

fn ray() -> DeploymentName {
    DeploymentName::parse("ray").unwrap()
}

#[tokio::test]
async fn one_describe_network_interfaces_answers_for_every_mount_target() {
    let cloud = deployment(
        MemCloud::default(),
        &["us-east-1a", "us-east-1b", "us-east-1c"],
    );
    let found = observe(&cloud, &ray(), Scope::Everything).await.unwrap();
    let groups: Vec<_> = found
        .observed
        .mount_targets
        .iter()
        .map(|mt| mt.security_groups.clone())
        .collect();
    assert_eq!(groups, vec![Some(vec!["sg-nfs".to_string()]); 3]);
    assert_eq!(cloud.count("DescribeNetworkInterfaces"), 1);
    assert_eq!(cloud.count("DescribeMountTargetSecurityGroups"), 0);
}

#[tokio::test]
async fn a_mount_target_without_an_interface_is_asked_for_its_groups() {
    let mut cloud = MemCloud::default();
    cloud.no_network_interfaces = true;
    let cloud = deployment(cloud, &["us-east-1a", "us-east-1b"]);
    let found = observe(&cloud, &ray(), Scope::Everything).await.unwrap();
    assert!(found
        .observed
        .mount_targets
        .iter()
        .all(|mt| mt.security_groups == Some(vec!["sg-nfs".to_string()])));
    assert_eq!(cloud.count("DescribeNetworkInterfaces"), 0);
    assert_eq!(cloud.count("DescribeMountTargetSecurityGroups"), 2);
}

#[tokio::test]
async fn teardown_reads_no_groups_of_mount_targets() {
    let cloud = deployment(MemCloud::default(), &["us-east-1a"]);
    let found = observe(&cloud, &ray(), Scope::Deletion).await.unwrap();
    assert_eq!(found.observed.mount_targets.len(), 1);
    assert_eq!(cloud.count("DescribeNetworkInterfaces"), 0);
    assert_eq!(cloud.count("DescribeMountTargetSecurityGroups"), 0);
}
