//! The kinds of change a plan shows, as Terraform users know them. Every resource kind's
//! step type says which one it is, so tables, counts and `--detailed-exitcode` need no
//! knowledge of the kinds.

use std::fmt;

use serde::Serialize;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    Create,
    Keep,
    Update,
    /// Delete and create again: the resource cannot change in place (an access point).
    Replace,
    Delete,
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Action::Create => "create",
            Action::Keep => "keep",
            Action::Update => "update",
            Action::Replace => "replace",
            Action::Delete => "delete",
        })
    }
}

/// What every resource kind's step type tells the plan about itself.
pub trait Describe {
    fn action(&self) -> Action;
    /// Human name of the resource, e.g. "mount target us-east-1a (subnet-0a)".
    fn resource(&self) -> String;
    /// The request a create step will send, checked against the API's rules before any
    /// write; `Err` names the first rule it breaks.
    fn check(&self) -> Result<(), String> {
        Ok(())
    }
}
