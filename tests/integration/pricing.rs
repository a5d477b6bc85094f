//! What `plan` charges and where its prices come from: the estimate against a hand-computed
//! figure, a region without prices, `--prices` files, `--live-pricing` through a stand-in for
//! the Price List API (every page, fallback, refusing a partial answer), and `efsctl prices`
//! from the API or from AWS's public offer file.

use super::plan::three_az_vpc;
use crate::support::price_list::{self, PriceList};
use crate::support::{aws, efsctl, efsctl_env, efsctl_in, unique_name, Run};

#[tokio::test]
async fn cost_estimate_in_json_matches_the_hand_computed_figure() {
    let aws = aws();
    let vpc = three_az_vpc(&aws).await;
    let name = unique_name("plan-cost");
    let run = efsctl(&[
        "plan",
        "--name",
        &name,
        "--vpc",
        &vpc.id,
        "-o",
        "json",
        "--storage-gb",
        "500",
        "--ia-percent",
        "60",
        "--read-gb-month",
        "2000",
        "--write-gb-month",
        "300",
    ]);
    run.success();
    let cost = &run.json()["cost"];
    // 200 GB × $0.30 + 300 GB × $0.016 + 2000 GB × $0.03 + 300 GB × $0.06
    // + 1200 GB × $0.01 (IA reads) + 180 GB × $0.01 (tiering) = $156.60
    assert_eq!(cost["estimates"][0]["label"], "Regional, Elastic");
    assert_eq!(cost["estimates"][0]["total"], 156.6);
    assert_eq!(cost["estimates"][1]["label"], "One Zone, Elastic");
    assert_eq!(cost["estimates"][2]["label"], "Regional, Bursting");
}

#[tokio::test]
async fn uncovered_region_plans_without_cost_and_says_so() {
    let name = unique_name("plan-region");
    efsctl(&["plan", "--name", &name, "--region", "eu-west-1"])
        .success()
        .stdout_has(&["Plan:", "no prices for eu-west-1", "--prices FILE"]);
}

#[tokio::test]
async fn price_override_is_validated_before_any_aws_call_and_then_used() {
    let dir = tempfile::tempdir().unwrap();
    let name = unique_name("plan-prices");
    let bad =
        "version: 1\ndate: \"2026-01-01\"\nsource: mine\ncurrency: USD\nregions: {}\nextra: 1\n";
    std::fs::write(dir.path().join("bad.yaml"), bad).unwrap();
    efsctl_in(
        dir.path(),
        &["plan", "--name", &name, "--prices", "bad.yaml"],
    )
    .code(2)
    .stderr_has(&["price table bad.yaml", "unknown field `extra`"]);

    let prices = "version: 1\ndate: \"2026-01-01\"\nsource: negotiated\ncurrency: USD\n\
        regions:\n  us-east-1:\n    standard-gb-month: 1.00\n    ia-gb-month: 0\n\
        \x20   ia-legacy-gb-month: 0\n    archive-gb-month: 0\n    one-zone-gb-month: 0.5\n\
        \x20   one-zone-ia-gb-month: 0\n    elastic-read-per-gb: 0\n    elastic-write-per-gb: 0\n\
        \x20   provisioned-per-mbps-month: 0\n    ia-read-per-gb: 0\n    archive-read-per-gb: 0\n\
        \x20   ia-tiering-per-gb: 0\n    archive-tiering-per-gb: 0\n";
    std::fs::write(
        dir.path().join("efsctl.yaml"),
        "prices: mine.yaml\nstorage-gb: 10\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("mine.yaml"), prices).unwrap();
    let run = efsctl_in(dir.path(), &["plan", "--name", &name, "-o", "json"]);
    run.success();
    let cost = &run.json()["cost"];
    assert_eq!(cost["price_table"]["source"], "negotiated");
    // 10 GB × $1.00 = $10.00 Regional; 10 GB × $0.50 = $5.00 One Zone.
    assert_eq!(cost["estimates"][0]["total"], 10.0);
    assert_eq!(cost["estimates"][1]["total"], 5.0);
}

#[tokio::test]
async fn bad_flags_exit_1_with_detailed_exitcode_and_2_without() {
    efsctl(&[
        "plan",
        "--name",
        "x",
        "--storage-gb",
        "-5",
        "--detailed-exitcode",
    ])
    .code(1);
    efsctl(&["plan", "--name", "x", "--ia-percent", "150"]).code(2);
    efsctl(&[
        "plan",
        "--name",
        "x",
        "--no-such-flag",
        "--detailed-exitcode",
    ])
    .code(1);
    efsctl(&["plan", "--name", "x", "--no-such-flag"]).code(2);
}

/// Made-up eu-west-1 prices (the built-in table has none for that region, so an estimate can
/// only come from the answer), in the Price List's units: GB-Mo, GB, MiBps-Mo.
fn eu_west_1_price_list() -> Vec<String> {
    let doc = |usage: &str, access: Option<&str>, unit: &str, usd: &str| {
        price_list::efs_document("eu-west-1", usage, access, unit, usd)
    };
    vec![
        doc("EU-TimedStorage-ByteHrs", None, "GB-Mo", "0.5000000000"),
        doc(
            "EU-IATimedStorage-ET-ByteHrs",
            None,
            "GB-Mo",
            "0.0200000000",
        ),
        doc("EU-IATimedStorage-ByteHrs", None, "GB-Mo", "0.0300000000"),
        doc(
            "EU-ArchiveTimedStorage-ByteHrs",
            None,
            "GB-Mo",
            "0.0100000000",
        ),
        doc("EU-TimedStorage-Z-ByteHrs", None, "GB-Mo", "0.2500000000"),
        doc("EU-IATimedStorage-Z-ByteHrs", None, "GB-Mo", "0.0200000000"),
        doc("EU-ETDataAccess-Bytes", Some("Read"), "GB", "0.0400000000"),
        doc("EU-ETDataAccess-Bytes", Some("Write"), "GB", "0.0700000000"),
        doc(
            "EU-ProvisionedTP-MiBpsHrs",
            None,
            "MiBps-Mo",
            "7.0000000000",
        ),
        doc("EU-IncludedTP-MiBpsHrs", None, "MiBps-Mo", "0.0000000000"),
        doc("EU-IADataAccess-Bytes", Some("Read"), "GB", "0.0200000000"),
        doc("EU-IADataAccess-Bytes", Some("Write"), "GB", "0.0200000000"),
        doc(
            "EU-ArchiveDataAccess-Bytes",
            Some("Read"),
            "GB",
            "0.0500000000",
        ),
        doc(
            "EU-ArchiveDataAccess-Bytes",
            Some("Write"),
            "GB",
            "0.0500000000",
        ),
        doc(
            "EU-IATimedStorage-SmallFiles",
            None,
            "GB-Mo",
            "0.0300000000",
        ),
    ]
}

/// Runs efsctl in `dir` with its Price List calls sent to `stand_in`.
fn efsctl_priced(stand_in: &PriceList, dir: &std::path::Path, args: &[&str]) -> Run {
    efsctl_env(dir, &[("AWS_ENDPOINT_URL_PRICING", &stand_in.url())], args)
}

#[tokio::test]
async fn live_pricing_reads_every_page_of_the_price_list_and_prices_from_it() {
    let stand_in = PriceList::start(eu_west_1_price_list(), 4);
    let name = unique_name("plan-live");
    let dir = tempfile::tempdir().unwrap();
    let run = efsctl_priced(
        &stand_in,
        dir.path(),
        &[
            "plan",
            "--name",
            &name,
            "--region",
            "eu-west-1",
            "--live-pricing",
            "-o",
            "json",
        ],
    );
    run.success();
    let cost = &run.json()["cost"];
    assert_eq!(cost["price_table"]["origin"], "AWS Price List API");
    assert_eq!(cost["price_table"]["date"], "2026-01-01");
    assert_eq!(cost["warnings"], serde_json::json!([]));
    // 100 GB (default) in Standard: × $0.50 Regional, × $0.25 One Zone.
    assert_eq!(cost["estimates"][0]["label"], "Regional, Elastic");
    assert_eq!(cost["estimates"][0]["total"], 50.0);
    assert_eq!(cost["estimates"][1]["total"], 25.0);

    // 15 documents at 4 a page: 4 GetProducts calls, each after the first with the token the
    // previous page returned, all asking for AmazonEFS in eu-west-1, signed for us-east-1.
    let received = stand_in.received();
    assert_eq!(received.len(), 4, "{received:#?}");
    for (i, r) in received.iter().enumerate() {
        assert_eq!(r.target, "AWSPriceListService.GetProducts");
        assert_eq!(r.body["ServiceCode"], "AmazonEFS");
        assert_eq!(
            r.body["Filters"],
            serde_json::json!([{"Type": "TERM_MATCH", "Field": "regionCode", "Value": "eu-west-1"}])
        );
        let token = (i > 0).then(|| format!("page-{}", 4 * i));
        assert_eq!(r.body["NextToken"].as_str(), token.as_deref(), "call {i}");
        assert!(
            r.authorization.contains("/us-east-1/pricing/aws4_request"),
            "{}",
            r.authorization
        );
    }
}

#[tokio::test]
async fn live_pricing_falls_back_to_the_table_with_a_warning_when_the_api_cannot_answer() {
    // The emulator does not serve the Price List API: GetProducts gets an HTTP 500 page.
    let name = unique_name("plan-live-down");
    let run = efsctl(&["plan", "--name", &name, "--live-pricing", "-o", "json"]);
    run.success().stderr_has(&[
        "warning: live prices unavailable (AWS GetProducts failed: HTTP 500",
        "the estimate uses the built-in price table dated",
    ]);
    let cost = &run.json()["cost"];
    assert_eq!(cost["price_table"]["origin"], "built-in");
    assert_eq!(cost["estimates"][0]["total"], 30.0, "100 GB × $0.30");
    let warnings = cost["warnings"].as_array().expect("warnings");
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].as_str().unwrap().contains("HTTP 500"));
}

#[tokio::test]
async fn live_pricing_refuses_an_incomplete_answer_and_never_borrows_prices() {
    let mut documents = eu_west_1_price_list();
    documents.retain(|d| !d.contains("ArchiveDataAccess"));
    let stand_in = PriceList::start(documents, 100);
    let name = unique_name("plan-live-partial");
    let dir = tempfile::tempdir().unwrap();
    efsctl_priced(
        &stand_in,
        dir.path(),
        &[
            "plan",
            "--name",
            &name,
            "--region",
            "eu-west-1",
            "--live-pricing",
        ],
    )
    .success()
    .stderr_has(&["no price for archive-read-per-gb, archive-tiering-per-gb"])
    .stdout_has(&["Plan:", "no prices for eu-west-1"]);
}

#[tokio::test]
async fn prices_writes_a_table_that_plan_then_prices_from() {
    let stand_in = PriceList::start(eu_west_1_price_list(), 100);
    let dir = tempfile::tempdir().unwrap();
    efsctl_priced(
        &stand_in,
        dir.path(),
        &["prices", "--regions", "eu-west-1", "--out", "prices.yaml"],
    )
    .success()
    .stdout_has(&["Wrote prices.yaml (1 region(s)"]);
    let text = std::fs::read_to_string(dir.path().join("prices.yaml")).unwrap();
    assert!(text.contains("Written by `efsctl prices`"), "{text}");
    assert!(text.contains("AWS Price List API"), "{text}");
    assert!(text.contains("standard-gb-month: 0.5\n"), "{text}");

    // Ours to replace without --force; the plan prices eu-west-1 from it, without live calls.
    efsctl_priced(
        &stand_in,
        dir.path(),
        &["prices", "--region", "eu-west-1", "--out", "prices.yaml"],
    )
    .success();
    let name = unique_name("plan-prices-file");
    let run = efsctl_in(
        dir.path(),
        &[
            "plan",
            "--name",
            &name,
            "--region",
            "eu-west-1",
            "--prices",
            "prices.yaml",
            "-o",
            "json",
        ],
    );
    run.success();
    assert_eq!(run.json()["cost"]["estimates"][0]["total"], 50.0);
    assert_eq!(
        stand_in.received().len(),
        2,
        "one GetProducts per prices run"
    );
}

#[tokio::test]
async fn prices_writes_nothing_unless_every_region_can_be_read() {
    // The stand-in has products for eu-west-1 only.
    let stand_in = PriceList::start(eu_west_1_price_list(), 100);
    let dir = tempfile::tempdir().unwrap();
    efsctl_priced(
        &stand_in,
        dir.path(),
        &[
            "prices",
            "--regions",
            "eu-west-1,us-west-1",
            "--out",
            "p.yaml",
        ],
    )
    .code(1)
    .stderr_has(&[
        "no price table written: 1 of 2 region(s)",
        "us-west-1: the Price List API lists no AmazonEFS products for us-west-1",
    ]);
    assert!(!dir.path().join("p.yaml").exists());

    // Bad input is refused before any call.
    for (args, needle) in [
        (
            &["prices", "--regions", "mars-1"][..],
            "unknown region \"mars-1\"",
        ),
        (&["prices", "--regions", "cn-north-1"][..], "CNY"),
        (
            &["prices", "--regions", "eu-west-1", "--all-regions"][..],
            "cannot be used with",
        ),
    ] {
        efsctl_priced(&stand_in, dir.path(), args)
            .code(2)
            .stderr_has(&[needle]);
    }
    std::fs::write(dir.path().join("mine.yaml"), "# my own prices\n").unwrap();
    efsctl_priced(
        &stand_in,
        dir.path(),
        &["prices", "--regions", "eu-west-1", "--out", "mine.yaml"],
    )
    .code(2)
    .stderr_has(&["mine.yaml", "--force"]);
    assert_eq!(
        stand_in.received().len(),
        2,
        "only the first run called GetProducts, once per region"
    );
}

/// `prices --offer-file` reads AWS's public bulk price list file: no credentials, no AWS call;
/// the table it writes prices `plan`. A file that is not an EFS offer file is bad input.
#[test]
fn prices_from_a_public_offer_file_need_no_credentials() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("AmazonEFS.json"),
        price_list::offer_file(&eu_west_1_price_list()),
    )
    .unwrap();
    let no_credentials = [("AWS_ACCESS_KEY_ID", ""), ("AWS_SECRET_ACCESS_KEY", "")];
    efsctl_env(
        dir.path(),
        &no_credentials,
        &[
            "prices",
            "--offer-file",
            "AmazonEFS.json",
            "--out",
            "prices.yaml",
        ],
    )
    .success()
    .stdout_has(&["Wrote prices.yaml (1 region(s)"]);
    let text = std::fs::read_to_string(dir.path().join("prices.yaml")).unwrap();
    assert!(text.contains("offer files"), "{text}");
    assert!(text.contains("standard-gb-month: 0.5\n"), "{text}");
    let run = efsctl_in(
        dir.path(),
        &[
            "plan",
            "--name",
            &unique_name("plan-offer"),
            "--region",
            "eu-west-1",
            "--prices",
            "prices.yaml",
            "-o",
            "json",
        ],
    );
    assert_eq!(run.success().json()["cost"]["estimates"][0]["total"], 50.0);
    // A region the file does not cover: nothing written.
    efsctl_env(
        dir.path(),
        &no_credentials,
        &[
            "prices",
            "--offer-file",
            "AmazonEFS.json",
            "--regions",
            "eu-west-2",
            "--out",
            "p2.yaml",
        ],
    )
    .code(1)
    .stderr_has(&["eu-west-2: not in the offer file"]);
    assert!(!dir.path().join("p2.yaml").exists());
    std::fs::write(
        dir.path().join("other.json"),
        "{\"offerCode\": \"AmazonS3\"}",
    )
    .unwrap();
    efsctl_in(dir.path(), &["prices", "--offer-file", "other.json"])
        .code(2)
        .stderr_has(&["not AmazonEFS"]);
}
