//! Who may mount, as what: the mount mode and the file system policy that follows from it,
//! access points, the workers' IAM policy, and compose-gen mounting as the deployment says.
//! Each claim is checked in the emulator (DescribeFileSystemPolicy, DescribeAccessPoints) and,
//! for IAM's grammar, by the emulator's IAM.

use serde_json::Value;

use crate::support::iam::create_policy;
use crate::support::{efsctl, fs_tag, Scene};

const A: [&str; 2] = ["--azs", "us-east-1a"];

fn with<'a>(extra: &[&'a str]) -> Vec<&'a str> {
    [&A[..], extra].concat()
}

/// The file system policy in place, parsed; `None` for EFS's default.
async fn policy(scene: &Scene, fs_id: &str) -> Option<Value> {
    match scene
        .aws
        .efs
        .describe_file_system_policy()
        .file_system_id(fs_id)
        .send()
        .await
    {
        Ok(out) => Some(serde_json::from_str(out.policy().unwrap()).unwrap()),
        Err(e)
            if e.as_service_error()
                .is_some_and(|s| s.is_policy_not_found()) =>
        {
            None
        }
        Err(e) => panic!("DescribeFileSystemPolicy: {e:?}"),
    }
}

fn statement<'a>(doc: &'a Value, effect: &str) -> Option<&'a Value> {
    doc["Statement"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["Effect"] == effect)
}

fn allowed(doc: &Value) -> Vec<String> {
    statement(doc, "Allow").unwrap()["Action"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap().to_string())
        .collect()
}

#[tokio::test]
async fn tls_mode_denies_plain_transport_and_nfs_mode_removes_it_again() {
    let scene = Scene::new("cl-tls").await;
    scene.up(&A).success();
    let fs = scene
        .assert_deployed(&["us-east-1a"])
        .await
        .fs_id()
        .to_string();
    assert_eq!(
        policy(&scene, &fs).await,
        None,
        "default up attaches no policy"
    );
    let described = scene.aws.file_system(&fs).await.unwrap();
    assert_eq!(fs_tag(&described, "efsctl:mount-mode"), Some("nfs"));

    let plan = scene
        .plan(&with(&["--mount-mode", "tls", "-o", "json"]))
        .success()
        .json();
    let put = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["op"] == "put-file-system-policy")
        .expect("plan shows the policy it would put")
        .clone();
    assert_eq!(
        put["document"]["Statement"][1]["Condition"]["Bool"]["aws:SecureTransport"],
        "false"
    );
    scene.up(&with(&["--mount-mode", "tls"])).success();
    let doc = policy(&scene, &fs).await.expect("a policy");
    let deny = statement(&doc, "Deny").expect("a Deny statement");
    assert_eq!(deny["Condition"]["Bool"]["aws:SecureTransport"], "false");
    assert_eq!(deny["Action"], "*");
    assert!(allowed(&doc).contains(&"elasticfilesystem:ClientMount".to_string()));
    let described = scene.aws.file_system(&fs).await.unwrap();
    assert_eq!(fs_tag(&described, "efsctl:mount-mode"), Some("tls"));
    scene
        .plan(&with(&["--mount-mode", "tls", "--detailed-exitcode"]))
        .code(0);
    scene
        .status(&[])
        .success()
        .stdout_has(&["Mount mode", "tls", "TLS only (set by efsctl)"]);

    // Back to NFS: the deny goes, and compose-gen mounts plain NFS again.
    scene.up(&A).success();
    assert_eq!(policy(&scene, &fs).await, None);
    scene.plan(&with(&["--detailed-exitcode"])).code(0);
    scene.teardown(&[]).success();
    scene.assert_gone().await;
}

#[tokio::test]
async fn iam_auth_and_root_squash_shape_the_allow() {
    let scene = Scene::new("cl-iam").await;
    scene
        .up(&with(&[
            "--mount-mode",
            "tls",
            "--iam-auth",
            "--root-squash",
        ]))
        .success();
    let fs = scene
        .assert_deployed(&["us-east-1a"])
        .await
        .fs_id()
        .to_string();
    let doc = policy(&scene, &fs).await.unwrap();
    assert_eq!(allowed(&doc), ["elasticfilesystem:ClientWrite"]);
    assert_eq!(
        statement(&doc, "Allow").unwrap()["Condition"]["Bool"]
            ["elasticfilesystem:AccessedViaMountTarget"],
        "true"
    );
    // Root squash alone keeps plain NFS mounts working: no TLS deny.
    scene.up(&with(&["--root-squash"])).success();
    let doc = policy(&scene, &fs).await.unwrap();
    assert!(statement(&doc, "Deny").is_none(), "{doc}");
    assert_eq!(
        allowed(&doc),
        [
            "elasticfilesystem:ClientMount",
            "elasticfilesystem:ClientWrite"
        ]
    );
    scene.teardown(&[]).success();
}

fn access_points_of(json: &Value) -> Vec<(String, String)> {
    json["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["op"].as_str().unwrap().ends_with("access-point"))
        .map(|s| {
            (
                s["op"].as_str().unwrap().to_string(),
                s["name"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn access_points_are_created_kept_replaced_deleted_and_torn_down() {
    let scene = Scene::new("cl-ap").await;
    let two = with(&[
        "--access-point",
        "train:/ray/train:1000:1000:0750",
        "--access-point",
        "serve:/ray/serve:2000:2001",
    ]);
    scene.up(&two).success();
    let fs = scene
        .assert_deployed(&["us-east-1a"])
        .await
        .fs_id()
        .to_string();
    let aps = scene.aws.access_points(&fs).await;
    assert_eq!(aps.len(), 2, "{aps:?}");
    let train = aps
        .iter()
        .find(|a| a.root_directory().and_then(|r| r.path()) == Some("/ray/train"))
        .expect("train");
    let user = train.posix_user().unwrap();
    assert_eq!((user.uid(), user.gid()), (1000, 1000));
    let info = train.root_directory().unwrap().creation_info().unwrap();
    assert_eq!(
        (info.owner_uid(), info.owner_gid(), info.permissions()),
        (1000, 1000, "0750")
    );
    let tag = |k: &str| {
        train
            .tags()
            .iter()
            .find(|t| t.key() == k)
            .map(|t| t.value().to_string())
    };
    assert_eq!(
        tag("efsctl:deployment").as_deref(),
        Some(scene.name.as_str())
    );
    assert_eq!(tag("efsctl:access-point").as_deref(), Some("train"));
    let serve = aps
        .iter()
        .find(|a| a.root_directory().and_then(|r| r.path()) == Some("/ray/serve"))
        .unwrap();
    assert_eq!(
        serve
            .root_directory()
            .unwrap()
            .creation_info()
            .unwrap()
            .permissions(),
        "0755",
        "default mode"
    );

    // Re-running changes nothing.
    scene
        .plan(&[&two[..], &["--detailed-exitcode"]].concat())
        .code(0);
    // serve changes its uid, train goes: replace and delete.
    let changed = with(&["--access-point", "serve:/ray/serve:3000:2001"]);
    let plan = scene
        .plan(&[&changed[..], &["-o", "json"]].concat())
        .success()
        .json();
    let mut steps = access_points_of(&plan);
    steps.sort();
    assert_eq!(
        steps,
        [
            ("delete-access-point".to_string(), "train".to_string()),
            ("replace-access-point".to_string(), "serve".to_string())
        ]
    );
    scene
        .plan(&changed)
        .success()
        .stdout_has(&["replace", "1 to replace"]);
    scene.up(&changed).success();
    let aps = scene.aws.access_points(&fs).await;
    assert_eq!(aps.len(), 1, "{aps:?}");
    assert_eq!(aps[0].posix_user().unwrap().uid(), 3000);
    assert_ne!(
        aps[0].access_point_id(),
        serve.access_point_id(),
        "a new one"
    );
    scene
        .status(&[])
        .success()
        .stdout_has(&["Access point serve", "/ray/serve as 3000:2001"]);

    let td = scene.teardown(&["-o", "json"]).success().json();
    assert_eq!(td["deleted_access_points"].as_array().unwrap().len(), 1);
    scene.assert_gone().await;
}

#[tokio::test]
async fn iam_policy_names_the_file_system_and_passes_iams_grammar() {
    let scene = Scene::new("cl-iampol").await;
    scene
        .up(&with(&["--access-point", "train:/train:1000:1000"]))
        .success();
    let d = scene.assert_deployed(&["us-east-1a"]).await;
    let arn = d.file_system.file_system_arn().expect("an ARN").to_string();
    let run = efsctl(&["iam-policy", "--name", &scene.name]);
    let doc: Value = serde_json::from_str(&run.success().stdout).unwrap();
    assert_eq!(doc["Statement"][0]["Resource"], arn.as_str());
    assert_eq!(
        doc["Statement"][0]["Action"],
        serde_json::json!([
            "elasticfilesystem:ClientMount",
            "elasticfilesystem:ClientWrite"
        ])
    );
    create_policy(&doc.to_string()).expect("IAM accepts the policy");

    let run = efsctl(&[
        "iam-policy",
        "--name",
        &scene.name,
        "--access-point",
        "train",
        "--read-only",
        "--root",
        "-o",
        "json",
    ]);
    let doc = run.success().json();
    let ap_arn = scene.aws.access_points(d.fs_id()).await[0]
        .access_point_arn()
        .unwrap()
        .to_string();
    assert_eq!(
        doc["Statement"][0]["Condition"]["StringEquals"]["elasticfilesystem:AccessPointArn"][0],
        ap_arn.as_str()
    );
    create_policy(&doc.to_string()).expect("IAM accepts the policy");
    // The validator's negative control: IAM refuses what breaks its grammar.
    let mut broken = doc.clone();
    broken["Statement"][0]["Effect"] = "Maybe".into();
    assert!(create_policy(&broken.to_string()).is_err());

    efsctl(&[
        "iam-policy",
        "--name",
        &scene.name,
        "--access-point",
        "nope",
    ])
    .code(2)
    .stderr_has(&["no such access point"]);
    scene.teardown(&[]).success();
    efsctl(&["iam-policy", "--name", &scene.name]).code(3);
}

#[tokio::test]
async fn compose_gen_mounts_as_the_deployment_says() {
    let scene = Scene::new("cl-compose").await;
    scene
        .up(&with(&[
            "--mount-mode",
            "tls",
            "--iam-auth",
            "--access-point",
            "train:/train:1000:1000",
        ]))
        .success();
    let d = scene.assert_deployed(&["us-east-1a"]).await;
    let ap = scene.aws.access_points(d.fs_id()).await[0]
        .access_point_id()
        .unwrap()
        .to_string();
    let name = scene.name.as_str();
    // TLS by default, with iam: the deployment says so.
    efsctl(&["compose-gen", "--name", name, "--format", "fstab"])
        .success()
        .stdout_has(&[&format!("{}:/ /mnt/efs efs tls,iam,_netdev", d.fs_id())]);
    for format in ["fstab", "compose", "ray"] {
        efsctl(&[
            "compose-gen",
            "--name",
            name,
            "--format",
            format,
            "--access-point",
            "train",
        ])
        .success()
        .stdout_has(&[&format!("tls,iam,accesspoint={ap}")]);
    }
    let nfs = efsctl(&["compose-gen", "--name", name, "--mount-mode", "nfs"]);
    nfs.code(2).stderr_has(&["TLS-only", "--mount-mode"]);
    assert_eq!(nfs.stderr.lines().count(), 1, "{}", nfs.stderr);
    efsctl(&["compose-gen", "--name", name, "--access-point", "nope"])
        .code(2)
        .stderr_has(&["no such access point", "train"]);
    scene.teardown(&[]).success();
}

#[tokio::test]
async fn bad_client_settings_are_refused_before_anything_is_created() {
    let scene = Scene::new("cl-bad").await;
    let too_many: String = (0..10_001)
        .map(|i| format!("  - {{name: a{i}, path: /a{i}, uid: 1, gid: 1}}\n"))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("efsctl.yaml"),
        format!("access-points:\n{too_many}"),
    )
    .unwrap();
    let many = crate::support::efsctl_in(
        dir.path(),
        &["up", "--name", &scene.name, "--vpc", &scene.vpc.id],
    );
    many.code(2)
        .stderr_has(&["10001 access points", "at most 10000"]);

    for (args, says) in [
        (vec!["--access-point", "a:relative:1:1"], "must be absolute"),
        (
            vec!["--access-point", "a:/ray/../etc:1:1"],
            "no segment may start with .",
        ),
        (
            vec!["--access-point", "a:/a:4294967296:1"],
            "UID \"4294967296\"",
        ),
        (vec!["--access-point", "a:/a:1:-1"], "GID \"-1\""),
        (vec!["--access-point", "a:/a:1:1:0999"], "mode \"0999\""),
        (vec!["--access-point", "a:/a:1:1:rwx"], "octal"),
        (vec!["--access-point", "a:/a"], "NAME:/PATH:UID:GID"),
        (
            vec!["--access-point", "a:/a:1:1", "--access-point", "a:/b:1:1"],
            "two access points are named \"a\"",
        ),
        (vec!["--iam-auth"], "--iam-auth needs --mount-mode tls"),
    ] {
        let run = scene.up(&args);
        run.code(2).stderr_has(&[says]);
        assert_eq!(run.stderr.lines().count(), 1, "{args:?}: {}", run.stderr);
    }
    efsctl(&[
        "compose-gen",
        "--name",
        &scene.name,
        "--mount-mode",
        "nfs",
        "--access-point",
        "a",
    ])
    .code(2)
    .stderr_has(&["--access-point needs --mount-mode tls"]);
    scene.assert_gone().await;
}
