//! The reads behind `audit`, shaped so a thousand file systems cost a few thousand calls run
//! sixteen file systems at a time, not a call per file system per check:
//!
//! 1. the file systems: by creation token (`--name`), by id, or every one in the region (all
//!    pages of DescribeFileSystems);
//! 2. per file system, concurrently, [`CONCURRENCY`] file systems at a time (EFS has no batched
//!    form of these): DescribeMountTargets, DescribeBackupPolicy,
//!    DescribeLifecycleConfiguration and DescribeFileSystemPolicy;
//! 3. the mount targets' security groups from their network interfaces: one
//!    DescribeNetworkInterfaces for up to 200 interfaces (DescribeMountTargetSecurityGroups,
//!    one call per mount target, only for a mount target whose interface was not found);
//! 4. together: the groups' rules, one DescribeSecurityGroups for up to 200 groups, and the DNS
//!    attributes once per VPC (not per file system).
//!
//! With `--ray-cluster`, the cluster's nodes are read (DescribeInstances by tag) alongside step 1.
//!
//! A file system deleted while it is read is skipped, not an error: `--all` on a busy account
//! must not fail because someone else cleaned up.

use std::collections::{BTreeMap, BTreeSet};

use futures_util::stream::{self, StreamExt, TryStreamExt};

use super::ray::RayNodes;
use super::{Shared, Subject};
use crate::aws::{codes, AwsError, Cloud};
use crate::deployment::{DeploymentName, OWNER_TAG};
use crate::error::{Error, Result};
use crate::model::{FileSystem, NetworkInterface, SecurityGroup, VpcDns};

/// File systems read at the same time (each with its four describes in flight), and VPCs or
/// mount targets described at the same time.
pub const CONCURRENCY: usize = 16;

/// Which file systems to audit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// The deployment's file system: creation token `efsctl-<name>` and the owner tag.
    Deployment(DeploymentName),
    /// These file systems (ids already checked for shape), efsctl's or not.
    FileSystems(Vec<String>),
    /// Every file system in the region.
    All,
}

/// Everything the checks look at.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// One per file system audited, by id.
    pub subjects: Vec<Subject>,
    pub shared: Shared,
    /// Why a file system found was not audited (deleting, or gone while it was read).
    pub skipped: Vec<String>,
}

/// A file system while it is read: its subject and, in the same order as its mount targets,
/// their network interface ids.
struct Pending {
    subject: Subject,
    interfaces: Vec<Option<String>>,
}

pub async fn read<C: Cloud>(
    cloud: &C,
    target: &Target,
    region: &str,
    ray_cluster: Option<&str>,
) -> Result<Facts> {
    let (found, ray) = tokio::try_join!(
        file_systems(cloud, target, region),
        ray_nodes(cloud, ray_cluster)
    )?;
    let (going, live): (Vec<FileSystem>, Vec<FileSystem>) =
        found.into_iter().partition(|fs| fs.state.is_going_away());
    let mut skipped: Vec<String> = going
        .iter()
        .map(|fs| format!("file system {} is {}; not audited", fs.id, fs.state))
        .collect();
    let described: Vec<(String, Option<Pending>)> = stream::iter(live)
        .map(|fs| async move { Ok::<_, Error>((fs.id.clone(), describe(cloud, fs).await?)) })
        .buffered(CONCURRENCY)
        .try_collect()
        .await?;
    let mut pending = Vec::new();
    for (id, found) in described {
        match found {
            Some(p) => pending.push(p),
            None => skipped.push(format!(
                "file system {id} was deleted while it was audited; skipped"
            )),
        }
    }
    attach_security_groups(cloud, &mut pending).await?;
    let mut subjects: Vec<Subject> = pending.into_iter().map(|p| p.subject).collect();
    subjects.sort_by(|a, b| a.file_system.id.cmp(&b.file_system.id));
    let mut shared = shared(cloud, &subjects).await?;
    shared.ray = ray;
    Ok(Facts {
        subjects,
        shared,
        skipped,
    })
}

/// Step 1: the file systems the target names. A deployment or id that does not exist is
/// NotFound (exit 3).
async fn file_systems<C: Cloud>(
    cloud: &C,
    target: &Target,
    region: &str,
) -> Result<Vec<FileSystem>> {
    match target {
        Target::All => Ok(cloud.all_file_systems().await?),
        Target::FileSystems(ids) => {
            let unique: BTreeSet<&String> = ids.iter().collect();
            stream::iter(unique)
                .map(|id| async move {
                    cloud.file_system_by_id(id).await?.ok_or_else(|| {
                        Error::not_found(format!("file system {id} not found in {region}"))
                    })
                })
                .buffered(CONCURRENCY)
                .try_collect()
                .await
        }
        Target::Deployment(name) => {
            let token = name.creation_token();
            match cloud.file_system_by_token(&token).await? {
                Some(fs) if name.owns(&fs.tags) => Ok(vec![fs]),
                Some(fs) => Err(Error::not_found(format!(
                    "deployment {name} not found in {region}: file system {} holds creation token \
                     {token} but is not tagged {OWNER_TAG}={name}; audit it with \
                     --file-system-id {}",
                    fs.id, fs.id
                ))),
                None => Err(Error::not_found(format!(
                    "deployment {name} not found in {region}: no file system with creation token \
                     {token} (audit other file systems with --file-system-id FS_ID or --all)"
                ))),
            }
        }
    }
}

/// Step 2: one file system's mount targets, backup, lifecycle and policy, concurrently;
/// `None` if the file system is gone.
async fn describe<C: Cloud>(cloud: &C, file_system: FileSystem) -> Result<Option<Pending>> {
    let id = file_system.id.as_str();
    let read = tokio::try_join!(
        cloud.listed_mount_targets(id),
        cloud.backup_status(id),
        cloud.lifecycle(id),
        cloud.policy(id),
    );
    let (listed, backup, lifecycle, policy) = match read {
        Ok(all) => all,
        Err(e) if e.has_code(codes::FILE_SYSTEM_NOT_FOUND) => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    // AWS always names a mount target; moto lists a nameless one when CreateMountTarget failed
    // half-way (its subnet out of addresses): that is no mount target to audit.
    let (mount_targets, interfaces) = listed
        .into_iter()
        .filter(|l| !l.mount_target.id.is_empty())
        .map(|l| (l.mount_target, l.network_interface_id))
        .unzip();
    Ok(Some(Pending {
        subject: Subject {
            file_system,
            mount_targets,
            backup,
            lifecycle,
            policy,
        },
        interfaces,
    }))
}

/// Step 3: every live mount target's security groups (and VPC, if DescribeMountTargets left it
/// out) from its network interface, all interfaces in batched calls; a mount target whose
/// interface was not found asks EFS for its groups directly.
async fn attach_security_groups<C: Cloud>(cloud: &C, pending: &mut [Pending]) -> Result<()> {
    let ids: Vec<String> = pending
        .iter()
        .flat_map(|p| p.subject.mount_targets.iter().zip(&p.interfaces))
        .filter(|(mt, _)| !mt.state.is_going_away())
        .filter_map(|(_, eni)| eni.clone())
        .collect();
    let interfaces: BTreeMap<String, NetworkInterface> = match ids.is_empty() {
        true => BTreeMap::new(),
        false => cloud
            .network_interfaces(&ids)
            .await?
            .into_iter()
            .map(|n| (n.id.clone(), n))
            .collect(),
    };
    let mut unanswered = Vec::new();
    for (i, p) in pending.iter_mut().enumerate() {
        let mount_targets = p.subject.mount_targets.iter_mut().zip(&p.interfaces);
        for (j, (mt, eni)) in mount_targets.enumerate() {
            if mt.state.is_going_away() {
                continue;
            }
            match eni.as_ref().and_then(|id| interfaces.get(id)) {
                Some(n) => {
                    mt.security_groups = Some(n.security_groups.clone());
                    if mt.vpc_id.is_none() && !n.vpc_id.is_empty() {
                        mt.vpc_id = Some(n.vpc_id.clone());
                    }
                }
                None => unanswered.push((i, j, mt.id.clone())),
            }
        }
    }
    let groups: Vec<Option<Vec<String>>> = stream::iter(&unanswered)
        .map(|(_, _, id)| async move { gone_is_none(cloud.mount_target_security_groups(id).await) })
        .buffered(CONCURRENCY)
        .try_collect()
        .await?;
    for ((i, j, _), g) in unanswered.into_iter().zip(groups) {
        pending[i].subject.mount_targets[j].security_groups = g;
    }
    Ok(())
}

/// Step 4: the groups' rules and the VPCs' DNS attributes, side by side.
async fn shared<C: Cloud>(cloud: &C, subjects: &[Subject]) -> Result<Shared> {
    let live = || {
        subjects
            .iter()
            .flat_map(|s| &s.mount_targets)
            .filter(|mt| !mt.state.is_going_away())
    };
    let group_ids: Vec<String> = live()
        .flat_map(|mt| mt.security_groups.iter().flatten().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let vpcs: BTreeSet<String> = live().filter_map(|mt| mt.vpc_id.clone()).collect();
    let groups = async {
        match group_ids.is_empty() {
            true => Ok(Vec::new()),
            false => cloud.security_groups_by_id(&group_ids).await,
        }
    };
    let dns = stream::iter(vpcs)
        .map(|vpc| async move {
            let dns = gone_is_none(cloud.vpc_dns(&vpc).await)?;
            Ok::<_, Error>(dns.map(|d| (vpc, d)))
        })
        .buffered(CONCURRENCY)
        .try_collect::<Vec<Option<(String, VpcDns)>>>();
    let (groups, dns) = tokio::try_join!(async { groups.await.map_err(Error::from) }, dns)?;
    Ok(Shared {
        security_groups: groups
            .into_iter()
            .map(|g: SecurityGroup| (g.id.clone(), g))
            .collect(),
        vpc_dns: dns.into_iter().flatten().collect(),
        ray: None,
    })
}

/// `--ray-cluster`: the nodes Ray's launcher tagged with the cluster's name (in the same round as
/// the file systems).
async fn ray_nodes<C: Cloud>(cloud: &C, cluster: Option<&str>) -> Result<Option<RayNodes>> {
    let Some(cluster) = cluster else {
        return Ok(None);
    };
    let nodes = cloud
        .instances_tagged(crate::ray::CLUSTER_TAG, cluster)
        .await?;
    Ok(Some(RayNodes {
        cluster: cluster.to_string(),
        nodes,
    }))
}

/// A resource that went away between two reads is simply not there.
fn gone_is_none<T>(answer: Result<T, AwsError>) -> Result<Option<T>> {
    match answer {
        Ok(value) => Ok(Some(value)),
        Err(e) if e.is_not_found() => Ok(None),
        Err(e) => Err(e.into()),
    }
}
