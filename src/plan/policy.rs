//! Planning how clients mount: the `efsctl:mount-mode` tag on the file system and the file system
//! policy that follows from the mode (deny unencrypted transport in TLS mode, no anonymous mount
//! with `--iam-auth`, no root with `--root-squash`). A policy efsctl did not write is left alone,
//! unless it would lock out the mounts efsctl generates.

use serde::Serialize;
use serde_json::Value;

use super::action::{Action, Describe};
use super::state::{Desired, Observed};
use crate::model::{
    normalized_policy, policy_id, policy_summary as summary, MountMode, Ref, MOUNT_MODE_TAG,
};

/// EFS's limit on a file system policy (PutFileSystemPolicy `Policy`).
const MAX_POLICY_CHARS: usize = 20_000;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op")]
pub enum Op {
    /// TagResource: the mount mode, on an existing file system (a new one gets it at creation).
    #[serde(rename = "tag-mount-mode")]
    Tag {
        file_system_id: String,
        mount_mode: String,
    },
    /// PutFileSystemPolicy with this document.
    #[serde(rename = "put-file-system-policy")]
    Put {
        file_system_id: Ref,
        document: Value,
        /// The policy in place; `None` when there is none.
        from: Option<Value>,
    },
    #[serde(rename = "keep-file-system-policy")]
    Keep { document: Value },
    /// DeleteFileSystemPolicy: back to EFS's default.
    #[serde(rename = "delete-file-system-policy")]
    Delete { file_system_id: String },
}

impl Describe for Op {
    fn action(&self) -> Action {
        match self {
            Op::Put { from: None, .. } => Action::Create,
            Op::Put { .. } | Op::Tag { .. } => Action::Update,
            Op::Keep { .. } => Action::Keep,
            Op::Delete { .. } => Action::Delete,
        }
    }
    fn resource(&self) -> String {
        match self {
            Op::Tag { mount_mode, .. } => format!("mount mode ({mount_mode})"),
            Op::Put { document, .. } | Op::Keep { document } => {
                format!("file system policy ({})", summary(document))
            }
            Op::Delete { .. } => "file system policy".to_string(),
        }
    }
    fn check(&self) -> Result<(), String> {
        match self {
            Op::Put { document, .. } if document.to_string().len() > MAX_POLICY_CHARS => Err(
                format!("the file system policy is over EFS's {MAX_POLICY_CHARS} characters"),
            ),
            _ => Ok(()),
        }
    }
}

impl Op {
    /// What the policy of a put or keep does, in a few words.
    pub fn summary(&self) -> String {
        match self {
            Op::Put { document, .. } | Op::Keep { document } => summary(document),
            _ => String::new(),
        }
    }
}

pub fn plan(desired: &Desired, observed: &Observed) -> Vec<(Op, String)> {
    let name = desired.name.as_str();
    let want = desired.clients.policy(name);
    let mut steps = Vec::new();
    let Some(fs) = &observed.file_system else {
        if let Some(document) = want {
            steps.push((
                Op::Put {
                    file_system_id: Ref::Planned,
                    document,
                    from: None,
                },
                format!("--mount-mode {}", desired.clients.tag_value()),
            ));
        }
        return steps;
    };
    let tag = desired.clients.tag_value();
    if fs.tags.get(MOUNT_MODE_TAG).map(String::as_str) != Some(tag) {
        steps.push((
            Op::Tag {
                file_system_id: fs.id.clone(),
                mount_mode: tag.to_string(),
            },
            "compose-gen mounts as the deployment says".to_string(),
        ));
    }
    let have: Option<Value> = observed
        .policy
        .as_deref()
        .and_then(|p| serde_json::from_str(p).ok());
    let ours = have
        .as_ref()
        .is_some_and(|doc| doc["Id"] == policy_id(name).as_str());
    match (want, have) {
        (None, None) => {}
        (Some(document), None) => steps.push((
            Op::Put {
                file_system_id: Ref::existing(&fs.id),
                document,
                from: None,
            },
            format!("--mount-mode {tag}: no policy yet"),
        )),
        (Some(document), Some(have))
            if normalized_policy(&document) == normalized_policy(&have) =>
        {
            steps.push((Op::Keep { document }, "as requested".to_string()))
        }
        (Some(document), Some(have)) => steps.push((
            Op::Put {
                file_system_id: Ref::existing(&fs.id),
                document,
                from: Some(have),
            },
            if ours {
                "the settings changed".to_string()
            } else {
                "replaces a policy efsctl did not write".to_string()
            },
        )),
        (None, Some(_)) if ours => steps.push((
            Op::Delete {
                file_system_id: fs.id.clone(),
            },
            "--mount-mode nfs without --root-squash: EFS's default policy".to_string(),
        )),
        (None, Some(document)) => steps.push((
            Op::Keep { document },
            "set outside efsctl; left as it is".to_string(),
        )),
    }
    steps
}

/// A policy efsctl did not write that denies unencrypted transport would refuse every plain NFS
/// mount efsctl generates.
pub fn blockers(desired: &Desired, observed: &Observed) -> Vec<String> {
    let name = desired.name.as_str();
    let Some(have) = observed
        .policy
        .as_deref()
        .and_then(|p| serde_json::from_str::<Value>(p).ok())
    else {
        return Vec::new();
    };
    let foreign = have["Id"] != policy_id(name).as_str();
    let denies_plain = have.to_string().contains("aws:SecureTransport");
    if foreign && denies_plain && desired.clients.mount_mode == MountMode::Nfs {
        let fs = observed.file_system.as_ref().map_or("", |f| f.id.as_str());
        return vec![format!(
            "file system {fs} has a policy efsctl did not write that denies unencrypted access, so \
             plain NFS mounts would be refused: use --mount-mode tls, or remove that policy"
        )];
    }
    Vec::new()
}
