//! `efsctl audit`: what is wrong with a file system, judged the way efsctl would set it up, on
//! any file system in the region (efsctl's or not), without changing anything.
//!
//! Two halves, kept apart so the judging is testable without a network:
//! - [`read`] gathers, in as few calls as the APIs allow, a [`Subject`] per file system and the
//!   [`Shared`] facts many file systems point at (security groups, VPC DNS attributes);
//! - [`checks`] are pure functions `fn(&Subject, &Shared) -> Vec<Finding>`, listed in
//!   [`checks::CHECKS`].
//!
//! Adding a check is one function, one [`CheckId`] variant (its stable id and severity) and one
//! line in `CHECKS`. A check that needs something new from AWS (issue 13: the AZs that hold Ray
//! nodes, to report an AZ without a mount target) adds a field to [`Shared`] (or [`Subject`])
//! that `read` fills only when asked, and the check reports nothing while it is empty.

pub mod checks;
mod policy;
pub mod ray;
pub mod read;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

use crate::model::{BackupStatus, FileSystem, Lifecycle, MountTarget, SecurityGroup, VpcDns};

/// The exit code of an audit that found something at or above `--fail-on`.
pub const FINDINGS_EXIT_CODE: u8 = 4;

/// How bad a finding is. Ordered: `High > Medium > Low`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Low,
    Medium,
    High,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Low => "low",
            Severity::Medium => "medium",
            Severity::High => "high",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every check, by its stable kebab-case id (the `check` of `-o json`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckId {
    FileSystemError,
    MountTargetError,
    NotEncrypted,
    NfsOpenToWorld,
    NoBackup,
    PolicyAllowsAnyone,
    TlsNotEnforced,
    VpcDnsOff,
    NoLifecycle,
    RayAzWithoutMountTarget,
    RayNodesInOtherVpc,
}

impl CheckId {
    /// The severity every finding of this check has.
    pub fn severity(self) -> Severity {
        match self {
            CheckId::FileSystemError
            | CheckId::MountTargetError
            | CheckId::NotEncrypted
            | CheckId::NfsOpenToWorld => Severity::High,
            CheckId::NoBackup
            | CheckId::PolicyAllowsAnyone
            | CheckId::TlsNotEnforced
            | CheckId::VpcDnsOff
            | CheckId::RayAzWithoutMountTarget
            | CheckId::RayNodesInOtherVpc => Severity::Medium,
            CheckId::NoLifecycle => Severity::Low,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            CheckId::FileSystemError => "file-system-error",
            CheckId::MountTargetError => "mount-target-error",
            CheckId::NotEncrypted => "not-encrypted",
            CheckId::NfsOpenToWorld => "nfs-open-to-world",
            CheckId::NoBackup => "no-backup",
            CheckId::PolicyAllowsAnyone => "policy-allows-anyone",
            CheckId::TlsNotEnforced => "tls-not-enforced",
            CheckId::VpcDnsOff => "vpc-dns-off",
            CheckId::NoLifecycle => "no-lifecycle",
            CheckId::RayAzWithoutMountTarget => "ray-az-without-mount-target",
            CheckId::RayNodesInOtherVpc => "ray-nodes-in-other-vpc",
        }
    }
}

impl fmt::Display for CheckId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing wrong: how bad, where, what, and what fixes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    pub severity: Severity,
    /// The resource at fault: a file system, mount target, security group or VPC id.
    pub resource: String,
    pub file_system_id: String,
    pub check: CheckId,
    pub message: String,
    /// The efsctl command or setting (or, where efsctl cannot, the AWS call) that fixes it.
    pub fix: String,
}

impl Finding {
    pub fn new(
        check: CheckId,
        subject: &Subject,
        resource: &str,
        message: String,
        fix: String,
    ) -> Self {
        Finding {
            severity: check.severity(),
            resource: resource.to_string(),
            file_system_id: subject.file_system.id.clone(),
            check,
            message,
            fix,
        }
    }
}

/// One file system and what was read about it.
#[derive(Debug, Clone, PartialEq)]
pub struct Subject {
    pub file_system: FileSystem,
    /// Its mount targets, each with `security_groups` when they could be read.
    pub mount_targets: Vec<MountTarget>,
    pub backup: BackupStatus,
    pub lifecycle: Lifecycle,
    /// The file system policy; `None` for EFS's default (no policy).
    pub policy: Option<String>,
}

/// What many file systems point at, read once for all of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Shared {
    /// The mount targets' security groups, by id.
    pub security_groups: BTreeMap<String, SecurityGroup>,
    /// DNS attributes of the mount targets' VPCs, by VPC id.
    pub vpc_dns: BTreeMap<String, VpcDns>,
    /// `--ray-cluster`: the cluster's nodes, to check the mount targets cover their AZs.
    pub ray: Option<ray::RayNodes>,
}

/// Runs every check over every file system; findings sorted by severity (high first), then
/// resource.
pub fn audit(subjects: &[Subject], shared: &Shared) -> Vec<Finding> {
    let mut findings: Vec<Finding> = subjects
        .iter()
        .flat_map(|subject| {
            checks::CHECKS
                .iter()
                .flat_map(move |check| check(subject, shared))
        })
        .collect();
    sort(&mut findings);
    findings
}

/// High before medium before low; then by resource, file system and check, so the order is
/// the same on every run.
pub fn sort(findings: &mut [Finding]) {
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then_with(|| a.resource.cmp(&b.resource))
            .then_with(|| a.file_system_id.cmp(&b.file_system_id))
            .then_with(|| a.check.cmp(&b.check))
    });
}

/// How many findings are at or above `fail_on`.
pub fn failing(findings: &[Finding], fail_on: Severity) -> usize {
    findings.iter().filter(|f| f.severity >= fail_on).count()
}

/// 0 when nothing at or above `fail_on` was found, else [`FINDINGS_EXIT_CODE`].
pub fn exit_code(findings: &[Finding], fail_on: Severity) -> u8 {
    if failing(findings, fail_on) > 0 {
        FINDINGS_EXIT_CODE
    } else {
        0
    }
}
