//! Planning what keeps the data: backups, the lifecycle policy, replication.

use super::*;
use crate::model::{Replica, ReplicaSpec, Replication, ReplicationStatus, REPLICA_TAG};

fn kinds(plan: &Plan) -> Vec<String> {
    plan.changes()
        .map(|s| match &s.op {
            super::super::Op::Backup(_)
            | super::super::Op::Lifecycle(_)
            | super::super::Op::Replication(_) => serde_json::to_value(&s.op).unwrap()["op"]
                .as_str()
                .unwrap()
                .to_string(),
            other => format!("{other:?}"),
        })
        .collect()
}

fn replica_spec() -> ReplicaSpec {
    ReplicaSpec {
        region: "us-west-2".into(),
        kms_key: None,
        one_zone: None,
    }
}

fn replication() -> Replication {
    Replication {
        source_file_system_id: FS.into(),
        region: "us-west-2".into(),
        destination_file_system_id: "fs-r".into(),
        status: ReplicationStatus::Enabled,
        last_replicated: Some("2026-11-28T05:00:00Z".into()),
        status_message: None,
    }
}

fn replica(tags: std::collections::BTreeMap<String, String>) -> Replica {
    Replica {
        region: "us-west-2".into(),
        file_system_id: "fs-r".into(),
        availability_zone: None,
        kms_key_id: None,
        tags,
    }
}

/// Converged with a replica, both sides tagged.
fn replicated() -> (Desired, Observed) {
    let mut want = desired(&[A]);
    want.file_system.replica = Some(replica_spec());
    let mut have = converged(&want);
    have.replication = Some(replication());
    have.file_system
        .as_mut()
        .unwrap()
        .tags
        .insert(REPLICA_TAG.into(), "us-west-2/fs-r".into());
    have.replica = Some(replica(replication::replica_tags(&name())));
    (want, have)
}

#[test]
fn a_new_file_system_gets_backups_from_its_create_request_and_a_lifecycle_put() {
    let want = desired(&[A]);
    let plan = plan_up(&want, &Observed::default());
    let create = plan
        .ops::<file_system::Op>()
        .find_map(|op| match op {
            file_system::Op::Create { request } => Some(request.clone()),
            _ => None,
        })
        .unwrap();
    assert!(create.backup, "Backup=true in CreateFileSystem");
    let put = plan
        .ops::<lifecycle::Op>()
        .next()
        .expect("a lifecycle step");
    assert_eq!(
        put,
        &lifecycle::Op::Put {
            file_system_id: Ref::Planned,
            lifecycle: default_lifecycle(),
            from: None,
        }
    );
    // --no-backup and no transitions: neither step.
    let mut bare = desired(&[A]);
    bare.file_system.backup = false;
    bare.file_system.lifecycle = Lifecycle::default();
    let plan = plan_up(&bare, &Observed::default());
    assert_eq!(plan.ops::<backup::Op>().count(), 0);
    assert_eq!(plan.ops::<lifecycle::Op>().count(), 0);
}

#[test]
fn backup_drift_is_repaired_both_ways() {
    let want = desired(&[A]);
    let mut have = converged(&want);
    have.backup = Some(BackupStatus::Disabled);
    assert_eq!(kinds(&plan_up(&want, &have)), ["put-backup-policy"]);

    let mut off = desired(&[A]);
    off.file_system.backup = false;
    let plan = plan_up(&off, &converged(&want));
    assert_eq!(kinds(&plan), ["put-backup-policy"]);
    assert!(plan.ops::<backup::Op>().any(|op| matches!(
        op,
        backup::Op::Put {
            enabled: false,
            from: BackupStatus::Enabled,
            ..
        }
    )));
    // Enabling counts as on: nothing to do.
    have.backup = Some(BackupStatus::Enabling);
    assert!(!plan_up(&want, &have).has_changes());
}

#[test]
fn a_different_lifecycle_is_put_whole() {
    let mut want = desired(&[A]);
    let have = converged(&want);
    want.file_system.lifecycle.transition_to_archive = None;
    want.file_system
        .lifecycle
        .transition_to_primary_on_first_access = true;
    let plan = plan_up(&want, &have);
    assert_eq!(kinds(&plan), ["put-lifecycle-configuration"]);
    let step = plan.changes().next().unwrap();
    assert_eq!(step.action, Action::Update);
    assert!(
        step.reason.contains("Archive after 90 days"),
        "{}",
        step.reason
    );
}

#[test]
fn replication_is_created_with_the_replicas_tags() {
    let mut want = desired(&[A]);
    want.file_system.replica = Some(ReplicaSpec {
        one_zone: Some("us-west-2b".into()),
        ..replica_spec()
    });
    let plan = plan_up(&want, &converged(&desired(&[A])));
    assert_eq!(kinds(&plan), ["create-replication"]);
    let Some(replication::Op::Create {
        request,
        replica_tags,
    }) = plan.ops::<replication::Op>().next()
    else {
        panic!("no create")
    };
    assert_eq!(request.source_file_system_id, Ref::existing(FS));
    assert_eq!(request.region, "us-west-2");
    assert_eq!(
        request.availability_zone_name.as_deref(),
        Some("us-west-2b")
    );
    assert_eq!(replica_tags["efsctl:deployment"], "ray");
    assert_eq!(replica_tags["efsctl:role"], "replica");
}

#[test]
fn a_replicated_deployment_keeps_it_and_repairs_missing_tags() {
    let (want, have) = replicated();
    let plan = plan_up(&want, &have);
    assert!(!plan.has_changes(), "{:?}", kinds(&plan));

    // Interrupted between CreateReplicationConfiguration and the tags.
    let (want, mut have) = replicated();
    have.file_system.as_mut().unwrap().tags.remove(REPLICA_TAG);
    have.replica = Some(replica(Default::default()));
    let plan = plan_up(&want, &have);
    assert_eq!(kinds(&plan), ["tag-file-system", "tag-file-system"]);
}

#[test]
fn dropping_replicate_to_deletes_the_replication_then_the_replica() {
    let (mut want, have) = replicated();
    want.file_system.replica = None;
    let plan = plan_up(&want, &have);
    assert_eq!(kinds(&plan), ["delete-replication", "delete-replica"]);
}

#[test]
fn the_destination_cannot_change_in_place() {
    let (mut want, have) = replicated();
    want.file_system.replica = Some(ReplicaSpec {
        region: "eu-west-1".into(),
        ..replica_spec()
    });
    let plan = plan_up(&want, &have);
    assert_eq!(plan.blockers.len(), 1, "{:?}", plan.blockers);
    assert!(plan.blockers[0].contains("replicates to us-west-2, not eu-west-1"));

    let (mut want, have) = replicated();
    want.file_system.replica = Some(ReplicaSpec {
        one_zone: Some("us-west-2a".into()),
        ..replica_spec()
    });
    let plan = plan_up(&want, &have);
    assert!(
        plan.blockers[0].contains("is Regional, not One Zone (us-west-2a)"),
        "{:?}",
        plan.blockers
    );
}

#[test]
fn teardown_deletes_the_replication_first_and_the_replica_unless_kept() {
    let (_, have) = replicated();
    let plan = plan_teardown(&name(), &have, false);
    let ops: Vec<String> = plan
        .steps
        .iter()
        .map(|s| {
            serde_json::to_value(&s.op).unwrap()["op"]
                .as_str()
                .unwrap()
                .to_string()
        })
        .collect();
    assert_eq!(
        ops[..3],
        [
            "delete-replication",
            "delete-replica",
            "delete-mount-target"
        ]
    );
    let kept = plan_teardown(&name(), &have, true);
    assert!(!kept
        .ops::<replication::Op>()
        .any(|op| matches!(op, replication::Op::DeleteReplica { .. })));

    // The replication is gone but the replica is still there (an interrupted teardown).
    let (_, mut have) = replicated();
    have.replication = None;
    let plan = plan_teardown(&name(), &have, false);
    assert!(plan.ops::<replication::Op>().any(|op| matches!(
        op,
        replication::Op::DeleteReplica { file_system_id, .. } if file_system_id == "fs-r"
    )));
}
