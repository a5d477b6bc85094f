//! A typed AWS error: the operation, the AWS error code, and whether a retry may help; and how
//! it becomes an efsctl [`Error`] with its exit code.

use std::fmt;

use std::error::Error as StdError;

use aws_credential_types::provider::error::CredentialsError;
use aws_sdk_efs::config::http::HttpResponse;
use aws_sdk_efs::error::{DisplayErrorContext, ProvideErrorMetadata, SdkError};

use crate::error::{Error, ErrorKind};

/// The AWS error codes efsctl acts on.
pub mod codes {
    pub const FILE_SYSTEM_ALREADY_EXISTS: &str = "FileSystemAlreadyExists";
    pub const FILE_SYSTEM_NOT_FOUND: &str = "FileSystemNotFound";
    pub const FILE_SYSTEM_IN_USE: &str = "FileSystemInUse";
    pub const MOUNT_TARGET_CONFLICT: &str = "MountTargetConflict";
    pub const MOUNT_TARGET_NOT_FOUND: &str = "MountTargetNotFound";
    pub const INCORRECT_FILE_SYSTEM_LIFE_CYCLE_STATE: &str = "IncorrectFileSystemLifeCycleState";
    pub const INCORRECT_MOUNT_TARGET_STATE: &str = "IncorrectMountTargetState";
    /// CreateFileSystem (One Zone) or CreateMountTarget in an AZ where EFS does not offer it.
    pub const UNSUPPORTED_AVAILABILITY_ZONE: &str = "UnsupportedAvailabilityZone";
    pub const DEPENDENCY_VIOLATION: &str = "DependencyViolation";
    pub const GROUP_DUPLICATE: &str = "InvalidGroup.Duplicate";
    pub const GROUP_NOT_FOUND: &str = "InvalidGroup.NotFound";
    pub const GROUP_ID_NOT_FOUND: &str = "InvalidGroupId.NotFound";
    pub const PERMISSION_DUPLICATE: &str = "InvalidPermission.Duplicate";
    pub const PERMISSION_NOT_FOUND: &str = "InvalidPermission.NotFound";
    pub const SUBNET_NOT_FOUND: &str = "InvalidSubnetID.NotFound";
    pub const VPC_NOT_FOUND: &str = "InvalidVpcID.NotFound";
    pub const KMS_NOT_FOUND: &str = "NotFoundException";
    pub const ACCESS_DENIED: &str = "AccessDeniedException";
    pub const POLICY_NOT_FOUND: &str = "PolicyNotFound";
    pub const ACCESS_POINT_NOT_FOUND: &str = "AccessPointNotFound";
    pub const ACCESS_POINT_ALREADY_EXISTS: &str = "AccessPointAlreadyExists";
    pub const REPLICATION_NOT_FOUND: &str = "ReplicationNotFound";
    /// A replication's destination is read-only while the replication exists.
    pub const REPLICATION_ALREADY_EXISTS: &str = "ReplicationAlreadyExists";
    pub const VALIDATION: &str = "ValidationException";
    /// UpdateFileSystem within 24 hours of the last mode change or decrease.
    pub const TOO_MANY_REQUESTS: &str = "TooManyRequests";
}

/// How an AWS call failed, at the level efsctl decides on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// AWS answered with an error code.
    Service,
    /// No answer: connection refused or reset, DNS, TLS, or a timeout.
    Unreachable,
    /// No credentials were found to sign the request with.
    Credentials,
    /// The request could not be built or signed.
    Client,
}

#[derive(Debug, Clone)]
pub struct AwsError {
    pub operation: &'static str,
    pub kind: FailureKind,
    pub code: Option<String>,
    pub message: String,
    /// The endpoint called (a URL, or "the AWS endpoints of REGION"), when known.
    pub endpoint: Option<String>,
}

impl AwsError {
    pub fn from_sdk<E>(operation: &'static str, err: SdkError<E, HttpResponse>) -> Self
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        let (kind, code, message) = match &err {
            SdkError::ServiceError(service) => {
                let e = service.err();
                // An answer that is not an AWS error document (a proxy's or an emulator's HTML
                // page) has neither code nor message: its HTTP status says more than the SDK's
                // "unhandled error".
                let message = match (e.code(), e.message()) {
                    (_, Some(m)) => m.to_string(),
                    (None, None) => {
                        format!("HTTP {} with no AWS error code", service.raw().status())
                    }
                    (Some(_), None) => e.to_string(),
                };
                (FailureKind::Service, e.code().map(str::to_string), message)
            }
            _ if has_source::<CredentialsError>(&err) => (
                FailureKind::Credentials,
                None,
                credentials_message(find_source::<CredentialsError>(&err)),
            ),
            SdkError::DispatchFailure(_)
            | SdkError::TimeoutError(_)
            | SdkError::ResponseError(_) => {
                (FailureKind::Unreachable, None, unreachable_reason(&err))
            }
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
            endpoint: None,
        }
    }

    /// Names the endpoint that was called, for "cannot reach" messages.
    pub fn at(mut self, endpoint: &str) -> Self {
        self.endpoint = Some(endpoint.to_string());
        self
    }

    /// A service error with this code, for adapters and tests.
    pub fn service(operation: &'static str, code: &str, message: impl Into<String>) -> Self {
        AwsError {
            operation,
            kind: FailureKind::Service,
            code: Some(code.to_string()),
            message: message.into(),
            endpoint: None,
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
            (FailureKind::Service, Some(code)) => {
                write!(f, "AWS {} failed: {code}: {}", self.operation, self.message)
            }
            (FailureKind::Unreachable, _) => write!(
                f,
                "cannot reach {} ({}) for {}: check --endpoint-url, --region and the network",
                self.endpoint.as_deref().unwrap_or("the AWS endpoint"),
                self.message,
                self.operation
            ),
            (FailureKind::Credentials, _) => f.write_str(&self.message),
            _ => write!(f, "AWS {} failed: {}", self.operation, self.message),
        }
    }
}

/// True when an error of type `T` is somewhere in `err`'s source chain.
pub fn has_source<T: StdError + 'static>(err: &(dyn StdError + 'static)) -> bool {
    find_source::<T>(err).is_some()
}

/// The first `T` in `err`'s source chain.
pub fn find_source<'a, T: StdError + 'static>(err: &'a (dyn StdError + 'static)) -> Option<&'a T> {
    let mut next = Some(err);
    while let Some(e) = next {
        if let Some(found) = e.downcast_ref::<T>() {
            return Some(found);
        }
        next = e.source();
    }
    None
}

/// What to tell the user when credentials could not be had. Nothing found (no variables, no
/// profile with credentials) gets the generic hint; a provider that was configured but failed
/// (an SSO profile without a cached token, a credential_process that exits non-zero) says what
/// it said.
fn credentials_message(err: Option<&CredentialsError>) -> String {
    const HINT: &str =
        "set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or run `aws sso login`";
    match err {
        Some(CredentialsError::CredentialsNotLoaded(_)) | None => {
            format!("no AWS credentials found: {HINT}")
        }
        // The provider's own words, without the layers that only repeat "an error occurred
        // while loading credentials".
        Some(other) => {
            let mut parts: Vec<String> = Vec::new();
            let mut next: Option<&(dyn StdError + 'static)> = Some(other);
            while let Some(cause) = next {
                let text = cause.to_string().trim_end().to_string();
                if !text.starts_with("an error occurred while loading credentials")
                    && !parts.contains(&text)
                {
                    parts.push(text);
                }
                next = cause.source();
            }
            let detail = parts.join(": ");
            let sso = if detail.contains("/sso/") {
                "; run `aws sso login`"
            } else {
                ""
            };
            format!("cannot load AWS credentials: {detail}{sso}")
        }
    }
}

/// The first I/O error in `err`'s source chain.
pub fn io_source<'a>(err: &'a (dyn StdError + 'static)) -> Option<&'a std::io::Error> {
    let mut next = Some(err);
    while let Some(e) = next {
        if let Some(io) = e.downcast_ref::<std::io::Error>() {
            return Some(io);
        }
        next = e.source();
    }
    None
}

/// Why no answer came, in a few words: the SDK's own chain repeats itself over five lines.
fn unreachable_reason<E, R>(err: &SdkError<E, R>) -> String
where
    E: std::error::Error + Send + Sync + 'static,
    R: fmt::Debug + Send + Sync + 'static,
{
    if matches!(err, SdkError::TimeoutError(_)) {
        return "timed out".to_string();
    }
    if let Some(io) = io_source(err) {
        return match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".to_string(),
            std::io::ErrorKind::ConnectionReset => "connection reset".to_string(),
            std::io::ErrorKind::TimedOut => "timed out".to_string(),
            _ => io.to_string(),
        };
    }
    // The innermost cause is the most specific one (e.g. a DNS failure).
    let mut last: &(dyn StdError + 'static) = err;
    while let Some(next) = last.source() {
        last = next;
    }
    last.to_string()
}

impl std::error::Error for AwsError {}

impl From<AwsError> for Error {
    fn from(err: AwsError) -> Self {
        let kind = if err.is_not_found() {
            ErrorKind::NotFound
        } else if err.kind == FailureKind::Credentials {
            // Setup, like a bad flag: nothing could have been changed without credentials.
            ErrorKind::Usage
        } else {
            ErrorKind::Failed
        };
        Error::new(kind, err.to_string())
    }
}
