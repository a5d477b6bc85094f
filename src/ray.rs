//! Placement discovered from a running Ray cluster. Pure: the cluster's instances (or its
//! autoscaler's security group) in, the VPC, the subnet per AZ and the groups to admit out.
//!
//! Ray's AWS launcher tags every node `ray-cluster-name=NAME` (and `ray-node-type=head|worker`)
//! and, unless told otherwise, puts them in a security group named `ray-autoscaler-NAME`. The
//! rule, deterministic:
//! - the VPC of the instances (instances in more than one VPC: refused, naming them per VPC);
//! - per AZ the instances use, the subnet holding most of them (ties: the lowest subnet id);
//! - NFS admitted from every security group attached to the instances.
//!
//! Before any node exists: the group `ray-autoscaler-NAME`, its VPC and every AZ of that VPC.
//! Explicit `--vpc`, `--azs`, `--subnets`, `--allow-sg`/`--allow-cidr` still win; Ray's groups are
//! only ever named in efsctl's rules, never changed.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::{AccessRequest, PlacementRequest};
use crate::error::{Error, Result};
use crate::model::{IngressSource, Instance, SecurityGroup};

/// The tag Ray's launcher puts on every node of a cluster.
pub const CLUSTER_TAG: &str = "ray-cluster-name";

/// The security group Ray's AWS launcher makes for a cluster's nodes.
pub fn autoscaler_group_name(cluster: &str) -> String {
    format!("ray-autoscaler-{cluster}")
}

/// What the cluster says about placement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Discovery {
    /// From the nodes themselves.
    Nodes {
        vpc_id: String,
        /// AZ -> the subnet holding most of the cluster's nodes there.
        subnets: BTreeMap<String, String>,
        /// Every group attached to a node, sorted.
        groups: Vec<String>,
        nodes: usize,
        warnings: Vec<String>,
    },
    /// No node yet: Ray's autoscaler group and its VPC (every AZ of it).
    AutoscalerGroup { group_id: String, vpc_id: String },
}

/// The placement the cluster's nodes call for; `None` when there are none.
pub fn from_nodes(cluster: &str, instances: &[Instance]) -> Result<Option<Discovery>> {
    if instances.is_empty() {
        return Ok(None);
    }
    let mut by_vpc: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for i in instances {
        by_vpc
            .entry(i.vpc_id.as_deref().unwrap_or("no VPC (EC2-Classic)"))
            .or_default()
            .push(&i.id);
    }
    if by_vpc.len() > 1 {
        let list: Vec<String> = by_vpc
            .iter()
            .map(|(vpc, ids)| format!("{vpc}: {}", ids.join(", ")))
            .collect();
        return Err(Error::usage(format!(
            "Ray cluster {cluster} has nodes in {} VPCs ({}); EFS mount targets live in one VPC: \
             pass --vpc (and --allow-sg for the other VPC's nodes over a peering), or move the \
             cluster",
            by_vpc.len(),
            list.join("; ")
        )));
    }
    let vpc_id = by_vpc.keys().next().expect("one VPC").to_string();
    if vpc_id.starts_with("no VPC") {
        return Err(Error::usage(format!(
            "Ray cluster {cluster}'s nodes are in no VPC; EFS mount targets need one"
        )));
    }
    // AZ -> subnet -> nodes in it.
    let mut counts: BTreeMap<&str, BTreeMap<&str, usize>> = BTreeMap::new();
    for i in instances {
        if let (Some(az), Some(subnet)) = (&i.availability_zone, &i.subnet_id) {
            *counts.entry(az).or_default().entry(subnet).or_default() += 1;
        }
    }
    let subnets = counts
        .into_iter()
        .map(|(az, subnets)| {
            // Most nodes first; among equals, the lowest id (BTreeMap order) wins.
            let best = subnets
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
                .map(|(s, _)| s.to_string())
                .expect("an AZ has a subnet");
            (az.to_string(), best)
        })
        .collect();
    let groups: BTreeSet<&str> = instances
        .iter()
        .flat_map(|i| i.security_groups.iter().map(String::as_str))
        .collect();
    let windows: Vec<&str> = instances
        .iter()
        .filter(|i| i.platform.as_deref() == Some("windows"))
        .map(|i| i.id.as_str())
        .collect();
    let mut warnings = Vec::new();
    if !windows.is_empty() {
        warnings.push(format!(
            "Ray cluster {cluster} has Windows nodes ({}): EFS does not support Windows clients, \
             they cannot mount the file system",
            windows.join(", ")
        ));
    }
    Ok(Some(Discovery::Nodes {
        vpc_id,
        subnets,
        groups: groups.into_iter().map(str::to_string).collect(),
        nodes: instances.len(),
        warnings,
    }))
}

/// The placement Ray's autoscaler group calls for, before any node exists.
pub fn from_autoscaler_group(cluster: &str, groups: &[SecurityGroup]) -> Result<Discovery> {
    match groups {
        [] => Err(Error::usage(format!(
            "no Ray cluster {cluster}: no instance is tagged {CLUSTER_TAG}={cluster} and there is \
             no security group {}; start the cluster (ray up), or give --vpc and --allow-sg",
            autoscaler_group_name(cluster)
        ))),
        [group] => Ok(Discovery::AutoscalerGroup {
            group_id: group.id.clone(),
            vpc_id: group.vpc_id.clone(),
        }),
        several => {
            let list: Vec<String> = several
                .iter()
                .map(|g| format!("{} in {}", g.id, g.vpc_id))
                .collect();
            Err(Error::usage(format!(
                "Ray cluster {cluster} has no nodes yet and {} groups are named {} ({}): pass \
                 --vpc to say which VPC",
                several.len(),
                autoscaler_group_name(cluster),
                list.join(", ")
            )))
        }
    }
}

/// The placement and NFS sources a discovery calls for, where the user gave none: the request
/// to resolve, the subnet to prefer per AZ, and what to tell the user.
pub struct Applied {
    pub placement: PlacementRequest,
    pub access: AccessRequest,
    pub preferred: BTreeMap<String, String>,
    pub warnings: Vec<String>,
}

/// Fills in what the user left open from `discovery`: explicit `--subnets`, `--vpc`, `--azs`,
/// `--allow-sg` and `--allow-cidr` win.
pub fn apply(
    cluster: &str,
    placement: &PlacementRequest,
    access: &AccessRequest,
    discovery: Discovery,
) -> Applied {
    let (found_vpc, azs, preferred, groups, mut warnings) = match discovery {
        Discovery::Nodes {
            vpc_id,
            subnets,
            groups,
            nodes,
            warnings,
        } => {
            let azs: Vec<String> = subnets.keys().cloned().collect();
            let mut warnings = warnings;
            warnings.insert(
                0,
                format!(
                    "Ray cluster {cluster}: {nodes} node(s) in {vpc_id}, AZs {}; NFS from {}",
                    azs.join(", "),
                    groups.join(", ")
                ),
            );
            (vpc_id, Some(azs), subnets, groups, warnings)
        }
        Discovery::AutoscalerGroup { group_id, vpc_id } => (
            vpc_id.clone(),
            None,
            BTreeMap::new(),
            vec![group_id.clone()],
            vec![format!(
                "Ray cluster {cluster} has no nodes yet: using its autoscaler group {group_id}                  ({}) and every AZ of {vpc_id}; run `efsctl up` again once it runs to fit its AZs",
                autoscaler_group_name(cluster)
            )],
        ),
    };
    let placement = match placement {
        PlacementRequest::Subnets(ids) => PlacementRequest::Subnets(ids.clone()),
        PlacementRequest::Vpc { vpc, azs: given } => {
            if vpc.as_ref().is_some_and(|v| *v != found_vpc) {
                warnings.push(format!(
                    "--vpc {} is not the VPC of Ray cluster {cluster} ({found_vpc})",
                    vpc.as_deref().unwrap_or_default()
                ));
            }
            PlacementRequest::Vpc {
                vpc: Some(vpc.clone().unwrap_or_else(|| found_vpc.clone())),
                azs: given.clone().or(azs),
            }
        }
    };
    let access = if access.sources.is_empty() {
        AccessRequest {
            sources: groups
                .into_iter()
                .map(IngressSource::SecurityGroup)
                .collect(),
        }
    } else {
        access.clone()
    };
    Applied {
        placement,
        access,
        preferred,
        warnings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(id: &str, vpc: &str, az: &str, subnet: &str, groups: &[&str]) -> Instance {
        Instance {
            id: id.into(),
            vpc_id: Some(vpc.into()),
            subnet_id: Some(subnet.into()),
            availability_zone: Some(az.into()),
            security_groups: groups.iter().map(|g| g.to_string()).collect(),
            platform: None,
            state: "running".into(),
            tags: Default::default(),
        }
    }

    #[test]
    fn the_busiest_subnet_per_az_and_every_group() {
        let nodes = [
            node("i-1", "vpc-1", "us-east-1a", "subnet-a2", &["sg-ray"]),
            node("i-2", "vpc-1", "us-east-1a", "subnet-a1", &["sg-ray"]),
            node(
                "i-3",
                "vpc-1",
                "us-east-1a",
                "subnet-a2",
                &["sg-ray", "sg-extra"],
            ),
            node("i-4", "vpc-1", "us-east-1b", "subnet-b2", &["sg-ray"]),
            node("i-5", "vpc-1", "us-east-1b", "subnet-b1", &["sg-ray"]),
        ];
        let Some(Discovery::Nodes {
            vpc_id,
            subnets,
            groups,
            nodes,
            warnings,
        }) = from_nodes("c", &nodes).unwrap()
        else {
            panic!("nodes")
        };
        assert_eq!(vpc_id, "vpc-1");
        assert_eq!(subnets["us-east-1a"], "subnet-a2", "most nodes");
        assert_eq!(subnets["us-east-1b"], "subnet-b1", "a tie: the lowest id");
        assert_eq!(groups, ["sg-extra", "sg-ray"]);
        assert_eq!(nodes, 5);
        assert!(warnings.is_empty());
    }

    #[test]
    fn nodes_in_two_vpcs_are_refused_naming_them() {
        let nodes = [
            node("i-1", "vpc-1", "us-east-1a", "subnet-a", &[]),
            node("i-2", "vpc-2", "us-east-1a", "subnet-b", &[]),
        ];
        let e = from_nodes("c", &nodes).unwrap_err().message;
        assert!(e.contains("2 VPCs"), "{e}");
        assert!(e.contains("vpc-1: i-1") && e.contains("vpc-2: i-2"), "{e}");
    }

    #[test]
    fn windows_nodes_are_warned_about_and_no_nodes_means_none() {
        let mut w = node("i-w", "vpc-1", "us-east-1a", "subnet-a", &[]);
        w.platform = Some("windows".into());
        let Some(Discovery::Nodes { warnings, .. }) = from_nodes("c", &[w]).unwrap() else {
            panic!()
        };
        assert!(warnings[0].contains("i-w"), "{warnings:?}");
        assert_eq!(from_nodes("c", &[]).unwrap(), None);
    }

    #[test]
    fn the_autoscaler_group_before_any_node() {
        assert!(from_autoscaler_group("c", &[])
            .unwrap_err()
            .message
            .contains("ray-autoscaler-c"));
        let g = SecurityGroup {
            id: "sg-1".into(),
            name: "ray-autoscaler-c".into(),
            vpc_id: "vpc-1".into(),
            ingress: vec![],
            egress: vec![],
            tags: Default::default(),
        };
        assert_eq!(
            from_autoscaler_group("c", std::slice::from_ref(&g)).unwrap(),
            Discovery::AutoscalerGroup {
                group_id: "sg-1".into(),
                vpc_id: "vpc-1".into()
            }
        );
    }
}
