//! Conversions for `audit`'s batched reads: mount targets with their network interface ids, and
//! network interfaces.

use aws_sdk_ec2::types as ec2;
use aws_sdk_efs::types as efs;

use super::mount_target;
use crate::model::{ListedMountTarget, NetworkInterface};

pub(crate) fn listed_mount_target(d: &efs::MountTargetDescription) -> ListedMountTarget {
    ListedMountTarget {
        mount_target: mount_target(d),
        network_interface_id: d
            .network_interface_id()
            .filter(|id| !id.is_empty())
            .map(str::to_string),
    }
}

pub(crate) fn network_interface(n: &ec2::NetworkInterface) -> NetworkInterface {
    let mut security_groups: Vec<String> = n
        .groups()
        .iter()
        .filter_map(|g| g.group_id().map(str::to_string))
        .collect();
    security_groups.sort();
    NetworkInterface {
        id: n.network_interface_id().unwrap_or_default().to_string(),
        vpc_id: n.vpc_id().unwrap_or_default().to_string(),
        security_groups,
    }
}

/// An EC2 filter matching any of `values`.
pub(crate) fn filter_values(name: &str, values: Vec<String>) -> ec2::Filter {
    ec2::Filter::builder()
        .name(name)
        .set_values(Some(values))
        .build()
}
