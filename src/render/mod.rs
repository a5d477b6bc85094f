//! Everything shown to the user: tables and JSON on stdout, progress on stderr.
//!
//! Each renderer takes efsctl's own types and returns a `String`, so commands decide where it
//! goes and tests can compare text without capturing stdout.

pub mod compose;
pub mod cost;
pub mod preview;
pub mod progress;
pub mod tables;

use std::io::Write;

use serde::Serialize;

/// Writes to stderr, ignoring failures. A closed stderr (`efsctl up 2>&1 | head`) must not stop
/// a command half-way, as `eprint!` would by panicking; what is lost is only commentary.
pub fn to_stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// [`to_stderr`] with a newline.
pub fn line_to_stderr(line: &str) {
    to_stderr(&format!("{line}\n"));
}

/// Pretty JSON with a trailing newline, for `-o json`.
pub fn json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).expect("efsctl's output types serialize");
    text.push('\n');
    text
}
