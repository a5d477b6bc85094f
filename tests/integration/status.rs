//! `efsctl status`: exit 3 for a deployment that does not exist; the file system and its mount
//! targets, as a table and as JSON, for one that does.

use crate::support::{efsctl, unique_name, Scene};

#[tokio::test]
async fn status_of_an_unknown_deployment_exits_3() {
    let name = unique_name("nostatus");
    efsctl(&["status", "--name", &name]).code(3).stderr_has(&[
        "not found",
        &name,
        &format!("efsctl-{name}"),
    ]);
}

#[tokio::test]
async fn status_shows_the_file_system_and_mount_targets() {
    let scene = Scene::new("status").await;
    let (aws, vpc, name) = scene.parts();
    scene.up(&["--azs", "us-east-1a,us-east-1b"]).success();
    let d = aws
        .assert_deployed(&name, &vpc.id, &["us-east-1a", "us-east-1b"])
        .await;
    let mut expected: Vec<&str> = vec![d.fs_id(), d.sg_id(), "us-east-1a", "us-east-1b"];
    let ids = d.mount_target_ids();
    expected.extend(ids.iter().map(String::as_str));

    scene
        .status(&[])
        .success()
        .stdout_has(&expected)
        .stdout_has(&["tcp/2049 from 10.9.0.0/16"]);

    let run = scene.status(&["-o", "json"]);
    run.success();
    let json = run.json();
    assert_eq!(json["name"], name);
    assert_eq!(json["file_system_id"], d.fs_id());
    assert_eq!(
        json["dns_name"],
        format!("{}.efs.us-east-1.amazonaws.com", d.fs_id())
    );
    let mts: Vec<(&str, &str)> = json["mount_targets"]
        .as_array()
        .expect("mount_targets array")
        .iter()
        .map(|m| {
            (
                m["availability_zone"].as_str().unwrap(),
                m["id"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        mts,
        [
            ("us-east-1a", ids[0].as_str()),
            ("us-east-1b", ids[1].as_str())
        ]
    );
    assert_eq!(json["security_groups"][0]["id"], d.sg_id());
}
