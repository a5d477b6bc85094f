//! NFS mount options: AWS's recommended set, parsing a user's `--nfs-options`, and the warnings
//! for choices that make EFS slow or unsafe. Pure, so every rule has a unit test.
//!
//! The recommendations come from "Mounting EFS file systems using NFS" in the EFS user guide:
//! `hard` (a `soft` mount can corrupt data on a timeout), `noresvport` (a new source port after
//! a network blip, so the client reconnects), and 1 MiB reads and writes.

use crate::error::{Error, Result};

/// AWS's recommended NFS options for EFS, without `addr=` (efsctl always sets that itself).
pub const RECOMMENDED: &[&str] = &[
    "nfsvers=4.1",
    "rsize=1048576",
    "wsize=1048576",
    "hard",
    "timeo=600",
    "retrans=2",
    "noresvport",
];

/// The read and write size EFS is tuned for.
const ONE_MIB: &str = "1048576";

/// NFS options as a list of `key` or `key=value` items, in the user's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NfsOptions(Vec<String>);

impl Default for NfsOptions {
    fn default() -> Self {
        NfsOptions(RECOMMENDED.iter().map(|s| s.to_string()).collect())
    }
}

impl NfsOptions {
    /// No options at all: amazon-efs-utils' own defaults (TLS mode without `--nfs-options`).
    pub fn none() -> Self {
        NfsOptions(Vec::new())
    }

    /// Parses `a,b=c,...`. An `addr=` item is dropped (with a warning): the address is always
    /// the file system's DNS name. Items that would break an fstab line or a YAML string are
    /// refused.
    pub fn parse(text: &str) -> Result<(NfsOptions, Vec<String>)> {
        let mut items = Vec::new();
        let mut warnings = Vec::new();
        for item in text.split(',').map(str::trim) {
            if item.is_empty() {
                return Err(Error::usage(format!(
                    "invalid --nfs-options {text:?}: empty item; give comma-separated options like {}",
                    RECOMMENDED.join(",")
                )));
            }
            if !item
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "_.=:/-".contains(c))
            {
                return Err(Error::usage(format!(
                    "invalid NFS option {item:?}: only letters, digits and _ . = : / - are allowed"
                )));
            }
            if key(item) == "addr" {
                warnings.push(format!(
                    "ignoring {item:?} in --nfs-options: efsctl always sets addr= to the file system's DNS name"
                ));
                continue;
            }
            items.push(item.to_string());
        }
        Ok((NfsOptions(items), warnings))
    }

    pub fn items(&self) -> &[String] {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The options joined with commas.
    pub fn joined(&self) -> String {
        self.0.join(",")
    }

    fn has(&self, k: &str) -> bool {
        self.0.iter().any(|i| key(i) == k)
    }

    fn value(&self, k: &str) -> Option<&str> {
        self.0
            .iter()
            .rev()
            .find(|i| key(i) == k)
            .and_then(|i| i.split_once('=').map(|(_, v)| v))
    }

    /// Warnings for options that differ from AWS's advice. With `efs_utils_defaults` (TLS
    /// mounts through amazon-efs-utils, which adds `hard`, `noresvport` and 1 MiB sizes itself)
    /// only explicit contrary choices are warned about, not omissions.
    pub fn warnings(&self, efs_utils_defaults: bool) -> Vec<String> {
        let mut out = Vec::new();
        if self.has("soft") {
            out.push(
                "NFS option soft: a timed-out write can be lost or corrupt files; AWS recommends hard"
                    .to_string(),
            );
        } else if !efs_utils_defaults && !self.has("hard") {
            out.push("NFS options lack hard: AWS recommends hard mounts for EFS".to_string());
        }
        if self.has("resvport") {
            out.push(
                "NFS option resvport: the client may not reconnect after a network interruption; \
                 AWS recommends noresvport"
                    .to_string(),
            );
        } else if !efs_utils_defaults && !self.has("noresvport") {
            out.push(
                "NFS options lack noresvport: the client may not reconnect after a network \
                 interruption"
                    .to_string(),
            );
        }
        for size in ["rsize", "wsize"] {
            match self.value(size) {
                Some(v) if v != ONE_MIB => out.push(format!(
                    "NFS option {size}={v}: EFS is tuned for {size}={ONE_MIB} (1 MiB); smaller sizes cut throughput"
                )),
                None if !efs_utils_defaults => out.push(format!(
                    "NFS options lack {size}: AWS recommends {size}={ONE_MIB}"
                )),
                _ => {}
            }
        }
        let version = self.value("nfsvers").or_else(|| self.value("vers"));
        match version {
            Some(v) if !v.starts_with('4') => out.push(format!(
                "NFS option version {v}: EFS speaks NFS 4.0 and 4.1 only; use nfsvers=4.1"
            )),
            None if !efs_utils_defaults => {
                out.push("NFS options lack nfsvers: EFS needs nfsvers=4.1 (or 4.0)".to_string())
            }
            _ => {}
        }
        out
    }
}

fn key(item: &str) -> &str {
    item.split_once('=').map_or(item, |(k, _)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warnings(text: &str) -> Vec<String> {
        NfsOptions::parse(text).unwrap().0.warnings(false)
    }

    #[test]
    fn recommended_options_warn_about_nothing() {
        assert_eq!(NfsOptions::default().warnings(false), Vec::<String>::new());
        assert_eq!(warnings(&RECOMMENDED.join(",")), Vec::<String>::new());
    }

    #[test]
    fn default_joins_to_aws_recommendation() {
        assert_eq!(
            NfsOptions::default().joined(),
            "nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport"
        );
    }

    #[test]
    fn dropping_hard_or_noresvport_warns() {
        let w = warnings("nfsvers=4.1,rsize=1048576,wsize=1048576");
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].contains("hard"), "{w:?}");
        assert!(w[1].contains("noresvport"), "{w:?}");
    }

    #[test]
    fn soft_and_resvport_warn() {
        let w = warnings("nfsvers=4.1,rsize=1048576,wsize=1048576,soft,resvport");
        assert_eq!(w.len(), 2, "{w:?}");
        assert!(w[0].contains("soft"), "{w:?}");
        assert!(w[1].contains("resvport"), "{w:?}");
    }

    #[test]
    fn small_rsize_or_wsize_warns() {
        let w = warnings("nfsvers=4.1,rsize=65536,wsize=1048576,hard,noresvport");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("rsize=65536"), "{w:?}");
        let w = warnings("nfsvers=4.1,rsize=1048576,wsize=32768,hard,noresvport");
        assert!(w[0].contains("wsize=32768"), "{w:?}");
    }

    #[test]
    fn last_value_wins_like_mount_does() {
        let w = warnings("nfsvers=4.1,rsize=4096,rsize=1048576,wsize=1048576,hard,noresvport");
        assert_eq!(w, Vec::<String>::new());
    }

    #[test]
    fn nfs_v3_warns() {
        let w = warnings("vers=3,rsize=1048576,wsize=1048576,hard,noresvport");
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("4.1"), "{w:?}");
    }

    #[test]
    fn addr_is_dropped_with_a_warning() {
        let (o, w) = NfsOptions::parse("addr=10.0.0.1,hard").unwrap();
        assert_eq!(o.items(), ["hard"]);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("addr="), "{w:?}");
    }

    #[test]
    fn efs_utils_mode_warns_only_on_contrary_choices() {
        let (o, _) = NfsOptions::parse("timeo=300").unwrap();
        assert_eq!(o.warnings(true), Vec::<String>::new());
        let (o, _) = NfsOptions::parse("soft,rsize=4096").unwrap();
        assert_eq!(o.warnings(true).len(), 2);
    }

    #[test]
    fn bad_items_are_usage_errors() {
        for bad in ["", "hard,,noresvport", "hard noresvport", "x=\"y\"", "a#b"] {
            let err = NfsOptions::parse(bad).unwrap_err();
            assert_eq!(err.kind, crate::error::ErrorKind::Usage, "{bad:?}");
        }
    }
}
