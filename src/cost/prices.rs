//! The EFS price table: the dated copy shipped inside the binary (`prices/efs-prices.yaml`), or a
//! user's file of the same schema given with `--prices`.
//!
//! A price table is validated as strictly as `efsctl.yaml`: unknown keys, unknown regions,
//! negative prices or prices finer than a micro-dollar are refused with the file named. A region
//! that is simply not listed is not an error: the caller shows the plan without cost and says so,
//! and never falls back to another region's prices.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};

use super::money::Price;
use crate::error::{Error, Result};

/// The table shipped with efsctl.
pub const EMBEDDED: &str = include_str!("../../prices/efs-prices.yaml");

/// `TableInfo::origin` of prices read from the AWS Price List API by `--live-pricing`.
pub const LIVE_ORIGIN: &str = "AWS Price List API";

/// The only schema version this build reads.
pub const SCHEMA_VERSION: u32 = 1;

/// Where a table came from, for the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TableInfo {
    /// "built-in", the override file's path, or [`LIVE_ORIGIN`].
    pub origin: String,
    /// The day the prices were read (a table), or published (live prices).
    pub date: String,
    pub source: String,
    pub currency: String,
}

/// Prices for one region, in micro-dollars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct RegionPrices {
    /// Regional Standard, per GB-month.
    pub standard: Price,
    /// Regional Infrequent Access on Elastic file systems, per GB-month.
    pub ia: Price,
    /// Regional Infrequent Access on Bursting/Provisioned file systems, per GB-month.
    pub ia_legacy: Price,
    /// Regional Archive (Elastic only), per GB-month.
    pub archive: Price,
    /// One Zone, per GB-month.
    pub one_zone: Price,
    /// One Zone-IA, per GB-month.
    pub one_zone_ia: Price,
    /// Elastic throughput reads, per GB.
    pub elastic_read: Price,
    /// Elastic throughput writes, per GB.
    pub elastic_write: Price,
    /// Provisioned throughput, per MB/s-month.
    pub provisioned: Price,
    /// Extra charge per GB read from Infrequent Access.
    pub ia_read: Price,
    /// Extra charge per GB read from Archive.
    pub archive_read: Price,
    /// Per GB moved into Infrequent Access by lifecycle management.
    pub ia_tiering: Price,
    /// Per GB moved into Archive by lifecycle management.
    pub archive_tiering: Price,
}

/// A validated table.
#[derive(Debug, Clone, PartialEq)]
pub struct PriceTable {
    pub info: TableInfo,
    pub regions: BTreeMap<String, RegionPrices>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
struct RawTable {
    version: u32,
    date: String,
    source: String,
    currency: String,
    regions: BTreeMap<String, RawRegion>,
}

#[derive(Debug, Deserialize, Serialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawRegion {
    standard_gb_month: f64,
    ia_gb_month: f64,
    ia_legacy_gb_month: f64,
    archive_gb_month: f64,
    one_zone_gb_month: f64,
    one_zone_ia_gb_month: f64,
    elastic_read_per_gb: f64,
    elastic_write_per_gb: f64,
    provisioned_per_mbps_month: f64,
    ia_read_per_gb: f64,
    archive_read_per_gb: f64,
    ia_tiering_per_gb: f64,
    archive_tiering_per_gb: f64,
}

impl PriceTable {
    /// The built-in table; it is checked by a unit test, so this cannot fail in a release.
    pub fn embedded() -> PriceTable {
        Self::parse(EMBEDDED, "built-in").expect("the built-in price table is valid")
    }

    /// The `--prices` file if given, else the built-in table.
    pub fn load(path: Option<&Path>) -> Result<PriceTable> {
        let Some(path) = path else {
            return Ok(Self::embedded());
        };
        let origin = path.display().to_string();
        let text = std::fs::read_to_string(path)
            .map_err(|e| Error::usage(format!("cannot read price table {origin}: {e}")))?;
        Self::parse(&text, &origin)
            .map_err(|msg| Error::usage(format!("price table {origin}: {msg}")))
    }

    /// Parses and validates a table; the error is one sentence without the file name.
    pub fn parse(text: &str, origin: &str) -> std::result::Result<PriceTable, String> {
        let raw: RawTable = serde_norway::from_str(text).map_err(|e| e.to_string())?;
        if raw.version != SCHEMA_VERSION {
            return Err(format!(
                "version {} is not supported (this efsctl reads version {SCHEMA_VERSION})",
                raw.version
            ));
        }
        if !is_iso_date(&raw.date) {
            return Err(format!(
                "date {:?} must be YYYY-MM-DD: the day these prices were read",
                raw.date
            ));
        }
        if raw.source.trim().is_empty() {
            return Err("source is empty: name where the prices come from".to_string());
        }
        if raw.currency != "USD" {
            return Err(format!(
                "currency {:?} is not supported: prices must be in USD",
                raw.currency
            ));
        }
        if raw.regions.is_empty() {
            return Err("regions is empty: list at least one region".to_string());
        }
        let mut regions = BTreeMap::new();
        for (name, r) in raw.regions {
            if !crate::regions::is_known(&name) {
                return Err(format!(
                    "region {name:?} is not an EFS region efsctl knows (see `efsctl --help`)"
                ));
            }
            let prices = r.validate().map_err(|e| format!("{name}: {e}"))?;
            regions.insert(name, prices);
        }
        Ok(PriceTable {
            info: TableInfo {
                origin: origin.to_string(),
                date: raw.date,
                source: raw.source.split_whitespace().collect::<Vec<_>>().join(" "),
                currency: raw.currency,
            },
            regions,
        })
    }

    /// Prices for `region`, or `None` when the table does not cover it.
    pub fn region(&self, region: &str) -> Option<&RegionPrices> {
        self.regions.get(region)
    }

    pub fn covered(&self) -> Vec<&str> {
        self.regions.keys().map(String::as_str).collect()
    }

    /// The table in the file schema `--prices` reads, as YAML under a comment `header`
    /// (each line prefixed with "# "). Parsing the text gives this table back.
    pub fn to_yaml(&self, header: &str) -> String {
        let mut text: String = header.lines().map(|l| format!("# {l}\n")).collect();
        text.push_str(
            &serde_norway::to_string(&self.raw()).expect("a price table serializes to YAML"),
        );
        text
    }

    /// The same document as [`Self::to_yaml`], as JSON.
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::to_value(self.raw()).expect("a price table serializes to JSON")
    }

    fn raw(&self) -> RawTable {
        RawTable {
            version: SCHEMA_VERSION,
            date: self.info.date.clone(),
            source: self.info.source.clone(),
            currency: self.info.currency.clone(),
            regions: self
                .regions
                .iter()
                .map(|(name, p)| (name.clone(), RawRegion::from(p)))
                .collect(),
        }
    }
}

impl From<&RegionPrices> for RawRegion {
    /// Micro-dollars as f64 print as their shortest exact decimal ("0.0133"), which
    /// [`Price::from_dollars`] reads back to the same micro-dollars.
    fn from(p: &RegionPrices) -> Self {
        RawRegion {
            standard_gb_month: p.standard.as_f64(),
            ia_gb_month: p.ia.as_f64(),
            ia_legacy_gb_month: p.ia_legacy.as_f64(),
            archive_gb_month: p.archive.as_f64(),
            one_zone_gb_month: p.one_zone.as_f64(),
            one_zone_ia_gb_month: p.one_zone_ia.as_f64(),
            elastic_read_per_gb: p.elastic_read.as_f64(),
            elastic_write_per_gb: p.elastic_write.as_f64(),
            provisioned_per_mbps_month: p.provisioned.as_f64(),
            ia_read_per_gb: p.ia_read.as_f64(),
            archive_read_per_gb: p.archive_read.as_f64(),
            ia_tiering_per_gb: p.ia_tiering.as_f64(),
            archive_tiering_per_gb: p.archive_tiering.as_f64(),
        }
    }
}

impl RawRegion {
    fn validate(&self) -> std::result::Result<RegionPrices, String> {
        let p = |key: &str, v: f64| {
            Price::from_dollars(v).ok_or_else(|| {
                format!("{key} {v} must be a non-negative price with at most 6 decimals")
            })
        };
        Ok(RegionPrices {
            standard: p("standard-gb-month", self.standard_gb_month)?,
            ia: p("ia-gb-month", self.ia_gb_month)?,
            ia_legacy: p("ia-legacy-gb-month", self.ia_legacy_gb_month)?,
            archive: p("archive-gb-month", self.archive_gb_month)?,
            one_zone: p("one-zone-gb-month", self.one_zone_gb_month)?,
            one_zone_ia: p("one-zone-ia-gb-month", self.one_zone_ia_gb_month)?,
            elastic_read: p("elastic-read-per-gb", self.elastic_read_per_gb)?,
            elastic_write: p("elastic-write-per-gb", self.elastic_write_per_gb)?,
            provisioned: p(
                "provisioned-per-mbps-month",
                self.provisioned_per_mbps_month,
            )?,
            ia_read: p("ia-read-per-gb", self.ia_read_per_gb)?,
            archive_read: p("archive-read-per-gb", self.archive_read_per_gb)?,
            ia_tiering: p("ia-tiering-per-gb", self.ia_tiering_per_gb)?,
            archive_tiering: p("archive-tiering-per-gb", self.archive_tiering_per_gb)?,
        })
    }
}

fn is_iso_date(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    let num = |p: &str, len: usize, max: u32| {
        p.len() == len
            && p.chars().all(|c| c.is_ascii_digit())
            && p.parse::<u32>().is_ok_and(|n| (1..=max).contains(&n))
    };
    parts.len() == 3 && num(parts[0], 4, 9999) && num(parts[1], 2, 12) && num(parts[2], 2, 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_parses_is_dated_sourced_and_covers_its_regions() {
        let t = PriceTable::embedded();
        assert!(is_iso_date(&t.info.date));
        assert!(t.info.source.contains("aws.amazon.com/efs/pricing"));
        assert_eq!(t.covered(), ["us-east-1", "us-east-2", "us-west-2"]);
        for region in t.covered() {
            assert!(crate::regions::is_known(region));
        }
        let us = t.region("us-east-1").unwrap();
        assert_eq!(us.standard, Price(300_000));
        assert_eq!(us.ia, Price(16_000));
        assert_eq!(us.ia_legacy, Price(25_000));
        assert_eq!(us.archive, Price(8_000));
        assert_eq!(us.one_zone, Price(160_000));
        assert_eq!(us.one_zone_ia, Price(13_300));
        assert_eq!(us.elastic_read, Price(30_000));
        assert_eq!(us.elastic_write, Price(60_000));
        assert_eq!(us.provisioned, Price(6_000_000));
        assert_eq!(us.ia_read, Price(10_000));
        assert_eq!(us.archive_read, Price(30_000));
        assert_eq!(us.ia_tiering, Price(10_000));
        assert_eq!(us.archive_tiering, Price(30_000));
    }

    #[test]
    fn a_table_written_as_yaml_or_json_reads_back_the_same() {
        let table = PriceTable::embedded();
        let yaml = table.to_yaml("made by a test\nsecond line");
        assert!(
            yaml.starts_with("# made by a test\n# second line\nversion: 1\n"),
            "{yaml}"
        );
        assert!(yaml.contains("one-zone-ia-gb-month: 0.0133\n"), "{yaml}");
        let back = PriceTable::parse(&yaml, "built-in").unwrap();
        assert_eq!(back, table);
        let json = table.to_json().to_string();
        assert_eq!(PriceTable::parse(&json, "built-in").unwrap(), table);
    }

    #[test]
    fn a_region_not_in_the_table_is_reported_not_borrowed() {
        let t = PriceTable::embedded();
        assert!(crate::regions::is_known("eu-west-1"));
        assert_eq!(t.region("eu-west-1"), None);
    }

    fn user_table(extra_top: &str, extra_region: &str) -> String {
        let region = EMBEDDED
            .split("us-east-1: &us-standard-prices\n")
            .nth(1)
            .unwrap()
            .split("  us-east-2")
            .next()
            .unwrap();
        format!(
            "version: 1\ndate: \"2026-01-31\"\nsource: my negotiated rates\ncurrency: USD\n{extra_top}\
             regions:\n  eu-west-1:\n{region}{extra_region}"
        )
    }

    #[test]
    fn override_file_with_the_same_schema_is_accepted() {
        let t = PriceTable::parse(&user_table("", ""), "mine.yaml").unwrap();
        assert_eq!(t.covered(), ["eu-west-1"]);
        assert_eq!(t.info.origin, "mine.yaml");
        assert_eq!(t.info.source, "my negotiated rates");
    }

    #[test]
    fn override_file_with_an_unknown_key_is_refused() {
        let err =
            PriceTable::parse(&user_table("", "    standard-gb-mnoth: 0.3\n"), "x").unwrap_err();
        assert!(err.contains("unknown field `standard-gb-mnoth`"), "{err}");
        let err = PriceTable::parse(&user_table("discount: 5\n", ""), "x").unwrap_err();
        assert!(err.contains("unknown field `discount`"), "{err}");
    }

    #[test]
    fn override_file_with_a_missing_price_is_refused() {
        let text = user_table("", "").replace("    archive-tiering-per-gb: 0.03\n", "");
        let err = PriceTable::parse(&text, "x").unwrap_err();
        assert!(err.contains("archive-tiering-per-gb"), "{err}");
    }

    #[test]
    fn bad_values_are_refused_with_the_key() {
        let neg = user_table("", "").replace("standard-gb-month: 0.30", "standard-gb-month: -1");
        let err = PriceTable::parse(&neg, "x").unwrap_err();
        assert!(err.contains("eu-west-1: standard-gb-month -1"), "{err}");
        let undated = user_table("", "").replace("\"2026-01-31\"", "yesterday");
        assert!(PriceTable::parse(&undated, "x")
            .unwrap_err()
            .contains("YYYY-MM-DD"));
        let unknown = user_table("", "").replace("eu-west-1:", "eu-west-9:");
        assert!(PriceTable::parse(&unknown, "x")
            .unwrap_err()
            .contains("eu-west-9"));
        let v2 = user_table("", "").replace("version: 1", "version: 2");
        assert!(PriceTable::parse(&v2, "x")
            .unwrap_err()
            .contains("version 2"));
    }
}
