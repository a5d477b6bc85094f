//! Resolving a [`Spec`] against the account: which VPC, which subnets, which NFS sources.
//! AWS reads happen here; the decisions are made by the pure `placement` functions.

use std::collections::BTreeMap;

use futures_util::future::try_join_all;

use crate::aws::{codes, Cloud};
use crate::config::{PlacementRequest, Spec};
use crate::error::{Error, Result};
use crate::model::{IngressRule, IngressSource, Vpc, VpcDns};
use crate::placement::{self, Placement};
use crate::plan::Desired;
use crate::ray;

/// The VPC the deployment lives in, with its DNS attributes.
#[derive(Debug, Clone)]
pub struct Network {
    pub vpc: Vpc,
    pub dns: VpcDns,
}

/// A resolved spec, plus warnings to show the user (they do not stop `up`).
#[derive(Debug, Clone)]
pub struct Resolved {
    pub desired: Desired,
    pub network: Network,
    pub warnings: Vec<String>,
}

pub async fn resolve<C: Cloud>(cloud: &C, spec: &Spec) -> Result<Resolved> {
    // The KMS check depends on nothing else; the VPC's subnets, DNS attributes and the NFS
    // sources all depend only on the VPC (and the VPC, with --ray-cluster, on the cluster's
    // nodes): each runs as soon as what it needs is known.
    let (((placement, vpc, dns, ingress), ray_warnings), kms_warning) = tokio::try_join!(
        async {
            let (effective, preferred, warnings) = with_ray_cluster(cloud, spec).await?;
            Ok::<_, Error>((locate(cloud, &effective, &preferred).await?, warnings))
        },
        check_kms_key(cloud, spec.file_system.kms_key.as_deref()),
    )?;

    let Ingress {
        rules: ingress,
        warnings: ingress_warnings,
    } = ingress;
    let mut warnings: Vec<String> = ray_warnings;
    warnings.extend(kms_warning);
    if !(dns.support && dns.hostnames) {
        warnings.push(format!(
            "VPC {} has enableDnsSupport={} and enableDnsHostnames={}: the file system's DNS name will not \
             resolve there; enable both (aws ec2 modify-vpc-attribute) or mount by a mount target's IP",
            vpc.id, dns.support, dns.hostnames
        ));
    }
    warnings.extend(ingress_warnings);
    if ingress.iter().any(IngressRule::is_open_to_world) {
        warnings.push(
            "NFS is open to the whole internet range (0.0.0.0/0 or ::/0) as asked; mount targets \
                       have private addresses, but prefer the Ray workers' security group"
                .to_string(),
        );
    }
    let Placement {
        vpc_id,
        targets,
        skipped_zones,
    } = placement;
    if !skipped_zones.is_empty() {
        warnings.push(format!(
            "no mount targets in {} (Local or Wavelength Zones: EFS serves only Availability \
             Zones); workers there mount a mount target of the parent region",
            skipped_zones.join(", ")
        ));
    }
    let desired = Desired {
        name: spec.name.clone(),
        file_system: spec.file_system.clone(),
        vpc_id,
        targets,
        ingress,
        clients: spec.clients.access,
        access_points: spec.clients.access_points.clone(),
    };
    Ok(Resolved {
        desired,
        network: Network { vpc, dns },
        warnings,
    })
}

/// A KMS key that does not exist is bad input, refused before anything is created: EFS would
/// accept the CreateFileSystem and fail it minutes later, leaving a file system in `error`.
/// Without kms:DescribeKey permission the key cannot be checked: warn and go on.
async fn check_kms_key<C: Cloud>(cloud: &C, key: Option<&str>) -> Result<Option<String>> {
    let Some(key) = key else {
        return Ok(None);
    };
    match cloud.kms_key_exists(key).await {
        Ok(true) => Ok(None),
        Ok(false) => Err(Error::usage(format!(
            "KMS key {key} not found in this region: give an existing key id, key ARN or alias/NAME \
             (aws kms list-aliases), or omit --kms-key for the AWS-managed key"
        ))),
        Err(e) if e.has_code(codes::ACCESS_DENIED) => Ok(Some(format!(
            "cannot check KMS key {key} (no kms:DescribeKey permission); using it as given"
        ))),
        Err(e) => Err(e.into()),
    }
}

/// The NFS rules, and what the user should know about them.
struct Ingress {
    rules: Vec<IngressRule>,
    warnings: Vec<String>,
}

/// With `--ray-cluster`, the spec with what the cluster says filled in (see `ray`), the subnet
/// to prefer per AZ, and what to tell the user; otherwise the spec as it is.
async fn with_ray_cluster<C: Cloud>(
    cloud: &C,
    spec: &Spec,
) -> Result<(Spec, BTreeMap<String, String>, Vec<String>)> {
    let Some(cluster) = &spec.ray_cluster else {
        return Ok((spec.clone(), BTreeMap::new(), Vec::new()));
    };
    let nodes = cloud.instances_tagged(ray::CLUSTER_TAG, cluster).await?;
    let discovery = match ray::from_nodes(cluster, &nodes)? {
        Some(found) => found,
        None => {
            let groups = cloud
                .security_groups_named(&ray::autoscaler_group_name(cluster))
                .await?;
            ray::from_autoscaler_group(cluster, &groups)?
        }
    };
    let applied = ray::apply(cluster, &spec.placement, &spec.access, discovery);
    let effective = Spec {
        placement: applied.placement,
        access: applied.access,
        ..spec.clone()
    };
    Ok((effective, applied.preferred, applied.warnings))
}

/// The placement, its VPC with DNS attributes, and the NFS rules.
async fn locate<C: Cloud>(
    cloud: &C,
    spec: &Spec,
    preferred: &BTreeMap<String, String>,
) -> Result<(Placement, Vpc, VpcDns, Ingress)> {
    let dns = |vpc: &Vpc| {
        let id = vpc.id.clone();
        async move { cloud.vpc_dns(&id).await.map_err(Error::from) }
    };
    match &spec.placement {
        PlacementRequest::Subnets(ids) => {
            let found = cloud.subnets(ids).await.map_err(|e| {
                if e.has_code(codes::SUBNET_NOT_FOUND) {
                    Error::usage(format!(
                        "--subnets {}: not found in this region ({}); give existing subnet ids, one per AZ",
                        ids.join(","),
                        e.message
                    ))
                } else {
                    e.into()
                }
            })?;
            let placement =
                placement::from_subnets(ids, &found, spec.file_system.one_zone.as_deref())?;
            let vpc = find_vpc(cloud, Some(&placement.vpc_id)).await?;
            let (dns, ingress) = tokio::try_join!(dns(&vpc), ingress_rules(cloud, spec, &vpc))?;
            Ok((placement, vpc, dns, ingress))
        }
        PlacementRequest::Vpc { vpc, azs } => {
            let vpc = find_vpc(cloud, vpc.as_deref()).await?;
            let (subnets, dns, ingress) = tokio::try_join!(
                async { cloud.subnets_in_vpc(&vpc.id).await.map_err(Error::from) },
                dns(&vpc),
                ingress_rules(cloud, spec, &vpc),
            )?;
            let placement = placement::choose(&vpc.id, azs.as_deref(), &subnets)?;
            let placement = placement::prefer(placement, preferred, &subnets);
            Ok((placement, vpc, dns, ingress))
        }
    }
}

async fn find_vpc<C: Cloud>(cloud: &C, id: Option<&str>) -> Result<Vpc> {
    cloud.vpc(id).await?.ok_or_else(|| match id {
        Some(id) => Error::usage(format!(
            "VPC {id} not found in this region: give an existing VPC id, or omit --vpc for the default VPC"
        )),
        None => Error::usage("this region has no default VPC: pass --vpc VPC_ID or --subnets"),
    })
}

/// The NFS rules: the requested sources (security groups checked to exist, in the VPC or in a
/// VPC peered with it), or the VPC's own CIDR blocks when none were requested.
async fn ingress_rules<C: Cloud>(cloud: &C, spec: &Spec, vpc: &Vpc) -> Result<Ingress> {
    let sources = &spec.access.sources;
    if sources.is_empty() {
        let mut rules: Vec<IngressRule> = vpc
            .cidr_blocks
            .iter()
            .map(|c| IngressRule::nfs_from(IngressSource::Cidr(c.clone())))
            .collect();
        rules.sort();
        return Ok(Ingress {
            rules,
            warnings: Vec::new(),
        });
    }
    let mut warnings = Vec::new();
    let group_ids: Vec<String> = sources
        .iter()
        .filter_map(|s| match s {
            IngressSource::SecurityGroup(g) => Some(g.clone()),
            _ => None,
        })
        .collect();
    if !group_ids.is_empty() {
        let groups = cloud.security_groups(&group_ids).await.map_err(|e| {
            if e.is_not_found() {
                Error::usage(format!(
                    "--allow-sg {}: security group not found in this region; give the Ray workers' group from {}",
                    group_ids.join(","),
                    vpc.id
                ))
            } else {
                e.into()
            }
        })?;
        let mut elsewhere: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
        for id in &group_ids {
            match groups.iter().find(|g| &g.id == id) {
                None => {
                    return Err(Error::usage(format!(
                        "--allow-sg {id}: security group not found"
                    )))
                }
                Some(g) if g.vpc_id != vpc.id => {
                    elsewhere.entry(g.vpc_id.as_str()).or_default().push(id)
                }
                Some(_) => {}
            }
        }
        warnings = check_peered(cloud, &vpc.id, &elsewhere).await?;
    }
    let mut rules: Vec<IngressRule> = sources.iter().cloned().map(IngressRule::nfs_from).collect();
    rules.sort();
    rules.dedup();
    Ok(Ingress { rules, warnings })
}

/// Groups from other VPCs (`elsewhere`: VPC -> group ids) are allowed only where an active VPC
/// peering connection joins that VPC to the mount targets' `vpc_id`: EC2 refuses a rule naming
/// a group in a VPC that is not peered (AuthorizeSecurityGroupIngress, InvalidGroup.NotFound),
/// so that is bad input, said before anything is created. A peered VPC works, with a warning:
/// the file system's DNS name resolves only inside its own VPC.
async fn check_peered<C: Cloud>(
    cloud: &C,
    vpc_id: &str,
    elsewhere: &BTreeMap<&str, Vec<&str>>,
) -> Result<Vec<String>> {
    let peered = try_join_all(
        elsewhere
            .keys()
            .map(|other| async move { cloud.vpcs_peered(vpc_id, other).await }),
    )
    .await?;
    let mut warnings = Vec::new();
    for ((other, ids), peered) in elsewhere.iter().zip(peered) {
        let ids = ids.join(", ");
        if !peered {
            return Err(Error::usage(format!(
                "--allow-sg {ids} is in {other}, which has no active VPC peering connection with \
                 {vpc_id} where the mount targets go: give the workers' group from {vpc_id}, \
                 --allow-cidr with their addresses, or peer the two VPCs"
            )));
        }
        warnings.push(format!(
            "--allow-sg {ids} is in {other}, peered with {vpc_id}: workers there reach the mount \
             targets over the peering connection, but the file system's DNS name resolves only in \
             {vpc_id}; mount by the mount target IP in the worker's AZ (see `efsctl status`)"
        ));
    }
    Ok(warnings)
}
