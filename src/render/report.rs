//! One result type per command: `Serialize` is its `-o json` document, `Display` its table.
//! Commands build one and hand it to `emit`; neither rendering is written by hand elsewhere, so
//! the table and the JSON always say the same thing. (`plan`'s is [`super::preview::Preview`].)

use std::fmt;
use std::path::Path;

use serde::Serialize;

use super::compose::{Format, MountMode};
use super::tables;
use crate::apply::{TeardownOutcome, UpOutcome};
use crate::model::{
    AccessPoint, BackupStatus, FileSystem, Lifecycle, MountTarget, Replica, Replication,
    SecurityGroup, MOUNT_MODE_TAG,
};
use crate::plan::Observed;

/// How an `--out` path reads in a report.
pub fn out_path(out: Option<&Path>) -> Option<String> {
    out.map(|p| p.display().to_string())
}

/// The result of `efsctl up`.
#[derive(Debug, Clone, Serialize)]
pub struct UpReport<'a> {
    pub name: &'a str,
    pub region: &'a str,
    pub file_system_id: &'a str,
    pub dns_name: String,
    pub security_group_id: &'a str,
    pub changes: usize,
    pub file_system: &'a FileSystem,
    pub mount_targets: &'a [MountTarget],
}

impl<'a> UpReport<'a> {
    pub fn new(name: &'a str, region: &'a str, outcome: &'a UpOutcome) -> Self {
        UpReport {
            name,
            region,
            file_system_id: &outcome.file_system.id,
            dns_name: outcome.file_system.dns_name(region),
            security_group_id: &outcome.security_group_id,
            changes: outcome.changes,
            file_system: &outcome.file_system,
            mount_targets: &outcome.mount_targets,
        }
    }
}

impl fmt::Display for UpReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes == 0 {
            writeln!(
                f,
                "Deployment {} is up to date; nothing changed.",
                self.name
            )?;
        } else {
            writeln!(
                f,
                "Deployment {} is ready ({} change(s) made).",
                self.name, self.changes
            )?;
        }
        f.write_str(&tables::deployment(
            self.file_system,
            self.region,
            None,
            Some(self.security_group_id),
            self.mount_targets,
        ))
    }
}

/// The result of `efsctl status`.
#[derive(Debug, Clone, Serialize)]
pub struct StatusReport<'a> {
    pub name: &'a str,
    pub region: &'a str,
    pub file_system_id: Option<&'a str>,
    pub dns_name: Option<String>,
    pub file_system: Option<&'a FileSystem>,
    pub mount_targets: &'a [MountTarget],
    pub security_groups: &'a [SecurityGroup],
    pub backup: Option<BackupStatus>,
    pub lifecycle: Option<&'a Lifecycle>,
    pub replication: Option<&'a Replication>,
    pub replica: Option<&'a Replica>,
    /// The `efsctl:mount-mode` tag: nfs, tls or tls+iam.
    pub mount_mode: Option<&'a str>,
    /// The file system policy in place (`None`: EFS's default).
    pub policy: Option<serde_json::Value>,
    pub access_points: &'a [AccessPoint],
}

impl<'a> StatusReport<'a> {
    pub fn new(name: &'a str, region: &'a str, observed: &'a Observed) -> Self {
        let fs = observed.file_system.as_ref();
        StatusReport {
            name,
            region,
            file_system_id: fs.map(|f| f.id.as_str()),
            dns_name: fs.map(|f| f.dns_name(region)),
            file_system: fs,
            mount_targets: &observed.mount_targets,
            security_groups: &observed.security_groups,
            backup: observed.backup,
            lifecycle: observed.lifecycle.as_ref(),
            replication: observed.replication.as_ref(),
            replica: observed.replica.as_ref(),
            mount_mode: fs
                .and_then(|f| f.tags.get(MOUNT_MODE_TAG))
                .map(String::as_str),
            policy: observed
                .policy
                .as_deref()
                .map(|p| serde_json::from_str(p).unwrap_or(serde_json::Value::String(p.into()))),
            access_points: &observed.access_points,
        }
    }
}

impl fmt::Display for StatusReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Deployment {} in {}", self.name, self.region)?;
        match self.file_system {
            Some(fs) => f.write_str(&tables::deployment(
                fs,
                self.region,
                self.security_groups.first(),
                None,
                self.mount_targets,
            ))?,
            None => writeln!(
                f,
                "File system: none (partially torn down? run `efsctl up` or `efsctl teardown`)"
            )?,
        }
        if self.file_system.is_some() && self.mount_targets.is_empty() {
            writeln!(f, "Mount targets: none")?;
        }
        if self.file_system.is_some() {
            f.write_str(&tables::keeping(
                self.backup,
                self.lifecycle,
                self.replication,
            ))?;
            f.write_str(&tables::clients(
                self.mount_mode,
                self.policy.as_ref(),
                self.access_points,
            ))?;
        } else if let Some(r) = self.replica {
            writeln!(
                f,
                "Replica {} in {} (its replication is gone)",
                r.file_system_id, r.region
            )?;
        }
        let shown = usize::from(self.file_system.is_some());
        for g in self.security_groups.iter().skip(shown) {
            writeln!(
                f,
                "Security group {} in {} ({} rules)",
                g.id,
                g.vpc_id,
                g.ingress.len()
            )?;
        }
        Ok(())
    }
}

/// The result of `efsctl teardown`: what was deleted (nothing, when nothing was left).
#[derive(Debug, Clone, Serialize)]
pub struct TeardownReport<'a> {
    #[serde(skip)]
    pub name: &'a str,
    #[serde(skip)]
    pub region: &'a str,
    #[serde(flatten)]
    pub outcome: &'a TeardownOutcome,
}

impl fmt::Display for TeardownReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let o = self.outcome;
        let nothing = o.deleted_mount_targets.is_empty()
            && o.deleted_file_system.is_none()
            && o.deleted_security_groups.is_empty();
        if nothing {
            // Said on stderr already ("Nothing to delete"): stdout stays empty.
            return Ok(());
        }
        writeln!(f, "Deployment {} deleted from {}.", self.name, self.region)
    }
}

/// The result of `efsctl compose-gen`: the generated text, or where it was written.
#[derive(Debug, Clone, Serialize)]
pub struct ComposeGenReport<'a> {
    pub format: Format,
    pub mount_mode: MountMode,
    pub content: &'a str,
    pub file_system_id: &'a str,
    pub region: &'a str,
    pub dns_name: &'a str,
    pub out: Option<String>,
}

impl fmt::Display for ComposeGenReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.out {
            Some(out) => writeln!(
                f,
                "Wrote {out} ({} for {} in {})",
                self.format.as_str(),
                self.file_system_id,
                self.region
            ),
            None => f.write_str(self.content),
        }
    }
}

/// The result of `efsctl prices`: the table (YAML as text, the same data as JSON), or where it
/// was written.
#[derive(Debug, Clone)]
pub struct PricesReport<'a> {
    /// The table in the schema of `prices/efs-prices.yaml`, as a JSON value.
    pub table: serde_json::Value,
    pub text: &'a str,
    pub out: Option<String>,
    pub regions: usize,
    pub date: &'a str,
}

impl Serialize for PricesReport<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.table.serialize(s)
    }
}

impl fmt::Display for PricesReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.out {
            Some(out) => writeln!(
                f,
                "Wrote {out} ({} region(s), read {})",
                self.regions, self.date
            ),
            None => f.write_str(self.text),
        }
    }
}

/// The result of `efsctl iam-policy`: the policy document itself, in either output format.
#[derive(Debug, Clone)]
pub struct IamPolicyReport {
    pub document: serde_json::Value,
}

impl Serialize for IamPolicyReport {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.document.serialize(s)
    }
}

impl fmt::Display for IamPolicyReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&super::json(&self.document))
    }
}

/// The result of `efsctl init`: where the file went and what was set in it.
#[derive(Debug, Clone, Serialize)]
pub struct InitReport<'a> {
    pub out: String,
    pub values: &'a std::collections::BTreeMap<String, String>,
    pub notes: &'a [String],
}

impl fmt::Display for InitReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "Wrote {}", self.out)?;
        for note in self.notes {
            writeln!(f, "  {note}")?;
        }
        writeln!(
            f,
            "Next: review it, then `efsctl plan` and `efsctl up` in this directory."
        )
    }
}

/// The result of `efsctl export`: the text, or where it went.
#[derive(Debug, Clone, Serialize)]
pub struct ExportReport<'a> {
    pub format: &'a str,
    pub content: &'a str,
    /// Import blocks for the live resources were written.
    pub adopted: bool,
    pub out: Option<String>,
}

impl fmt::Display for ExportReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.out {
            Some(out) => writeln!(
                f,
                "Wrote {out} ({}{})",
                self.format,
                if self.adopted {
                    ", with import blocks"
                } else {
                    ""
                }
            ),
            None => f.write_str(self.content),
        }
    }
}
