//! `efsctl export` checked by the real engines: Terraform with the hashicorp/aws provider applies
//! the exported configuration to the emulator, and efsctl's own planner then finds nothing to
//! change (so what Terraform made is what `up` makes, attribute by attribute); `--adopt` imports
//! a live deployment with no change and Terraform's destroy then removes all of it.

use crate::support::terraform::{resource_changes, Workspace};
use crate::support::{efsctl, efsctl_in, Scene, AZS};

/// Flags with a policy (TLS only), an access point and non-default lifecycle: every resource
/// kind but replication (which `--adopt` covers: Terraform does not manage the replica).
const FLAGS: [&str; 6] = [
    "--mount-mode",
    "tls",
    "--access-point",
    "train:/train:1000:1000",
    "--transition-to-ia",
    "7",
];

/// `efsctl export --name NAME --vpc VPC EXTRA...`.
fn export(scene: &Scene, extra: &[&str]) -> Vec<String> {
    let mut args = scene.args("plan", extra);
    args[0] = "export".into();
    args
}

fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// A workspace holding the export of `scene` with `extra` flags, initialised against the emulator.
fn workspace_with_export(scene: &Scene, extra: &[&str]) -> Workspace {
    let ws = Workspace::new();
    let args = export(scene, extra);
    let out = ["--format", "terraform", "--out", "main.tf"];
    efsctl_in(&ws.path(), &[&strs(&args)[..], &out].concat()).success();
    ws.use_emulator();
    ws.init();
    ws
}

/// `efsctl plan` for the scene with `extra` flags has nothing to change.
fn efsctl_sees_no_change(scene: &Scene, extra: &[&str]) {
    let plan = scene.plan(&[extra, &["-o", "json"]].concat());
    let json = plan.success().json();
    assert_eq!(
        json["changes"], false,
        "efsctl would change what Terraform made:\n{}",
        plan.stdout
    );
}

#[tokio::test]
async fn terraform_applies_the_export_and_efsctl_finds_nothing_to_change() {
    let scene = Scene::new("exp-tf").await;
    let ws = workspace_with_export(&scene, &FLAGS);
    ws.run(&["fmt", "-check", "-diff", "-no-color"]).success();
    ws.run(&["validate", "-no-color"]).success();

    ws.apply();
    let deployed = scene.assert_deployed(&AZS).await;
    efsctl_sees_no_change(&scene, &FLAGS);
    // Fact by fact against what `efsctl up` makes from the same flags, next to it.
    let mut by_efsctl = scene.clone();
    by_efsctl.name = crate::support::unique_name("exp-tf-up");
    by_efsctl.up(&FLAGS).success();
    let theirs = by_efsctl.assert_deployed(&AZS).await;
    assert_eq!(
        described(&scene.aws, deployed.fs_id(), deployed.sg_id(), &scene.name).await,
        described(&scene.aws, theirs.fs_id(), theirs.sg_id(), &by_efsctl.name).await,
        "Terraform's deployment differs from efsctl's"
    );
    by_efsctl.teardown(&[]).success();
    let fs = deployed.fs_id();
    assert_eq!(scene.aws.backup_status(fs).await, "ENABLED");
    assert_eq!(
        scene.aws.lifecycle(fs).await,
        [
            "TransitionToIA=AFTER_7_DAYS",
            "TransitionToArchive=AFTER_90_DAYS"
        ]
    );
    let aps = scene.aws.access_points(fs).await;
    assert_eq!(aps.len(), 1, "one access point: {aps:?}");
    assert_eq!(
        aps[0].root_directory().and_then(|r| r.path()),
        Some("/train")
    );

    ws.destroy();
    scene.assert_gone().await;
}

#[tokio::test]
async fn adopt_imports_a_live_deployment_with_no_change_then_terraform_owns_all_of_it() {
    let scene = Scene::new("exp-adopt").await;
    scene.up(&FLAGS).success();
    let ws = workspace_with_export(&scene, &[&FLAGS[..], &["--adopt"]].concat());

    let plan = ws.plan_json();
    let changes = resource_changes(&plan);
    // Group, file system, backup policy, file system policy, three mount targets, access point.
    assert_eq!(changes.len(), 8, "{changes:?}");
    for (address, actions, importing) in &changes {
        assert_eq!(actions, &["no-op"], "{address} would change");
        assert!(importing, "{address} is not imported");
    }

    ws.apply();
    efsctl_sees_no_change(&scene, &FLAGS);
    ws.destroy();
    scene.assert_gone().await;
}

#[tokio::test]
async fn adopt_imports_replication_with_no_change() {
    let scene = Scene::new("exp-repl").await;
    let flags = ["--azs", "us-east-1a", "--replicate-to", "us-west-2"];
    scene.up(&flags).success();
    let ws = workspace_with_export(&scene, &[&flags[..], &["--adopt"]].concat());
    let plan = ws.plan_json();
    let changes = resource_changes(&plan);
    let replication = changes
        .iter()
        .find(|(address, ..)| address == "aws_efs_replication_configuration.efsctl")
        .unwrap_or_else(|| panic!("no replication configuration in {changes:?}"));
    assert_eq!(replication.1, ["no-op"]);
    assert!(replication.2, "imported");
    for (address, actions, _) in &changes {
        assert_eq!(actions, &["no-op"], "{address} would change");
    }
    scene.teardown(&[]).success();
    scene.assert_gone().await;
}

/// The negative controls: the engine rejects a broken export, so its acceptance means something.
#[tokio::test]
async fn terraform_rejects_a_broken_export() {
    let scene = Scene::new("exp-neg").await;
    let ws = workspace_with_export(&scene, &[]);
    let main = std::fs::read_to_string(ws.path().join("main.tf")).unwrap();

    let misaligned = main
        .lines()
        .map(|l| match l.trim_start().strip_prefix("encrypted") {
            Some(rest) => format!("  encrypted ={}", rest.trim_start().trim_start_matches('=')),
            None => l.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(misaligned, main);
    ws.write("main.tf", &misaligned);
    assert_ne!(ws.run(&["fmt", "-check", "-no-color"]).code, 0, "fmt");

    let unknown = main.replacen("throughput_mode", "throughput_mood", 1);
    assert_ne!(unknown, main);
    ws.write("main.tf", &unknown);
    let run = ws.run(&["validate", "-no-color"]);
    assert_ne!(run.code, 0, "validate accepted an unknown attribute");
    assert!(run.stderr.contains("throughput_mood"), "{}", run.stderr);
}

#[tokio::test]
async fn export_bad_input_exits_2_or_3_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("main.tf");
    let out_arg = out.to_str().unwrap();
    // No name.
    efsctl_in(dir.path(), &["export", "--format", "terraform"])
        .code(2)
        .stderr_has(&["--name"]);
    // No such format.
    efsctl(&["export", "--name", "x", "--format", "pulumi"])
        .code(2)
        .stderr_has(&["pulumi"]);
    // --adopt writes Terraform import blocks only.
    efsctl(&[
        "export",
        "--name",
        "x",
        "--format",
        "cloudformation",
        "--adopt",
    ])
    .code(2)
    .stderr_has(&["--adopt"]);
    // --adopt of a deployment that does not exist.
    let scene = Scene::new("exp-none").await;
    let args = export(
        &scene,
        &["--format", "terraform", "--adopt", "--out", out_arg],
    );
    let run = efsctl(&strs(&args));
    run.code(3).stderr_has(&["does not exist"]);
    assert_eq!(
        run.stderr.trim_end().lines().count(),
        1,
        "one line, no drift warning about a deployment that is not there: {}",
        run.stderr
    );
    assert!(!out.exists(), "nothing written");
    scene.assert_gone().await;
}

/// Tags with the deployment's name made generic, so two deployments' tags compare; without the
/// `aws:` tags AWS itself adds (CloudFormation's stack name and logical id).
fn generic_tags<'a>(
    tags: impl IntoIterator<Item = (&'a str, &'a str)>,
    name: &str,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = tags
        .into_iter()
        .filter(|(k, _)| !k.starts_with("aws:"))
        .map(|(k, v)| (k.to_string(), v.replace(name, "NAME")))
        .collect();
    out.sort();
    out
}

/// What a deployment is, as the emulator describes it, with its name made generic: the file
/// system's settings, tags, backup and lifecycle; the mount targets' subnets; the group's inbound
/// rules, description and tags; the access points.
async fn described(aws: &crate::support::Aws, fs_id: &str, sg_id: &str, name: &str) -> Vec<String> {
    let fs = aws
        .file_system(fs_id)
        .await
        .expect("the file system exists");
    let mut facts = vec![
        format!("encrypted={:?}", fs.encrypted()),
        format!("performance={:?}", fs.performance_mode()),
        format!("throughput={:?}", fs.throughput_mode()),
        format!(
            "tags={:?}",
            generic_tags(fs.tags().iter().map(|t| (t.key(), t.value())), name)
        ),
        format!("backup={}", aws.backup_status(fs_id).await),
        format!("lifecycle={:?}", aws.lifecycle(fs_id).await),
    ];
    for mt in aws.mount_targets(fs_id).await {
        let groups = aws.mount_target_groups(mt.mount_target_id()).await;
        assert_eq!(groups, [sg_id], "mount target's groups");
        facts.push(format!(
            "mount target {:?} {}",
            mt.availability_zone_name(),
            mt.subnet_id()
        ));
    }
    let sg = aws.security_group(sg_id).await.expect("the group exists");
    facts.push(format!("ingress={:?}", crate::support::ingress(&sg)));
    facts.push(format!(
        "group description={:?}",
        sg.description().unwrap_or_default().replace(name, "NAME")
    ));
    facts.push(format!(
        "group tags={:?}",
        generic_tags(
            sg.tags()
                .iter()
                .map(|t| (t.key().unwrap_or_default(), t.value().unwrap_or_default())),
            name
        )
    ));
    for ap in aws.access_points(fs_id).await {
        let root = ap.root_directory().expect("root directory");
        let info = root.creation_info().expect("creation info");
        let user = ap.posix_user().expect("posix user");
        facts.push(format!(
            "access point {:?} uid={} gid={} owner={}:{} {} tags={:?}",
            root.path(),
            user.uid(),
            user.gid(),
            info.owner_uid(),
            info.owner_gid(),
            info.permissions(),
            generic_tags(ap.tags().iter().map(|t| (t.key(), t.value())), name)
        ));
    }
    facts
}

/// cfn-lint accepts the template (and rejects a broken one); moto's CloudFormation creates the
/// stack, and what it made is what `efsctl up` makes from the same flags, compared fact by fact
/// for the properties moto's CloudFormation applies (docs/export.md lists the ones it ignores:
/// the file system policy, replication, the group's egress rules). Deleting the stack removes
/// it all.
#[tokio::test]
async fn cloudformation_template_lints_and_its_stack_matches_up() {
    use crate::support::cloudformation::{cfn_lint, create_stack, delete_stack};

    let by_efsctl = Scene::new("exp-cfn-up").await;
    let mut by_stack = by_efsctl.clone();
    by_stack.name = crate::support::unique_name("exp-cfn-stack");
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("efs.yaml");
    let args = export(&by_stack, &FLAGS);
    let out = [
        "--format",
        "cloudformation",
        "--out",
        template.to_str().unwrap(),
    ];
    efsctl(&[&strs(&args)[..], &out].concat()).success();
    cfn_lint(&template).unwrap_or_else(|report| panic!("cfn-lint: {report}"));

    // The negative control: a property AWS::EFS::FileSystem does not have.
    let text = std::fs::read_to_string(&template).unwrap();
    let broken = dir.path().join("broken.yaml");
    let bad = text.replacen("      Encrypted: true", "      Encryptd: true", 1);
    assert_ne!(bad, text);
    std::fs::write(&broken, bad).unwrap();
    let report = cfn_lint(&broken).expect_err("cfn-lint accepted an unknown property");
    assert!(report.contains("Encryptd"), "{report}");

    by_efsctl.up(&FLAGS).success();
    let deployed = by_efsctl.assert_deployed(&AZS).await;
    let resources = create_stack(&by_stack.name, &template);
    let want = described(
        &by_efsctl.aws,
        deployed.fs_id(),
        deployed.sg_id(),
        &by_efsctl.name,
    )
    .await;
    let got = described(
        &by_stack.aws,
        &resources["FileSystem"],
        &resources["SecurityGroup"],
        &by_stack.name,
    )
    .await;
    assert_eq!(got, want, "the stack's deployment differs from efsctl's");

    delete_stack(&by_stack.name);
    by_stack.assert_gone().await;
    by_efsctl.teardown(&[]).success();
    by_efsctl.assert_gone().await;
}
