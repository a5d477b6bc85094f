//! Reading what a deployment owns in AWS: the file system found by creation token (and checked
//! for the owner tag), its mount targets, and the security groups named `efsctl-<name>` (owned
//! when they carry the owner tag; look-alikes otherwise, reported, never touched).
//!
//! A constant number of calls whatever else the account holds: DescribeFileSystems by token
//! and DescribeSecurityGroups with a group-name filter are both server-side lookups, not
//! listings. efsctl always creates its group under that name, so one name lookup finds both the
//! owned groups and any look-alike that would block creating one.

use std::collections::BTreeMap;

use futures_util::future::try_join_all;

use crate::aws::Cloud;
use crate::deployment::DeploymentName;
use crate::error::{Error, Result};
use crate::model::{parse_replica_tag, FileSystem, MountTarget, SecurityGroup, REPLICA_TAG};
use crate::plan::Observed;

/// What was found: the owned resources, a file system that holds this deployment's creation
/// token without its owner tag, and groups with the deployment's group name but not its owner
/// tag (never touched, reported instead).
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub observed: Observed,
    pub foreign: Option<FileSystem>,
    pub foreign_groups: Vec<SecurityGroup>,
}

impl Found {
    /// A look-alike group in `vpc_id`: EC2 refuses a second group of that name in the VPC, so
    /// `up` must stop before it creates anything else (a file system made alongside would be
    /// left behind, billed).
    pub fn foreign_group_in(&self, vpc_id: &str) -> Option<&SecurityGroup> {
        self.foreign_groups.iter().find(|g| g.vpc_id == vpc_id)
    }
}

/// How much of the deployment a command needs to see.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// `up`, `plan`, `status`: everything, including each mount target's security groups.
    Everything,
    /// `teardown`: what must be deleted (no drift details).
    Deletion,
    /// `compose-gen`: the file system and its mount targets.
    Mounting,
}

/// Observes the deployment. Once the file system is known, its mount targets and access points
/// and, by scope, its backup, lifecycle, policy and replication are read concurrently; the
/// replica (in its own region) in the same round when the source's tag says where it is. The
/// group lookup runs beside all of that: the file system's reads never wait for its answer.
pub async fn observe<C: Cloud>(cloud: &C, name: &DeploymentName, scope: Scope) -> Result<Found> {
    let (token, group_name) = (name.creation_token(), name.security_group_name());
    let ((file_system, foreign, mut observed), groups) = tokio::try_join!(
        async {
            let (file_system, foreign) = match cloud.file_system_by_token(&token).await? {
                Some(fs) if name.owns(&fs.tags) => (Some(fs), None),
                Some(fs) => (None, Some(fs)),
                None => (None, None),
            };
            let observed = match &file_system {
                Some(fs) => about_file_system(cloud, fs, scope).await?,
                None => Observed::default(),
            };
            Ok::<_, Error>((file_system, foreign, observed))
        },
        async { Ok(cloud.security_groups_named(&group_name).await?) },
    )?;
    // A replica found only through the source's tag is deleted only if it says it is ours.
    if observed.replication.is_none() {
        observed.replica = observed
            .replica
            .filter(|r| crate::deployment::owner(&r.tags) == Some(name.as_str()));
    }
    let (security_groups, foreign_groups) = groups.into_iter().partition(|g| name.owns(&g.tags));
    observed.file_system = file_system;
    observed.security_groups = security_groups;
    Ok(Found {
        observed,
        foreign,
        foreign_groups,
    })
}

/// Everything read once the file system is known, in one round where possible.
async fn about_file_system<C: Cloud>(cloud: &C, fs: &FileSystem, scope: Scope) -> Result<Observed> {
    let everything = scope == Scope::Everything;
    let keeps_data = scope != Scope::Mounting;
    let tagged_replica = fs.tags.get(REPLICA_TAG).and_then(|v| parse_replica_tag(v));
    let (mount_targets, backup, lifecycle, replication, tagged, policy, access_points) = tokio::try_join!(
        mount_targets(cloud, &fs.id, everything),
        async {
            Ok::<_, Error>(match everything {
                true => Some(cloud.backup_status(&fs.id).await?),
                false => None,
            })
        },
        async {
            Ok::<_, Error>(match everything {
                true => Some(cloud.lifecycle(&fs.id).await?),
                false => None,
            })
        },
        async {
            Ok::<_, Error>(match keeps_data {
                true => cloud.replication(&fs.id).await?,
                false => None,
            })
        },
        async {
            Ok::<_, Error>(match (keeps_data, tagged_replica) {
                (true, Some((region, id))) => cloud.replica(region, id).await?,
                _ => None,
            })
        },
        async {
            Ok::<_, Error>(match everything {
                true => cloud.policy(&fs.id).await?,
                false => None,
            })
        },
        async { Ok::<_, Error>(cloud.access_points(&fs.id).await?) },
    )?;
    // The replication names its replica; read it unless the tag already led there.
    let replica = match &replication {
        Some(r)
            if tagged.as_ref().map(|t| &t.file_system_id)
                != Some(&r.destination_file_system_id) =>
        {
            cloud
                .replica(&r.region, &r.destination_file_system_id)
                .await?
        }
        _ => tagged,
    };
    Ok(Observed {
        mount_targets,
        backup,
        lifecycle,
        replication,
        replica,
        policy,
        access_points,
        ..Observed::default()
    })
}

/// The file system's mount targets; with `groups`, each one's security groups too (needed to
/// plan drift, not to tear down). A mount target's groups are those of the network interface
/// EFS made for it, so one DescribeNetworkInterfaces answers for all of them; only a mount
/// target whose interface is missing from that answer costs a DescribeMountTargetSecurityGroups.
async fn mount_targets<C: Cloud>(cloud: &C, fs_id: &str, groups: bool) -> Result<Vec<MountTarget>> {
    if !groups {
        return Ok(cloud.mount_targets(fs_id).await?);
    }
    let listed = cloud.listed_mount_targets(fs_id).await?;
    let ids: Vec<String> = listed
        .iter()
        .filter(|l| !l.mount_target.state.is_going_away())
        .filter_map(|l| l.network_interface_id.clone())
        .collect();
    let interfaces: BTreeMap<String, Vec<String>> = match ids.is_empty() {
        true => BTreeMap::new(),
        false => cloud
            .network_interfaces(&ids)
            .await?
            .into_iter()
            .map(|n| (n.id, n.security_groups))
            .collect(),
    };
    let interfaces = &interfaces;
    try_join_all(listed.into_iter().map(|l| async move {
        let mut mt = l.mount_target;
        if !mt.state.is_going_away() {
            let known = l
                .network_interface_id
                .and_then(|id| interfaces.get(&id).cloned());
            mt.security_groups = Some(match known {
                Some(groups) => groups,
                None => cloud.mount_target_security_groups(&mt.id).await?,
            });
        }
        Ok(mt)
    }))
    .await
}

#[cfg(test)]
mod tests;
