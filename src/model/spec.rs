//! The file system a deployment asks for. Shared by `config` (which builds it from flags and
//! efsctl.yaml), the planner (which turns it into a CreateFileSystem request) and `cost` (which
//! prices it), so it lives below all three.

use super::lifecycle::Lifecycle;
use super::replication::ReplicaSpec;
use super::resources::{PerformanceMode, Throughput};

/// The file system to have.
#[derive(Debug, Clone, PartialEq)]
pub struct FileSystemSpec {
    pub performance_mode: PerformanceMode,
    pub throughput: Throughput,
    /// `None`: encrypted with the AWS-managed key `aws/elasticfilesystem`.
    pub kms_key: Option<String>,
    /// `Some(az)`: a One Zone file system in that AZ.
    pub one_zone: Option<String>,
    /// Automatic backups (AWS Backup's default plan): on unless `--no-backup`.
    pub backup: bool,
    pub lifecycle: Lifecycle,
    /// A replica in another region, kept in sync by EFS replication.
    pub replica: Option<ReplicaSpec>,
}
