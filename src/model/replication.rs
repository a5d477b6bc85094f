//! Replication to another region: what the user asks for ([`ReplicaSpec`]), the request that
//! creates it ([`NewReplication`]), and what EFS reports ([`Replication`]).
//!
//! EFS creates the destination (replica) file system itself, in the destination region, and keeps
//! it read-only while the replication exists. efsctl tags it as part of the deployment and
//! records where it is on the source file system, so a `teardown` that was interrupted after the
//! replication was deleted still finds the replica.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use super::api_rules;
use super::requests::Ref;

/// Tag on a replica: which part of the deployment it is.
pub const ROLE_TAG: &str = "efsctl:role";
/// [`ROLE_TAG`]'s value on a replica.
pub const REPLICA_ROLE: &str = "replica";
/// Tag on the source file system: `REGION/fs-id` of its replica.
pub const REPLICA_TAG: &str = "efsctl:replica";

/// The replica a deployment asks for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReplicaSpec {
    pub region: String,
    /// `None`: the destination region's AWS-managed key.
    pub kms_key: Option<String>,
    /// `Some(az)`: a One Zone replica in that AZ of the destination region.
    pub one_zone: Option<String>,
}

/// CreateReplicationConfiguration, one destination.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewReplication {
    pub source_file_system_id: Ref,
    pub region: String,
    pub availability_zone_name: Option<String>,
    pub kms_key_id: Option<String>,
}

impl NewReplication {
    pub fn check(&self) -> Result<(), String> {
        if let Some(key) = &self.kms_key_id {
            api_rules::kms_key_id(key)
                .map_err(|why| format!("invalid replica KMS key {key:?}: {why}"))?;
        }
        if let Some(az) = &self.availability_zone_name {
            api_rules::availability_zone_name(az)
                .map_err(|why| format!("invalid replica AZ {az:?}: {why}"))?;
        }
        api_rules::region_name(&self.region)
            .map_err(|why| format!("invalid replica region {:?}: {why}", self.region))
    }
}

/// `ReplicationStatus`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ReplicationStatus {
    Enabled,
    Enabling,
    Deleting,
    Error,
    Paused,
    Pausing,
    Other(String),
}

impl ReplicationStatus {
    pub fn parse(s: &str) -> Self {
        match s {
            "ENABLED" => Self::Enabled,
            "ENABLING" => Self::Enabling,
            "DELETING" => Self::Deleting,
            "ERROR" => Self::Error,
            "PAUSED" => Self::Paused,
            "PAUSING" => Self::Pausing,
            other => Self::Other(other.to_string()),
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            Self::Enabled => "enabled",
            Self::Enabling => "enabling",
            Self::Deleting => "deleting",
            Self::Error => "error",
            Self::Paused => "paused",
            Self::Pausing => "pausing",
            Self::Other(s) => s,
        }
    }
}

impl fmt::Display for ReplicationStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A replication configuration as EFS describes it, from the source's side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Replication {
    pub source_file_system_id: String,
    pub region: String,
    pub destination_file_system_id: String,
    pub status: ReplicationStatus,
    /// RFC 3339; `None` until the first sync finished.
    pub last_replicated: Option<String>,
    pub status_message: Option<String>,
}

/// The replica's own description, read in its region: what efsctl needs to know to adopt it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Replica {
    pub region: String,
    pub file_system_id: String,
    pub availability_zone: Option<String>,
    pub kms_key_id: Option<String>,
    pub tags: BTreeMap<String, String>,
}

/// `REGION/fs-id`, the value of [`REPLICA_TAG`].
pub fn replica_tag_value(region: &str, file_system_id: &str) -> String {
    format!("{region}/{file_system_id}")
}

/// Reads [`REPLICA_TAG`]'s value back.
pub fn parse_replica_tag(value: &str) -> Option<(&str, &str)> {
    let (region, id) = value.split_once('/')?;
    (!region.is_empty() && id.starts_with("fs-")).then_some((region, id))
}
