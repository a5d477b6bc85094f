//! Planning `teardown`: delete the replication (and the replica), the mount targets, then the
//! file system, then the security groups.
//!
//! The order is forced by AWS: neither side of a replication can be deleted while it exists;
//! DeleteFileSystem fails with FileSystemInUse while mount targets
//! exist, and DeleteSecurityGroup fails with DependencyViolation while a mount target's network
//! interface still uses the group. Only owned resources ever reach `Observed`.

use super::state::Observed;
use super::steps::Plan;
use super::{file_system, mount_targets, replication, security_group};

pub fn plan_teardown(observed: &Observed, keep_replica: bool) -> Plan {
    let mut plan = Plan::default();
    plan.extend(replication::plan_teardown(observed, keep_replica));
    plan.extend(mount_targets::plan_teardown(observed));
    plan.extend(file_system::plan_teardown(observed));
    plan.extend(security_group::plan_teardown(observed));
    plan
}
