//! What `audit` reads beyond a deployment's own resources: each mount target with the network
//! interface EFS made for it, and those interfaces as EC2 describes them.
//!
//! A mount target's security groups live on its network interface, so one batched
//! DescribeNetworkInterfaces answers for many mount targets at once, where
//! DescribeMountTargetSecurityGroups would take one call per mount target.

use serde::Serialize;

use super::MountTarget;

/// A mount target as DescribeMountTargets lists it, with the id of its network interface
/// (`None` if the answer did not carry one).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ListedMountTarget {
    pub mount_target: MountTarget,
    pub network_interface_id: Option<String>,
}

/// A network interface as DescribeNetworkInterfaces reports it: the groups on it and its VPC.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct NetworkInterface {
    pub id: String,
    pub vpc_id: String,
    pub security_groups: Vec<String>,
}
