//! `efsctl audit` through the real binary against the emulator: a file system made weak on
//! purpose with raw SDK calls is reported finding by finding; what `efsctl up` makes audits
//! clean; a TLS deployment that lost its policy is caught; `--all` pages through the region;
//! bad input is exit 2 before any AWS call; and the security group and network interface
//! lookups are batched, counted at the fault proxy.

use aws_sdk_ec2::types as ec2;
use aws_sdk_efs::types as efs;
use serde_json::Value;

use crate::support::proxy::child::run;
use crate::support::proxy::{Proxy, ProxyConfig};
use crate::support::{endpoint, unique_name, Aws, Scene, TestVpc};

/// A security group in `vpc` that admits TCP 2049 from anywhere.
async fn open_group(aws: &Aws, vpc: &TestVpc, name: &str) -> String {
    let id = aws.create_security_group(&vpc.id, name).await;
    aws.ec2
        .authorize_security_group_ingress()
        .group_id(&id)
        .ip_permissions(
            ec2::IpPermission::builder()
                .ip_protocol("tcp")
                .from_port(2049)
                .to_port(2049)
                .ip_ranges(ec2::IpRange::builder().cidr_ip("0.0.0.0/0").build())
                .build(),
        )
        .send()
        .await
        .expect("AuthorizeSecurityGroupIngress");
    id
}

/// A file system made the way someone without efsctl might: no backup, no lifecycle policy,
/// encrypted or not.
async fn bare_file_system(aws: &Aws, token: &str, encrypted: bool) -> String {
    aws.efs
        .create_file_system()
        .creation_token(token)
        .encrypted(encrypted)
        .backup(false)
        .send()
        .await
        .expect("CreateFileSystem")
        .file_system_id()
        .to_string()
}

async fn mount_target(aws: &Aws, fs: &str, subnet: &str, groups: &[&str]) -> String {
    aws.efs
        .create_mount_target()
        .file_system_id(fs)
        .subnet_id(subnet)
        .set_security_groups(Some(groups.iter().map(|g| g.to_string()).collect()))
        .send()
        .await
        .expect("CreateMountTarget")
        .mount_target_id()
        .to_string()
}

/// Unencrypted, no backup, no lifecycle policy, one mount target in us-east-1a whose group is
/// open to the world on 2049. Returns (file system, group).
async fn weak_file_system(scene: &Scene) -> (String, String) {
    let (aws, vpc, name) = scene.parts();
    let group = open_group(&aws, &vpc, &format!("{name}-open")).await;
    let fs = bare_file_system(&aws, &name, false).await;
    mount_target(&aws, &fs, vpc.subnet("us-east-1a"), &[&group]).await;
    (fs, group)
}

/// The findings of an `-o json` report as sorted (check, severity, resource) triples, for one
/// file system.
fn findings_of(report: &Value, fs: &str) -> Vec<(String, String, String)> {
    let mut found: Vec<(String, String, String)> = report["findings"]
        .as_array()
        .expect("findings array")
        .iter()
        .filter(|f| f["file_system_id"] == fs)
        .map(|f| {
            for key in ["message", "fix"] {
                assert!(
                    f[key].as_str().is_some_and(|s| !s.is_empty()),
                    "{key} of {f}"
                );
            }
            let text = |k: &str| f[k].as_str().unwrap().to_string();
            (text("check"), text("severity"), text("resource"))
        })
        .collect();
    found.sort();
    found
}

fn triple(check: &str, severity: &str, resource: &str) -> (String, String, String) {
    (check.into(), severity.into(), resource.into())
}

#[tokio::test]
async fn a_weak_file_system_is_reported_finding_by_finding_and_exits_4() {
    let scene = Scene::new("audit-weak").await;
    let (fs, group) = weak_file_system(&scene).await;

    let run = crate::support::efsctl(&["audit", "--file-system-id", &fs, "-o", "json"]);
    run.code(4);
    let report = run.json();
    assert_eq!(report["failed"], true);
    assert_eq!(report["fail_on"], "medium");
    assert_eq!(report["file_systems"][0]["id"], fs.as_str());
    assert_eq!(report["file_systems"].as_array().unwrap().len(), 1);
    assert_eq!(
        findings_of(&report, &fs),
        [
            triple("nfs-open-to-world", "high", &group),
            triple("no-backup", "medium", &fs),
            triple("no-lifecycle", "low", &fs),
            triple("not-encrypted", "high", &fs),
        ]
    );
    // Sorted by severity first: both highs, then the medium, then the low.
    let severities: Vec<&str> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["severity"].as_str().unwrap())
        .collect();
    assert_eq!(severities, ["high", "high", "medium", "low"]);

    // The table says the same, and so does the exit code whatever --fail-on.
    crate::support::efsctl(&["audit", "--file-system-id", &fs])
        .code(4)
        .stdout_has(&[
            "not-encrypted",
            "nfs-open-to-world",
            &group,
            "--fail-on medium",
        ]);
    crate::support::efsctl(&["audit", "--file-system-id", &fs, "--fail-on", "high"]).code(4);
}

#[tokio::test]
async fn fail_on_decides_whether_a_low_finding_fails() {
    // Encrypted with backups on and no mount target: only the lifecycle policy is missing.
    let aws = crate::support::aws();
    let fs = bare_file_system(&aws, &unique_name("audit-low"), true).await;
    aws.efs
        .put_backup_policy()
        .file_system_id(&fs)
        .backup_policy(
            efs::BackupPolicy::builder()
                .status(efs::Status::Enabled)
                .build()
                .unwrap(),
        )
        .send()
        .await
        .expect("PutBackupPolicy");
    let run = crate::support::efsctl(&["audit", "--file-system-id", &fs, "-o", "json"]);
    run.success();
    assert_eq!(
        findings_of(&run.json(), &fs),
        [triple("no-lifecycle", "low", &fs)]
    );
    assert_eq!(run.json()["failed"], false);
    crate::support::efsctl(&["audit", "--file-system-id", &fs, "--fail-on", "low"]).code(4);
}

#[tokio::test]
async fn what_efsctl_up_makes_audits_clean() {
    let scene = Scene::new("audit-clean").await;
    scene.up(&[]).success();
    let run = scene.run("audit", &["-o", "json"]);
    run.success();
    let report = run.json();
    assert_eq!(report["findings"], Value::Array(vec![]), "{report:#}");
    assert_eq!(report["file_systems"][0]["deployment"], scene.name.as_str());
    assert_eq!(report["file_systems"][0]["mount_targets"], 3);
    scene
        .run("audit", &["--fail-on", "low"])
        .success()
        .stdout_has(&["no findings"]);
}

#[tokio::test]
async fn a_tls_deployment_without_its_policy_is_reported() {
    let scene = Scene::new("audit-tls").await;
    scene.up(&["--mount-mode", "tls"]).success();
    scene.run("audit", &["--fail-on", "low"]).success();
    let fs = scene
        .assert_deployed(&crate::support::AZS)
        .await
        .fs_id()
        .to_string();
    scene
        .aws
        .efs
        .delete_file_system_policy()
        .file_system_id(&fs)
        .send()
        .await
        .expect("DeleteFileSystemPolicy");

    let run = scene.run("audit", &["-o", "json"]);
    run.code(4);
    assert_eq!(
        findings_of(&run.json(), &fs),
        [triple("tls-not-enforced", "medium", &fs)]
    );
    let fix = run.json()["findings"][0]["fix"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        fix.contains(&format!("efsctl up --name {} --mount-mode tls", scene.name)),
        "{fix}"
    );
}

#[tokio::test]
async fn all_pages_through_the_region_and_finds_the_weak_one() {
    let scene = Scene::new("audit-all").await;
    let (weak, group) = weak_file_system(&scene).await;
    // More than one page of DescribeFileSystems (moto pages by 10).
    let mut others = Vec::new();
    for n in 0..11 {
        let token = format!("{}-other-{n}", scene.name);
        others.push(bare_file_system(&scene.aws, &token, true).await);
    }
    let p = Proxy::start(endpoint(), ProxyConfig::default());
    let run = run(&p.url(), &["audit", "--all", "-o", "json"]);
    run.code(4);
    let report = run.json();
    let audited: Vec<&str> = report["file_systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["id"].as_str().unwrap())
        .collect();
    for id in others.iter().chain([&weak]) {
        assert!(audited.contains(&id.as_str()), "{id} not audited");
    }
    assert!(
        p.calls("DescribeFileSystems") >= 2,
        "followed NextMarker: {} DescribeFileSystems",
        p.calls("DescribeFileSystems")
    );
    assert!(findings_of(&report, &weak).contains(&triple("nfs-open-to-world", "high", &group)));
    assert!(findings_of(&report, &weak).contains(&triple("not-encrypted", "high", &weak)));
}

#[tokio::test]
async fn security_groups_and_network_interfaces_are_read_in_batches() {
    // Three file systems with a mount target in each of three AZs, all in one VPC, on two
    // groups: nine mount targets.
    let scene = Scene::new("audit-batch").await;
    let (aws, vpc, name) = scene.parts();
    let open = open_group(&aws, &vpc, &format!("{name}-open")).await;
    let private = aws
        .create_security_group(&vpc.id, &format!("{name}-private"))
        .await;
    let mut ids = Vec::new();
    for n in 0..3 {
        let fs = bare_file_system(&aws, &format!("{name}-{n}"), true).await;
        for (_, subnet) in &vpc.subnets {
            mount_target(&aws, &fs, subnet, &[&open, &private]).await;
        }
        ids.push(fs);
    }

    let p = Proxy::start(endpoint(), ProxyConfig::default());
    let run = run(
        &p.url(),
        &["audit", "--file-system-id", &ids.join(","), "-o", "json"],
    );
    run.code(4);
    for fs in &ids {
        assert!(findings_of(&run.json(), fs).contains(&triple("nfs-open-to-world", "high", &open)));
    }
    let calls = |op: &str| p.calls(op);
    assert_eq!(calls("DescribeMountTargets"), 3, "one per file system");
    assert_eq!(
        calls("DescribeNetworkInterfaces"),
        1,
        "nine interfaces, one call"
    );
    assert_eq!(calls("DescribeSecurityGroups"), 1, "both groups, one call");
    assert_eq!(
        calls("DescribeMountTargetSecurityGroups"),
        0,
        "groups come from the network interfaces"
    );
    assert_eq!(
        calls("DescribeVpcAttribute"),
        2,
        "one VPC: two attributes, once"
    );
}

#[tokio::test]
async fn bad_input_is_one_line_and_exit_2_before_any_aws_call() {
    let p = Proxy::start(endpoint(), ProxyConfig::default());
    let cases: [&[&str]; 10] = [
        &["audit"],
        &["audit", "--all", "--ray-cluster", "c"],
        &[
            "audit",
            "--file-system-id",
            "fs-0123abcd,fs-0123abce",
            "--ray-cluster",
            "c",
        ],
        &["audit", "--name", "ray", "--ray-cluster", "bad cluster"],
        &["audit", "--name", "ray", "--all"],
        &["audit", "--name", "ray", "--file-system-id", "fs-0123abcd"],
        &["audit", "--file-system-id", "fs-0123abcd", "--all"],
        &["audit", "--file-system-id", "fs-XYZ"],
        &["audit", "--name", "bad name"],
        &["audit", "--all", "--fail-on", "bogus"],
    ];
    for args in cases {
        let r = run(&p.url(), args);
        assert_eq!(r.code, 2, "{args:?}: {r:?}");
        let errors = r.stderr.lines().filter(|l| l.starts_with("error:")).count();
        assert_eq!(errors, 1, "{args:?}: {}", r.stderr);
        if !r.stderr.contains("For more information, try '--help'") {
            assert_eq!(r.stderr.trim_end().lines().count(), 1, "{}", r.stderr);
        }
    }
    assert!(p.log().is_empty(), "no AWS call: {:?}", p.log());
}

#[tokio::test]
async fn an_unknown_deployment_or_file_system_exits_3() {
    let name = unique_name("audit-none");
    let run = crate::support::efsctl(&["audit", "--name", &name]);
    run.code(3)
        .stderr_has(&[&format!("deployment {name} not found"), "--all"]);
    crate::support::efsctl(&["audit", "--file-system-id", "fs-0000dead0000"])
        .code(3)
        .stderr_has(&["file system fs-0000dead0000 not found"]);
}
