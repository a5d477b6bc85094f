//! Reading what a deployment owns in AWS: the file system found by creation token (and checked
//! for the owner tag), its mount targets, and the security groups named `efsctl-<name>` (owned
//! when they carry the owner tag; look-alikes otherwise, reported, never touched).
//!
//! A constant number of calls whatever else the account holds: DescribeFileSystems by token
//! and DescribeSecurityGroups with a group-name filter are both server-side lookups, not
//! listings. efsctl always creates its group under that name, so one name lookup finds both the
//! owned groups and any look-alike that would block creating one.

use futures_util::future::try_join_all;

use crate::aws::Cloud;
use crate::deployment::DeploymentName;
use crate::error::Result;
use crate::model::{FileSystem, SecurityGroup};
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

/// Observes the deployment. With `mount_target_groups`, also describes each mount target's
/// security groups (needed to plan drift, not to tear down).
pub async fn observe<C: Cloud>(
    cloud: &C,
    name: &DeploymentName,
    mount_target_groups: bool,
) -> Result<Found> {
    let (token, group_name) = (name.creation_token(), name.security_group_name());
    let (file_system, groups) = tokio::try_join!(
        cloud.file_system_by_token(&token),
        cloud.security_groups_named(&group_name),
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
    let (security_groups, foreign_groups) = groups.into_iter().partition(|g| name.owns(&g.tags));
    Ok(Found {
        observed: Observed {
            file_system,
            mount_targets,
            security_groups,
        },
        foreign,
        foreign_groups,
    })
}
