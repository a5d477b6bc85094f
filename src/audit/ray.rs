//! The Ray check of `audit --ray-cluster NAME`: the cluster's nodes (as Ray's launcher tags
//! them) against the file system's mount targets. A file system's DNS name resolves, in each AZ,
//! to the mount target there; a node in an AZ without one cannot mount by name. So when the
//! cluster grows into a new AZ, this says so before a job fails, and names the fix
//! (`efsctl up --ray-cluster` adds the mount target).

use std::collections::{BTreeMap, BTreeSet};

use super::{CheckId, Finding, Shared, Subject};
use crate::deployment;
use crate::model::Instance;

/// A Ray cluster and its nodes (pending, running, stopping or stopped), when asked for.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RayNodes {
    pub cluster: String,
    pub nodes: Vec<Instance>,
}

/// Nodes in another VPC than the mount targets (one finding), and each AZ holding nodes in the
/// mount targets' VPC but no mount target (one finding per AZ).
pub fn ray_coverage(subject: &Subject, shared: &Shared) -> Vec<Finding> {
    let Some(ray) = &shared.ray else {
        return Vec::new();
    };
    let fs = &subject.file_system;
    let live: Vec<_> = subject
        .mount_targets
        .iter()
        .filter(|mt| !mt.state.is_going_away())
        .collect();
    let covered: BTreeSet<&str> = live.iter().map(|m| m.availability_zone.as_str()).collect();
    let vpcs: BTreeSet<&str> = live.iter().filter_map(|m| m.vpc_id.as_deref()).collect();
    let cluster = ray.cluster.as_str();
    let (inside, elsewhere): (Vec<&Instance>, Vec<&Instance>) =
        ray.nodes.iter().partition(|n| match n.vpc_id.as_deref() {
            Some(vpc) => vpcs.is_empty() || vpcs.contains(vpc),
            None => false,
        });
    let mut out = Vec::new();
    if !elsewhere.is_empty() {
        let ids: Vec<&str> = elsewhere.iter().map(|n| n.id.as_str()).collect();
        out.push(Finding::new(
            CheckId::RayNodesInOtherVpc,
            subject,
            &fs.id,
            format!(
                "Ray cluster {cluster} has {} node(s) outside the mount targets' VPC ({}): {}",
                ids.len(),
                vpcs.iter().copied().collect::<Vec<_>>().join(", "),
                ids.join(", ")
            ),
            "peer the VPCs and admit the nodes' group (`efsctl up --allow-sg`), or run the \
             cluster in the file system's VPC"
                .to_string(),
        ));
    }
    // AZ -> subnet -> nodes there.
    let mut by_az: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for n in inside {
        if let (Some(az), Some(subnet)) = (&n.availability_zone, &n.subnet_id) {
            *by_az.entry(az).or_default().entry(subnet).or_default() += 1;
        }
    }
    for (az, subnets) in by_az {
        if covered.contains(az) {
            continue;
        }
        let count: usize = subnets.values().sum();
        // Where a mount target would go: the subnet with most nodes (ties: the lowest id).
        let busiest = subnets
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            .map(|(s, _)| *s)
            .unwrap_or_default();
        let fix = match (deployment::owner(&fs.tags), &fs.availability_zone) {
            (_, Some(home)) => format!(
                "a One Zone file system has its one mount target in {home}: run the cluster's \
                 nodes there, or move the data to a Regional file system"
            ),
            (Some(name), None) => {
                format!("`efsctl up --name {name} --ray-cluster {cluster}` adds it")
            }
            (None, None) => format!(
                "aws efs create-mount-target --file-system-id {} --subnet-id {busiest} \
                 --security-groups <a group admitting the nodes on TCP 2049>",
                fs.id
            ),
        };
        out.push(Finding::new(
            CheckId::RayAzWithoutMountTarget,
            subject,
            az,
            format!(
                "Ray cluster {cluster} has {count} node(s) in {az} but the file system has no \
                 mount target there: its DNS name does not resolve for them"
            ),
            fix,
        ));
    }
    out
}
