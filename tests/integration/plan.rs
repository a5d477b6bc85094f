//! `efsctl plan`: it lists exactly what `up` then creates, creates nothing itself, says
//! "nothing to do" after `up`, shows drift and blockers, and follows Terraform's
//! `--detailed-exitcode`. Claims about AWS are checked in the emulator, not in plan's output.
//! The cost estimate and the price sources are in `pricing`.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::support::{aws, efsctl, ingress, unique_name, Aws, Scene, TestVpc};

const AZS: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];
const CIDR: &str = "10.19.0.0/16";

pub(super) async fn three_az_vpc(aws: &Aws) -> TestVpc {
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
