//! Bad input, one test per row: each is refused with a non-zero exit code and one clear line
//! naming the bad value and what would be valid, before anything is created (checked by
//! describing: no file system with the creation token, no group named `efsctl-NAME`).
//!
//! Not here: compose-gen (another branch). `teardown` of a deployment that does not exist is
//! deliberately not an error (exit 0, "Nothing to delete"): CI clean-up steps re-run it.

use std::time::{Duration, Instant};

use crate::support::proxy::child::{run_env, run_in};
use crate::support::{aws, endpoint, unique_name, Aws, TestVpc};

/// One row: what to run and what must come back.
struct Case {
    args: Vec<String>,
    /// Environment overrides ("" removes a variable).
    env: &'static [(&'static str, &'static str)],
    /// An efsctl.yaml to put in the working directory.
    config: Option<&'static str>,
    /// Other files to put there: (name, text).
    files: &'static [(&'static str, &'static str)],
    code: i32,
    /// Each must appear in the error line.
    says: Vec<String>,
}

/// `up --name NAME --vpc VPC` followed by `extra`.
fn up(name: &str, vpc: &TestVpc, extra: &[&str]) -> Vec<String> {
    let mut args: Vec<String> = ["up", "--name", name, "--vpc", &vpc.id]
        .iter()
        .map(|s| s.to_string())
        .collect();
    args.extend(extra.iter().map(|s| s.to_string()));
    args
}

fn strings(args: &[&str]) -> Vec<String> {
    args.iter().map(|s| s.to_string()).collect()
}

/// Runs the case and checks the exit code, the one error line, and that nothing of `name` exists.
async fn check(aws: &Aws, name: &str, case: Case) {
    let dir = tempfile::tempdir().expect("temp dir");
    if let Some(text) = case.config {
        std::fs::write(dir.path().join("efsctl.yaml"), text).expect("write config");
    }
    for (file, text) in case.files {
        std::fs::write(dir.path().join(file), text).expect("write file");
    }
    let args: Vec<&str> = case.args.iter().map(String::as_str).collect();
    let started = Instant::now();
    let r = run_in(dir.path(), endpoint(), case.env, &args);
    eprintln!(
        "efsctl {}\n  -> {}: {}",
        args.join(" "),
        r.code,
        r.stderr.trim_end()
    );
    assert_eq!(r.code, case.code, "exit code of {args:?}: {r:?}");
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "took {:?}: {r:?}",
        started.elapsed()
    );
    let errors: Vec<&str> = r
        .stderr
        .lines()
        .filter(|l| l.starts_with("error:"))
        .collect();
    assert_eq!(errors.len(), 1, "one error line: {}", r.stderr);
    let clap = r.stderr.contains("For more information, try '--help'");
    if !clap {
        assert_eq!(
            r.stderr.trim_end().lines().count(),
            1,
            "nothing but the error: {}",
            r.stderr
        );
    }
    for part in &case.says {
        let place = if clap { r.stderr.as_str() } else { errors[0] };
        assert!(
            place.contains(part.as_str()),
            "error lacks {part:?}: {}",
            r.stderr
        );
    }
    assert_eq!(r.stdout, "", "nothing on stdout");
    aws.assert_nothing_for(name).await;
}

macro_rules! bad_input {
    ($($test:ident: |$name:ident, $vpc:ident, $other:ident| $case:expr;)*) => {$(
        #[tokio::test]
        async fn $test() {
            let aws = aws();
            let $name = unique_name("bad");
            #[allow(unused_variables)]
            let $vpc = aws.create_vpc_3az().await;
            #[allow(unused_variables)]
            let $other = other_vpc(&aws).await;
            let $name = $name.as_str();
            check(&aws, $name, $case).await;
        }
    )*};
}

async fn other_vpc(aws: &Aws) -> TestVpc {
    aws.create_vpc(
        "10.8.0.0/16",
        &[("us-east-1a", "10.8.1.0/24"), ("us-east-1a", "10.8.2.0/24")],
    )
    .await
}

fn case(args: Vec<String>, code: i32, says: &[&str]) -> Case {
    Case {
        args,
        env: &[],
        config: None,
        files: &[],
        code,
        says: strings(says),
    }
}

bad_input! {
    malformed_yaml: |name, vpc, other| Case {
        config: Some("name: [unclosed\n"),
        ..case(strings(&["up"]), 2, &["config file", "efsctl.yaml"])
    };
    unknown_config_key: |name, vpc, other| Case {
        config: Some("nmae: x\n"),
        ..case(strings(&["up"]), 2, &["nmae", "expected one of"])
    };
    name_too_long: |name, vpc, other| case(up(&"n".repeat(49), &vpc, &[]), 2, &["invalid deployment name", "1-48"]);
    name_with_a_space: |name, vpc, other| case(up("ray shared", &vpc, &[]), 2, &["\"ray shared\"", "letters, digits"]);
    name_with_a_dot: |name, vpc, other| case(up("ray.shared", &vpc, &[]), 2, &["\"ray.shared\"", "e.g. ray-shared"]);
    missing_name: |name, vpc, other| case(strings(&["up"]), 2, &["no deployment name", "--name"]);
    unknown_region: |name, vpc, other| case(up(name, &vpc, &["--region", "us-east-9"]), 2, &["unknown region \"us-east-9\"", "us-east-1"]);
    az_of_another_region: |name, vpc, other| case(up(name, &vpc, &["--azs", "eu-west-1a"]), 2, &["eu-west-1a", "us-east-1a"]);
    az_without_a_subnet: |name, vpc, other| case(up(name, &vpc, &["--azs", "us-east-1z"]), 2, &["us-east-1z", "us-east-1a, us-east-1b, us-east-1c"]);
    subnet_that_does_not_exist: |name, vpc, other| case(strings(&["up", "--name", name, "--subnets", "subnet-0abc1234"]), 2, &["--subnets subnet-0abc1234: not found", "one per AZ"]);
    malformed_subnet_id: |name, vpc, other| case(strings(&["up", "--name", name, "--subnets", "subnet-xyz"]), 2, &["\"subnet-xyz\"", "subnet-0a1b2c3d"]);
    vpc_that_does_not_exist: |name, vpc, other| case(strings(&["up", "--name", name, "--vpc", "vpc-0abc1234"]), 2, &["VPC vpc-0abc1234 not found", "omit --vpc"]);
    malformed_vpc_id: |name, vpc, other| case(strings(&["up", "--name", name, "--vpc", "myvpc"]), 2, &["\"myvpc\"", "vpc-0a1b2c3d"]);
    subnets_in_two_vpcs: |name, vpc, other| {
        let subnets = format!("{},{}", vpc.subnet("us-east-1b"), other.subnets[0].1);
        case(strings(&["up", "--name", name, "--subnets", &subnets]), 2, &["span 2 VPCs", "one VPC"])
    };
    two_subnets_in_one_az: |name, vpc, other| {
        let subnets = format!("{},{}", other.subnets[0].1, other.subnets[1].1);
        case(strings(&["up", "--name", name, "--subnets", &subnets]), 2, &["both in us-east-1a", "one subnet per AZ"])
    };
    one_zone_with_several_azs: |name, vpc, other| case(up(name, &vpc, &["--one-zone", "us-east-1a", "--azs", "us-east-1a,us-east-1b"]), 2, &["--one-zone us-east-1a", "us-east-1a,us-east-1b"]);
    one_zone_with_several_subnets: |name, vpc, other| {
        let subnets = format!("{},{}", vpc.subnet("us-east-1a"), vpc.subnet("us-east-1b"));
        case(strings(&["up", "--name", name, "--one-zone", "us-east-1a", "--subnets", &subnets]), 2, &["One Zone", "2 subnets"])
    };
    max_io_with_elastic: |name, vpc, other| case(up(name, &vpc, &["--performance-mode", "max-io"]), 2, &["max-io", "Elastic", "--throughput bursting|provisioned"]);
    max_io_with_one_zone: |name, vpc, other| case(up(name, &vpc, &["--performance-mode", "max-io", "--throughput", "bursting", "--one-zone", "us-east-1a"]), 2, &["One Zone", "general-purpose"]);
    provisioned_without_a_rate: |name, vpc, other| case(up(name, &vpc, &["--throughput", "provisioned"]), 2, &["--provisioned-mibps", "1-10240"]);
    provisioned_rate_out_of_range: |name, vpc, other| case(up(name, &vpc, &["--throughput", "provisioned", "--provisioned-mibps", "0"]), 2, &["--provisioned-mibps 0", "between 1 and 10240"]);
    rate_without_provisioned: |name, vpc, other| case(up(name, &vpc, &["--provisioned-mibps", "100"]), 2, &["--provisioned-mibps 100", "--throughput provisioned"]);
    unknown_throughput_mode: |name, vpc, other| case(up(name, &vpc, &["--throughput", "fast"]), 2, &["'fast'", "elastic"]);
    cidr_that_does_not_parse: |name, vpc, other| case(up(name, &vpc, &["--allow-cidr", "10.0.0.0/33"]), 2, &["\"10.0.0.0/33\"", "0-32"]);
    cidr_with_host_bits: |name, vpc, other| case(up(name, &vpc, &["--allow-cidr", "10.0.0.5/16"]), 2, &["\"10.0.0.5/16\"", "10.0.0.0/16"]);
    allow_sg_in_another_vpc: |name, vpc, other| {
        let sg = aws().create_security_group(&other.id, &format!("workers-{name}")).await;
        case(up(name, &vpc, &["--allow-sg", &sg]), 2, &[&sg, "no active VPC peering connection", "give the workers' group from"])
    };
    allow_sg_that_does_not_exist: |name, vpc, other| case(up(name, &vpc, &["--allow-sg", "sg-0abc1234"]), 2, &["--allow-sg sg-0abc1234: security group not found", "give the Ray workers' group from vpc-"]);
    kms_key_that_does_not_exist: |name, vpc, other| case(up(name, &vpc, &["--kms-key", "alias/efsctl-no-such-key"]), 2, &["KMS key alias/efsctl-no-such-key not found", "alias/NAME"]);
    malformed_kms_key: |name, vpc, other| case(up(name, &vpc, &["--kms-key", "mykey"]), 2, &["\"mykey\"", "alias/NAME"]);
    // EFS's KmsKeyId pattern: lower-case hex ids, mrk- with exactly 32 hex digits, well-formed ARNs.
    upper_case_kms_key_id: |name, vpc, other| case(up(name, &vpc, &["--kms-key", "1234ABCD-12AB-34CD-56EF-1234567890AB"]), 2, &["invalid KMS key \"1234ABCD-12AB-34CD-56EF-1234567890AB\"", "lower-case"]);
    short_multi_region_kms_key_id: |name, vpc, other| case(up(name, &vpc, &["--kms-key", "mrk-1234abcd"]), 2, &["invalid KMS key \"mrk-1234abcd\"", "32 lower-case hex digits"]);
    loosely_formed_kms_key_arn: |name, vpc, other| case(up(name, &vpc, &["--kms-key", "arn:aws:kms:us-east-1:1234:key/abc"]), 2, &["invalid KMS key \"arn:aws:kms:us-east-1:1234:key/abc\"", "key or alias ARN"]);
    zero_timeout: |name, vpc, other| case(up(name, &vpc, &["--timeout", "0s"]), 2, &["0s", "20m"]);
    missing_credentials: |name, vpc, other| Case {
        env: &[("AWS_ACCESS_KEY_ID", ""), ("AWS_SECRET_ACCESS_KEY", "")],
        ..case(up(name, &vpc, &[]), 2, &["no AWS credentials found", "AWS_PROFILE", "aws sso login"])
    };
    // A profile that is configured but cannot deliver: its provider's own words are shown.
    failing_credential_process: |name, vpc, other| Case {
        files: &[("aws-config", "[profile broken]\ncredential_process = /bin/false\n")],
        env: &[("AWS_ACCESS_KEY_ID", ""), ("AWS_SECRET_ACCESS_KEY", ""), ("AWS_CONFIG_FILE", "aws-config"), ("AWS_PROFILE", "broken")],
        ..case(up(name, &vpc, &[]), 2, &["cannot load AWS credentials", "external process exited"])
    };
    endpoint_refusing_connections: |name, vpc, other| Case {
        env: &[("AWS_ENDPOINT_URL", "http://127.0.0.1:9")],
        ..case(up(name, &vpc, &[]), 1, &["cannot reach http://127.0.0.1:9 (connection refused)", "--endpoint-url"])
    };
    status_of_a_deployment_that_does_not_exist: |name, vpc, other| case(strings(&["status", "--name", name]), 3, &["not found", "efsctl up --name"]);
}

/// Not an error, on purpose: teardown is idempotent so CI can always run it.
#[tokio::test]
async fn teardown_of_a_deployment_that_does_not_exist_is_not_an_error() {
    let name = unique_name("bad-td");
    let r = run_env(endpoint(), &[], &["teardown", "--name", &name, "--yes"]);
    r.success().stderr_has(&["Nothing to delete", &name]);
}

/// The KMS check refuses only keys that do not exist: an existing key, by id or alias, is used.
#[tokio::test]
async fn an_existing_kms_key_passes_the_check() {
    let aws = aws();
    let vpc = aws.create_vpc_3az().await;
    let (kms, key_id) = create_kms_key().await;
    let name = unique_name("kms-ok");
    let alias = format!("alias/{name}");
    kms.create_alias()
        .alias_name(&alias)
        .target_key_id(&key_id)
        .send()
        .await
        .expect("CreateAlias");
    for key in [key_id.as_str(), alias.as_str()] {
        let args = [
            "up",
            "--name",
            &name,
            "--vpc",
            &vpc.id,
            "--azs",
            "us-east-1a",
            "--kms-key",
            key,
        ];
        run_env(endpoint(), &[], &args).success();
    }
    run_env(endpoint(), &[], &["teardown", "--name", &name, "--yes"]).success();
    aws.assert_nothing_for(&name).await;
}

/// A KMS key in the emulator (efsctl checks `--kms-key` exists): the client and the key id.
pub async fn create_kms_key() -> (aws_sdk_kms::Client, String) {
    let config = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(crate::support::REGION))
        .endpoint_url(endpoint())
        .credentials_provider(aws_sdk_efs::config::SharedCredentialsProvider::new(
            aws_sdk_efs::config::Credentials::new("testing", "testing", None, None, "tests"),
        ))
        .build();
    let kms = aws_sdk_kms::Client::new(&config);
    let key = kms.create_key().send().await.expect("CreateKey");
    let key_id = key.key_metadata().expect("metadata").key_id().to_string();
    (kms, key_id)
}
