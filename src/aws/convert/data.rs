//! Conversions for the operations that keep the data (lifecycle policies, replication) and for
//! access points.

use aws_sdk_efs::types as efs;

use crate::model::{
    AccessPoint, Lifecycle, Replica, Replication, ReplicationStatus, TransitionDays,
    ACCESS_POINT_TAG,
};

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

pub(crate) fn access_point(d: &efs::AccessPointDescription) -> AccessPoint {
    let tags: std::collections::BTreeMap<String, String> = d
        .tags()
        .iter()
        .map(|t| (t.key().to_string(), t.value().to_string()))
        .collect();
    let id32 = |v: i64| u32::try_from(v).ok();
    let root = d.root_directory();
    let info = root.and_then(|r| r.creation_info());
    AccessPoint {
        id: d.access_point_id().unwrap_or_default().to_string(),
        arn: d.access_point_arn().unwrap_or_default().to_string(),
        file_system_id: d.file_system_id().unwrap_or_default().to_string(),
        name: tags.get(ACCESS_POINT_TAG).cloned(),
        path: root.and_then(|r| r.path()).unwrap_or("/").to_string(),
        uid: d.posix_user().and_then(|u| id32(u.uid())),
        gid: d.posix_user().and_then(|u| id32(u.gid())),
        mode: info.map(|i| i.permissions().to_string()),
        owner_uid: info.and_then(|i| id32(i.owner_uid())),
        owner_gid: info.and_then(|i| id32(i.owner_gid())),
        state: d
            .life_cycle_state()
            .map_or("available", |s| s.as_str())
            .to_string(),
        tags,
    }
}
