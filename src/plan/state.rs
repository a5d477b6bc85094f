//! The two inputs of planning: what should exist ([`Desired`], the request resolved against the
//! account) and what exists ([`Observed`], the deployment's own resources as AWS reports them).

use serde::Serialize;

use crate::deployment::DeploymentName;
use crate::model::{
    AccessPoint, AccessPointSpec, BackupStatus, ClientAccess, FileSystem, FileSystemSpec,
    IngressRule, Lifecycle, MountTarget, Replica, Replication, SecurityGroup,
};
use crate::placement::Target;

/// What should exist, fully resolved against the account (VPC, subnets and rules known).
#[derive(Debug, Clone, PartialEq)]
pub struct Desired {
    pub name: DeploymentName,
    pub file_system: FileSystemSpec,
    pub vpc_id: String,
    pub targets: Vec<Target>,
    /// Sorted, unique NFS rules.
    pub ingress: Vec<IngressRule>,
    /// How clients mount (the policy follows from it).
    pub clients: ClientAccess,
    pub access_points: Vec<AccessPointSpec>,
}

/// What exists and is owned by the deployment.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Observed {
    pub file_system: Option<FileSystem>,
    /// Mount targets of that file system, with their security groups when described.
    pub mount_targets: Vec<MountTarget>,
    /// Security groups carrying the deployment's owner tag, in any VPC.
    pub security_groups: Vec<SecurityGroup>,
    /// The file system's automatic-backup state (read only when it exists).
    pub backup: Option<BackupStatus>,
    /// The file system's lifecycle policy (read only when it exists).
    pub lifecycle: Option<Lifecycle>,
    /// The replication whose source is the file system.
    pub replication: Option<Replication>,
    /// The replica, described in its region: found through the replication, or through the
    /// source's `efsctl:replica` tag once the replication is gone.
    pub replica: Option<Replica>,
    /// The file system policy in place (`None`: EFS's default, no policy).
    pub policy: Option<String>,
    /// Every access point of the file system, owned or not.
    pub access_points: Vec<AccessPoint>,
}

impl Observed {
    pub fn is_empty(&self) -> bool {
        self.file_system.is_none()
            && self.mount_targets.is_empty()
            && self.security_groups.is_empty()
            && self.replica.is_none()
    }
}
