//! Reads one region's EFS prices out of AWS Price List product documents (the `PriceList`
//! strings that GetProducts returns for service code `AmazonEFS`). Pure: the call itself lives in
//! `aws::pricing`.
//!
//! A document is matched by its usage type, with the region's billing prefix (`USE2-`, `EU-`,
//! `APN1-`, none in us-east-1) taken off, and for the per-GB access SKUs by its `accessType`
//! attribute. The usage types are the ones the EFS user guide lists under "Understanding billing
//! and usage reports for Amazon EFS"; the Read/Write split of the access SKUs is how the Price
//! List publishes them (Read = the per-GB read charge, Write = the per-GB tiering charge).
//!
//! Strict on purpose: each of the 13 prices must be found exactly once with the unit it is billed
//! in, or the whole answer is refused with the missing or conflicting names, and `plan` falls back
//! to the price table with a warning. A half-read answer never silently mixes with table prices.

use std::collections::{BTreeMap, HashMap};

use serde::Deserialize;

use super::money::Price;
use super::prices::{PriceTable, RegionPrices, TableInfo, LIVE_ORIGIN};

/// What the documents yielded: the region's prices and the newest publication date seen.
#[derive(Debug, Clone, PartialEq)]
pub struct LivePrices {
    pub prices: RegionPrices,
    /// `YYYY-MM-DD` of the newest `publicationDate` among the matched documents.
    pub published: Option<String>,
}

impl LivePrices {
    /// A one-region table of these prices, just read from the AWS Price List API.
    pub fn into_table(self, region: &str) -> PriceTable {
        PriceTable {
            info: TableInfo {
                origin: LIVE_ORIGIN.to_string(),
                date: self.published.unwrap_or_else(|| "unknown".to_string()),
                source: format!(
                    "GetProducts, service code AmazonEFS, regionCode {region}, read by this run"
                ),
                currency: "USD".to_string(),
            },
            regions: BTreeMap::from([(region.to_string(), self.prices)]),
        }
    }
}

/// One price efsctl needs, named as in the price table file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Field {
    Standard,
    Ia,
    IaLegacy,
    Archive,
    OneZone,
    OneZoneIa,
    ElasticRead,
    ElasticWrite,
    Provisioned,
    IaRead,
    ArchiveRead,
    IaTiering,
    ArchiveTiering,
}

const ALL_FIELDS: [Field; 13] = [
    Field::Standard,
    Field::Ia,
    Field::IaLegacy,
    Field::Archive,
    Field::OneZone,
    Field::OneZoneIa,
    Field::ElasticRead,
    Field::ElasticWrite,
    Field::Provisioned,
    Field::IaRead,
    Field::ArchiveRead,
    Field::IaTiering,
    Field::ArchiveTiering,
];

impl Field {
    /// The price table key, used in messages.
    fn key(self) -> &'static str {
        match self {
            Field::Standard => "standard-gb-month",
            Field::Ia => "ia-gb-month",
            Field::IaLegacy => "ia-legacy-gb-month",
            Field::Archive => "archive-gb-month",
            Field::OneZone => "one-zone-gb-month",
            Field::OneZoneIa => "one-zone-ia-gb-month",
            Field::ElasticRead => "elastic-read-per-gb",
            Field::ElasticWrite => "elastic-write-per-gb",
            Field::Provisioned => "provisioned-per-mbps-month",
            Field::IaRead => "ia-read-per-gb",
            Field::ArchiveRead => "archive-read-per-gb",
            Field::IaTiering => "ia-tiering-per-gb",
            Field::ArchiveTiering => "archive-tiering-per-gb",
        }
    }

    /// The unit the Price List bills this price in.
    fn unit(self) -> &'static str {
        match self {
            Field::Standard
            | Field::Ia
            | Field::IaLegacy
            | Field::Archive
            | Field::OneZone
            | Field::OneZoneIa => "GB-Mo",
            Field::Provisioned => "MiBps-Mo",
            _ => "GB",
        }
    }

    /// The field a usage type (without region prefix) and access type stand for. Usage types
    /// efsctl does not price (small-file overheads, early deletion, included throughput) give
    /// `None` and are ignored.
    fn of(usage_type: &str, access_type: Option<&str>) -> Option<Field> {
        let field = match (usage_type, access_type) {
            ("TimedStorage-ByteHrs", _) => Field::Standard,
            ("IATimedStorage-ET-ByteHrs", _) => Field::Ia,
            ("IATimedStorage-ByteHrs", _) => Field::IaLegacy,
            ("ArchiveTimedStorage-ByteHrs", _) => Field::Archive,
            ("TimedStorage-Z-ByteHrs", _) => Field::OneZone,
            ("IATimedStorage-Z-ByteHrs", _) => Field::OneZoneIa,
            ("ETDataAccess-Bytes", Some("Read")) => Field::ElasticRead,
            ("ETDataAccess-Bytes", Some("Write")) => Field::ElasticWrite,
            ("ProvisionedTP-MiBpsHrs", _) => Field::Provisioned,
            ("IADataAccess-Bytes", Some("Read")) => Field::IaRead,
            ("IADataAccess-Bytes", Some("Write")) => Field::IaTiering,
            ("ArchiveDataAccess-Bytes", Some("Read")) => Field::ArchiveRead,
            ("ArchiveDataAccess-Bytes", Some("Write")) => Field::ArchiveTiering,
            _ => return None,
        };
        Some(field)
    }
}

/// The parts of a Price List product document efsctl reads (everything else is ignored).
#[derive(Debug, Deserialize)]
struct Document {
    product: Product,
    #[serde(default)]
    terms: Terms,
    #[serde(rename = "publicationDate")]
    publication_date: Option<String>,
}

#[derive(Debug, Deserialize)]
struct Product {
    #[serde(default)]
    attributes: HashMap<String, String>,
}

#[derive(Debug, Default, Deserialize)]
struct Terms {
    #[serde(rename = "OnDemand", default)]
    on_demand: HashMap<String, Term>,
}

#[derive(Debug, Deserialize)]
struct Term {
    #[serde(rename = "priceDimensions", default)]
    price_dimensions: HashMap<String, Dimension>,
}

#[derive(Debug, Deserialize)]
struct Dimension {
    unit: String,
    #[serde(rename = "pricePerUnit", default)]
    price_per_unit: HashMap<String, String>,
    #[serde(rename = "beginRange")]
    begin_range: Option<String>,
}

/// The usage type without its billing-region prefix: `USE2-TimedStorage-ByteHrs` and
/// `TimedStorage-ByteHrs` (us-east-1 also publishes unprefixed ones) both give the latter.
/// Prefixes are upper-case letters and digits (`EU`, `APN1`, `UGW1`); no EFS usage type starts
/// with an all-capitals word, so this cannot cut into the name itself.
fn without_region_prefix(usage_type: &str) -> &str {
    match usage_type.split_once('-') {
        Some((head, rest))
            if !head.is_empty()
                && head
                    .chars()
                    .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()) =>
        {
            rest
        }
        _ => usage_type,
    }
}

/// Reads the 13 prices from `documents` (GetProducts' `PriceList` for one region).
pub fn region_prices(documents: &[String]) -> Result<LivePrices, String> {
    let mut found: BTreeMap<Field, Vec<Price>> = BTreeMap::new();
    let mut published: Option<String> = None;
    for (i, text) in documents.iter().enumerate() {
        let doc: Document = serde_json::from_str(text)
            .map_err(|e| format!("price document {} is not a product document: {e}", i + 1))?;
        let attrs = &doc.product.attributes;
        let Some(usage_type) = attrs.get("usagetype") else {
            continue;
        };
        let access_type = attrs.get("accessType").map(String::as_str);
        let Some(field) = Field::of(without_region_prefix(usage_type), access_type) else {
            continue;
        };
        for dim in doc
            .terms
            .on_demand
            .values()
            .flat_map(|t| t.price_dimensions.values())
        {
            // A tiered SKU lists one dimension per tier; EFS prices are flat, so only the
            // first tier is read and a second distinct price below is reported as a conflict.
            if dim.begin_range.as_deref().is_some_and(|b| b != "0") {
                continue;
            }
            if dim.unit != field.unit() {
                return Err(format!(
                    "{usage_type} is billed per {} where efsctl expects per {} ({})",
                    dim.unit,
                    field.unit(),
                    field.key()
                ));
            }
            let usd = dim
                .price_per_unit
                .get("USD")
                .ok_or_else(|| format!("{usage_type} has no USD price ({})", field.key()))?;
            let price = Price::from_decimal(usd).ok_or_else(|| {
                format!(
                    "{usage_type} costs {usd:?}, not a price efsctl can hold ({})",
                    field.key()
                )
            })?;
            found.entry(field).or_default().push(price);
        }
        if let Some(date) = doc.publication_date.as_deref().and_then(day_of) {
            if published.as_deref().is_none_or(|p| p < date) {
                published = Some(date.to_string());
            }
        }
    }

    let mut missing = Vec::new();
    let mut conflicting = Vec::new();
    let mut one = |field: Field| -> Price {
        match found.get(&field).map(|v| dedup(v)) {
            Some(prices) if prices.len() == 1 => prices[0],
            Some(prices) if prices.len() > 1 => {
                conflicting.push(field.key());
                Price(0)
            }
            _ => {
                missing.push(field.key());
                Price(0)
            }
        }
    };
    let [standard, ia, ia_legacy, archive, one_zone, one_zone_ia, elastic_read, elastic_write, provisioned, ia_read, archive_read, ia_tiering, archive_tiering] =
        ALL_FIELDS.map(&mut one);
    if !conflicting.is_empty() {
        return Err(format!(
            "the answer has more than one price for {}",
            conflicting.join(", ")
        ));
    }
    if !missing.is_empty() {
        return Err(format!(
            "the answer has no price for {}",
            missing.join(", ")
        ));
    }
    Ok(LivePrices {
        prices: RegionPrices {
            standard,
            ia,
            ia_legacy,
            archive,
            one_zone,
            one_zone_ia,
            elastic_read,
            elastic_write,
            provisioned,
            ia_read,
            archive_read,
            ia_tiering,
            archive_tiering,
        },
        published,
    })
}

fn dedup(prices: &[Price]) -> Vec<Price> {
    let mut v = prices.to_vec();
    v.sort();
    v.dedup();
    v
}

/// `2025-10-01` out of `2025-10-01T22:05:35Z`.
fn day_of(timestamp: &str) -> Option<&str> {
    let day = timestamp.get(..10)?;
    let b = day.as_bytes();
    let ok = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    ok.then_some(day)
}

#[cfg(test)]
mod tests;
