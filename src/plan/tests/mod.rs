//! Planner tests over many observed states. Pure: no AWS, no emulator.
//!
//! Each test starts from a converged deployment (or from nothing), changes one thing, and
//! checks the exact steps or blockers the planner derives from it, so a change to the plan's
//! order or content shows up here before it reaches `up`, `plan` or `teardown`.

use super::teardown::plan_teardown;
use super::up::plan_up;
use super::{backup, file_system, lifecycle, mount_targets, replication, rules, security_group};
use super::{Action, Desired, Observed, Plan};
use crate::deployment::DeploymentName;
use crate::model::FileSystemSpec;
use crate::model::{BackupStatus, ClientAccess, Lifecycle, Ref, TransitionDays};
use crate::model::{
    FileSystem, IngressRule, IngressSource, LifeCycleState, MountTarget, PerformanceMode,
    SecurityGroup, StorageSize, Throughput,
};
use crate::placement::Target;

const VPC: &str = "vpc-1";
const SG: &str = "sg-1";
const FS: &str = "fs-1";

fn name() -> DeploymentName {
    DeploymentName::parse("ray").unwrap()
}

fn subnet_of(az: &str) -> String {
    format!("subnet-{}", az.chars().last().unwrap())
}

fn cidr_rule(cidr: &str) -> IngressRule {
    IngressRule::nfs_from(IngressSource::Cidr(cidr.into()))
}

/// efsctl's default: IA after 30 days, Archive after 90.
pub(crate) fn default_lifecycle() -> Lifecycle {
    Lifecycle {
        transition_to_ia: TransitionDays::new(30),
        transition_to_archive: TransitionDays::new(90),
        transition_to_primary_on_first_access: false,
    }
}

/// A Regional, elastic, general-purpose deployment in `VPC` with mount targets in `azs`
/// (subnet `subnet-X` for AZ `…X`), NFS from 10.0.0.0/16.
pub(crate) fn desired(azs: &[&str]) -> Desired {
    Desired {
        name: name(),
        file_system: FileSystemSpec {
            performance_mode: PerformanceMode::GeneralPurpose,
            throughput: Throughput::Elastic,
            kms_key: None,
            one_zone: None,
            backup: true,
            lifecycle: default_lifecycle(),
            replica: None,
        },
        vpc_id: VPC.into(),
        targets: azs
            .iter()
            .map(|az| Target {
                availability_zone: az.to_string(),
                subnet_id: subnet_of(az),
                pinned: false,
            })
            .collect(),
        ingress: vec![cidr_rule("10.0.0.0/16")],
        clients: ClientAccess::default(),
        access_points: Vec::new(),
    }
}

fn file_system() -> FileSystem {
    FileSystem {
        id: FS.into(),
        arn: None,
        creation_token: name().creation_token(),
        state: LifeCycleState::Available,
        performance_mode: PerformanceMode::GeneralPurpose,
        throughput: Throughput::Elastic,
        encrypted: true,
        kms_key_id: Some("arn:aws:kms:us-east-1:123456789012:key/k-1".into()),
        availability_zone: None,
        number_of_mount_targets: 0,
        size: StorageSize::default(),
        tags: {
            let mut tags = name().tags();
            tags.insert(crate::model::MOUNT_MODE_TAG.into(), "nfs".into());
            tags
        },
    }
}

pub(crate) fn mount_target(az: &str) -> MountTarget {
    MountTarget {
        id: format!("fsmt-{}", az.chars().last().unwrap()),
        file_system_id: FS.into(),
        subnet_id: subnet_of(az),
        availability_zone: az.into(),
        vpc_id: Some(VPC.into()),
        ip_address: Some("10.0.1.10".into()),
        state: LifeCycleState::Available,
        security_groups: Some(vec![SG.into()]),
    }
}

fn group(id: &str, vpc: &str, ingress: Vec<IngressRule>) -> SecurityGroup {
    SecurityGroup {
        id: id.into(),
        name: name().security_group_name(),
        vpc_id: vpc.into(),
        ingress,
        egress: vec![IngressRule::no_egress()],
        tags: name().tags(),
    }
}

/// Exactly what `desired` asks for, as AWS would report it.
pub(crate) fn converged(desired: &Desired) -> Observed {
    Observed {
        file_system: Some(file_system()),
        mount_targets: desired
            .targets
            .iter()
            .map(|t| mount_target(&t.availability_zone))
            .collect(),
        security_groups: vec![group(SG, VPC, desired.ingress.clone())],
        backup: Some(BackupStatus::Enabled),
        lifecycle: Some(desired.file_system.lifecycle),
        replication: None,
        replica: None,
        policy: None,
        access_points: Vec::new(),
    }
}

/// A step as these tests compare it: kind, action and the resource's identity, without the
/// request a create carries or the observed state a keep carries (their own tests check those).
#[derive(Debug, Clone, PartialEq)]
enum Op {
    CreateSecurityGroup {
        vpc_id: String,
        name: String,
    },
    KeepSecurityGroup {
        id: String,
        vpc_id: String,
    },
    DeleteSecurityGroup {
        id: String,
        vpc_id: String,
    },
    AuthorizeRule {
        rule: IngressRule,
    },
    KeepRule {
        rule: IngressRule,
    },
    RevokeRule {
        rule: IngressRule,
    },
    CreateFileSystem,
    KeepFileSystem {
        id: String,
    },
    UpdateThroughput {
        id: String,
        from: Throughput,
        to: Throughput,
    },
    DeleteFileSystem {
        id: String,
    },
    CreateMountTarget {
        availability_zone: String,
        subnet_id: String,
    },
    KeepMountTarget {
        id: String,
        availability_zone: String,
        subnet_id: String,
    },
    SetMountTargetSecurityGroups {
        id: String,
        availability_zone: String,
        groups: Vec<String>,
    },
    DeleteMountTarget {
        id: String,
        availability_zone: String,
        subnet_id: String,
    },
    /// Backups, lifecycle and replication: checked in plan/tests_keeping.rs.
    Keeping(String),
}

fn compared(op: &super::Op) -> Op {
    use super::Op as P;
    match op.clone() {
        P::SecurityGroup(security_group::Op::Create { vpc_id, name, .. }) => {
            Op::CreateSecurityGroup { vpc_id, name }
        }
        P::SecurityGroup(security_group::Op::Keep { id, vpc_id }) => {
            Op::KeepSecurityGroup { id, vpc_id }
        }
        P::SecurityGroup(security_group::Op::Delete { id, vpc_id }) => {
            Op::DeleteSecurityGroup { id, vpc_id }
        }
        P::Rule(rules::Op::Authorize { rule, .. }) => Op::AuthorizeRule { rule },
        P::Rule(rules::Op::Keep { rule }) => Op::KeepRule { rule },
        P::Rule(rules::Op::Revoke { rule, .. }) => Op::RevokeRule { rule },
        P::Rule(op @ rules::Op::AuthorizeEgress { .. })
        | P::Rule(op @ rules::Op::KeepEgress { .. })
        | P::Rule(op @ rules::Op::RevokeEgress { .. }) => Op::Keeping(format!("{op:?}")),
        P::FileSystem(file_system::Op::Create { .. }) => Op::CreateFileSystem,
        P::FileSystem(file_system::Op::Keep { id, .. }) => Op::KeepFileSystem { id },
        P::FileSystem(file_system::Op::UpdateThroughput { id, from, to }) => {
            Op::UpdateThroughput { id, from, to }
        }
        P::FileSystem(file_system::Op::Delete { id }) => Op::DeleteFileSystem { id },
        P::MountTarget(mount_targets::Op::Create {
            availability_zone,
            subnet_id,
            ..
        }) => Op::CreateMountTarget {
            availability_zone,
            subnet_id,
        },
        P::MountTarget(mount_targets::Op::Keep {
            id,
            availability_zone,
            subnet_id,
            ..
        }) => Op::KeepMountTarget {
            id,
            availability_zone,
            subnet_id,
        },
        P::MountTarget(mount_targets::Op::SetSecurityGroups {
            id,
            availability_zone,
            groups,
        }) => Op::SetMountTargetSecurityGroups {
            id,
            availability_zone,
            groups: groups
                .iter()
                .filter_map(Ref::id)
                .map(str::to_string)
                .collect(),
        },
        P::MountTarget(mount_targets::Op::Delete {
            id,
            availability_zone,
            subnet_id,
        }) => Op::DeleteMountTarget {
            id,
            availability_zone,
            subnet_id,
        },
        P::Backup(op) => Op::Keeping(
            match op {
                backup::Op::AtCreation { .. } => "create-backup-policy",
                backup::Op::Keep { .. } => "keep-backup-policy",
                backup::Op::Put { .. } => "put-backup-policy",
            }
            .into(),
        ),
        P::Lifecycle(op) => Op::Keeping(
            match op {
                lifecycle::Op::Put { .. } => "put-lifecycle-configuration",
                lifecycle::Op::Keep { .. } => "keep-lifecycle-configuration",
            }
            .into(),
        ),
        P::Replication(op) => Op::Keeping(format!("{op:?}")),
        P::Policy(op) => Op::Keeping(format!("{op:?}")),
        P::AccessPoint(op) => Op::Keeping(format!("{op:?}")),
    }
}

/// Outbound rules are planned the same way whatever else changes: their own tests check them
/// (egress.rs), the others leave them out.
fn egress(step: &super::Step) -> bool {
    matches!(
        step.op,
        super::Op::Rule(
            rules::Op::AuthorizeEgress { .. }
                | rules::Op::KeepEgress { .. }
                | rules::Op::RevokeEgress { .. }
        )
    )
}

fn ops(plan: &Plan) -> Vec<Op> {
    plan.steps
        .iter()
        .filter(|s| !egress(s))
        .map(|s| compared(&s.op))
        .collect()
}

/// The steps that change something.
fn changes(plan: &Plan) -> Vec<Op> {
    plan.changes()
        .filter(|s| !egress(s))
        .map(|s| compared(&s.op))
        .collect()
}

fn create_mt(az: &str) -> Op {
    Op::CreateMountTarget {
        availability_zone: az.into(),
        subnet_id: subnet_of(az),
    }
}

fn delete_mt(mt: &MountTarget) -> Op {
    Op::DeleteMountTarget {
        id: mt.id.clone(),
        availability_zone: mt.availability_zone.clone(),
        subnet_id: mt.subnet_id.clone(),
    }
}

const A: &str = "us-east-1a";
const B: &str = "us-east-1b";
const C: &str = "us-east-1c";

mod egress;
mod keeping;
mod teardown;
mod up;
