//! The result of `efsctl audit`: the file systems audited and the findings, as one JSON
//! document or as a table sorted by severity, then resource.

use std::fmt;

use serde::Serialize;

use super::tables::table;
use crate::audit::{failing, Finding, Severity, Subject};
use crate::deployment;
use crate::model::LifeCycleState;

#[derive(Debug, Clone, Serialize)]
pub struct AuditReport<'a> {
    pub region: &'a str,
    pub fail_on: Severity,
    /// Something at or above `fail_on` was found: the exit code is 4.
    pub failed: bool,
    pub file_systems: Vec<AuditedFileSystem<'a>>,
    /// Sorted: high first, then by resource.
    pub findings: &'a [Finding],
}

/// One file system audited, as the report lists it.
#[derive(Debug, Clone, Serialize)]
pub struct AuditedFileSystem<'a> {
    pub id: &'a str,
    /// Its `Name` tag.
    pub name: Option<&'a str>,
    /// The efsctl deployment that owns it (`efsctl:deployment` tag), if any.
    pub deployment: Option<&'a str>,
    pub state: &'a LifeCycleState,
    pub encrypted: bool,
    pub mount_targets: usize,
    pub findings: usize,
}

impl<'a> AuditReport<'a> {
    pub fn new(
        region: &'a str,
        fail_on: Severity,
        subjects: &'a [Subject],
        findings: &'a [Finding],
    ) -> Self {
        let file_systems = subjects
            .iter()
            .map(|s| {
                let fs = &s.file_system;
                AuditedFileSystem {
                    id: &fs.id,
                    name: fs.tags.get("Name").map(String::as_str),
                    deployment: deployment::owner(&fs.tags),
                    state: &fs.state,
                    encrypted: fs.encrypted,
                    mount_targets: s.mount_targets.len(),
                    findings: findings
                        .iter()
                        .filter(|f| f.file_system_id == fs.id)
                        .count(),
                }
            })
            .collect();
        AuditReport {
            region,
            fail_on,
            failed: failing(findings, fail_on) > 0,
            file_systems,
            findings,
        }
    }

    fn count(&self, severity: Severity) -> usize {
        self.findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    }
}

impl fmt::Display for AuditReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let audited = self.file_systems.len();
        if audited == 0 {
            return writeln!(f, "No file systems to audit in {}.", self.region);
        }
        if self.findings.is_empty() {
            return writeln!(
                f,
                "Audited {audited} file system(s) in {}: no findings.",
                self.region
            );
        }
        writeln!(
            f,
            "Audited {audited} file system(s) in {}: {} finding(s), {} high, {} medium, {} low.",
            self.region,
            self.findings.len(),
            self.count(Severity::High),
            self.count(Severity::Medium),
            self.count(Severity::Low)
        )?;
        let mut t = table(&["Severity", "Resource", "File system", "Finding", "Fix"]);
        for finding in self.findings {
            t.add_row(vec![
                finding.severity.to_string(),
                finding.resource.clone(),
                finding.file_system_id.clone(),
                format!("{}: {}", finding.check, finding.message),
                finding.fix.clone(),
            ]);
        }
        writeln!(f, "{t}")?;
        let failing = failing(self.findings, self.fail_on);
        if failing > 0 {
            writeln!(
                f,
                "{failing} finding(s) at or above --fail-on {}.",
                self.fail_on
            )
        } else {
            writeln!(f, "Nothing at or above --fail-on {}.", self.fail_on)
        }
    }
}
