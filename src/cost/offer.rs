//! AWS's public price list bulk files ("offer files"): `AmazonEFS/current/index.json` for every
//! region, or `AmazonEFS/<version>/<region>/index.json` for one, downloadable without
//! credentials. An offer file holds `products` (SKU -> attributes) and `terms.OnDemand`
//! (SKU -> offer terms with their price dimensions) side by side; each SKU is put back together
//! as the product document GetProducts would return, and read by the same strict reader as
//! `--live-pricing` ([`super::live::region_prices`]).

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_json::{json, Value};

use super::live::{region_prices, LivePrices};

#[derive(Debug, Deserialize)]
struct OfferFile {
    #[serde(rename = "offerCode")]
    offer_code: String,
    #[serde(rename = "publicationDate")]
    publication_date: Option<String>,
    #[serde(default)]
    products: BTreeMap<String, Value>,
    #[serde(default)]
    terms: Terms,
}

#[derive(Debug, Default, Deserialize)]
struct Terms {
    #[serde(rename = "OnDemand", default)]
    on_demand: BTreeMap<String, Value>,
}

/// Every region's prices in an offer file's text: region -> prices, or why that region could
/// not be read. An error for a file that is not an AmazonEFS offer file at all.
pub fn regions(text: &str) -> Result<BTreeMap<String, Result<LivePrices, String>>, String> {
    let offer: OfferFile =
        serde_json::from_str(text).map_err(|e| format!("not an AWS price list offer file: {e}"))?;
    if offer.offer_code != "AmazonEFS" {
        return Err(format!(
            "an offer file for {}, not AmazonEFS",
            offer.offer_code
        ));
    }
    let mut by_region: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (sku, product) in &offer.products {
        let Some(region) = product["attributes"]["regionCode"].as_str() else {
            continue;
        };
        let document = json!({
            "product": product,
            "terms": { "OnDemand": offer.terms.on_demand.get(sku).cloned().unwrap_or(json!({})) },
            "publicationDate": offer.publication_date,
        });
        by_region
            .entry(region.to_string())
            .or_default()
            .push(document.to_string());
    }
    Ok(by_region
        .into_iter()
        .map(|(region, docs)| {
            let prices = region_prices(&docs);
            (region, prices)
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A product and its one on-demand price, as an offer file spells them.
    type Line<'a> = (&'a str, Option<&'a str>, &'a str, &'a str);

    fn sku(
        products: &mut serde_json::Map<String, Value>,
        terms: &mut serde_json::Map<String, Value>,
        (region, prefix): (&str, &str),
        (usage, access, unit, usd): Line,
    ) {
        let id = format!("SKU{}", products.len());
        let mut attributes = json!({
            "servicecode": "AmazonEFS",
            "regionCode": region,
            "usagetype": format!("{prefix}{usage}"),
        });
        if let Some(a) = access {
            attributes["accessType"] = json!(a);
        }
        products.insert(
            id.clone(),
            json!({"sku": id, "productFamily": "Storage", "attributes": attributes}),
        );
        let term = format!("{id}.JRTCKXETXF");
        terms.insert(
            id.clone(),
            json!({ term.clone(): {
                "offerTermCode": "JRTCKXETXF", "sku": id, "effectiveDate": "2026-11-01T00:00:00Z",
                "priceDimensions": { format!("{term}.6YS6EN2CT7"): {
                    "rateCode": format!("{term}.6YS6EN2CT7"), "description": usage,
                    "beginRange": "0", "endRange": "Inf", "unit": unit,
                    "pricePerUnit": {"USD": usd}, "appliesTo": []
                }}
            }}),
        );
    }

    fn offer(regions: &[(&str, &str)]) -> String {
        let (mut products, mut terms) = (serde_json::Map::new(), serde_json::Map::new());
        for (region, prefix) in regions {
            for (usage, access, unit, usd) in [
                ("TimedStorage-ByteHrs", None, "GB-Mo", "0.3000000000"),
                ("IATimedStorage-ET-ByteHrs", None, "GB-Mo", "0.0160000000"),
                ("IATimedStorage-ByteHrs", None, "GB-Mo", "0.0250000000"),
                ("ArchiveTimedStorage-ByteHrs", None, "GB-Mo", "0.0080000000"),
                ("TimedStorage-Z-ByteHrs", None, "GB-Mo", "0.1600000000"),
                ("IATimedStorage-Z-ByteHrs", None, "GB-Mo", "0.0133000000"),
                ("ETDataAccess-Bytes", Some("Read"), "GB", "0.0300000000"),
                ("ETDataAccess-Bytes", Some("Write"), "GB", "0.0600000000"),
                ("ProvisionedTP-MiBpsHrs", None, "MiBps-Mo", "6.0000000000"),
                ("IADataAccess-Bytes", Some("Read"), "GB", "0.0100000000"),
                ("IADataAccess-Bytes", Some("Write"), "GB", "0.0100000000"),
                (
                    "ArchiveDataAccess-Bytes",
                    Some("Read"),
                    "GB",
                    "0.0300000000",
                ),
                (
                    "ArchiveDataAccess-Bytes",
                    Some("Write"),
                    "GB",
                    "0.0300000000",
                ),
            ] {
                sku(
                    &mut products,
                    &mut terms,
                    (region, prefix),
                    (usage, access, unit, usd),
                );
            }
        }
        json!({
            "formatVersion": "v1.0", "disclaimer": "...", "offerCode": "AmazonEFS",
            "version": "20261101000000", "publicationDate": "2026-11-01T00:00:00Z",
            "products": products, "terms": {"OnDemand": terms}
        })
        .to_string()
    }

    #[test]
    fn every_region_of_an_offer_file_is_read() {
        let got = regions(&offer(&[("us-east-1", ""), ("eu-west-1", "EU-")])).unwrap();
        assert_eq!(got.keys().collect::<Vec<_>>(), ["eu-west-1", "us-east-1"]);
        let eu = got["eu-west-1"].as_ref().unwrap();
        assert_eq!(eu.prices.standard.to_string(), "$0.30");
        assert_eq!(eu.prices.provisioned.as_f64(), 6.0);
        assert_eq!(eu.published.as_deref(), Some("2026-11-01"));
    }

    #[test]
    fn a_region_missing_a_price_is_refused_and_other_files_are_not_offer_files() {
        let text = offer(&[("us-east-1", "")]);
        let mut doc: Value = serde_json::from_str(&text).unwrap();
        let products = doc["products"].as_object_mut().unwrap();
        let first = products.keys().next().unwrap().clone();
        products.remove(&first);
        let got = regions(&doc.to_string()).unwrap();
        let err = got["us-east-1"].as_ref().unwrap_err();
        assert!(err.contains("no price for standard-gb-month"), "{err}");
        assert!(regions("{}").is_err());
        let other = text.replace("\"AmazonEFS\"", "\"AmazonS3\"");
        assert!(regions(&other).unwrap_err().contains("AmazonS3"));
    }
}
