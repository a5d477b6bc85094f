//! `efsctl plan`: it lists exactly what `up` then creates, creates nothing itself, says
//! "nothing to do" after `up`, shows drift and blockers, and follows Terraform's
//! `--detailed-exitcode`. Claims about AWS are checked in the emulator, not in plan's output.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::price_list::{self, PriceList};
use crate::support::{
    aws, efsctl, efsctl_env, efsctl_in, ingress, unique_name, Aws, Run, Scene, TestVpc,
};

const AZS: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];
const CIDR: &str = "10.19.0.0/16";

async fn three_az_vpc(aws: &Aws) -> TestVpc {
    aws.create_vpc(
        CIDR,
        &[
            ("us-east-1a", "10.19.1.0/24"),
            ("us-east-1b", "10.19.2.0/24"),
            ("us-east-1c", "10.19.3.0/24"),
        ],
    )
    .await
}

/// What exists for a deployment in its VPC: (file systems with its token, security groups in
/// the VPC, mount targets of its file system). Scoped to the test's own name and VPC, so tests
/// running concurrently cannot disturb the count.
async fn census(aws: &Aws, name: &str, vpc: &TestVpc) -> (usize, usize, usize) {
    let fss = aws.file_systems_with_token(&format!("efsctl-{name}")).await;
    let mut mts = 0;
    for fs in &fss {
        mts += aws.mount_targets(fs.file_system_id()).await.len();
    }
    let groups = aws
        .ec2
        .describe_security_groups()
        .filters(
            aws_sdk_ec2::types::Filter::builder()
                .name("vpc-id")
                .values(&vpc.id)
                .build(),
        )
        .send()
        .await
        .expect("DescribeSecurityGroups")
        .security_groups()
        .len();
    (fss.len(), groups, mts)
}

fn steps(json: &Value) -> &Vec<Value> {
    json["steps"].as_array().expect("steps array")
}

/// `(op, detail)` of every step whose action is `action`.
fn ops(json: &Value, action: &str) -> BTreeSet<(String, String)> {
    steps(json)
        .iter()
        .filter(|s| s["action"] == action)
        .map(|s| {
            let op = s["op"].as_str().unwrap().to_string();
            let detail = match op.as_str() {
                "create-mount-target" | "keep-mount-target" => format!(
                    "{} {}",
                    s["availability_zone"].as_str().unwrap(),
                    s["subnet_id"].as_str().unwrap()
                ),
                "authorize-rule" | "keep-rule" => {
                    s["rule"]["source"]["value"].as_str().unwrap().to_string()
                }
                _ => String::new(),
            };
            (op, detail)
        })
        .collect()
}

fn set(items: &[(&str, String)]) -> BTreeSet<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.clone()))
        .collect()
}

#[tokio::test]
async fn plan_before_up_lists_exactly_what_up_creates_and_creates_nothing() {
    let aws = aws();
    let vpc = three_az_vpc(&aws).await;
    let name = unique_name("plan");
    let before = census(&aws, &name, &vpc).await;

    let run = efsctl(&[
        "plan",
        "--name",
        &name,
        "--vpc",
        &vpc.id,
        "-o",
        "json",
        "--detailed-exitcode",
    ]);
    run.code(2);
    let plan = run.json();
    assert_eq!(plan["changes"], true);
    assert_eq!(
        census(&aws, &name, &vpc).await,
        before,
        "plan created something"
    );
    assert!(ops(&plan, "keep").is_empty() && ops(&plan, "delete").is_empty());

    efsctl(&["up", "--name", &name, "--vpc", &vpc.id]).success();
    let d = aws.assert_deployed(&name, &vpc.id, &AZS).await;

    // Everything up created, described by the emulator, in the plan's vocabulary.
    let mut created = vec![
        ("create-security-group", String::new()),
        ("create-file-system", String::new()),
    ];
    for (_, _, _, source) in ingress(&d.security_group) {
        created.push(("authorize-rule", source));
    }
    // The one egress rule (in place of EC2's default).
    assert_eq!(crate::support::egress(&d.security_group).len(), 1);
    created.push(("authorize-egress-rule", String::new()));
    for mt in &d.mount_targets {
        let detail = format!(
            "{} {}",
            mt.availability_zone_name().unwrap(),
            mt.subnet_id()
        );
        created.push(("create-mount-target", detail));
    }
    let backup = aws.backup_status(d.fs_id()).await;
    assert_eq!(backup, "ENABLED");
    created.push(("create-backup-policy", String::new()));
    let lifecycle = aws.lifecycle(d.fs_id()).await;
    assert_eq!(
        lifecycle,
        [
            "TransitionToIA=AFTER_30_DAYS",
            "TransitionToArchive=AFTER_90_DAYS"
        ]
    );
    created.push(("put-lifecycle-configuration", String::new()));
    assert_eq!(ops(&plan, "create"), set(&created));
}

#[tokio::test]
async fn plan_after_up_has_nothing_to_do() {
    let aws = aws();
    let vpc = three_az_vpc(&aws).await;
    let name = unique_name("plan-noop");
    efsctl(&["up", "--name", &name, "--vpc", &vpc.id]).success();
    let before = census(&aws, &name, &vpc).await;

    efsctl(&[
        "plan",
        "--name",
        &name,
        "--vpc",
        &vpc.id,
        "--detailed-exitcode",
    ])
    .code(0)
    .stdout_has(&["No changes", "keep", "Monthly cost estimate"]);
    let run = efsctl(&["plan", "--name", &name, "--vpc", &vpc.id, "-o", "json"]);
    run.success();
    let json = run.json();
    assert_eq!(json["changes"], false);
    assert!(steps(&json).iter().all(|s| s["action"] == "keep"), "{json}");
    // group, rule, egress rule, file system, backup policy, lifecycle policy, 3 mount targets
    assert_eq!(json["summary"]["keep"], 1 + 1 + 1 + 1 + 1 + 1 + 3);
    assert_eq!(census(&aws, &name, &vpc).await, before);
}

#[tokio::test]
async fn plan_shows_drift_without_repairing_it() {
    let aws = aws();
    let vpc = three_az_vpc(&aws).await;
    let name = unique_name("plan-drift");
    efsctl(&["up", "--name", &name, "--vpc", &vpc.id]).success();
    let d = aws.assert_deployed(&name, &vpc.id, &AZS).await;

    // By hand: delete the mount target in us-east-1b and revoke the NFS rule.
    aws.delete_mount_target(d.mount_targets[1].mount_target_id())
        .await;
    aws.ec2
        .revoke_security_group_ingress()
        .group_id(d.sg_id())
        .set_ip_permissions(Some(d.security_group.ip_permissions().to_vec()))
        .send()
        .await
        .expect("RevokeSecurityGroupIngress");
    let before = census(&aws, &name, &vpc).await;

    let run = efsctl(&[
        "plan",
        "--name",
        &name,
        "--vpc",
        &vpc.id,
        "-o",
        "json",
        "--detailed-exitcode",
    ]);
    run.code(2);
    let json = run.json();
    let b = vpc.subnet("us-east-1b");
    assert_eq!(
        ops(&json, "create"),
        set(&[
            ("authorize-rule", CIDR.to_string()),
            ("create-mount-target", format!("us-east-1b {b}")),
        ])
    );
    let kept = ops(&json, "keep");
    for az in ["us-east-1a", "us-east-1c"] {
        let mt = format!("{az} {}", vpc.subnet(az));
        assert!(kept.contains(&("keep-mount-target".into(), mt)), "{kept:?}");
    }
    assert_eq!(
        census(&aws, &name, &vpc).await,
        before,
        "plan repaired drift"
    );
    assert!(ingress(&aws.security_group_named(&format!("efsctl-{name}")).await).is_empty());

    // A different throughput mode than the file system has is an update.
    let run = efsctl(&[
        "plan",
        "--name",
        &name,
        "--vpc",
        &vpc.id,
        "--throughput",
        "bursting",
    ]);
    run.success()
        .stdout_has(&["update", "throughput is elastic, wanted bursting"]);
}

#[tokio::test]
async fn blockers_are_shown_and_fail_the_plan() {
    let aws = aws();
    let vpc = three_az_vpc(&aws).await;
    let name = unique_name("plan-block");
    efsctl(&["up", "--name", &name, "--vpc", &vpc.id]).success();
    let args = [
        "plan",
        "--name",
        &name,
        "--vpc",
        &vpc.id,
        "--one-zone",
        "us-east-1a",
    ];
    efsctl(&args)
        .code(1)
        .stdout_has(&["blocked:", "storage class cannot change"])
        .stderr_has(&["up would refuse"]);
    let mut detailed = args.to_vec();
    detailed.push("--detailed-exitcode");
    efsctl(&detailed).code(1);
    aws.assert_deployed(&name, &vpc.id, &AZS).await;
}

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

/// Each create step in `plan -o json` carries the request `up` will send: what a new deployment
/// asks of CreateFileSystem, CreateSecurityGroup and CreateMountTarget (with the ids made by
/// earlier steps "known after apply"), and, once the file system and group exist, their real ids.
#[tokio::test]
async fn json_steps_carry_the_requests_up_sends() {
    let scene = Scene::new("plan-req").await;
    let json = scene
        .plan(&["--azs", "us-east-1a", "-o", "json"])
        .success()
        .json();
    let step = |op: &str| {
        steps(&json)
            .iter()
            .find(|s| s["op"] == op)
            .unwrap_or_else(|| panic!("no {op} step in {json}"))
            .clone()
    };
    let fs = step("create-file-system")["request"].clone();
    assert_eq!(fs["creation_token"], format!("efsctl-{}", scene.name));
    assert_eq!(fs["encrypted"], true);
    assert_eq!(fs["performance_mode"], "general-purpose");
    assert_eq!(fs["throughput"]["mode"], "elastic");
    assert_eq!(fs["tags"]["efsctl:deployment"], scene.name.as_str());
    let sg = step("create-security-group")["request"].clone();
    assert_eq!(sg["vpc_id"], scene.vpc.id.as_str());
    assert_eq!(sg["name"], format!("efsctl-{}", scene.name));
    let mt = step("create-mount-target");
    assert_eq!(mt["subnet_id"], scene.vpc.subnet("us-east-1a"));
    assert_eq!(mt["request"]["subnet_id"], scene.vpc.subnet("us-east-1a"));
    assert_eq!(mt["request"]["file_system_id"], "(known after apply)");
    assert_eq!(mt["request"]["security_groups"][0], "(known after apply)");
    let rule = step("authorize-rule");
    assert_eq!(rule["group_id"], "(known after apply)");

    scene.up(&["--azs", "us-east-1a"]).success();
    let d = scene.assert_deployed(&["us-east-1a"]).await;
    let json = scene
        .plan(&["--azs", "us-east-1a,us-east-1b", "-o", "json"])
        .success()
        .json();
    let mt = steps(&json)
        .iter()
        .find(|s| s["op"] == "create-mount-target")
        .expect("a mount target for us-east-1b")
        .clone();
    assert_eq!(mt["availability_zone"], "us-east-1b");
    assert_eq!(mt["request"]["file_system_id"], d.fs_id());
    assert_eq!(mt["request"]["security_groups"][0], d.sg_id());
    scene.teardown(&[]).success();
    scene.assert_gone().await;
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
