//! Planning the file system: create it (encrypted, with the requested modes), keep it, repair
//! throughput drift in place, or block when only a new file system could satisfy the request.

use serde::Serialize;

use super::action::{Action, Describe};
use super::state::{Desired, Observed};
use crate::model::{FileSystem, LifeCycleState, NewFileSystem, Throughput, MOUNT_MODE_TAG};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op")]
pub enum Op {
    #[serde(rename = "create-file-system")]
    Create { request: NewFileSystem },
    /// The file system as observed: `apply` waits for it if it is not yet available.
    #[serde(rename = "keep-file-system")]
    Keep {
        id: String,
        #[serde(skip)]
        current: Box<FileSystem>,
    },
    /// UpdateFileSystem: throughput mode (and rate) can change in place.
    #[serde(rename = "update-throughput")]
    UpdateThroughput {
        id: String,
        from: Throughput,
        to: Throughput,
    },
    #[serde(rename = "delete-file-system")]
    Delete { id: String },
}

impl Describe for Op {
    fn action(&self) -> Action {
        match self {
            Op::Create { .. } => Action::Create,
            Op::Keep { .. } => Action::Keep,
            Op::UpdateThroughput { .. } => Action::Update,
            Op::Delete { .. } => Action::Delete,
        }
    }
    fn resource(&self) -> String {
        match self {
            Op::Create { .. } => "file system".to_string(),
            Op::Keep { id, .. } | Op::Delete { id } => format!("file system {id}"),
            Op::UpdateThroughput { id, .. } => format!("file system {id} throughput"),
        }
    }
    fn check(&self) -> Result<(), String> {
        match self {
            Op::Create { request } => request.check(),
            _ => Ok(()),
        }
    }
}

/// The CreateFileSystem request for the desired file system.
pub fn request(desired: &Desired) -> NewFileSystem {
    let spec = &desired.file_system;
    NewFileSystem {
        creation_token: desired.name.creation_token(),
        encrypted: true,
        kms_key_id: spec.kms_key.clone(),
        performance_mode: spec.performance_mode,
        throughput: spec.throughput,
        availability_zone_name: spec.one_zone.clone(),
        backup: spec.backup,
        tags: {
            let mut tags = desired.name.tags();
            tags.insert(
                MOUNT_MODE_TAG.to_string(),
                desired.clients.tag_value().to_string(),
            );
            tags
        },
    }
}

pub fn plan(desired: &Desired, observed: &Observed) -> Vec<(Op, String)> {
    let Some(fs) = &observed.file_system else {
        return vec![(
            Op::Create {
                request: request(desired),
            },
            format!(
                "no file system with creation token {}",
                desired.name.creation_token()
            ),
        )];
    };
    let reason = if fs.state == LifeCycleState::Available {
        "exists".to_string()
    } else {
        format!("exists ({})", fs.state)
    };
    let mut steps = vec![(
        Op::Keep {
            id: fs.id.clone(),
            current: Box::new(fs.clone()),
        },
        reason,
    )];
    let want = desired.file_system.throughput;
    if fs.throughput != want {
        steps.push((
            Op::UpdateThroughput {
                id: fs.id.clone(),
                from: fs.throughput,
                to: want,
            },
            format!("throughput is {}, wanted {want}", fs.throughput),
        ));
    }
    steps
}

/// Differences only a new file system (or a finished teardown) could resolve.
pub fn blockers(desired: &Desired, observed: &Observed) -> Vec<String> {
    let Some(fs) = &observed.file_system else {
        return Vec::new();
    };
    let name = &desired.name;
    let want = &desired.file_system;
    let mut blockers = Vec::new();
    if fs.state.is_going_away() {
        blockers.push(format!(
            "file system {} is {}; wait for the running teardown to finish, then run up again",
            fs.id, fs.state
        ));
    }
    if fs.performance_mode != want.performance_mode {
        blockers.push(format!(
            "file system {} is {}, not {}: performance mode cannot change; run `efsctl teardown --name {name}` first",
            fs.id, fs.performance_mode, want.performance_mode
        ));
    }
    if fs.availability_zone != want.one_zone {
        let kind = |az: &Option<String>| {
            az.as_ref()
                .map_or("Regional".to_string(), |z| format!("One Zone ({z})"))
        };
        blockers.push(format!(
            "file system {} is {}, not {}: storage class cannot change; run `efsctl teardown --name {name}` first",
            fs.id,
            kind(&fs.availability_zone),
            kind(&want.one_zone)
        ));
    }
    if !fs.encrypted {
        blockers.push(format!(
            "file system {} is not encrypted at rest; efsctl will not adopt it",
            fs.id
        ));
    }
    if let (Some(want_key), Some(have_key)) = (&want.kms_key, &fs.kms_key_id) {
        // EFS reports the key ARN; accept the same key given as id or ARN only when it matches
        // textually. Aliases, as alias/NAME or as an alias ARN, cannot be resolved without KMS
        // access, so they are accepted as they are.
        let is_alias = want_key.starts_with("alias/") || want_key.contains(":alias/");
        if !is_alias && !have_key.ends_with(want_key.as_str()) {
            blockers.push(format!(
                "file system {} is encrypted with {have_key}, not {want_key}: the key cannot change",
                fs.id
            ));
        }
    }
    blockers
}

/// `teardown`: after its mount targets are gone.
pub fn plan_teardown(observed: &Observed) -> Vec<(Op, String)> {
    observed
        .file_system
        .iter()
        .map(|fs| {
            (
                Op::Delete { id: fs.id.clone() },
                "after its mount targets are gone".to_string(),
            )
        })
        .collect()
}
