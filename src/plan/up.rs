//! Planning `up`: what to create, keep, update or delete so that the observed deployment
//! matches the desired one. Each kind plans itself; the order here is the order of the steps:
//! security group, its rules, file system, its backup and lifecycle policies, replication, how
//! clients mount (tag and file system policy), access points, mount targets.

use super::state::{Desired, Observed};
use super::steps::Plan;
use super::{
    access_points, backup, file_system, lifecycle, mount_targets, policy, replication, rules,
    security_group,
};

pub fn plan_up(desired: &Desired, observed: &Observed) -> Plan {
    let mut plan = Plan::default();
    plan.blockers
        .extend(file_system::blockers(desired, observed));
    plan.blockers
        .extend(mount_targets::blockers(desired, observed));
    plan.blockers
        .extend(replication::blockers(desired, observed));
    plan.blockers.extend(policy::blockers(desired, observed));
    plan.extend(security_group::plan(desired, observed));
    plan.extend(rules::plan(desired, observed));
    plan.extend(file_system::plan(desired, observed));
    plan.extend(backup::plan(desired, observed));
    plan.extend(lifecycle::plan(desired, observed));
    plan.extend(replication::plan(desired, observed));
    plan.extend(policy::plan(desired, observed));
    plan.extend(access_points::plan(desired, observed));
    plan.extend(mount_targets::plan(desired, observed));
    plan
}
