//! Carrying out a [`Plan`](crate::plan::Plan) through the [`Cloud`](crate::aws::Cloud) trait.
//!
//! The plan is apply's only input: every create step carries its request, every keep step what
//! was observed. One executor runs a stage table (see `executor`): the tasks of a stage run
//! concurrently, a stage starts when the one before it finished, and the first failure stops
//! the run. Each resource kind has its applier file; every create is idempotent (a create whose
//! response was lost, or that a concurrent run made first, is found by creation token, group
//! name or AZ, not repeated).

mod access_points;
mod backup;
mod context;
mod executor;
mod file_system;
mod lifecycle;
mod mount_target_deletion;
mod mount_targets;
mod policy;
mod replication;
mod rules;
mod security_group;

#[cfg(test)]
pub(crate) mod tests;

pub use context::Waits;
pub use executor::{teardown, up, Stage, Task, TeardownOutcome, UpOutcome, TEARDOWN, UP};
