//! Planning `teardown`: delete mount targets, then the file system, then the security groups.
//!
//! The order is forced by AWS: DeleteFileSystem fails with FileSystemInUse while mount targets
//! exist, and DeleteSecurityGroup fails with DependencyViolation while a mount target's network
//! interface still uses the group. Only owned resources ever reach `Observed`.

use super::{Observed, Op, Plan};

pub fn plan_teardown(observed: &Observed) -> Plan {
    let mut plan = Plan::default();
    for mt in observed
        .mount_targets
        .iter()
        .filter(|m| m.state != crate::model::LifeCycleState::Deleted)
    {
        plan.push(
            Op::DeleteMountTarget {
                id: mt.id.clone(),
                availability_zone: mt.availability_zone.clone(),
                subnet_id: mt.subnet_id.clone(),
            },
            "mount targets go first: the file system cannot be deleted while it has any",
        );
    }
    if let Some(fs) = &observed.file_system {
        plan.push(
            Op::DeleteFileSystem { id: fs.id.clone() },
            "after its mount targets are gone",
        );
    }
    for g in &observed.security_groups {
        plan.push(
            Op::DeleteSecurityGroup {
                id: g.id.clone(),
                vpc_id: g.vpc_id.clone(),
            },
            "last: in use until the mount targets' network interfaces are released",
        );
    }
    plan
}
