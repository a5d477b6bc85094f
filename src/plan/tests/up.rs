//! Planning `up`: the group, its rules, the file system and the mount targets.

use super::*;

#[test]
fn nothing_exists_creates_group_rules_file_system_and_mount_targets_in_order() {
    let mut want = desired(&[A, B, C]);
    want.ingress = vec![
        cidr_rule("10.0.0.0/16"),
        IngressRule::nfs_from(IngressSource::SecurityGroup("sg-workers".into())),
    ];
    let plan = plan_up(&want, &Observed::default());
    assert!(plan.blockers.is_empty(), "{:?}", plan.blockers);
    assert_eq!(
        ops(&plan),
        [
            Op::CreateSecurityGroup {
                vpc_id: VPC.into(),
                name: "efsctl-ray".into()
            },
            Op::AuthorizeRule {
                rule: want.ingress[0].clone()
            },
            Op::AuthorizeRule {
                rule: want.ingress[1].clone()
            },
            Op::CreateFileSystem,
            Op::Keeping("create-backup-policy".into()),
            Op::Keeping("put-lifecycle-configuration".into()),
            create_mt(A),
            create_mt(B),
            create_mt(C),
        ]
    );
    assert!(plan
        .steps
        .iter()
        .filter(|s| !egress(s))
        .all(|s| s.action == Action::Create));
    // The nine above and the no-egress rule (EC2's default one is a delete).
    assert_eq!(plan.count(Action::Create), 10);
}

#[test]
fn a_converged_deployment_plans_only_keeps() {
    let want = desired(&[A, B, C]);
    let plan = plan_up(&want, &converged(&want));
    assert!(plan.blockers.is_empty(), "{:?}", plan.blockers);
    assert!(!plan.has_changes(), "{:#?}", changes(&plan));
    assert!(plan.steps.iter().all(|s| s.action == Action::Keep));
    assert_eq!(
        ops(&plan),
        [
            Op::KeepSecurityGroup {
                id: SG.into(),
                vpc_id: VPC.into()
            },
            Op::KeepRule {
                rule: want.ingress[0].clone()
            },
            Op::KeepFileSystem { id: FS.into() },
            Op::Keeping("keep-backup-policy".into()),
            Op::Keeping("keep-lifecycle-configuration".into()),
            Op::KeepMountTarget {
                id: "fsmt-a".into(),
                availability_zone: A.into(),
                subnet_id: "subnet-a".into()
            },
            Op::KeepMountTarget {
                id: "fsmt-b".into(),
                availability_zone: B.into(),
                subnet_id: "subnet-b".into()
            },
            Op::KeepMountTarget {
                id: "fsmt-c".into(),
                availability_zone: C.into(),
                subnet_id: "subnet-c".into()
            },
        ]
    );
}

#[test]
fn a_missing_az_gets_a_mount_target_and_nothing_else_changes() {
    let want = desired(&[A, B, C]);
    let mut have = converged(&want);
    have.mount_targets.retain(|m| m.availability_zone != B);
    let plan = plan_up(&want, &have);
    assert_eq!(changes(&plan), [create_mt(B)]);
    // ... and the egress rule.
    assert_eq!(plan.count(Action::Keep), 8);
}

#[test]
fn a_mount_target_in_an_unwanted_az_is_deleted_before_any_create() {
    let want = desired(&[A, C]);
    let mut have = converged(&desired(&[A, B]));
    have.mount_targets
        .sort_by(|x, y| x.availability_zone.cmp(&y.availability_zone));
    let extra = have.mount_targets[1].clone();
    let plan = plan_up(&want, &have);
    assert_eq!(changes(&plan), [delete_mt(&extra), create_mt(C)]);
    let step = plan.changes().next().unwrap();
    assert_eq!(step.action, Action::Delete);
    assert!(
        step.reason.contains("not among the requested AZs"),
        "{}",
        step.reason
    );
}

#[test]
fn a_pinned_subnet_that_differs_replaces_the_mount_target() {
    let mut want = desired(&[A, B]);
    want.targets[1].subnet_id = "subnet-b2".into();
    want.targets[1].pinned = true;
    let have = converged(&desired(&[A, B]));
    let plan = plan_up(&want, &have);
    assert_eq!(
        changes(&plan),
        [
            delete_mt(&have.mount_targets[1]),
            Op::CreateMountTarget {
                availability_zone: B.into(),
                subnet_id: "subnet-b2".into()
            },
        ]
    );
}

#[test]
fn an_unpinned_choice_that_differs_keeps_the_existing_mount_target() {
    // The placement rule only picks for new mount targets: any subnet of the VPC will do.
    let mut want = desired(&[A, B]);
    want.targets[1].subnet_id = "subnet-b2".into();
    let plan = plan_up(&want, &converged(&desired(&[A, B])));
    assert!(!plan.has_changes(), "{:#?}", changes(&plan));
}

#[test]
fn a_mount_target_in_the_error_state_is_replaced() {
    let want = desired(&[A, B]);
    let mut have = converged(&want);
    have.mount_targets[0].state = LifeCycleState::Error;
    let plan = plan_up(&want, &have);
    assert_eq!(
        changes(&plan),
        [delete_mt(&have.mount_targets[0]), create_mt(A)]
    );
}

#[test]
fn a_mount_target_being_deleted_counts_as_missing() {
    let want = desired(&[A]);
    let mut have = converged(&want);
    have.mount_targets[0].state = LifeCycleState::Deleting;
    let plan = plan_up(&want, &have);
    assert_eq!(changes(&plan), [create_mt(A)]);
}

#[test]
fn an_extra_rule_is_revoked_and_a_missing_one_authorized() {
    let mut want = desired(&[A]);
    let mut have = converged(&want);
    let stray = IngressRule {
        protocol: "tcp".into(),
        from_port: 22,
        to_port: 22,
        source: IngressSource::Cidr("0.0.0.0/0".into()),
    };
    have.security_groups[0].ingress.push(stray.clone());
    let plan = plan_up(&want, &have);
    assert_eq!(changes(&plan), [Op::RevokeRule { rule: stray }]);

    let added = IngressRule::nfs_from(IngressSource::SecurityGroup("sg-workers".into()));
    want.ingress.push(added.clone());
    let plan = plan_up(&want, &converged(&desired(&[A])));
    assert_eq!(changes(&plan), [Op::AuthorizeRule { rule: added }]);
}

#[test]
fn a_changed_throughput_is_updated_in_place() {
    let mut want = desired(&[A]);
    want.file_system.throughput = Throughput::Provisioned { mibps: 128.0 };
    let plan = plan_up(&want, &converged(&desired(&[A])));
    assert!(plan.blockers.is_empty(), "{:?}", plan.blockers);
    assert_eq!(
        changes(&plan),
        [Op::UpdateThroughput {
            id: FS.into(),
            from: Throughput::Elastic,
            to: Throughput::Provisioned { mibps: 128.0 },
        }]
    );
    assert_eq!(plan.count(Action::Update), 1);
}

#[test]
fn a_different_performance_mode_is_a_blocker() {
    let mut want = desired(&[A]);
    want.file_system.performance_mode = PerformanceMode::MaxIo;
    want.file_system.throughput = Throughput::Elastic;
    let plan = plan_up(&want, &converged(&desired(&[A])));
    assert_eq!(plan.blockers.len(), 1, "{:?}", plan.blockers);
    let b = &plan.blockers[0];
    assert!(b.contains("performance mode cannot change"), "{b}");
    assert!(b.contains("efsctl teardown --name ray"), "{b}");
}

#[test]
fn regional_versus_one_zone_is_a_blocker_both_ways() {
    let mut want = desired(&[A]);
    want.file_system.one_zone = Some(A.into());
    let plan = plan_up(&want, &converged(&desired(&[A])));
    assert_eq!(plan.blockers.len(), 1, "{:?}", plan.blockers);
    assert!(
        plan.blockers[0].contains("is Regional, not One Zone (us-east-1a)"),
        "{}",
        plan.blockers[0]
    );

    let want = desired(&[A]);
    let mut have = converged(&want);
    have.file_system.as_mut().unwrap().availability_zone = Some(B.into());
    let plan = plan_up(&want, &have);
    assert_eq!(plan.blockers.len(), 1, "{:?}", plan.blockers);
    assert!(
        plan.blockers[0].contains("is One Zone (us-east-1b), not Regional"),
        "{}",
        plan.blockers[0]
    );
}

#[test]
fn an_unencrypted_or_deleting_file_system_is_a_blocker() {
    let want = desired(&[A]);
    let mut have = converged(&want);
    have.file_system.as_mut().unwrap().encrypted = false;
    let plan = plan_up(&want, &have);
    assert!(
        plan.blockers.iter().any(|b| b.contains("not encrypted")),
        "{:?}",
        plan.blockers
    );

    let mut have = converged(&want);
    have.file_system.as_mut().unwrap().state = LifeCycleState::Deleting;
    let plan = plan_up(&want, &have);
    assert!(
        plan.blockers.iter().any(|b| b.contains("is deleting")),
        "{:?}",
        plan.blockers
    );
}

#[test]
fn mount_targets_in_another_vpc_are_a_blocker() {
    let want = desired(&[A]);
    let mut have = converged(&want);
    have.mount_targets[0].vpc_id = Some("vpc-other".into());
    let plan = plan_up(&want, &have);
    assert_eq!(plan.blockers.len(), 1, "{:?}", plan.blockers);
    let b = &plan.blockers[0];
    assert!(b.contains("mount targets in vpc-other, not vpc-1"), "{b}");
    assert!(b.contains("--vpc vpc-other"), "{b}");
}

#[test]
fn wrong_mount_target_groups_are_set_to_the_deployment_group() {
    let want = desired(&[A, B]);
    let mut have = converged(&want);
    have.mount_targets[1].security_groups = Some(vec![SG.into(), "sg-extra".into()]);
    let plan = plan_up(&want, &have);
    assert_eq!(
        changes(&plan),
        [Op::SetMountTargetSecurityGroups {
            id: "fsmt-b".into(),
            availability_zone: B.into(),
            groups: vec![SG.into()],
        }]
    );

    // Groups not described: nothing is known to be wrong, so nothing is planned.
    let mut have = converged(&want);
    have.mount_targets[0].security_groups = None;
    assert!(!plan_up(&want, &have).has_changes());
}

#[test]
fn existing_mount_targets_get_the_group_when_it_must_be_recreated() {
    let want = desired(&[A]);
    let mut have = converged(&want);
    have.security_groups.clear();
    let plan = plan_up(&want, &have);
    let kinds: Vec<&str> = plan
        .changes()
        .filter(|s| !egress(s))
        .map(|s| match &compared(&s.op) {
            Op::CreateSecurityGroup { .. } => "create-group",
            Op::AuthorizeRule { .. } => "authorize",
            Op::SetMountTargetSecurityGroups { .. } => "set-groups",
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(kinds, ["create-group", "authorize", "set-groups"]);
}

#[test]
fn an_owned_group_in_another_vpc_is_deleted() {
    let want = desired(&[A]);
    let mut have = converged(&want);
    have.security_groups.insert(
        0,
        group("sg-old", "vpc-old", vec![cidr_rule("172.31.0.0/16")]),
    );
    let plan = plan_up(&want, &have);
    assert!(plan.blockers.is_empty(), "{:?}", plan.blockers);
    assert_eq!(
        changes(&plan),
        [Op::DeleteSecurityGroup {
            id: "sg-old".into(),
            vpc_id: "vpc-old".into()
        }]
    );
    // The group in the desired VPC is the one kept, whatever the listing order.
    assert!(ops(&plan).contains(&Op::KeepSecurityGroup {
        id: SG.into(),
        vpc_id: VPC.into()
    }));
}

#[test]
fn steps_carry_their_action_resource_and_reason() {
    let plan = plan_up(&desired(&[A]), &Observed::default());
    let mt = plan.steps.last().unwrap();
    assert_eq!(mt.action, Action::Create);
    assert_eq!(mt.resource, "mount target us-east-1a (subnet-a)");
    assert!(mt.reason.contains("no mount target"), "{}", mt.reason);
    let fs = plan
        .steps
        .iter()
        .find(|s| compared(&s.op) == Op::CreateFileSystem)
        .unwrap();
    assert!(fs.reason.contains("efsctl-ray"), "{}", fs.reason);
}
