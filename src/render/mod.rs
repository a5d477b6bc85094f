//! Everything shown to the user: tables and JSON on stdout, progress on stderr.
//!
//! Each renderer takes efsctl's own types and returns a `String`, so commands decide where it
//! goes and tests can compare text without capturing stdout.

pub mod audit;
pub mod compose;
pub mod cost;
pub mod export;
pub mod init;
pub mod preview;
pub mod report;
pub mod tables;

pub use crate::progress::{line_to_stderr, to_stderr};

use serde::Serialize;

/// Pretty JSON with a trailing newline, for `-o json`.
pub fn json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("efsctl's output types serialize");
    text.push('\n');
    text
}
