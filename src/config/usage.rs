//! The cost-estimate inputs of `efsctl plan` (`--storage-gb`, `--ia-percent`, ...): flags over
//! `efsctl.yaml`, then defaults, then validation, as for the deployment settings.
//!
//! Kept apart from the deployment spec because they describe the workload, not the resources:
//! they change no step of the plan, only the estimate.

use std::path::PathBuf;

use super::Loaded;
use crate::cli::UsageArgs;
use crate::cost::money::Qty;
use crate::cost::Usage;
use crate::error::{Error, Result};

/// GB stored when neither `--storage-gb` nor `storage-gb:` is given.
pub const DEFAULT_STORAGE_GB: f64 = 100.0;

impl Loaded {
    /// The usage for the estimate; inputs not given default to 100 GB stored, all in Standard,
    /// no traffic, and are marked as defaults in the report.
    pub fn usage(&self, flags: &UsageArgs) -> Result<Usage> {
        let f = &self.file;
        let mut defaulted = Vec::new();
        let mut pick = |key: &'static str, flag: Option<f64>, file: Option<f64>, default| {
            flag.or(file).unwrap_or_else(|| {
                defaulted.push(key);
                default
            })
        };
        let storage = pick(
            "storage-gb",
            flags.storage_gb,
            f.storage_gb,
            DEFAULT_STORAGE_GB,
        );
        let ia = pick("ia-percent", flags.ia_percent, f.ia_percent, 0.0);
        let archive = pick(
            "archive-percent",
            flags.archive_percent,
            f.archive_percent,
            0.0,
        );
        let read = pick("read-gb-month", flags.read_gb_month, f.read_gb_month, 0.0);
        let write = pick(
            "write-gb-month",
            flags.write_gb_month,
            f.write_gb_month,
            0.0,
        );
        Ok(Usage {
            storage_gb: gb("storage-gb", storage)?,
            ia_bp: percent_bp("ia-percent", ia)?,
            archive_bp: percent_bp("archive-percent", archive)?,
            read_gb: gb("read-gb-month", read)?,
            write_gb: gb("write-gb-month", write)?,
            defaulted,
        })
    }

    /// The `--prices` file, else the file's `prices:`; `None` means the built-in table.
    pub fn prices_path(&self, flag: Option<&PathBuf>) -> Option<PathBuf> {
        flag.cloned().or_else(|| self.file.prices.clone())
    }

    /// `--live-pricing`, else the file's `live-pricing:`; off by default, so `plan` makes no
    /// call outside EFS/EC2/KMS unless asked.
    pub fn live_pricing(&self, flag: bool) -> bool {
        flag || self.file.live_pricing.unwrap_or(false)
    }
}

/// A non-negative amount of GB with at most 3 decimals (1 MB).
fn gb(key: &str, value: f64) -> Result<Qty> {
    let milli = value * 1000.0;
    if !(0.0..=1e12).contains(&value) || (milli - milli.round()).abs() > 1e-6 {
        return Err(Error::usage(format!(
            "invalid --{key} {value}: give a number of GB from 0 up, with at most 3 decimals"
        )));
    }
    Ok(Qty::from_f64(milli.round() / 1000.0).expect("checked range"))
}

/// A percentage 0-100 with at most 2 decimals, in basis points.
fn percent_bp(key: &str, value: f64) -> Result<u32> {
    let bp = value * 100.0;
    if !(0.0..=100.0).contains(&value) || (bp - bp.round()).abs() > 1e-6 {
        return Err(Error::usage(format!(
            "invalid --{key} {value}: give a percentage from 0 to 100, with at most 2 decimals"
        )));
    }
    Ok(bp.round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::ConfigFile;

    fn loaded(yaml: &str) -> Loaded {
        Loaded {
            file: ConfigFile::parse(yaml).unwrap(),
            aws: Default::default(),
        }
    }

    #[test]
    fn flags_override_the_file_and_missing_inputs_are_defaults() {
        let l = loaded("storage-gb: 500\nia-percent: 60\nread-gb-month: 10\n");
        let flags = UsageArgs {
            read_gb_month: Some(2000.0),
            ..Default::default()
        };
        let u = l.usage(&flags).unwrap();
        assert_eq!(u.storage_gb, Qty::whole(500));
        assert_eq!(u.ia_bp, 6000);
        assert_eq!(u.read_gb, Qty::whole(2000));
        assert_eq!(u.defaulted, ["archive-percent", "write-gb-month"]);
    }

    #[test]
    fn bad_inputs_are_refused_naming_the_flag() {
        let l = loaded("");
        let bad = |a: UsageArgs| l.usage(&a).unwrap_err().message;
        let e = bad(UsageArgs {
            ia_percent: Some(120.0),
            ..Default::default()
        });
        assert!(e.contains("--ia-percent 120"), "{e}");
        let e = bad(UsageArgs {
            storage_gb: Some(-1.0),
            ..Default::default()
        });
        assert!(e.contains("--storage-gb -1"), "{e}");
        let e = bad(UsageArgs {
            archive_percent: Some(12.345),
            ..Default::default()
        });
        assert!(e.contains("2 decimals"), "{e}");
    }

    #[test]
    fn prices_path_from_flag_then_file() {
        let l = loaded("prices: team-prices.yaml\n");
        assert_eq!(l.prices_path(None), Some(PathBuf::from("team-prices.yaml")));
        let flag = PathBuf::from("mine.yaml");
        assert_eq!(l.prices_path(Some(&flag)), Some(flag.clone()));
    }

    #[test]
    fn live_pricing_is_off_unless_the_flag_or_the_file_asks() {
        assert!(!loaded("").live_pricing(false));
        assert!(loaded("").live_pricing(true));
        assert!(loaded("live-pricing: true\n").live_pricing(false));
        assert!(!loaded("live-pricing: false\n").live_pricing(false));
    }
}
