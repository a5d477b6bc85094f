//! Pure planning: desired state + observed state -> ordered steps, each with its reason.
//!
//! `up` and `plan` call the same [`up::plan_up`], so a preview can never disagree with what `up`
//! does; `teardown` uses [`teardown::plan_teardown`]. Nothing here performs I/O.

pub mod teardown;
pub mod up;

#[cfg(test)]
pub(crate) mod tests;

use std::fmt;

use serde::Serialize;

use crate::config::FileSystemSpec;
use crate::deployment::DeploymentName;
use crate::model::{FileSystem, IngressRule, MountTarget, SecurityGroup, Throughput};
use crate::placement::Target;

/// What should exist, fully resolved against the account (VPC, subnets and rules known).
#[derive(Debug, Clone, PartialEq)]
pub struct Desired {
    pub name: DeploymentName,
    pub file_system: FileSystemSpec,
    pub vpc_id: String,
    pub targets: Vec<Target>,
    /// Sorted, unique NFS rules.
    pub ingress: Vec<IngressRule>,
}

/// What exists and is owned by the deployment.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Observed {
    pub file_system: Option<FileSystem>,
    /// Mount targets of that file system, with their security groups when described.
    pub mount_targets: Vec<MountTarget>,
    /// Security groups carrying the deployment's owner tag, in any VPC.
    pub security_groups: Vec<SecurityGroup>,
}

impl Observed {
    pub fn is_empty(&self) -> bool {
        self.file_system.is_none()
            && self.mount_targets.is_empty()
            && self.security_groups.is_empty()
    }
}

/// The four kinds of change a plan shows, as Terraform users know them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Keep,
    Update,
    Delete,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Create => "create",
            Action::Keep => "keep",
            Action::Update => "update",
            Action::Delete => "delete",
        })
    }
}

/// One step, with the data needed to carry it out.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "kebab-case")]
pub enum Op {
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
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub action: Action,
    /// Human name of the resource, e.g. "mount target us-east-1a (subnet-0a)".
    pub resource: String,
    #[serde(flatten)]
    pub op: Op,
    pub reason: String,
}

impl Step {
    fn new(op: Op, reason: impl Into<String>) -> Step {
        let (action, resource) = describe(&op);
        Step {
            action,
            resource,
            op,
            reason: reason.into(),
        }
    }
}

fn describe(op: &Op) -> (Action, String) {
    use Action::*;
    match op {
        Op::CreateSecurityGroup { name, vpc_id } => {
            (Create, format!("security group {name} in {vpc_id}"))
        }
        Op::KeepSecurityGroup { id, .. } => (Keep, format!("security group {id}")),
        Op::DeleteSecurityGroup { id, vpc_id } => {
            (Delete, format!("security group {id} in {vpc_id}"))
        }
        Op::AuthorizeRule { rule } => (Create, format!("ingress rule {rule}")),
        Op::KeepRule { rule } => (Keep, format!("ingress rule {rule}")),
        Op::RevokeRule { rule } => (Delete, format!("ingress rule {rule}")),
        Op::CreateFileSystem => (Create, "file system".to_string()),
        Op::KeepFileSystem { id } => (Keep, format!("file system {id}")),
        Op::UpdateThroughput { id, .. } => (Update, format!("file system {id} throughput")),
        Op::DeleteFileSystem { id } => (Delete, format!("file system {id}")),
        Op::CreateMountTarget {
            availability_zone,
            subnet_id,
        } => (
            Create,
            format!("mount target {availability_zone} ({subnet_id})"),
        ),
        Op::KeepMountTarget {
            id,
            availability_zone,
            ..
        } => (Keep, format!("mount target {availability_zone} ({id})")),
        Op::SetMountTargetSecurityGroups {
            id,
            availability_zone,
            ..
        } => (
            Update,
            format!("mount target {availability_zone} ({id}) security groups"),
        ),
        Op::DeleteMountTarget {
            id,
            availability_zone,
            ..
        } => (Delete, format!("mount target {availability_zone} ({id})")),
    }
}

/// An ordered list of steps, plus blockers: differences efsctl will not resolve by itself
/// (they would need a new file system, or the deployment lives elsewhere). `up` refuses to
/// change anything while a plan has blockers.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Plan {
    pub steps: Vec<Step>,
    pub blockers: Vec<String>,
}

impl Plan {
    /// Steps that change something (everything but `keep`).
    pub fn changes(&self) -> impl Iterator<Item = &Step> {
        self.steps.iter().filter(|s| s.action != Action::Keep)
    }

    pub fn has_changes(&self) -> bool {
        self.changes().next().is_some()
    }

    pub fn count(&self, action: Action) -> usize {
        self.steps.iter().filter(|s| s.action == action).count()
    }

    fn push(&mut self, op: Op, reason: impl Into<String>) {
        self.steps.push(Step::new(op, reason));
    }
}
