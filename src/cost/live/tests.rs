use super::*;
use crate::cost::prices::PriceTable;

/// A product document in the Price List's shape (GetProducts, FormatVersion aws_v1), trimmed to
/// what a real one carries around the fields efsctl reads.
fn doc(usage_type: &str, access_type: Option<&str>, unit: &str, usd: &str) -> String {
    let access = access_type
        .map(|a| format!(r#""accessType": "{a}","#))
        .unwrap_or_default();
    format!(
        r#"{{
  "product": {{
    "productFamily": "Storage",
    "attributes": {{
      {access}
      "regionCode": "us-east-2",
      "servicecode": "AmazonEFS",
      "usagetype": "{usage_type}",
      "locationType": "AWS Region",
      "location": "US East (Ohio)",
      "servicename": "Amazon Elastic File System",
      "operation": ""
    }},
    "sku": "SKU-{usage_type}-{access_type}"
  }},
  "serviceCode": "AmazonEFS",
  "terms": {{
    "OnDemand": {{
      "SKU.JRTCKXETXF": {{
        "priceDimensions": {{
          "SKU.JRTCKXETXF.6YS6EN2CT7": {{
            "unit": "{unit}",
            "endRange": "Inf",
            "description": "USD {usd} per {unit}",
            "appliesTo": [],
            "rateCode": "SKU.JRTCKXETXF.6YS6EN2CT7",
            "beginRange": "0",
            "pricePerUnit": {{ "USD": "{usd}" }}
          }}
        }},
        "sku": "SKU",
        "effectiveDate": "2025-11-01T00:00:00Z",
        "offerTermCode": "JRTCKXETXF",
        "termAttributes": {{}}
      }}
    }}
  }},
  "version": "20251101000000",
  "publicationDate": "2025-11-03T19:52:40Z"
}}"#,
        access_type = access_type.unwrap_or("")
    )
}

/// The whole answer for us-east-2: the SKUs efsctl prices, at the prices the built-in table
/// lists for that region, plus SKUs it must ignore.
fn us_east_2() -> Vec<String> {
    vec![
        doc("USE2-TimedStorage-ByteHrs", None, "GB-Mo", "0.3000000000"),
        doc(
            "USE2-IATimedStorage-ET-ByteHrs",
            None,
            "GB-Mo",
            "0.0160000000",
        ),
        doc("USE2-IATimedStorage-ByteHrs", None, "GB-Mo", "0.0250000000"),
        doc(
            "USE2-ArchiveTimedStorage-ByteHrs",
            None,
            "GB-Mo",
            "0.0080000000",
        ),
        doc("USE2-TimedStorage-Z-ByteHrs", None, "GB-Mo", "0.1600000000"),
        doc(
            "USE2-IATimedStorage-Z-ByteHrs",
            None,
            "GB-Mo",
            "0.0133000000",
        ),
        doc(
            "USE2-ETDataAccess-Bytes",
            Some("Read"),
            "GB",
            "0.0300000000",
        ),
        doc(
            "USE2-ETDataAccess-Bytes",
            Some("Write"),
            "GB",
            "0.0600000000",
        ),
        doc(
            "USE2-ProvisionedTP-MiBpsHrs",
            None,
            "MiBps-Mo",
            "6.0000000000",
        ),
        doc(
            "USE2-IADataAccess-Bytes",
            Some("Read"),
            "GB",
            "0.0100000000",
        ),
        doc(
            "USE2-IADataAccess-Bytes",
            Some("Write"),
            "GB",
            "0.0100000000",
        ),
        doc(
            "USE2-ArchiveDataAccess-Bytes",
            Some("Read"),
            "GB",
            "0.0300000000",
        ),
        doc(
            "USE2-ArchiveDataAccess-Bytes",
            Some("Write"),
            "GB",
            "0.0300000000",
        ),
        // Priced by AWS but not by efsctl's model: ignored.
        doc("USE2-IncludedTP-MiBpsHrs", None, "MiBps-Mo", "0.0000000000"),
        doc(
            "USE2-IATimedStorage-SmallFiles",
            None,
            "GB-Mo",
            "0.0250000000",
        ),
        doc(
            "USE2-ArchiveEarlyDelete-ByteHrs",
            None,
            "GB-Mo",
            "0.0080000000",
        ),
    ]
}

#[test]
fn a_full_answer_gives_the_same_prices_as_the_built_in_table() {
    let live = region_prices(&us_east_2()).unwrap();
    let table = PriceTable::embedded();
    assert_eq!(&live.prices, table.region("us-east-2").unwrap());
    assert_eq!(live.published.as_deref(), Some("2025-11-03"));
}

#[test]
fn region_prefixes_are_taken_off_including_none_and_two_letter_ones() {
    assert_eq!(
        without_region_prefix("USE2-TimedStorage-ByteHrs"),
        "TimedStorage-ByteHrs"
    );
    assert_eq!(
        without_region_prefix("EU-IATimedStorage-ByteHrs"),
        "IATimedStorage-ByteHrs"
    );
    assert_eq!(
        without_region_prefix("APN1-ETDataAccess-Bytes"),
        "ETDataAccess-Bytes"
    );
    assert_eq!(
        without_region_prefix("TimedStorage-ByteHrs"),
        "TimedStorage-ByteHrs"
    );
    assert_eq!(
        without_region_prefix("IATimedStorage-Z-ByteHrs"),
        "IATimedStorage-Z-ByteHrs"
    );
}

#[test]
fn the_one_zone_and_elastic_ia_skus_are_not_mistaken_for_regional_ia() {
    // Same storage class family, three prices: each must land in its own field.
    let live = region_prices(&us_east_2()).unwrap().prices;
    assert_eq!(live.ia, Price(16_000), "IA on Elastic file systems");
    assert_eq!(live.ia_legacy, Price(25_000), "IA on Bursting/Provisioned");
    assert_eq!(live.one_zone_ia, Price(13_300), "One Zone-IA");
}

#[test]
fn a_missing_price_refuses_the_whole_answer_and_names_it() {
    let mut docs = us_east_2();
    docs.retain(|d| !d.contains("ArchiveDataAccess"));
    let err = region_prices(&docs).unwrap_err();
    assert!(
        err.contains("no price for archive-read-per-gb, archive-tiering-per-gb"),
        "{err}"
    );
    assert!(region_prices(&[])
        .unwrap_err()
        .contains("standard-gb-month"));
}

#[test]
fn two_different_prices_for_one_sku_are_a_conflict_not_a_pick() {
    let mut docs = us_east_2();
    docs.push(doc("TimedStorage-ByteHrs", None, "GB-Mo", "0.3300000000"));
    let err = region_prices(&docs).unwrap_err();
    assert!(
        err.contains("more than one price for standard-gb-month"),
        "{err}"
    );
    // The same price published twice (us-east-1 lists prefixed and unprefixed SKUs) is fine.
    let mut docs = us_east_2();
    docs.push(doc("TimedStorage-ByteHrs", None, "GB-Mo", "0.30"));
    assert!(region_prices(&docs).is_ok());
}

#[test]
fn a_price_in_an_unexpected_unit_is_refused() {
    let mut docs = us_east_2();
    docs[0] = doc("USE2-TimedStorage-ByteHrs", None, "GB-Hrs", "0.0004");
    let err = region_prices(&docs).unwrap_err();
    assert!(err.contains("billed per GB-Hrs"), "{err}");
    assert!(err.contains("standard-gb-month"), "{err}");
}

#[test]
fn a_price_finer_than_a_micro_dollar_or_not_a_number_is_refused() {
    let mut docs = us_east_2();
    docs[1] = doc(
        "USE2-IATimedStorage-ET-ByteHrs",
        None,
        "GB-Mo",
        "0.01600001",
    );
    assert!(region_prices(&docs).unwrap_err().contains("ia-gb-month"));
    docs[1] = doc("USE2-IATimedStorage-ET-ByteHrs", None, "GB-Mo", "n/a");
    assert!(region_prices(&docs).unwrap_err().contains("\"n/a\""));
}

#[test]
fn an_access_sku_without_its_access_type_is_not_guessed() {
    let mut docs = us_east_2();
    docs.retain(|d| !d.contains("ETDataAccess"));
    docs.push(doc("USE2-ETDataAccess-Bytes", None, "GB", "0.03"));
    let err = region_prices(&docs).unwrap_err();
    assert!(
        err.contains("elastic-read-per-gb, elastic-write-per-gb"),
        "{err}"
    );
}

#[test]
fn only_the_first_tier_of_a_tiered_sku_is_read() {
    let mut docs = us_east_2();
    docs.push(
        doc("USE2-TimedStorage-ByteHrs", None, "GB-Mo", "0.25")
            .replace(r#""beginRange": "0""#, r#""beginRange": "1048576""#),
    );
    assert_eq!(
        region_prices(&docs).unwrap().prices.standard,
        Price(300_000)
    );
}

#[test]
fn a_document_that_is_not_json_is_an_error_naming_it() {
    let mut docs = us_east_2();
    docs.insert(2, "<html>".to_string());
    assert!(region_prices(&docs)
        .unwrap_err()
        .contains("price document 3"));
}

#[test]
fn the_newest_publication_date_is_kept() {
    let mut docs = us_east_2();
    docs[4] = docs[4].replace("2025-11-03T19:52:40Z", "2026-02-01T00:00:00Z");
    docs[5] = docs[5].replace("2025-11-03T19:52:40Z", "not a date");
    assert_eq!(
        region_prices(&docs).unwrap().published.as_deref(),
        Some("2026-02-01")
    );
}
