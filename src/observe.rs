//! Reading what a deployment owns in AWS: the file system found by creation token (and checked
//! for the owner tag), its mount targets, and the security groups carrying the owner tag.
//!
//! A constant number of calls whatever else the account holds: DescribeFileSystems by token
//! and DescribeSecurityGroups with a tag filter are both server-side lookups, not listings.

use futures_util::future::try_join_all;

use crate::aws::Cloud;
use crate::deployment::{DeploymentName, OWNER_TAG};
use crate::error::Result;
use crate::model::{FileSystem, SecurityGroup};
use crate::plan::Observed;

/// What was found: the owned resources, and a file system that holds this deployment's
/// creation token without its owner tag (never touched, reported instead).
#[derive(Debug, Clone, Default)]
pub struct Found {
    pub observed: Observed,
    pub foreign: Option<FileSystem>,
}

/// Observes the deployment. With `mount_target_groups`, also describes each mount target's
/// security groups (needed to plan drift, not to tear down).
pub async fn observe<C: Cloud>(
    cloud: &C,
    name: &DeploymentName,
    mount_target_groups: bool,
) -> Result<Found> {
    let token = name.creation_token();
    let (file_system, groups) = tokio::try_join!(
        cloud.file_system_by_token(&token),
        cloud.security_groups_tagged(OWNER_TAG, name.as_str()),
    )?;
    let (file_system, foreign) = match file_system {
        Some(fs) if name.owns(&fs.tags) => (Some(fs), None),
        Some(fs) => (None, Some(fs)),
        None => (None, None),
    };
    let mut mount_targets = match &file_system {
        Some(fs) => cloud.mount_targets(&fs.id).await?,
        None => Vec::new(),
    };
    if mount_target_groups {
        let groups = try_join_all(mount_targets.iter().map(|mt| async move {
            if mt.state.is_going_away() {
                Ok(None)
            } else {
                cloud.mount_target_security_groups(&mt.id).await.map(Some)
            }
        }))
        .await?;
        for (mt, g) in mount_targets.iter_mut().zip(groups) {
            mt.security_groups = g;
        }
    }
    let security_groups = groups.into_iter().filter(|g| name.owns(&g.tags)).collect();
    Ok(Found {
        observed: Observed {
            file_system,
            mount_targets,
            security_groups,
        },
        foreign,
    })
}

/// The sentence shown when another file system holds the creation token.
pub fn foreign_message(fs: &FileSystem, name: &DeploymentName) -> String {
    format!(
        "file system {} holds creation token {} but is not tagged {OWNER_TAG}={name}; efsctl did not \
         create it and will not touch it: choose another --name",
        fs.id,
        name.creation_token()
    )
}

/// A group in `vpc_id` with the deployment's group name but not its owner tag. EC2 refuses a
/// second group of that name in the VPC, so `up` must stop before it creates anything else
/// (a file system made alongside would be left behind, billed).
pub async fn foreign_group<C: Cloud>(
    cloud: &C,
    vpc_id: &str,
    name: &DeploymentName,
) -> Result<Option<SecurityGroup>> {
    let group = cloud
        .security_group_named(vpc_id, &name.security_group_name())
        .await?;
    Ok(group.filter(|g| !name.owns(&g.tags)))
}

/// The sentence shown when another group holds the deployment's group name in its VPC.
pub fn foreign_group_message(group: &SecurityGroup, name: &DeploymentName) -> String {
    format!(
        "security group {} named {} already exists in {} but is not owned by deployment {name}; \
         efsctl will not adopt it: rename or delete it, or choose another --name",
        group.id, group.name, group.vpc_id
    )
}
