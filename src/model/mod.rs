//! efsctl's own types: the AWS resources it manages, the file system it is asked for, and the
//! requests it sends to create them.
//!
//! The AWS adapter converts SDK types into these, so planning, rendering and tests never touch
//! SDK types. This is the ground floor (with `error`): it imports nothing else of the crate.

mod access;
pub mod api_rules;
mod inventory;
mod lifecycle;
mod replication;
mod requests;
mod resources;
mod spec;

pub use access::{
    identity_policy, normalized_policy, policy_id, policy_summary, AccessPoint, AccessPointSpec,
    ClientAccess, MountMode, NewAccessPoint, ACCESS_POINT_TAG, MOUNT_MODE_TAG,
};
pub use inventory::{ListedMountTarget, NetworkInterface};
pub use lifecycle::{BackupStatus, Lifecycle, TransitionDays};
pub use replication::{
    parse_replica_tag, replica_tag_value, NewReplication, Replica, ReplicaSpec, Replication,
    ReplicationStatus, REPLICA_ROLE, REPLICA_TAG, ROLE_TAG,
};
pub use requests::{NewFileSystem, NewMountTarget, NewSecurityGroup, Ref, KNOWN_AFTER_APPLY};
pub use resources::*;
pub use spec::FileSystemSpec;
