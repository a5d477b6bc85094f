//! The error type every efsctl operation returns, and the exit code each kind maps to.
//!
//! Library code returns [`Error`]; only `main` turns it into a message and an exit code, so the
//! mapping from failure to exit status lives in exactly one place (see README "Exit codes").
//! This is the ground floor: it imports nothing else of the crate (the conversion from AWS
//! errors lives in `aws::error`).

use std::process::ExitCode;

/// What went wrong, at the granularity a script calling efsctl cares about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// Bad flags, bad config file, or a value AWS says does not exist. Nothing was changed.
    Usage,
    /// The deployment (or a resource it needs) does not exist.
    NotFound,
    /// The user stopped the command (Ctrl-C) or declined a confirmation.
    Interrupted,
    /// Anything else: AWS refused, a wait timed out, the network failed.
    Failed,
}

impl ErrorKind {
    pub fn exit_code(self) -> u8 {
        match self {
            ErrorKind::Failed => 1,
            ErrorKind::Usage => 2,
            ErrorKind::NotFound => 3,
            ErrorKind::Interrupted => 130,
        }
    }
}

/// An efsctl error: a kind for the exit code and one sentence a person can act on.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Error {
    pub kind: ErrorKind,
    pub message: String,
}

impl Error {
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        Error {
            kind,
            message: message.into(),
        }
    }
    /// Bad input: a flag, a config value, or an id AWS does not know.
    pub fn usage(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Usage, message)
    }
    pub fn not_found(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::NotFound, message)
    }
    pub fn failed(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Failed, message)
    }
    pub fn interrupted(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Interrupted, message)
    }
    pub fn exit_code(&self) -> ExitCode {
        ExitCode::from(self.kind.exit_code())
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
