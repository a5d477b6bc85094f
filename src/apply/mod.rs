//! Carrying out a plan through the [`Cloud`](crate::aws::Cloud) trait.
//!
//! Independent steps run concurrently (the security group alongside the file system; all mount
//! targets at once). Every create is idempotent: a create whose response was lost, or that a
//! concurrent run made first, is found by creation token, group name or AZ, not repeated.

mod mount_targets;
mod teardown;
mod up;

pub use teardown::{teardown, TeardownOutcome};
pub use up::{up, UpOutcome};

use std::time::Duration;

/// How long to wait, and how verbosely to report.
#[derive(Debug, Clone, Copy)]
pub struct Waits {
    pub timeout: Duration,
}
