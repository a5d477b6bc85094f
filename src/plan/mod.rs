//! Pure planning: desired state + observed state -> ordered, typed steps, each with its reason.
//!
//! Every resource kind has its own file here with its own step type (`Op`), whose create step
//! carries the complete request `up` will send; [`Op`] is the sum of them, one line per kind in
//! the `kinds!` table in `steps.rs`. `up` and `plan` call the same [`up::plan_up`], so a preview can
//! never disagree with what `up` does; `teardown` uses [`teardown::plan_teardown`]; `apply`
//! executes a [`Plan`] and nothing else. Nothing here performs I/O.

pub mod access_points;
mod action;
pub mod backup;
pub mod file_system;
pub mod lifecycle;
pub mod mount_targets;
pub mod policy;
pub mod replication;
pub mod rules;
pub mod security_group;
mod state;
mod steps;
pub mod teardown;
pub mod up;

#[cfg(test)]
pub(crate) mod tests;

pub use action::{Action, Describe};
pub use state::{Desired, Observed};
pub use steps::{Kind, Op, Plan, Step};
