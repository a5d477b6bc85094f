//! `efsctl teardown`: deletes exactly what the deployment owns, in dependency order; refuses
//! without confirmation; finishes a partial teardown; is calm when there is nothing to do.

use crate::support::{aws, efsctl, unique_name, Scene};

const AZS: [&str; 3] = ["us-east-1a", "us-east-1b", "us-east-1c"];

#[tokio::test]
async fn teardown_deletes_the_deployment_and_leaves_look_alikes_alone() {
    let aws = aws();
    let vpc = aws.create_vpc_3az().await;
    let other_vpc = aws.create_vpc_3az().await;
    let name = unique_name("td");
    efsctl(&["up", "--name", &name, "--vpc", &vpc.id]).success();
    let d = aws.assert_deployed(&name, &vpc.id, &AZS).await;

    // Look-alikes: a file system named like the deployment (no owner tag, another token), and a
    // group in another VPC with the deployment's group name (no owner tag).
    let foreign_fs = aws
        .create_file_system(&format!("someone-else-{name}"), &[("Name", &name)])
        .await;
    let foreign_sg = aws
        .create_security_group(&other_vpc.id, &format!("efsctl-{name}"))
        .await;

    let run = efsctl(&["teardown", "--name", &name, "--yes", "-o", "json"]);
    run.success();
    let json = run.json();
    assert_eq!(json["deleted_file_system"], d.fs_id());
    assert_eq!(
        json["deleted_security_groups"],
        serde_json::json!([d.sg_id()])
    );
    assert_eq!(
        json["deleted_mount_targets"].as_array().map(Vec::len),
        Some(3)
    );

    assert!(aws.file_system(d.fs_id()).await.is_none(), "fs deleted");
    assert!(aws.security_group(d.sg_id()).await.is_none(), "sg deleted");
    assert!(
        aws.file_system(&foreign_fs).await.is_some(),
        "look-alike file system kept"
    );
    let left = aws.security_groups_named(&format!("efsctl-{name}")).await;
    assert_eq!(left.len(), 1, "{left:?}");
    assert_eq!(left[0].group_id(), Some(foreign_sg.as_str()));
    assert_eq!(left[0].vpc_id(), Some(other_vpc.id.as_str()));
}

#[tokio::test]
async fn teardown_without_yes_off_a_terminal_refuses_and_deletes_nothing() {
    let scene = Scene::new("tdconfirm").await;
    let name = scene.name.clone();
    scene.up(&[]).success();
    let before = scene.assert_deployed(&AZS).await;

    efsctl(&["teardown", "--name", &name])
        .code(2)
        .stderr_has(&["not a terminal", "--yes"]);

    let after = scene.assert_deployed(&AZS).await;
    assert_eq!(after.fs_id(), before.fs_id());
    assert_eq!(after.mount_target_ids(), before.mount_target_ids());
}

#[tokio::test]
async fn teardown_of_nothing_succeeds_and_says_so() {
    let name = unique_name("tdnone");
    efsctl(&["teardown", "--name", &name, "--yes"])
        .success()
        .stderr_has(&["Nothing to delete", &name]);
    let run = efsctl(&["teardown", "--name", &name, "--yes", "-o", "json"]);
    run.success();
    assert_eq!(run.json()["deleted_file_system"], serde_json::Value::Null);
}

#[tokio::test]
async fn teardown_finishes_after_mount_targets_were_deleted_by_hand() {
    let scene = Scene::new("tdpartmt").await;
    let aws = scene.aws.clone();
    scene.up(&[]).success();
    let d = scene.assert_deployed(&AZS).await;
    for id in d.mount_target_ids().iter().take(2) {
        aws.delete_mount_target(id).await;
    }

    scene.teardown(&[]).success();
    scene.assert_gone().await;
}

#[tokio::test]
async fn teardown_finishes_after_the_file_system_was_deleted_by_hand() {
    let scene = Scene::new("tdpartfs").await;
    let (aws, _, name) = scene.parts();
    scene.up(&[]).success();
    let d = scene.assert_deployed(&AZS).await;
    for id in d.mount_target_ids() {
        aws.delete_mount_target(&id).await;
    }
    aws.delete_file_system(d.fs_id()).await;

    let run = efsctl(&["teardown", "--name", &name, "--yes", "-o", "json"]);
    run.success();
    assert_eq!(
        run.json()["deleted_security_groups"],
        serde_json::json!([d.sg_id()])
    );
    scene.assert_gone().await;

    // And once more: nothing left to do.
    scene
        .teardown(&[])
        .success()
        .stderr_has(&["Nothing to delete"]);
}

#[tokio::test]
async fn teardown_deletes_a_group_left_by_an_interrupted_up() {
    let scene = Scene::new("tdsgonly").await;
    let (aws, vpc, name) = scene.parts();
    let sg = aws.create_owned_security_group(&vpc.id, &name).await;

    scene
        .status(&[])
        .success()
        .stdout_has(&["File system: none", &sg]);
    scene.teardown(&[]).success();
    scene.assert_gone().await;
}

#[tokio::test]
async fn teardown_never_touches_a_file_system_holding_its_token_without_the_owner_tag() {
    let aws = aws();
    let name = unique_name("tdsquat");
    let fs = aws
        .create_file_system(&format!("efsctl-{name}"), &[("Name", &name)])
        .await;

    efsctl(&["teardown", "--name", &name, "--yes"])
        .success()
        .stderr_has(&[&fs, "will not touch it", "Nothing to delete"]);
    assert!(aws.file_system(&fs).await.is_some());
}
