//! `efsctl export`: the deployment the planner would build, for another engine (Terraform or
//! CloudFormation). Read from the typed steps of a plan made against nothing, so every resource is
//! a create step carrying its complete request: the export says exactly what `up` would send,
//! and nothing describes a resource a second time.

pub mod cloudformation;
mod hcl;
pub mod terraform;

use std::collections::BTreeMap;

use serde_json::Value;

use crate::error::{Error, Result};
use crate::model::{
    IngressRule, Lifecycle, NewAccessPoint, NewFileSystem, NewMountTarget, NewReplication,
    NewSecurityGroup,
};
use crate::plan::{
    access_points, backup, file_system, lifecycle, mount_targets, policy, replication, rules,
    security_group, Plan,
};

/// Everything the deployment has, as the create steps of a plan from nothing hold it.
#[derive(Debug, Clone)]
pub struct Exported<'a> {
    pub name: &'a str,
    pub region: &'a str,
    pub group: &'a NewSecurityGroup,
    pub ingress: Vec<&'a IngressRule>,
    /// The group's outbound rules (the no-egress rule).
    pub egress: Vec<&'a IngressRule>,
    pub file_system: &'a NewFileSystem,
    pub backup: bool,
    pub lifecycle: Option<&'a Lifecycle>,
    pub policy: Option<&'a Value>,
    pub replication: Option<&'a NewReplication>,
    /// By AZ.
    pub mount_targets: Vec<(&'a str, &'a NewMountTarget)>,
    /// By access point name.
    pub access_points: Vec<(&'a str, &'a NewAccessPoint)>,
}

/// The live ids of an existing deployment, for `--adopt`: what each resource is imported from.
#[derive(Debug, Clone, Default)]
pub struct LiveIds {
    pub group_id: String,
    pub file_system_id: String,
    pub mount_targets: BTreeMap<String, String>,
    pub access_points: BTreeMap<String, String>,
    pub has_policy: bool,
    pub has_replication: bool,
    /// Tags the live file system has beyond the request's that are kept as they are: the
    /// `efsctl:replica` pointer (its value names the replica, known only once it exists).
    pub file_system_tags: BTreeMap<String, String>,
}

impl<'a> Exported<'a> {
    /// From a plan made against an empty account: every step is a create.
    pub fn from_plan(name: &'a str, region: &'a str, plan: &'a Plan) -> Result<Self> {
        let missing = |what: &str| {
            Error::failed(format!(
                "internal error: the plan from nothing has no {what} to export"
            ))
        };
        let group = plan
            .ops::<security_group::Op>()
            .find_map(|op| match op {
                security_group::Op::Create { request, .. } => Some(request),
                _ => None,
            })
            .ok_or_else(|| missing("security group"))?;
        let file_system = plan
            .ops::<file_system::Op>()
            .find_map(|op| match op {
                file_system::Op::Create { request } => Some(request),
                _ => None,
            })
            .ok_or_else(|| missing("file system"))?;
        Ok(Exported {
            name,
            region,
            group,
            ingress: plan
                .ops::<rules::Op>()
                .filter_map(|op| match op {
                    rules::Op::Authorize { rule, .. } => Some(rule),
                    _ => None,
                })
                .collect(),
            egress: plan
                .ops::<rules::Op>()
                .filter_map(|op| match op {
                    rules::Op::AuthorizeEgress { rule, .. } => Some(rule),
                    _ => None,
                })
                .collect(),
            file_system,
            backup: plan
                .ops::<backup::Op>()
                .any(|op| matches!(op, backup::Op::AtCreation { enabled: true })),
            lifecycle: plan.ops::<lifecycle::Op>().find_map(|op| match op {
                lifecycle::Op::Put { lifecycle, .. } => Some(lifecycle),
                _ => None,
            }),
            policy: plan.ops::<policy::Op>().find_map(|op| match op {
                policy::Op::Put { document, .. } => Some(document),
                _ => None,
            }),
            replication: plan.ops::<replication::Op>().find_map(|op| match op {
                replication::Op::Create { request, .. } => Some(request),
                _ => None,
            }),
            mount_targets: plan
                .ops::<mount_targets::Op>()
                .filter_map(|op| match op {
                    mount_targets::Op::Create {
                        availability_zone,
                        request,
                        ..
                    } => Some((availability_zone.as_str(), request)),
                    _ => None,
                })
                .collect(),
            access_points: plan
                .ops::<access_points::Op>()
                .filter_map(|op| match op {
                    access_points::Op::Create { name, request } => Some((name.as_str(), request)),
                    _ => None,
                })
                .collect(),
        })
    }
}

/// `us-east-1a` -> `us_east_1a`, `my-ap` -> `my_ap`: an identifier for a resource's address
/// (Terraform) or logical id part (CloudFormation).
pub fn identifier(text: &str) -> String {
    let mut out: String = text
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// `us-east-1a` -> `UsEast1a`: CloudFormation logical ids are alphanumeric.
pub fn camel(text: &str) -> String {
    text.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|p| !p.is_empty())
        .map(|p| {
            let mut chars = p.chars();
            let first = chars.next().expect("non-empty").to_ascii_uppercase();
            std::iter::once(first).chain(chars).collect::<String>()
        })
        .collect()
}
