//! The file system a deployment asks for. Shared by `config` (which builds it from flags and
//! efsctl.yaml), the planner (which turns it into a CreateFileSystem request) and `cost` (which
//! prices it), so it lives below all three.

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
}
