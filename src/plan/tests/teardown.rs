//! Planning `teardown`.

use super::*;

#[test]
fn teardown_deletes_mount_targets_then_the_file_system_then_groups() {
    let want = desired(&[A, B]);
    let mut have = converged(&want);
    have.security_groups
        .push(group("sg-old", "vpc-old", Vec::new()));
    let plan = plan_teardown(&name(), &have, false);
    assert!(plan.blockers.is_empty());
    assert_eq!(
        ops(&plan),
        [
            delete_mt(&have.mount_targets[0]),
            delete_mt(&have.mount_targets[1]),
            Op::DeleteFileSystem { id: FS.into() },
            Op::DeleteSecurityGroup {
                id: SG.into(),
                vpc_id: VPC.into()
            },
            Op::DeleteSecurityGroup {
                id: "sg-old".into(),
                vpc_id: "vpc-old".into()
            },
        ]
    );
    assert!(plan.steps.iter().all(|s| s.action == Action::Delete));
}

#[test]
fn teardown_of_a_partial_deployment_deletes_what_is_left() {
    let want = desired(&[A, B]);
    let mut have = converged(&want);
    have.mount_targets[0].state = LifeCycleState::Deleted;
    have.file_system = None;
    let plan = plan_teardown(&name(), &have, false);
    assert_eq!(
        ops(&plan),
        [
            delete_mt(&have.mount_targets[1]),
            Op::DeleteSecurityGroup {
                id: SG.into(),
                vpc_id: VPC.into()
            },
        ]
    );
    assert!(plan_teardown(&name(), &Observed::default(), false)
        .steps
        .is_empty());
}

#[test]
fn the_kms_key_is_compared_as_far_as_it_can_be_without_kms() {
    // EFS reports the key's ARN whatever form created the file system.
    let plan_with = |key: &str| {
        let mut want = desired(&[A]);
        want.file_system.kms_key = Some(key.into());
        plan_up(&want, &converged(&desired(&[A])))
    };
    for same in [
        "k-1",
        "arn:aws:kms:us-east-1:123456789012:key/k-1",
        // Aliases cannot be resolved to a key without KMS access: accepted as they are.
        "alias/ray",
        "arn:aws:kms:us-east-1:123456789012:alias/ray",
    ] {
        let plan = plan_with(same);
        assert!(plan.blockers.is_empty(), "{same}: {:?}", plan.blockers);
        assert!(!plan.has_changes(), "{same}");
    }
    let plan = plan_with("k-2");
    assert_eq!(plan.blockers.len(), 1, "{:?}", plan.blockers);
    assert!(
        plan.blockers[0].contains("not k-2: the key cannot change"),
        "{}",
        plan.blockers[0]
    );
}
