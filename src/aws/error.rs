//! A typed AWS error: the operation, the AWS error code, and whether a retry may help.

use std::fmt;

use aws_sdk_efs::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

/// The AWS error codes efsctl acts on.
pub mod codes {
    pub const FILE_SYSTEM_ALREADY_EXISTS: &str = "FileSystemAlreadyExists";
    pub const FILE_SYSTEM_NOT_FOUND: &str = "FileSystemNotFound";
    pub const FILE_SYSTEM_IN_USE: &str = "FileSystemInUse";
    pub const MOUNT_TARGET_CONFLICT: &str = "MountTargetConflict";
    pub const MOUNT_TARGET_NOT_FOUND: &str = "MountTargetNotFound";
    pub const INCORRECT_FILE_SYSTEM_LIFE_CYCLE_STATE: &str = "IncorrectFileSystemLifeCycleState";
    pub const INCORRECT_MOUNT_TARGET_STATE: &str = "IncorrectMountTargetState";
    pub const DEPENDENCY_VIOLATION: &str = "DependencyViolation";
    pub const GROUP_DUPLICATE: &str = "InvalidGroup.Duplicate";
    pub const GROUP_NOT_FOUND: &str = "InvalidGroup.NotFound";
    pub const GROUP_ID_NOT_FOUND: &str = "InvalidGroupId.NotFound";
    pub const PERMISSION_DUPLICATE: &str = "InvalidPermission.Duplicate";
    pub const PERMISSION_NOT_FOUND: &str = "InvalidPermission.NotFound";
    pub const SUBNET_NOT_FOUND: &str = "InvalidSubnetID.NotFound";
    pub const VPC_NOT_FOUND: &str = "InvalidVpcID.NotFound";
}

/// How an AWS call failed, at the level efsctl decides on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// AWS answered with an error code.
    Service,
    /// No answer: connection refused or reset, DNS, TLS, or a timeout.
    Unreachable,
    /// The request could not be built or signed (e.g. no credentials found).
    Client,
}

#[derive(Debug, Clone)]
pub struct AwsError {
    pub operation: &'static str,
    pub kind: FailureKind,
    pub code: Option<String>,
    pub message: String,
}

impl AwsError {
    pub fn from_sdk<E, R>(operation: &'static str, err: SdkError<E, R>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
        R: fmt::Debug + Send + Sync + 'static,
    {
        let (kind, code, message) = match &err {
            SdkError::ServiceError(service) => {
                let e = service.err();
                let message = e
                    .message()
                    .map(str::to_string)
                    .unwrap_or_else(|| e.to_string());
                (FailureKind::Service, e.code().map(str::to_string), message)
            }
            SdkError::DispatchFailure(_)
            | SdkError::TimeoutError(_)
            | SdkError::ResponseError(_) => (
                FailureKind::Unreachable,
                None,
                DisplayErrorContext(&err).to_string(),
            ),
            _ => (
                FailureKind::Client,
                None,
                DisplayErrorContext(&err).to_string(),
            ),
        };
        AwsError {
            operation,
            kind,
            code,
            message,
        }
    }

    /// A service error with this code, for adapters and tests.
    pub fn service(operation: &'static str, code: &str, message: impl Into<String>) -> Self {
        AwsError {
            operation,
            kind: FailureKind::Service,
            code: Some(code.to_string()),
            message: message.into(),
        }
    }

    pub fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    pub fn has_code(&self, code: &str) -> bool {
        self.code.as_deref() == Some(code)
    }

    /// AWS's "no such thing" codes: `FileSystemNotFound`, `InvalidGroup.NotFound`, ...
    pub fn is_not_found(&self) -> bool {
        self.code
            .as_deref()
            .is_some_and(|c| c.ends_with("NotFound") || c.ends_with(".NotFound"))
    }
}

impl fmt::Display for AwsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.kind, &self.code) {
            (FailureKind::Service, Some(code)) => write!(f, "AWS {} failed: {code}: {}", self.operation, self.message),
            (FailureKind::Unreachable, _) => write!(
                f,
                "AWS {} failed: cannot reach the endpoint (check --endpoint-url / --region and the network): {}",
                self.operation, self.message
            ),
            _ => write!(f, "AWS {} failed: {}", self.operation, self.message),
        }
    }
}

impl std::error::Error for AwsError {}
