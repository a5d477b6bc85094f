//! `efsctl.yaml` in the working directory: its settings are used, and an unknown key is refused
//! by name before anything is created.

use crate::support::{aws, efsctl_in, unique_name, Scene};

#[tokio::test]
async fn efsctl_yaml_in_the_working_directory_supplies_name_and_azs() {
    let scene = Scene::new("yaml").await;
    let (aws, vpc, name) = scene.parts();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("efsctl.yaml"),
        format!(
            "name: {name}\nvpc: {}\nazs: [us-east-1b, us-east-1c]\n",
            vpc.id
        ),
    )
    .unwrap();

    efsctl_in(dir.path(), &["up"]).success();
    aws.assert_deployed(&name, &vpc.id, &["us-east-1b", "us-east-1c"])
        .await;

    // Flags win over the file.
    efsctl_in(dir.path(), &["up", "--azs", "us-east-1a"]).success();
    aws.assert_deployed(&name, &vpc.id, &["us-east-1a"]).await;

    efsctl_in(dir.path(), &["teardown", "--yes"]).success();
    scene.assert_gone().await;
}

#[tokio::test]
async fn efsctl_yaml_defaults_to_the_default_vpc() {
    let aws = aws();
    let name = unique_name("yamldef");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("efsctl.yaml"),
        format!("name: {name}\nazs:\n  - us-east-1a\n"),
    )
    .unwrap();
    let default_vpc = aws
        .ec2
        .describe_vpcs()
        .filters(
            aws_sdk_ec2::types::Filter::builder()
                .name("is-default")
                .values("true")
                .build(),
        )
        .send()
        .await
        .unwrap()
        .vpcs()[0]
        .vpc_id()
        .unwrap()
        .to_string();

    efsctl_in(dir.path(), &["up"]).success();
    aws.assert_deployed(&name, &default_vpc, &["us-east-1a"])
        .await;
    efsctl_in(dir.path(), &["teardown", "--yes"]).success();
    aws.assert_nothing_for(&name).await;
}

#[tokio::test]
async fn an_unknown_key_in_efsctl_yaml_is_refused_by_name() {
    let aws = aws();
    let name = unique_name("yamlbad");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("efsctl.yaml"),
        format!("name: {name}\navailability_zones: [us-east-1a]\n"),
    )
    .unwrap();
    efsctl_in(dir.path(), &["up"])
        .code(2)
        .stderr_has(&["availability_zones", "efsctl.yaml"]);
    aws.assert_nothing_for(&name).await;
}

#[test]
fn a_missing_name_is_refused() {
    crate::support::efsctl(&["up"])
        .code(2)
        .stderr_has(&["no deployment name", "--name"]);
}
