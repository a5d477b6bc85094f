//! Resolving a [`Spec`] against the account: which VPC, which subnets, which NFS sources.
//! AWS reads happen here; the decisions are made by the pure `placement` functions.

use crate::aws::{codes, Cloud};
use crate::config::{PlacementRequest, Spec};
use crate::error::{Error, Result};
use crate::model::{IngressRule, IngressSource, Vpc, VpcDns};
use crate::placement::{self, Placement};
use crate::plan::Desired;

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
    // sources all depend only on the VPC: each runs as soon as what it needs is known.
    let ((placement, vpc, dns, ingress), kms_warning) = tokio::try_join!(
        locate(cloud, spec),
        check_kms_key(cloud, spec.file_system.kms_key.as_deref()),
    )?;

    let mut warnings: Vec<String> = kms_warning.into_iter().collect();
    if !(dns.support && dns.hostnames) {
        warnings.push(format!(
            "VPC {} has enableDnsSupport={} and enableDnsHostnames={}: the file system's DNS name will not \
             resolve there; enable both (aws ec2 modify-vpc-attribute) or mount by a mount target's IP",
            vpc.id, dns.support, dns.hostnames
        ));
    }
    if ingress.iter().any(IngressRule::is_open_to_world) {
        warnings.push(
            "NFS is open to the whole internet range (0.0.0.0/0 or ::/0) as asked; mount targets \
                       have private addresses, but prefer the Ray workers' security group"
                .to_string(),
        );
    }
    let Placement { vpc_id, targets } = placement;
    let desired = Desired {
        name: spec.name.clone(),
        file_system: spec.file_system.clone(),
        vpc_id,
        targets,
        ingress,
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

/// The placement, its VPC with DNS attributes, and the NFS rules.
async fn locate<C: Cloud>(
    cloud: &C,
    spec: &Spec,
) -> Result<(Placement, Vpc, VpcDns, Vec<IngressRule>)> {
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

/// The NFS rules: the requested sources (security groups checked to exist in the VPC), or the
/// VPC's own CIDR blocks when none were requested.
async fn ingress_rules<C: Cloud>(cloud: &C, spec: &Spec, vpc: &Vpc) -> Result<Vec<IngressRule>> {
    let sources = &spec.access.sources;
    if sources.is_empty() {
        let mut rules: Vec<IngressRule> = vpc
            .cidr_blocks
            .iter()
            .map(|c| IngressRule::nfs_from(IngressSource::Cidr(c.clone())))
            .collect();
        rules.sort();
        return Ok(rules);
    }
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
        for id in &group_ids {
            match groups.iter().find(|g| &g.id == id) {
                None => return Err(Error::usage(format!("--allow-sg {id}: security group not found"))),
                Some(g) if g.vpc_id != vpc.id => {
                    return Err(Error::usage(format!(
                        "--allow-sg {id} is in {}, but the mount targets go in {}; give a group from {}",
                        g.vpc_id, vpc.id, vpc.id
                    )))
                }
                Some(_) => {}
            }
        }
    }
    let mut rules: Vec<IngressRule> = sources.iter().cloned().map(IngressRule::nfs_from).collect();
    rules.sort();
    rules.dedup();
    Ok(rules)
}
