//! Planning `teardown`: delete the replication (and the replica), the mount targets, then the
//! file system, then the security groups.
//!
//! The order is forced by AWS: neither side of a replication can be deleted while it exists;
//! DeleteFileSystem fails with FileSystemInUse while mount targets
//! exist, and DeleteSecurityGroup fails with DependencyViolation while a mount target's network
//! interface still uses the group. Only owned resources ever reach `Observed`.

use super::state::Observed;
use super::steps::Plan;
use super::{access_points, file_system, mount_targets, replication, security_group};
use crate::deployment::DeploymentName;

pub fn plan_teardown(name: &DeploymentName, observed: &Observed, keep_replica: bool) -> Plan {
    let mut plan = Plan::default();
    plan.blockers
        .extend(access_points::teardown_blockers(name, observed));
    plan.extend(replication::plan_teardown(observed, keep_replica));
    plan.extend(access_points::plan_teardown(name, observed));
    plan.extend(mount_targets::plan_teardown(observed));
    plan.extend(file_system::plan_teardown(observed));
    plan.extend(security_group::plan_teardown(observed));
    plan
}
