//! `efsctl prices`: read EFS prices for one or more regions from the AWS Price List API and
//! write them as a price table in the schema `plan --prices` reads.
//!
//! This is how a table for any region is made, by a user for their `--prices` file or by a
//! maintainer for the table built into efsctl (`make prices`): the same GetProducts call and the
//! same strict reading as `plan --live-pricing`. All or nothing: if any region cannot be read,
//! nothing is written, so a table never silently lacks a region it was asked for.

use std::process::ExitCode;
use std::time::SystemTime;

use futures_util::stream::{self, StreamExt};

use super::deliver;
use crate::atomic_write;
use crate::aws::{pricing, sdk_config};
use crate::cli::{GlobalArgs, PricesArgs};
use crate::config::{check_region, Loaded};
use crate::cost::live::{self, LivePrices};
use crate::cost::offer;
use crate::cost::prices::{PriceTable, TableInfo};
use crate::error::{Error, Result};
use crate::regions::KNOWN_REGIONS;
use crate::render::report::{out_path, PricesReport};

/// Marks a file this command wrote, so `--out` may replace it without `--force`.
const MARKER: &str = "Written by `efsctl prices`";

/// Regions read at once: the Price List API allows only a few requests per second.
const CONCURRENT_REGIONS: usize = 4;

pub async fn run(global: &GlobalArgs, loaded: &Loaded, args: &PricesArgs) -> Result<ExitCode> {
    if !args.offer_files.is_empty() {
        return from_offer_files(global, args);
    }
    let regions = requested_regions(loaded, args)?;
    if let Some(out) = &args.out {
        atomic_write::check_overwrite(out, MARKER, args.force)?;
    }
    // The SDK config wants a region even though the Price List client pins its own.
    let mut aws = loaded.aws.clone();
    aws.region = aws.region.or_else(|| regions.first().cloned());
    let (config, _) = sdk_config::load(&aws).await?;
    let endpoint = aws.endpoint_url.as_deref();

    let results: Vec<(String, std::result::Result<LivePrices, String>)> =
        stream::iter(regions.iter().cloned())
            .map(|region| {
                let config = &config;
                async move {
                    let read = match pricing::efs_products(config, endpoint, &region).await {
                        Ok(documents) => live::region_prices(&documents),
                        Err(e) => Err(e),
                    };
                    (region, read)
                }
            })
            .buffer_unordered(CONCURRENT_REGIONS)
            .collect()
            .await;

    write_table(
        global,
        args,
        &regions,
        results,
        "AWS Price List API, GetProducts for service code AmazonEFS",
    )
}

/// `--offer-file`: the public bulk price list files, read without any AWS call or credentials.
/// The regions: `--regions`, `--all-regions` (every known region outside China), or every
/// region the files cover.
fn from_offer_files(global: &GlobalArgs, args: &PricesArgs) -> Result<ExitCode> {
    if let Some(out) = &args.out {
        atomic_write::check_overwrite(out, MARKER, args.force)?;
    }
    let mut read = std::collections::BTreeMap::new();
    for file in &args.offer_files {
        let text = std::fs::read_to_string(file)
            .map_err(|e| Error::usage(format!("cannot read {}: {e}", file.display())))?;
        let regions =
            offer::regions(&text).map_err(|e| Error::usage(format!("{}: {e}", file.display())))?;
        read.extend(regions);
    }
    let regions: Vec<String> = if args.all_regions {
        KNOWN_REGIONS
            .iter()
            .filter(|r| !r.starts_with("cn-"))
            .map(|r| r.to_string())
            .collect()
    } else if !args.regions.is_empty() {
        for region in &args.regions {
            check_region(region)?;
        }
        args.regions.clone()
    } else {
        read.keys()
            .filter(|r| !r.starts_with("cn-") && crate::regions::is_known(r))
            .cloned()
            .collect()
    };
    let results = regions
        .iter()
        .map(|region| {
            let prices = read
                .remove(region)
                .unwrap_or_else(|| Err("not in the offer file(s) given".to_string()));
            (region.clone(), prices)
        })
        .collect();
    write_table(
        global,
        args,
        &regions,
        results,
        "AWS price list offer files (bulk, AmazonEFS)",
    )
}

/// All or nothing: one dated table of the regions read, or exit 1 listing every failure.
fn write_table(
    global: &GlobalArgs,
    args: &PricesArgs,
    regions: &[String],
    results: Vec<(String, std::result::Result<LivePrices, String>)>,
    source: &str,
) -> Result<ExitCode> {
    let failures: Vec<String> = results
        .iter()
        .filter_map(|(region, r)| r.as_ref().err().map(|e| format!("{region}: {e}")))
        .collect();
    if !failures.is_empty() {
        return Err(Error::failed(format!(
            "no price table written: {} of {} region(s) could not be read:\n  {}",
            failures.len(),
            regions.len(),
            failures.join("\n  ")
        )));
    }
    let table = table(
        results.into_iter().filter_map(|(r, p)| Some((r, p.ok()?))),
        source,
    );
    let text = table.to_yaml(&header(&table));
    let report = PricesReport {
        table: table.to_json(),
        text: &text,
        out: out_path(args.out.as_deref()),
        regions: table.regions.len(),
        date: &table.info.date,
    };
    deliver(global, args.out.as_deref(), &text, &report)?;
    Ok(ExitCode::SUCCESS)
}

/// `--regions`, `--all-regions` (every known region outside China), or the session's region;
/// each checked against the known regions before any call.
fn requested_regions(loaded: &Loaded, args: &PricesArgs) -> Result<Vec<String>> {
    let regions: Vec<String> = if args.all_regions {
        KNOWN_REGIONS
            .iter()
            .filter(|r| !r.starts_with("cn-"))
            .map(|r| r.to_string())
            .collect()
    } else if !args.regions.is_empty() {
        args.regions.clone()
    } else {
        let region = loaded
            .aws
            .region
            .clone()
            .or_else(|| std::env::var("AWS_REGION").ok())
            .or_else(|| std::env::var("AWS_DEFAULT_REGION").ok())
            .ok_or_else(|| {
                Error::usage("no region: pass --regions LIST, --all-regions or --region")
            })?;
        vec![region]
    };
    for region in &regions {
        check_region(region)?;
        if region.starts_with("cn-") {
            return Err(Error::usage(format!(
                "{region}: the Price List API publishes China's prices in CNY, and efsctl \
                 estimates in USD"
            )));
        }
    }
    let mut unique = regions;
    unique.sort();
    unique.dedup();
    Ok(unique)
}

/// One table of the regions read, dated today, naming the Price List and its publication dates.
fn table(read: impl Iterator<Item = (String, LivePrices)>, source: &str) -> PriceTable {
    let mut regions = std::collections::BTreeMap::new();
    let mut published: Vec<String> = Vec::new();
    for (region, live) in read {
        published.extend(live.published);
        regions.insert(region, live.prices);
    }
    published.sort();
    let span = match (published.first(), published.last()) {
        (Some(a), Some(b)) if a == b => format!("published {a}"),
        (Some(a), Some(b)) => format!("published {a} to {b}"),
        _ => "publication date not given".to_string(),
    };
    PriceTable {
        info: TableInfo {
            origin: "efsctl prices".to_string(),
            date: today(),
            source: format!("{source} ({span})"),
            currency: "USD".to_string(),
        },
        regions,
    }
}

fn header(table: &PriceTable) -> String {
    format!(
        "Amazon EFS prices (USD). {MARKER} on {}; use with `efsctl plan --prices FILE`.\n\
         Storage per GB-month; Elastic reads/writes, IA/Archive reads and tiering per GB;\n\
         provisioned throughput per MB/s-month. \"legacy\" = Bursting/Provisioned file systems.",
        table.info.date
    )
}

/// Today's UTC date, `YYYY-MM-DD`.
fn today() -> String {
    humantime::format_rfc3339_seconds(SystemTime::now()).to_string()[..10].to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cost::money::Price;

    #[test]
    fn a_table_of_read_regions_names_its_source_and_publication_span() {
        let us = *PriceTable::embedded().region("us-east-1").unwrap();
        let mut eu = us;
        eu.standard = Price(330_000);
        let t = table(
            [
                (
                    "us-east-1".to_string(),
                    LivePrices {
                        prices: us,
                        published: Some("2025-11-03".into()),
                    },
                ),
                (
                    "eu-west-1".to_string(),
                    LivePrices {
                        prices: eu,
                        published: Some("2026-01-01".into()),
                    },
                ),
            ]
            .into_iter(),
            "AWS Price List API",
        );
        assert_eq!(t.covered(), ["eu-west-1", "us-east-1"]);
        assert!(
            t.info.source.contains("published 2025-11-03 to 2026-01-01"),
            "{}",
            t.info.source
        );
        assert_eq!(t.info.date, today());
        let yaml = t.to_yaml(&header(&t));
        assert!(yaml.contains(MARKER));
        let back = PriceTable::parse(&yaml, "file").unwrap();
        assert_eq!(back.region("eu-west-1").unwrap().standard, Price(330_000));
    }

    #[test]
    fn today_is_an_iso_date() {
        let d = today();
        assert_eq!(d.len(), 10);
        assert!(PriceTable::parse(
            &PriceTable::embedded().to_yaml("").replace("2026-11-25", &d),
            "x"
        )
        .is_ok());
    }
}
