//! The `efsctl.yaml` schema: the same settings as the flags, with the same names.
//!
//! Unknown keys are an error naming the key (a typo must never be silently ignored), so the
//! struct denies unknown fields. See docs/config.md for the reference.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::cli::{MountModeArg, PerformanceModeArg, ThroughputArg, TransitionToPrimaryArg};
use crate::error::{Error, Result};

/// Default config file, read from the working directory when `--config` is not given.
pub const DEFAULT_CONFIG_FILE: &str = "efsctl.yaml";

/// efsctl.yaml: the settings of `efsctl up` and `efsctl plan`, one key per flag (flags win).
#[derive(Debug, Clone, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "efsctl.yaml")]
pub struct ConfigFile {
    pub name: Option<String>,
    pub region: Option<String>,
    pub profile: Option<String>,
    pub endpoint_url: Option<String>,

    pub ray_cluster: Option<String>,
    pub vpc: Option<String>,
    pub azs: Option<Vec<String>>,
    pub subnets: Option<Vec<String>>,
    pub one_zone: Option<String>,

    pub allow_sg: Option<Vec<String>>,
    pub allow_cidr: Option<Vec<String>>,

    pub kms_key: Option<String>,
    pub throughput: Option<ThroughputArg>,
    pub provisioned_mibps: Option<f64>,
    pub performance_mode: Option<PerformanceModeArg>,

    pub backup: Option<bool>,
    /// Days (1, 7, 14, 30, 60, 90, 180, 270, 365) or `none`.
    pub transition_to_ia: Option<Scalar>,
    pub transition_to_archive: Option<Scalar>,
    pub transition_to_primary: Option<TransitionToPrimaryArg>,
    pub replicate_to: Option<String>,
    pub replica_kms_key: Option<String>,
    pub replica_one_zone: Option<String>,

    pub mount_mode: Option<MountModeArg>,
    pub iam_auth: Option<bool>,
    pub root_squash: Option<bool>,
    pub access_points: Option<Vec<AccessPointEntry>>,

    /// Wait timeout, e.g. "20m".
    pub timeout: Option<String>,

    /// Cost estimate inputs for `efsctl plan` (see `--storage-gb` and friends).
    pub storage_gb: Option<f64>,
    pub ia_percent: Option<f64>,
    pub archive_percent: Option<f64>,
    pub read_gb_month: Option<f64>,
    pub write_gb_month: Option<f64>,
    /// Price table replacing the built-in one (same schema as prices/efs-prices.yaml).
    pub prices: Option<PathBuf>,
    /// Read prices from the AWS Price List API (see `--live-pricing`).
    pub live_pricing: Option<bool>,
}

/// One entry of `access-points:`.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessPointEntry {
    pub name: String,
    pub path: String,
    pub uid: Scalar,
    pub gid: Scalar,
    /// Octal, e.g. "0755" (quote it: YAML reads 0755 unquoted as a number).
    pub mode: Option<Scalar>,
}

/// A YAML value written as a number or a word (`transition-to-ia: 30` or `none`), read as the
/// text the equivalent flag would hold.
#[derive(Debug, Clone, PartialEq, Deserialize, schemars::JsonSchema)]
#[serde(untagged)]
pub enum Scalar {
    Number(i64),
    Text(String),
}

impl std::fmt::Display for Scalar {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scalar::Number(n) => write!(f, "{n}"),
            Scalar::Text(t) => f.write_str(t),
        }
    }
}

impl ConfigFile {
    /// Loads the explicit `--config` file (which must exist), else `./efsctl.yaml` if present,
    /// else an empty config.
    pub fn load(explicit: Option<&Path>) -> Result<(ConfigFile, Option<PathBuf>)> {
        let path = match explicit {
            Some(p) => p.to_path_buf(),
            None => {
                let default = PathBuf::from(DEFAULT_CONFIG_FILE);
                if !default.exists() {
                    return Ok((ConfigFile::default(), None));
                }
                default
            }
        };
        let text = std::fs::read_to_string(&path).map_err(|e| {
            Error::usage(format!("cannot read config file {}: {e}", path.display()))
        })?;
        let config = Self::parse(&text)
            .map_err(|msg| Error::usage(format!("config file {}: {msg}", path.display())))?;
        Ok((config, Some(path)))
    }

    /// Parses YAML text; an empty document is an empty config.
    pub fn parse(text: &str) -> std::result::Result<ConfigFile, String> {
        if text.trim().is_empty() {
            return Ok(ConfigFile::default());
        }
        serde_norway::from_str(text).map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_key() {
        let c = ConfigFile::parse(
            "name: ray-shared\nregion: us-east-1\nvpc: vpc-1\nazs: [us-east-1a, us-east-1b]\n\
             allow-sg: [sg-1]\nallow-cidr: [10.0.0.0/16]\nthroughput: provisioned\n\
             provisioned-mibps: 64\nperformance-mode: max-io\nkms-key: alias/efs\ntimeout: 5m\n",
        )
        .unwrap();
        assert_eq!(c.name.as_deref(), Some("ray-shared"));
        assert_eq!(c.azs.unwrap(), ["us-east-1a", "us-east-1b"]);
        assert_eq!(c.throughput, Some(ThroughputArg::Provisioned));
        assert_eq!(c.performance_mode, Some(PerformanceModeArg::MaxIo));
        assert_eq!(c.provisioned_mibps, Some(64.0));
    }

    #[test]
    fn parses_cost_inputs() {
        let c = ConfigFile::parse(
            "storage-gb: 500\nia-percent: 60\narchive-percent: 0\nread-gb-month: 2000\n\
             write-gb-month: 300.5\nprices: prices.yaml\n",
        )
        .unwrap();
        assert_eq!(c.storage_gb, Some(500.0));
        assert_eq!(c.write_gb_month, Some(300.5));
        assert_eq!(c.prices, Some(PathBuf::from("prices.yaml")));
    }

    #[test]
    fn parses_data_protection_keys() {
        let c = ConfigFile::parse(
            "backup: false\ntransition-to-ia: 60\ntransition-to-archive: none\n\
             transition-to-primary: on-first-access\nreplicate-to: us-west-2\n\
             replica-one-zone: us-west-2a\n",
        )
        .unwrap();
        assert_eq!(c.backup, Some(false));
        assert_eq!(c.transition_to_ia, Some(Scalar::Number(60)));
        assert_eq!(c.transition_to_archive, Some(Scalar::Text("none".into())));
        assert_eq!(
            c.transition_to_primary,
            Some(TransitionToPrimaryArg::OnFirstAccess)
        );
        assert_eq!(c.replicate_to.as_deref(), Some("us-west-2"));
    }

    #[test]
    fn unknown_key_is_an_error_naming_it() {
        let err = ConfigFile::parse("name: x\nvcp: vpc-1\n").unwrap_err();
        assert!(err.contains("unknown field `vcp`"), "{err}");
    }

    #[test]
    fn malformed_yaml_is_an_error_with_a_position() {
        let err = ConfigFile::parse("name: [unclosed\n").unwrap_err();
        assert!(err.contains("line"), "{err}");
    }

    #[test]
    fn bad_enum_value_lists_valid_ones() {
        let err = ConfigFile::parse("throughput: turbo\n").unwrap_err();
        assert!(err.contains("elastic"), "{err}");
    }

    #[test]
    fn empty_file_is_empty_config() {
        assert!(ConfigFile::parse("\n").unwrap().name.is_none());
    }
}
