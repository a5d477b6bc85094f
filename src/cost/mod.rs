//! Monthly cost estimate for the file system `efsctl plan` would create: pure arithmetic over a
//! price table and the user's usage assumptions, line by line, for the chosen configuration and
//! for the alternatives the user did not choose (Regional vs One Zone, Elastic vs Bursting).
//!
//! Billing rules (Amazon EFS pricing page and user guide; see `prices/efs-prices.yaml`):
//! - Storage is billed per GB-month per storage class. Regional IA is cheaper on Elastic file
//!   systems than on Bursting/Provisioned ones ("legacy" price). Archive exists only on Regional
//!   file systems with Elastic throughput; where it does not exist, the Archive share is priced
//!   as IA and the estimate says so.
//! - Elastic throughput bills every GB read and written. Bursting bills no throughput.
//! - Provisioned throughput bills only the rate above what Bursting would give for the data in
//!   Standard (or One Zone) storage: 50 KB/s per GB (documented baseline). efsctl takes MiB/s
//!   as the provisioned rate and bills it as MB/s, as the price table lists it.
//! - Reads from IA/Archive add a per-GB access charge; lifecycle moves into IA/Archive add a
//!   per-GB tiering charge.
//!
//! Our assumptions (stated in every report): reads hit the classes in proportion to what they
//! hold; in a steady state each month's writes eventually go cold in the same proportion, so
//! that share of the written GB is tiered each month. Money is exact (see [`money`]).

pub mod live;
pub mod money;
pub mod offer;
pub mod prices;
mod scenario;
mod tiering;

#[cfg(test)]
mod tests;

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::FileSystemSpec;
pub use scenario::{FsType, Mode, Scenario};

use money::{Cents, Price, Qty};
use prices::{PriceTable, RegionPrices, TableInfo};

/// Basis points in 100%.
const ALL_BP: u32 = 10_000;

/// What the user expects to store and move each month.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Usage {
    /// Average GB stored over the month.
    pub storage_gb: Qty,
    /// Share in Infrequent Access, in basis points (6000 = 60%).
    pub ia_bp: u32,
    /// Share in Archive, in basis points.
    pub archive_bp: u32,
    pub read_gb: Qty,
    pub write_gb: Qty,
    /// Inputs the user did not give, shown as "(default)" in the assumptions.
    pub defaulted: Vec<&'static str>,
}

/// Which group a line belongs to, for the comparison table.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Storage,
    Throughput,
    Access,
}

/// One billed item: quantity × unit price, rounded to the cent.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Line {
    pub item: String,
    pub kind: Kind,
    pub quantity: Qty,
    pub unit: &'static str,
    pub unit_price: Price,
    pub amount: Cents,
}

/// A priced scenario: its lines and their total (the sum of the rounded lines).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Estimate {
    pub label: String,
    pub scenario: Scenario,
    pub chosen: bool,
    pub lines: Vec<Line>,
    pub total: Cents,
    pub notes: Vec<String>,
}

impl Estimate {
    pub fn subtotal(&self, kind: Kind) -> Cents {
        self.lines
            .iter()
            .filter(|l| l.kind == kind)
            .map(|l| l.amount)
            .sum()
    }
}

/// The whole cost section of `plan`: either estimates, or a note saying why there are none.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CostReport {
    pub region: String,
    pub price_table: TableInfo,
    pub covered_regions: Vec<String>,
    pub assumptions: Vec<String>,
    /// The chosen configuration first, then the alternatives. Empty when not covered.
    pub estimates: Vec<Estimate>,
    /// Set when there is no estimate, e.g. the region is not in the price table.
    pub note: Option<String>,
    /// E.g. why live prices could not be used; also printed on stderr.
    pub warnings: Vec<String>,
}

/// Refuses usage that cannot describe the chosen file system (bad input: exit code 2).
pub fn check_usage(usage: &Usage, fs: &FileSystemSpec) -> Result<()> {
    if usage.ia_bp + usage.archive_bp > ALL_BP {
        return Err(Error::usage(format!(
            "--ia-percent {} and --archive-percent {} add up to more than 100",
            percent(usage.ia_bp),
            percent(usage.archive_bp)
        )));
    }
    let chosen = Scenario::from_spec(fs);
    if usage.archive_bp > 0 && !chosen.has_archive() {
        return Err(Error::usage(format!(
            "--archive-percent {}: EFS Archive exists only on Regional file systems with Elastic \
             throughput, not {}; use --ia-percent instead",
            percent(usage.archive_bp),
            chosen.label()
        )));
    }
    Ok(())
}

/// Prices the chosen configuration and its alternatives in `region`.
pub fn report(table: &PriceTable, region: &str, fs: &FileSystemSpec, usage: &Usage) -> CostReport {
    let chosen = Scenario::from_spec(fs);
    let covered_regions = table.covered().into_iter().map(String::from).collect();
    let (usage, warnings) = tiering::as_the_lifecycle_allows(usage, &fs.lifecycle);
    let usage = &usage;
    let mut assumptions = assumptions(usage);
    assumptions.extend(tiering::assumptions(usage, fs));
    let mut report = CostReport {
        region: region.to_string(),
        price_table: table.info.clone(),
        covered_regions,
        assumptions,
        estimates: Vec::new(),
        note: None,
        warnings,
    };
    let Some(prices) = table.region(region) else {
        report.note = Some(format!(
            "no cost estimate: the price table ({}, {}) has no prices for {region}; it covers {}. \
             Read current prices with --live-pricing, or give your own with --prices FILE \
             (`efsctl prices --regions {region} --out FILE` writes one)",
            table.info.origin,
            table.info.date,
            table.covered().join(", ")
        ));
        return report;
    };
    report.estimates.push(estimate(chosen, usage, prices, true));
    for alt in chosen.alternatives() {
        report.estimates.push(estimate(alt, usage, prices, false));
    }
    report
}

/// Prices one scenario. Pure; every line is exact until rounded to the cent.
pub fn estimate(scenario: Scenario, usage: &Usage, p: &RegionPrices, chosen: bool) -> Estimate {
    let mut notes = Vec::new();
    let (ia_bp, archive_bp) = if scenario.has_archive() || usage.archive_bp == 0 {
        (usage.ia_bp, usage.archive_bp)
    } else {
        notes.push(format!(
            "{} has no Archive class: the {}% Archive share is priced as Infrequent Access",
            scenario.label(),
            percent(usage.archive_bp)
        ));
        (usage.ia_bp + usage.archive_bp, 0)
    };
    let standard_gb = usage.storage_gb.share(ALL_BP - ia_bp - archive_bp);
    let ia_gb = usage.storage_gb.share(ia_bp);
    let archive_gb = usage.storage_gb.share(archive_bp);

    let mut lines = Vec::new();
    let mut add = |item: String, kind, quantity: Qty, unit, unit_price: Price, always: bool| {
        if always || !quantity.is_zero() {
            lines.push(Line {
                item,
                kind,
                quantity,
                unit,
                unit_price,
                amount: quantity.times(unit_price).cents(),
            });
        }
    };
    let gbm = "GB-month";
    match scenario.file_system {
        FsType::Regional => {
            let ia_price = if scenario.throughput == Mode::Elastic {
                p.ia
            } else {
                p.ia_legacy
            };
            add(
                "Standard storage".into(),
                Kind::Storage,
                standard_gb,
                gbm,
                p.standard,
                true,
            );
            add(
                "Infrequent Access storage".into(),
                Kind::Storage,
                ia_gb,
                gbm,
                ia_price,
                false,
            );
            add(
                "Archive storage".into(),
                Kind::Storage,
                archive_gb,
                gbm,
                p.archive,
                false,
            );
        }
        FsType::OneZone => {
            add(
                "One Zone storage".into(),
                Kind::Storage,
                standard_gb,
                gbm,
                p.one_zone,
                true,
            );
            add(
                "One Zone-IA storage".into(),
                Kind::Storage,
                ia_gb,
                gbm,
                p.one_zone_ia,
                false,
            );
        }
    }
    match scenario.throughput {
        Mode::Elastic => {
            add("Elastic throughput reads".into(), Kind::Throughput, usage.read_gb, "GB", p.elastic_read, true);
            add("Elastic throughput writes".into(), Kind::Throughput, usage.write_gb, "GB", p.elastic_write, true);
        }
        Mode::Bursting => notes.push(format!(
            "Bursting bills no throughput; its baseline for {standard_gb} GB in Standard is {} MB/s \
             (bursts above it spend credits)",
            bursting_baseline(standard_gb)
        )),
        Mode::Provisioned(rate) => {
            let baseline = bursting_baseline(standard_gb);
            let billed = rate.saturating_sub(baseline);
            add(
                format!("Provisioned throughput ({rate} MB/s, less {baseline} MB/s Bursting baseline)"),
                Kind::Throughput,
                billed,
                "MB/s-month",
                p.provisioned,
                true,
            );
        }
    }
    let ia_reads = usage.read_gb.share(ia_bp);
    let archive_reads = usage.read_gb.share(archive_bp);
    add(
        "Infrequent Access reads".into(),
        Kind::Access,
        ia_reads,
        "GB",
        p.ia_read,
        false,
    );
    add(
        "Archive reads".into(),
        Kind::Access,
        archive_reads,
        "GB",
        p.archive_read,
        false,
    );
    add(
        "Tiering into Infrequent Access".into(),
        Kind::Access,
        usage.write_gb.share(ia_bp),
        "GB",
        p.ia_tiering,
        false,
    );
    add(
        "Tiering into Archive".into(),
        Kind::Access,
        usage.write_gb.share(archive_bp),
        "GB",
        p.archive_tiering,
        false,
    );

    let total = lines.iter().map(|l| l.amount).sum();
    Estimate {
        label: scenario.label(),
        scenario,
        chosen,
        lines,
        total,
        notes,
    }
}

/// Bursting's baseline for `standard_gb` GB: 50 KB/s per GB = GB / 20 MB/s.
pub fn bursting_baseline(standard_gb: Qty) -> Qty {
    Qty(standard_gb.0 / 20)
}

pub(crate) fn percent(bp: u32) -> String {
    let whole = bp / 100;
    match bp % 100 {
        0 => whole.to_string(),
        frac => format!("{whole}.{}", format!("{frac:02}").trim_end_matches('0')),
    }
}

/// The assumptions behind every number, in the words the report shows.
pub fn assumptions(u: &Usage) -> Vec<String> {
    let d = |key: &str| {
        if u.defaulted.contains(&key) {
            " (default)"
        } else {
            ""
        }
    };
    let std_bp = ALL_BP.saturating_sub(u.ia_bp + u.archive_bp);
    vec![
        format!(
            "Stored: {} GB{} on average over the month: {}% Standard, {}% Infrequent Access{}, {}% Archive{}",
            u.storage_gb,
            d("storage-gb"),
            percent(std_bp),
            percent(u.ia_bp),
            d("ia-percent"),
            percent(u.archive_bp),
            d("archive-percent"),
        ),
        format!(
            "Traffic per month: {} GB read{}, {} GB written{}",
            u.read_gb,
            d("read-gb-month"),
            u.write_gb,
            d("write-gb-month")
        ),
        "Reads hit each storage class in proportion to what it holds; IA and Archive reads pay \
         their access charge on top of any Elastic read charge"
            .to_string(),
        "Steady state: each month's writes eventually go cold in the same proportion, so that \
         share of the written GB is tiered into IA/Archive every month"
            .to_string(),
        "Provisioned throughput is billed only above the Bursting baseline for the data in \
         Standard (50 KB/s per GB); MiB/s is billed as MB/s"
            .to_string(),
        "Not included: data transfer between AZs or regions, Elastic metadata operations, the \
         128 KiB minimum billable file size in IA/Archive, taxes, free tier"
            .to_string(),
        "Each line is exact, then rounded half-up to the cent; totals are sums of the rounded lines"
            .to_string(),
    ]
}
