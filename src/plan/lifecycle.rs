//! Planning the lifecycle policy: PutLifecycleConfiguration sets all transitions at once, so
//! any difference is one put of the whole desired policy.

use serde::Serialize;

use super::action::{Action, Describe};
use super::state::{Desired, Observed};
use crate::model::{Lifecycle, Ref};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op")]
pub enum Op {
    /// PutLifecycleConfiguration with the whole policy.
    #[serde(rename = "put-lifecycle-configuration")]
    Put {
        file_system_id: Ref,
        lifecycle: Lifecycle,
        /// What the file system has now; `None` for a new one.
        from: Option<Lifecycle>,
    },
    #[serde(rename = "keep-lifecycle-configuration")]
    Keep { lifecycle: Lifecycle },
}

impl Describe for Op {
    fn action(&self) -> Action {
        match self {
            Op::Put { from: None, .. } => Action::Create,
            Op::Put { .. } => Action::Update,
            Op::Keep { .. } => Action::Keep,
        }
    }
    fn resource(&self) -> String {
        match self {
            Op::Put { lifecycle, .. } | Op::Keep { lifecycle } => {
                format!("lifecycle policy ({lifecycle})")
            }
        }
    }
}

pub fn plan(desired: &Desired, observed: &Observed) -> Vec<(Op, String)> {
    let want = desired.file_system.lifecycle;
    let Some(fs) = &observed.file_system else {
        if want.is_empty() {
            return Vec::new();
        }
        return vec![(
            Op::Put {
                file_system_id: Ref::Planned,
                lifecycle: want,
                from: None,
            },
            "a new file system has no lifecycle policy".into(),
        )];
    };
    let have = observed.lifecycle.unwrap_or_default();
    if have == want {
        return vec![(Op::Keep { lifecycle: want }, "as requested".into())];
    }
    vec![(
        Op::Put {
            file_system_id: Ref::existing(&fs.id),
            lifecycle: want,
            from: Some(have),
        },
        format!("now: {have}"),
    )]
}
