//! `--ray-cluster`: the cluster's AZs against the mount targets.

use super::*;
use crate::audit::ray::RayNodes;
use crate::model::Instance;

fn node(id: &str, az: &str, subnet: &str, vpc: &str) -> Instance {
    Instance {
        id: id.into(),
        vpc_id: Some(vpc.into()),
        subnet_id: Some(subnet.into()),
        availability_zone: Some(az.into()),
        security_groups: vec!["sg-ray".into()],
        platform: None,
        state: "running".into(),
        tags: BTreeMap::new(),
    }
}

fn with_nodes(shared: &mut Shared, nodes: Vec<Instance>) {
    shared.ray = Some(RayNodes {
        cluster: "train".into(),
        nodes,
    });
}

#[test]
fn nodes_only_where_mount_targets_are_is_clean() {
    let (subject, mut shared) = clean();
    with_nodes(
        &mut shared,
        vec![
            node("i-1", "us-east-1a", "subnet-a", "vpc-1"),
            node("i-2", "us-east-1b", "subnet-b", "vpc-1"),
        ],
    );
    assert_eq!(found(&subject, &shared), []);
}

#[test]
fn an_az_with_nodes_and_no_mount_target_is_medium_with_the_fix() {
    let (subject, mut shared) = clean();
    with_nodes(
        &mut shared,
        vec![
            node("i-1", "us-east-1a", "subnet-a", "vpc-1"),
            node("i-3", "us-east-1d", "subnet-d2", "vpc-1"),
            node("i-4", "us-east-1d", "subnet-d1", "vpc-1"),
            node("i-5", "us-east-1d", "subnet-d1", "vpc-1"),
        ],
    );
    let f = only(&subject, &shared);
    assert_eq!(
        (f.check, f.severity, f.resource.as_str()),
        (
            CheckId::RayAzWithoutMountTarget,
            Severity::Medium,
            "us-east-1d"
        )
    );
    assert!(
        f.message.contains("3 node(s) in us-east-1d"),
        "{}",
        f.message
    );
    assert_eq!(f.fix, "`efsctl up --name ray --ray-cluster train` adds it");

    // Not efsctl's: the AWS call, in the subnet with most of the nodes.
    let mut foreign = subject.clone();
    without_owner(&mut foreign);
    let f = only(&foreign, &shared);
    assert!(f.fix.contains("--subnet-id subnet-d1 "), "{}", f.fix);
}

#[test]
fn a_deleting_mount_target_does_not_cover_its_az() {
    let (mut subject, mut shared) = clean();
    subject.mount_targets[1].state = LifeCycleState::Deleting;
    with_nodes(
        &mut shared,
        vec![node("i-2", "us-east-1b", "subnet-b", "vpc-1")],
    );
    assert_eq!(
        found(&subject, &shared),
        [(
            CheckId::RayAzWithoutMountTarget,
            Severity::Medium,
            "us-east-1b".to_string()
        )]
    );
}

#[test]
fn nodes_in_another_vpc_are_one_finding_not_an_az_each() {
    let (subject, mut shared) = clean();
    with_nodes(
        &mut shared,
        vec![
            node("i-7", "us-east-1c", "subnet-x", "vpc-other"),
            node("i-8", "us-east-1d", "subnet-y", "vpc-other"),
        ],
    );
    let f = only(&subject, &shared);
    assert_eq!(f.check, CheckId::RayNodesInOtherVpc);
    assert!(f.message.contains("i-7, i-8"), "{}", f.message);
}

#[test]
fn a_one_zone_file_system_says_where_its_one_mount_target_is() {
    let (mut subject, mut shared) = clean();
    subject.file_system.availability_zone = Some("us-east-1a".into());
    subject.mount_targets.truncate(1);
    with_nodes(
        &mut shared,
        vec![node("i-2", "us-east-1b", "subnet-b", "vpc-1")],
    );
    let f = only(&subject, &shared);
    assert!(f.fix.contains("One Zone"), "{}", f.fix);
    assert!(f.fix.contains("us-east-1a"), "{}", f.fix);
}

#[test]
fn without_ray_cluster_nothing_is_checked() {
    let (mut subject, shared) = clean();
    subject.mount_targets.clear();
    assert!(!found(&subject, &shared)
        .iter()
        .any(|(check, ..)| matches!(check, CheckId::RayAzWithoutMountTarget)));
}
