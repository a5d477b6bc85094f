//! The AWS boundary: one narrow trait ([`Cloud`]) for every call efsctl makes, its SDK adapter,
//! and typed errors that keep the AWS error code.
//!
//! Everything above this module speaks efsctl's own model types. Errors are matched by their AWS
//! code (`FileSystemAlreadyExists`, `DependencyViolation`, ...), never by message text.

mod convert;
pub(crate) mod error;
pub mod pricing;
mod sdk;
pub mod sdk_config;

use std::collections::BTreeMap;
use std::future::Future;

pub use error::{codes, AwsError, FailureKind};
pub use sdk::SdkCloud;

use crate::model::{
    AccessPoint, BackupStatus, FileSystem, IngressRule, Instance, Lifecycle, ListedMountTarget,
    MountTarget, NetworkInterface, NewAccessPoint, NewFileSystem, NewSecurityGroup, Replica,
    ReplicaSpec, Replication, SecurityGroup, Subnet, Throughput, Vpc, VpcDns,
};

type Res<T> = Result<T, AwsError>;

/// Every AWS operation efsctl uses, one sub-trait per service. The futures are `Send` so
/// steps can run on tokio tasks.
///
/// Each method is one API call (or one paginated listing): retries for transient faults live in
/// the SDK's retry layer, convergence loops live in `apply`/`wait`, never here.
pub trait Cloud:
    Efs + EfsData + EfsAccess + Ec2 + Kms + Inventory + Clone + Send + Sync + 'static
{
}

impl<T: Efs + EfsData + EfsAccess + Ec2 + Kms + Inventory + Clone + Send + Sync + 'static> Cloud
    for T
{
}

/// Amazon EFS.
pub trait Efs {
    fn file_system_by_token(
        &self,
        token: &str,
    ) -> impl Future<Output = Res<Option<FileSystem>>> + Send;
    fn file_system_by_id(&self, id: &str) -> impl Future<Output = Res<Option<FileSystem>>> + Send;
    fn create_file_system(
        &self,
        req: &NewFileSystem,
    ) -> impl Future<Output = Res<FileSystem>> + Send;
    fn update_throughput(
        &self,
        id: &str,
        throughput: Throughput,
    ) -> impl Future<Output = Res<()>> + Send;
    fn delete_file_system(&self, id: &str) -> impl Future<Output = Res<()>> + Send;
    fn mount_targets(
        &self,
        file_system_id: &str,
    ) -> impl Future<Output = Res<Vec<MountTarget>>> + Send;
    fn mount_target_security_groups(
        &self,
        mount_target_id: &str,
    ) -> impl Future<Output = Res<Vec<String>>> + Send;
    fn create_mount_target(
        &self,
        file_system_id: &str,
        subnet_id: &str,
        security_groups: &[String],
    ) -> impl Future<Output = Res<MountTarget>> + Send;
    fn set_mount_target_security_groups(
        &self,
        mount_target_id: &str,
        security_groups: &[String],
    ) -> impl Future<Output = Res<()>> + Send;
    fn delete_mount_target(&self, mount_target_id: &str) -> impl Future<Output = Res<()>> + Send;
}

/// Amazon EFS, keeping the data: backups, lifecycle, replication. Calls with a `region` go to
/// that region's EFS endpoint (a replica lives in another region than its source).
pub trait EfsData {
    /// DescribeBackupPolicy; a file system without a policy (PolicyNotFound) has backups off.
    fn backup_status(&self, file_system_id: &str)
        -> impl Future<Output = Res<BackupStatus>> + Send;
    fn put_backup(
        &self,
        file_system_id: &str,
        enabled: bool,
    ) -> impl Future<Output = Res<BackupStatus>> + Send;
    fn lifecycle(&self, file_system_id: &str) -> impl Future<Output = Res<Lifecycle>> + Send;
    fn put_lifecycle(
        &self,
        file_system_id: &str,
        lifecycle: &Lifecycle,
    ) -> impl Future<Output = Res<()>> + Send;
    /// The replication whose source is this file system; `None` for ReplicationNotFound.
    fn replication(
        &self,
        file_system_id: &str,
    ) -> impl Future<Output = Res<Option<Replication>>> + Send;
    /// CreateReplicationConfiguration with one destination.
    fn create_replication(
        &self,
        source_file_system_id: &str,
        destination: &ReplicaSpec,
    ) -> impl Future<Output = Res<Replication>> + Send;
    fn delete_replication(
        &self,
        source_file_system_id: &str,
    ) -> impl Future<Output = Res<()>> + Send;
    /// A file system in another region (a replica), or `None` if it does not exist.
    fn replica(
        &self,
        region: &str,
        file_system_id: &str,
    ) -> impl Future<Output = Res<Option<Replica>>> + Send;
    /// TagResource on a file system, in `region` (`None`: this region).
    fn tag_file_system(
        &self,
        region: Option<&str>,
        file_system_id: &str,
        tags: &BTreeMap<String, String>,
    ) -> impl Future<Output = Res<()>> + Send;
    /// DeleteFileSystem in `region`.
    fn delete_file_system_in(
        &self,
        region: &str,
        file_system_id: &str,
    ) -> impl Future<Output = Res<()>> + Send;
}

/// Amazon EFS, who may mount and as whom: the file system policy and access points.
pub trait EfsAccess {
    /// DescribeFileSystemPolicy; `None` for PolicyNotFound (EFS's default policy).
    fn policy(&self, file_system_id: &str) -> impl Future<Output = Res<Option<String>>> + Send;
    fn put_policy(
        &self,
        file_system_id: &str,
        policy: &str,
    ) -> impl Future<Output = Res<()>> + Send;
    fn delete_policy(&self, file_system_id: &str) -> impl Future<Output = Res<()>> + Send;
    /// Every access point of the file system (all pages).
    fn access_points(
        &self,
        file_system_id: &str,
    ) -> impl Future<Output = Res<Vec<AccessPoint>>> + Send;
    /// CreateAccessPoint; `request.file_system_id` must be an existing id.
    fn create_access_point(
        &self,
        file_system_id: &str,
        request: &NewAccessPoint,
    ) -> impl Future<Output = Res<AccessPoint>> + Send;
    fn delete_access_point(&self, access_point_id: &str) -> impl Future<Output = Res<()>> + Send;
}

/// Amazon EC2: VPCs, subnets, security groups.
pub trait Ec2 {
    /// The VPC with this id, or the account's default VPC for `None`; `Ok(None)` if absent.
    fn vpc(&self, id: Option<&str>) -> impl Future<Output = Res<Option<Vpc>>> + Send;
    fn vpc_dns(&self, vpc_id: &str) -> impl Future<Output = Res<VpcDns>> + Send;
    fn subnets_in_vpc(&self, vpc_id: &str) -> impl Future<Output = Res<Vec<Subnet>>> + Send;
    /// The named subnets; AWS answers InvalidSubnetID.NotFound if any is missing.
    fn subnets(&self, ids: &[String]) -> impl Future<Output = Res<Vec<Subnet>>> + Send;
    /// The named groups; AWS answers InvalidGroup.NotFound if any is missing.
    fn security_groups(
        &self,
        ids: &[String],
    ) -> impl Future<Output = Res<Vec<SecurityGroup>>> + Send;
    /// Every security group with this name, in any VPC (names are unique per VPC only).
    fn security_groups_named(
        &self,
        name: &str,
    ) -> impl Future<Output = Res<Vec<SecurityGroup>>> + Send;
    fn security_group_named(
        &self,
        vpc_id: &str,
        name: &str,
    ) -> impl Future<Output = Res<Option<SecurityGroup>>> + Send;
    fn create_security_group(
        &self,
        req: &NewSecurityGroup,
    ) -> impl Future<Output = Res<String>> + Send;
    fn authorize_ingress(
        &self,
        group_id: &str,
        rules: &[IngressRule],
    ) -> impl Future<Output = Res<()>> + Send;
    fn revoke_ingress(
        &self,
        group_id: &str,
        rules: &[IngressRule],
    ) -> impl Future<Output = Res<()>> + Send;
    fn authorize_egress(
        &self,
        group_id: &str,
        rules: &[IngressRule],
    ) -> impl Future<Output = Res<()>> + Send;
    fn revoke_egress(
        &self,
        group_id: &str,
        rules: &[IngressRule],
    ) -> impl Future<Output = Res<()>> + Send;
    fn delete_security_group(&self, group_id: &str) -> impl Future<Output = Res<()>> + Send;
    /// Instances carrying tag `key=value` that are pending, running, stopping or stopped (every
    /// page): a Ray cluster's nodes.
    fn instances_tagged(
        &self,
        key: &str,
        value: &str,
    ) -> impl Future<Output = Res<Vec<Instance>>> + Send;
    /// Whether an active VPC peering connection joins the two VPCs, whichever side asked for it.
    fn vpcs_peered(&self, a: &str, b: &str) -> impl Future<Output = Res<bool>> + Send;
}

/// AWS KMS.
pub trait Kms {
    /// Whether the key (id, ARN, alias/NAME or alias ARN) exists: `Ok(false)` for KMS's
    /// NotFoundException; other failures (e.g. AccessDeniedException) are errors.
    fn kms_key_exists(&self, key: &str) -> impl Future<Output = Res<bool>> + Send;
}

/// Reads over many resources at once, for `audit` (and the mount targets' groups `observe`
/// reads for drift): the region's whole listing of file systems,
/// and describes that take many ids per call. Ids that no longer exist are left out of an
/// answer, never an error: an audit of a busy account must not stop because one resource went.
pub trait Inventory {
    /// DescribeFileSystems without a filter: every file system in the region, following
    /// NextMarker to the last page.
    fn all_file_systems(&self) -> impl Future<Output = Res<Vec<FileSystem>>> + Send;
    /// DescribeMountTargets(FileSystemId), all pages, each with its network interface id.
    fn listed_mount_targets(
        &self,
        file_system_id: &str,
    ) -> impl Future<Output = Res<Vec<ListedMountTarget>>> + Send;
    /// DescribeNetworkInterfaces filtered by `network-interface-id`, many ids per call, all
    /// pages.
    fn network_interfaces(
        &self,
        ids: &[String],
    ) -> impl Future<Output = Res<Vec<NetworkInterface>>> + Send;
    /// DescribeSecurityGroups filtered by `group-id`, many ids per call, all pages.
    fn security_groups_by_id(
        &self,
        ids: &[String],
    ) -> impl Future<Output = Res<Vec<SecurityGroup>>> + Send;
}
