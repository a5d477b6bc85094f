//! Conversions for the operations that keep the data: lifecycle policies, replication.

use aws_sdk_efs::types as efs;

use crate::model::{Lifecycle, Replica, Replication, ReplicationStatus, TransitionDays};

/// EFS's policy list: one rule per element, as PutLifecycleConfiguration wants it.
pub(crate) fn lifecycle_policies(l: &Lifecycle) -> Vec<efs::LifecyclePolicy> {
    let mut policies = Vec::new();
    if let Some(d) = l.transition_to_ia {
        policies.push(
            efs::LifecyclePolicy::builder()
                .transition_to_ia(efs::TransitionToIaRules::from(d.api_name().as_str()))
                .build(),
        );
    }
    if let Some(d) = l.transition_to_archive {
        policies.push(
            efs::LifecyclePolicy::builder()
                .transition_to_archive(efs::TransitionToArchiveRules::from(d.api_name().as_str()))
                .build(),
        );
    }
    if l.transition_to_primary_on_first_access {
        policies.push(
            efs::LifecyclePolicy::builder()
                .transition_to_primary_storage_class(
                    efs::TransitionToPrimaryStorageClassRules::After1Access,
                )
                .build(),
        );
    }
    policies
}

pub(crate) fn lifecycle(policies: &[efs::LifecyclePolicy]) -> Lifecycle {
    let mut l = Lifecycle::default();
    for p in policies {
        if let Some(r) = p.transition_to_ia() {
            l.transition_to_ia = TransitionDays::from_api_name(r.as_str());
        }
        if let Some(r) = p.transition_to_archive() {
            l.transition_to_archive = TransitionDays::from_api_name(r.as_str());
        }
        if p.transition_to_primary_storage_class().is_some() {
            l.transition_to_primary_on_first_access = true;
        }
    }
    l
}

/// The first destination of a replication configuration (EFS allows one).
pub(crate) fn replication(d: &efs::ReplicationConfigurationDescription) -> Option<Replication> {
    let dest = d.destinations().first()?;
    Some(Replication {
        source_file_system_id: d.source_file_system_id().to_string(),
        region: dest.region().to_string(),
        destination_file_system_id: dest.file_system_id().to_string(),
        status: ReplicationStatus::parse(dest.status().as_str()),
        last_replicated: dest.last_replicated_timestamp().and_then(|t| {
            t.fmt(aws_sdk_efs::primitives::DateTimeFormat::DateTime)
                .ok()
        }),
        status_message: dest.status_message().map(str::to_string),
    })
}

pub(crate) fn replica(region: &str, d: &efs::FileSystemDescription) -> Replica {
    Replica {
        region: region.to_string(),
        file_system_id: d.file_system_id().to_string(),
        availability_zone: d.availability_zone_name().map(str::to_string),
        kms_key_id: d.kms_key_id().map(str::to_string),
        tags: d
            .tags()
            .iter()
            .map(|t| (t.key().to_string(), t.value().to_string()))
            .collect(),
    }
}
