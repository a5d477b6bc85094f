//! `--ray-cluster`: placement discovered from a Ray cluster's instances, launched through the EC2
//! API and tagged as Ray's AWS launcher tags them, checked by describing what `up` made.

use crate::support::{efsctl, ingress, unique_name, Scene};

fn nfs(source: &str) -> (String, i32, i32, String) {
    ("tcp".to_string(), 2049, 2049, source.to_string())
}

#[tokio::test]
async fn a_three_az_cluster_gets_three_mount_targets_admitting_exactly_its_groups() {
    let scene = Scene::new("ray-3az").await;
    let (aws, vpc, name) = scene.parts();
    let cluster = unique_name("cluster");
    let ray_sg = aws
        .create_security_group(&vpc.id, &format!("ray-autoscaler-{cluster}"))
        .await;
    let extra = aws.create_security_group(&vpc.id, "gpu-workers").await;
    aws.launch_ray_node(&cluster, "head", vpc.subnet("us-east-1a"), &[&ray_sg])
        .await;
    for az in ["us-east-1b", "us-east-1c"] {
        aws.launch_ray_node(&cluster, "worker", vpc.subnet(az), &[&ray_sg, &extra])
            .await;
    }
    // No --vpc, no --azs, no --allow-sg: all from the cluster.
    efsctl(&["up", "--name", &name, "--ray-cluster", &cluster])
        .success()
        .stderr_has(&["Ray cluster", "3 node(s)", &vpc.id]);
    let d = scene
        .assert_deployed(&["us-east-1a", "us-east-1b", "us-east-1c"])
        .await;
    let mut want = vec![nfs(&ray_sg), nfs(&extra)];
    want.sort();
    assert_eq!(
        ingress(&d.security_group),
        want,
        "exactly the nodes' groups"
    );
    for (mt, az) in d
        .mount_targets
        .iter()
        .zip(["us-east-1a", "us-east-1b", "us-east-1c"])
    {
        assert_eq!(mt.subnet_id(), vpc.subnet(az));
    }
    // Ray's groups are only named, never changed.
    assert!(aws
        .security_group(&ray_sg)
        .await
        .unwrap()
        .ip_permissions()
        .is_empty());
    efsctl(&[
        "plan",
        "--name",
        &name,
        "--ray-cluster",
        &cluster,
        "--detailed-exitcode",
    ])
    .code(0);
    scene.teardown(&[]).success();
    assert!(
        aws.security_group(&ray_sg).await.is_some(),
        "Ray's group stays"
    );
}

#[tokio::test]
async fn the_subnet_with_most_nodes_wins_in_an_az() {
    let scene = Scene::new("ray-busy").await;
    let (aws, _, name) = scene.parts();
    let vpc = aws
        .create_vpc(
            "10.21.0.0/16",
            &[
                ("us-east-1a", "10.21.16.0/20"), // the rule alone would pick this /20
                ("us-east-1a", "10.21.1.0/24"),
            ],
        )
        .await;
    let cluster = unique_name("cluster");
    let sg = aws.create_security_group(&vpc.id, "ray-nodes").await;
    let small = vpc.subnets[1].1.clone();
    for _ in 0..2 {
        aws.launch_ray_node(&cluster, "worker", &small, &[&sg])
            .await;
    }
    aws.launch_ray_node(&cluster, "head", &vpc.subnets[0].1, &[&sg])
        .await;
    efsctl(&["up", "--name", &name, "--ray-cluster", &cluster]).success();
    let d = aws.assert_deployed(&name, &vpc.id, &["us-east-1a"]).await;
    assert_eq!(d.mount_targets[0].subnet_id(), small);
    scene.teardown(&[]).success();
}

#[tokio::test]
async fn a_cluster_spanning_two_vpcs_is_refused_with_nothing_created() {
    let scene = Scene::new("ray-2vpc").await;
    let (aws, vpc, name) = scene.parts();
    let other = aws.create_vpc_3az().await;
    let cluster = unique_name("cluster");
    let a = aws
        .launch_ray_node(&cluster, "head", vpc.subnet("us-east-1a"), &[])
        .await;
    let b = aws
        .launch_ray_node(&cluster, "worker", other.subnet("us-east-1b"), &[])
        .await;
    let run = efsctl(&["up", "--name", &name, "--ray-cluster", &cluster]);
    run.code(2).stderr_has(&[
        "2 VPCs",
        &format!("{}: {a}", vpc.id),
        &format!("{}: {b}", other.id),
    ]);
    assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
    scene.assert_gone().await;
}

#[tokio::test]
async fn before_any_node_the_autoscaler_group_and_its_vpc_are_used() {
    let scene = Scene::new("ray-none").await;
    let (aws, vpc, name) = scene.parts();
    let cluster = unique_name("cluster");
    let ray_sg = aws
        .create_security_group(&vpc.id, &format!("ray-autoscaler-{cluster}"))
        .await;
    efsctl(&["up", "--name", &name, "--ray-cluster", &cluster])
        .success()
        .stderr_has(&["no nodes yet", &ray_sg]);
    let d = scene
        .assert_deployed(&["us-east-1a", "us-east-1b", "us-east-1c"])
        .await;
    assert_eq!(ingress(&d.security_group), [nfs(&ray_sg)]);
    scene.teardown(&[]).success();

    // Neither nodes nor a group: nothing to go on.
    efsctl(&["up", "--name", &name, "--ray-cluster", "no-such-cluster"])
        .code(2)
        .stderr_has(&[
            "no Ray cluster no-such-cluster",
            "ray-autoscaler-no-such-cluster",
        ]);
    scene.assert_gone().await;
}

#[tokio::test]
async fn a_cluster_that_grew_into_a_fourth_az_gets_a_fourth_mount_target() {
    let scene = Scene::new("ray-grow").await;
    let (aws, _, name) = scene.parts();
    let vpc = aws
        .create_vpc(
            "10.22.0.0/16",
            &[
                ("us-east-1a", "10.22.1.0/24"),
                ("us-east-1b", "10.22.2.0/24"),
                ("us-east-1c", "10.22.3.0/24"),
                ("us-east-1d", "10.22.4.0/24"),
            ],
        )
        .await;
    let cluster = unique_name("cluster");
    let sg = aws
        .create_security_group(&vpc.id, &format!("ray-autoscaler-{cluster}"))
        .await;
    for az in ["us-east-1a", "us-east-1b", "us-east-1c"] {
        aws.launch_ray_node(&cluster, "worker", vpc.subnet(az), &[&sg])
            .await;
    }
    let up = [
        "up",
        "--name",
        name.as_str(),
        "--ray-cluster",
        cluster.as_str(),
    ];
    efsctl(&up).success();
    aws.assert_deployed(&name, &vpc.id, &["us-east-1a", "us-east-1b", "us-east-1c"])
        .await;
    let audit = [
        "audit",
        "--name",
        &name,
        "--ray-cluster",
        &cluster,
        "-o",
        "json",
    ];
    efsctl(&audit).success();
    aws.launch_ray_node(&cluster, "worker", vpc.subnet("us-east-1d"), &[&sg])
        .await;
    // audit sees the new AZ before `up` covers it: one medium finding, exit 4.
    let report = efsctl(&audit).code(4).json();
    let findings: Vec<(&str, &str, &str)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["check"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["resource"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        findings,
        [("ray-az-without-mount-target", "medium", "us-east-1d")]
    );
    let fix = report["findings"][0]["fix"].as_str().unwrap();
    assert!(
        fix.contains(&format!("efsctl up --name {name} --ray-cluster {cluster}")),
        "{fix}"
    );
    let plan = efsctl(&[
        "plan",
        "--name",
        &name,
        "--ray-cluster",
        &cluster,
        "-o",
        "json",
    ])
    .success()
    .json();
    let creates: Vec<&str> = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["action"] == "create")
        .map(|s| s["op"].as_str().unwrap())
        .collect();
    assert_eq!(creates, ["create-mount-target"]);
    efsctl(&up).success();
    aws.assert_deployed(
        &name,
        &vpc.id,
        &["us-east-1a", "us-east-1b", "us-east-1c", "us-east-1d"],
    )
    .await;
    efsctl(&audit).success();
    scene.teardown(&[]).success();
}

#[tokio::test]
async fn explicit_placement_and_access_flags_win_over_the_cluster() {
    let scene = Scene::new("ray-explicit").await;
    let (aws, vpc, name) = scene.parts();
    let cluster = unique_name("cluster");
    let sg = aws.create_security_group(&vpc.id, "ray-nodes").await;
    for az in ["us-east-1a", "us-east-1b"] {
        aws.launch_ray_node(&cluster, "worker", vpc.subnet(az), &[&sg])
            .await;
    }
    efsctl(&[
        "up",
        "--name",
        &name,
        "--ray-cluster",
        &cluster,
        "--azs",
        "us-east-1c",
        "--allow-cidr",
        "10.9.0.0/16",
    ])
    .success();
    let d = scene.assert_deployed(&["us-east-1c"]).await;
    assert_eq!(ingress(&d.security_group), [nfs("10.9.0.0/16")]);
    scene.teardown(&[]).success();
}

#[tokio::test]
async fn init_writes_a_commented_config_with_the_clusters_placement_that_plan_then_reads() {
    let scene = Scene::new("ray-init").await;
    let (aws, vpc, name) = scene.parts();
    let cluster = unique_name("cluster");
    let sg = aws
        .create_security_group(&vpc.id, &format!("ray-autoscaler-{cluster}"))
        .await;
    for az in ["us-east-1a", "us-east-1b"] {
        aws.launch_ray_node(&cluster, "worker", vpc.subnet(az), &[&sg])
            .await;
    }
    let dir = tempfile::tempdir().unwrap();
    crate::support::efsctl_in(
        dir.path(),
        &["init", "--name", &name, "--ray-cluster", &cluster],
    )
    .success()
    .stdout_has(&["Wrote efsctl.yaml"]);
    let text = std::fs::read_to_string(dir.path().join("efsctl.yaml")).unwrap();
    assert_eq!(
        text.lines().next(),
        Some("# yaml-language-server: $schema=efsctl.schema.json")
    );
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("efsctl.schema.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(schema["title"], "efsctl.yaml");
    for line in [
        format!("name: {name}"),
        "region: us-east-1".to_string(),
        format!("ray-cluster: {cluster}"),
        format!("vpc: {}", vpc.id),
        "azs: [us-east-1a, us-east-1b]".to_string(),
        format!("allow-sg: [{sg}]"),
        "# transition-to-ia: 30".to_string(),
        "# mount-mode: nfs".to_string(),
    ] {
        assert!(text.lines().any(|l| l == line), "{line} not in:\n{text}");
    }
    // plan reads it: the same placement as the flags would give.
    let plan = crate::support::efsctl_in(dir.path(), &["plan", "-o", "json"])
        .success()
        .json();
    let mts = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["op"] == "create-mount-target")
        .count();
    assert_eq!(mts, 2);
    // Never replaced without --force.
    crate::support::efsctl_in(dir.path(), &["init", "--name", &name])
        .code(2)
        .stderr_has(&["efsctl.yaml exists", "--force"]);
    crate::support::efsctl_in(dir.path(), &["init", "--name", &name, "--force"]).success();
}
