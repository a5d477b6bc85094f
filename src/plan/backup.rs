//! Planning automatic backups: on by default, set by CreateFileSystem (`Backup`) for a new file
//! system and repaired with PutBackupPolicy on an existing one.

use serde::Serialize;

use super::action::{Action, Describe};
use super::state::{Desired, Observed};
use crate::model::BackupStatus;

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op")]
pub enum Op {
    /// Nothing to call: CreateFileSystem's `Backup=true` turns backups on.
    #[serde(rename = "create-backup-policy")]
    AtCreation { enabled: bool },
    #[serde(rename = "keep-backup-policy")]
    Keep { status: BackupStatus },
    /// PutBackupPolicy.
    #[serde(rename = "put-backup-policy")]
    Put {
        file_system_id: String,
        enabled: bool,
        from: BackupStatus,
    },
}

fn words(enabled: bool) -> &'static str {
    if enabled {
        "enabled"
    } else {
        "disabled"
    }
}

impl Describe for Op {
    fn action(&self) -> Action {
        match self {
            Op::AtCreation { .. } => Action::Create,
            Op::Keep { .. } => Action::Keep,
            Op::Put { .. } => Action::Update,
        }
    }
    fn resource(&self) -> String {
        match self {
            Op::AtCreation { enabled } => format!("backup policy ({})", words(*enabled)),
            Op::Keep { status } => format!("backup policy ({status})"),
            Op::Put { enabled, from, .. } => {
                format!("backup policy ({from} -> {})", words(*enabled))
            }
        }
    }
}

pub fn plan(desired: &Desired, observed: &Observed) -> Vec<(Op, String)> {
    let want = desired.file_system.backup;
    let Some(fs) = &observed.file_system else {
        return if want {
            vec![(
                Op::AtCreation { enabled: true },
                "set by CreateFileSystem (Backup=true): daily backups by AWS Backup".into(),
            )]
        } else {
            Vec::new()
        };
    };
    let have = observed.backup.unwrap_or(BackupStatus::Disabled);
    if have.is_on() == want {
        return vec![(Op::Keep { status: have }, "as requested".into())];
    }
    let why = if want {
        "automatic backups are off; efsctl turns them on (--no-backup keeps them off)"
    } else {
        "--no-backup: automatic backups are on"
    };
    vec![(
        Op::Put {
            file_system_id: fs.id.clone(),
            enabled: want,
            from: have,
        },
        why.into(),
    )]
}
