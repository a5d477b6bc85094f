//! Planning replication to another region: create it (and tag the replica as part of the
//! deployment, and record where it is on the source), keep it, repair missing tags, or delete
//! it (with the replica) when it is no longer asked for. The destination cannot change in place.

use std::collections::BTreeMap;

use serde::Serialize;

use super::action::{Action, Describe};
use super::state::{Desired, Observed};
use crate::deployment::{owner, DeploymentName};
use crate::model::{
    replica_tag_value, NewReplication, Ref, ReplicationStatus, REPLICA_ROLE, REPLICA_TAG, ROLE_TAG,
};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op")]
pub enum Op {
    /// CreateReplicationConfiguration, then the tags (source first, so a `teardown` interrupted
    /// later still finds the replica).
    #[serde(rename = "create-replication")]
    Create {
        request: NewReplication,
        /// The replica's tags: the deployment's, plus its role.
        replica_tags: BTreeMap<String, String>,
    },
    #[serde(rename = "keep-replication")]
    Keep {
        region: String,
        destination_file_system_id: String,
        status: ReplicationStatus,
    },
    /// TagResource on the source (`region` None) or the replica, left untagged by an
    /// interrupted run.
    #[serde(rename = "tag-file-system")]
    Tag {
        region: Option<String>,
        file_system_id: String,
        tags: BTreeMap<String, String>,
    },
    /// DeleteReplicationConfiguration, then until it is gone (minutes on AWS).
    #[serde(rename = "delete-replication")]
    Delete {
        source_file_system_id: String,
        region: String,
        destination_file_system_id: String,
    },
    /// DeleteFileSystem in the replica's region, once the replication is gone.
    #[serde(rename = "delete-replica")]
    DeleteReplica {
        region: String,
        file_system_id: String,
    },
}

impl Describe for Op {
    fn action(&self) -> Action {
        match self {
            Op::Create { .. } => Action::Create,
            Op::Keep { .. } => Action::Keep,
            Op::Tag { .. } => Action::Update,
            Op::Delete { .. } | Op::DeleteReplica { .. } => Action::Delete,
        }
    }
    fn resource(&self) -> String {
        match self {
            Op::Create { request, .. } => format!("replication to {}", request.region),
            Op::Keep {
                region,
                destination_file_system_id,
                status,
            } => format!("replication to {region} ({destination_file_system_id}, {status})"),
            Op::Tag {
                region: Some(region),
                file_system_id,
                ..
            } => format!("replica {file_system_id} in {region} tags"),
            Op::Tag { file_system_id, .. } => format!("file system {file_system_id} tags"),
            Op::Delete {
                region,
                destination_file_system_id,
                ..
            } => format!("replication to {region} ({destination_file_system_id})"),
            Op::DeleteReplica {
                region,
                file_system_id,
            } => format!("replica {file_system_id} in {region}"),
        }
    }
    fn check(&self) -> Result<(), String> {
        match self {
            Op::Create { request, .. } => request.check(),
            _ => Ok(()),
        }
    }
}

/// The tags that make a replica part of deployment `name`.
pub fn replica_tags(name: &DeploymentName) -> BTreeMap<String, String> {
    let mut tags = name.tags();
    tags.insert(ROLE_TAG.to_string(), REPLICA_ROLE.to_string());
    tags
}

pub fn plan(desired: &Desired, observed: &Observed) -> Vec<(Op, String)> {
    let want = desired.file_system.replica.as_ref();
    let source = observed.file_system.as_ref();
    match (want, &observed.replication) {
        (None, None) => Vec::new(),
        (Some(spec), None) => vec![(
            Op::Create {
                request: NewReplication {
                    source_file_system_id: source.map_or(Ref::Planned, |fs| Ref::existing(&fs.id)),
                    region: spec.region.clone(),
                    availability_zone_name: spec.one_zone.clone(),
                    kms_key_id: spec.kms_key.clone(),
                },
                replica_tags: replica_tags(&desired.name),
            },
            format!("--replicate-to {}: no replication yet", spec.region),
        )],
        (None, Some(r)) => {
            let mut steps = vec![(
                Op::Delete {
                    source_file_system_id: r.source_file_system_id.clone(),
                    region: r.region.clone(),
                    destination_file_system_id: r.destination_file_system_id.clone(),
                },
                "no --replicate-to: the deployment no longer replicates".to_string(),
            )];
            steps.push((
                Op::DeleteReplica {
                    region: r.region.clone(),
                    file_system_id: r.destination_file_system_id.clone(),
                },
                "the replica is part of the deployment; run `efsctl teardown --keep-replica` \
                 instead to keep it"
                    .to_string(),
            ));
            steps
        }
        (Some(_), Some(r)) => {
            let mut steps = vec![(
                Op::Keep {
                    region: r.region.clone(),
                    destination_file_system_id: r.destination_file_system_id.clone(),
                    status: r.status.clone(),
                },
                match &r.last_replicated {
                    Some(t) => format!("last replicated {t}"),
                    None => "not replicated yet".to_string(),
                },
            )];
            let record = replica_tag_value(&r.region, &r.destination_file_system_id);
            if let Some(fs) = source.filter(|fs| fs.tags.get(REPLICA_TAG) != Some(&record)) {
                steps.push((
                    Op::Tag {
                        region: None,
                        file_system_id: fs.id.clone(),
                        tags: BTreeMap::from([(REPLICA_TAG.to_string(), record)]),
                    },
                    "records where the replica is, so teardown always finds it".to_string(),
                ));
            }
            let tagged = observed
                .replica
                .as_ref()
                .is_some_and(|rep| owner(&rep.tags) == Some(desired.name.as_str()));
            if !tagged {
                steps.push((
                    Op::Tag {
                        region: Some(r.region.clone()),
                        file_system_id: r.destination_file_system_id.clone(),
                        tags: replica_tags(&desired.name),
                    },
                    "the replica is not yet tagged as part of the deployment".to_string(),
                ));
            }
            steps
        }
    }
}

/// A replica cannot move, nor change its storage class or key: a new one would be needed.
pub fn blockers(desired: &Desired, observed: &Observed) -> Vec<String> {
    let (Some(want), Some(have)) = (&desired.file_system.replica, &observed.replication) else {
        return Vec::new();
    };
    let name = &desired.name;
    let how = format!(
        "drop --replicate-to to delete the replication and the replica, then run up again with the \
         new settings (or `efsctl teardown --name {name}`)"
    );
    let mut blockers = Vec::new();
    if want.region != have.region {
        blockers.push(format!(
            "deployment {name} replicates to {}, not {}: the destination cannot change; {how}",
            have.region, want.region
        ));
        return blockers;
    }
    if let Some(replica) = &observed.replica {
        if replica.availability_zone != want.one_zone {
            let kind = |az: &Option<String>| {
                az.as_ref()
                    .map_or("Regional".to_string(), |z| format!("One Zone ({z})"))
            };
            blockers.push(format!(
                "replica {} is {}, not {}: its storage class cannot change; {how}",
                replica.file_system_id,
                kind(&replica.availability_zone),
                kind(&want.one_zone)
            ));
        }
        if let (Some(want_key), Some(have_key)) = (&want.kms_key, &replica.kms_key_id) {
            let is_alias = want_key.starts_with("alias/") || want_key.contains(":alias/");
            if !is_alias && !have_key.ends_with(want_key.as_str()) {
                blockers.push(format!(
                    "replica {} is encrypted with {have_key}, not {want_key}: the key cannot change; {how}",
                    replica.file_system_id
                ));
            }
        }
    }
    blockers
}

/// `teardown`: the replication first, then (unless kept) the replica, found through the
/// replication or, once that is gone, through the source's tag.
pub fn plan_teardown(observed: &Observed, keep_replica: bool) -> Vec<(Op, String)> {
    let mut steps = Vec::new();
    if let Some(r) = &observed.replication {
        steps.push((
            Op::Delete {
                source_file_system_id: r.source_file_system_id.clone(),
                region: r.region.clone(),
                destination_file_system_id: r.destination_file_system_id.clone(),
            },
            "first: neither file system can be deleted while it replicates".to_string(),
        ));
    }
    let replica: Option<(&str, &str)> = match (&observed.replication, &observed.replica) {
        (Some(r), _) => Some((&r.region, &r.destination_file_system_id)),
        (None, Some(rep)) => Some((&rep.region, &rep.file_system_id)),
        (None, None) => None,
    };
    if let (Some((region, id)), false) = (replica, keep_replica) {
        steps.push((
            Op::DeleteReplica {
                region: region.to_string(),
                file_system_id: id.to_string(),
            },
            "once the replication is gone (--keep-replica keeps it)".to_string(),
        ));
    }
    steps
}
