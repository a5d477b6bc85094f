//! Keeping the data: backups on by default, lifecycle tiers, throughput drift repair and
//! replication to another region, each converged by `up`, shown by `plan` and `status`, and
//! removed by `teardown`, checked by describing the emulator in both regions.

use crate::support::{aws_in, efsctl, fs_tag, Scene, AZS};

const REPLICA_REGION: &str = "us-west-2";

#[tokio::test]
async fn default_up_turns_backups_on_and_sets_ia_30_and_archive_90() {
    let scene = Scene::new("keep-default").await;
    scene.up(&[]).success();
    let d = scene.assert_deployed(&AZS).await;
    assert_eq!(scene.aws.backup_status(d.fs_id()).await, "ENABLED");
    assert_eq!(
        scene.aws.lifecycle(d.fs_id()).await,
        [
            "TransitionToIA=AFTER_30_DAYS",
            "TransitionToArchive=AFTER_90_DAYS"
        ]
    );
    let status = scene.status(&["-o", "json"]).success().json();
    assert_eq!(status["backup"], "enabled");
    assert_eq!(status["lifecycle"]["transition_to_ia"], 30);
    assert_eq!(status["lifecycle"]["transition_to_archive"], 90);
    scene.status(&[]).success().stdout_has(&[
        "Automatic backups",
        "IA after 30 days, Archive after 90 days",
    ]);
    scene.teardown(&[]).success();
    scene.assert_gone().await;
}

#[tokio::test]
async fn other_settings_converge_exactly_and_back() {
    let scene = Scene::new("keep-switch").await;
    let (aws, _, _) = scene.parts();
    scene.up(&["--azs", "us-east-1a"]).success();
    let fs = scene
        .assert_deployed(&["us-east-1a"])
        .await
        .fs_id()
        .to_string();

    let other = [
        "--azs",
        "us-east-1a",
        "--no-backup",
        "--transition-to-ia",
        "60",
        "--transition-to-archive",
        "none",
        "--transition-to-primary",
        "on-first-access",
    ];
    let mut plan_args = other.to_vec();
    plan_args.extend(["-o", "json", "--detailed-exitcode"]);
    let plan = scene.plan(&plan_args).code(2).json();
    let changed: Vec<&str> = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["action"] != "keep")
        .map(|s| s["op"].as_str().unwrap())
        .collect();
    assert_eq!(
        changed,
        ["put-backup-policy", "put-lifecycle-configuration"]
    );

    scene.up(&other).success();
    assert_eq!(aws.backup_status(&fs).await, "DISABLED");
    assert_eq!(
        aws.lifecycle(&fs).await,
        [
            "TransitionToIA=AFTER_60_DAYS",
            "TransitionToPrimaryStorageClass=AFTER_1_ACCESS"
        ]
    );
    let mut unchanged = other.to_vec();
    unchanged.push("--detailed-exitcode");
    scene.plan(&unchanged).code(0);

    // And back to the defaults.
    scene.up(&["--azs", "us-east-1a"]).success();
    assert_eq!(aws.backup_status(&fs).await, "ENABLED");
    assert_eq!(
        aws.lifecycle(&fs).await,
        [
            "TransitionToIA=AFTER_30_DAYS",
            "TransitionToArchive=AFTER_90_DAYS"
        ]
    );
    scene
        .plan(&["--azs", "us-east-1a", "--detailed-exitcode"])
        .code(0);
    scene.teardown(&[]).success();
}

#[tokio::test]
async fn no_backup_and_no_transitions_on_a_new_file_system() {
    let scene = Scene::new("keep-bare").await;
    scene
        .up(&[
            "--azs",
            "us-east-1a",
            "--no-backup",
            "--transition-to-ia",
            "none",
            "--transition-to-archive",
            "none",
        ])
        .success();
    let fs = scene.assert_deployed(&["us-east-1a"]).await;
    assert_ne!(scene.aws.backup_status(fs.fs_id()).await, "ENABLED");
    assert!(scene.aws.lifecycle(fs.fs_id()).await.is_empty());
    scene.teardown(&[]).success();
}

#[tokio::test]
async fn throughput_drift_is_repaired_with_update_file_system() {
    let scene = Scene::new("keep-tput").await;
    let az = ["--azs", "us-east-1a"];
    scene.up(&az).success();
    let fs = scene
        .assert_deployed(&["us-east-1a"])
        .await
        .fs_id()
        .to_string();
    let provisioned = [
        "--azs",
        "us-east-1a",
        "--throughput",
        "provisioned",
        "--provisioned-mibps",
        "128",
        "--transition-to-archive",
        "none",
    ];
    scene
        .up(&provisioned)
        .success()
        .stderr_has(&["throughput set to provisioned 128 MiB/s"]);
    let described = scene.aws.file_system(&fs).await.unwrap();
    assert_eq!(
        described.throughput_mode().map(|m| m.as_str()),
        Some("provisioned")
    );
    assert_eq!(described.provisioned_throughput_in_mibps(), Some(128.0));
    // An increase may follow at once; a mode change within 24 hours may not (EFS's rule).
    let mut more = provisioned.to_vec();
    more[5] = "256";
    scene.up(&more).success();
    let described = scene.aws.file_system(&fs).await.unwrap();
    assert_eq!(described.provisioned_throughput_in_mibps(), Some(256.0));
    scene
        .up(&[
            "--azs",
            "us-east-1a",
            "--throughput",
            "bursting",
            "--transition-to-archive",
            "none",
        ])
        .code(1)
        .stderr_has(&["24 hours"]);
    scene.teardown(&[]).success();
}

#[tokio::test]
async fn replication_makes_a_tagged_replica_in_the_other_region_and_teardown_removes_both() {
    let scene = Scene::new("keep-repl").await;
    let west = aws_in(REPLICA_REGION);
    let args = ["--azs", "us-east-1a", "--replicate-to", REPLICA_REGION];
    let plan = scene
        .plan(&[&args[..], &["-o", "json"]].concat())
        .success()
        .json();
    let create = plan["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["op"] == "create-replication")
        .expect("a create-replication step")
        .clone();
    assert_eq!(create["request"]["region"], REPLICA_REGION);
    assert_eq!(
        create["request"]["source_file_system_id"],
        "(known after apply)"
    );

    scene.up(&args).success();
    let d = scene.assert_deployed(&["us-east-1a"]).await;
    let status = scene.status(&["-o", "json"]).success().json();
    let replica_id = status["replication"]["destination_file_system_id"]
        .as_str()
        .expect("a replica id")
        .to_string();
    assert_eq!(status["replication"]["region"], REPLICA_REGION);
    let replica = west
        .file_system(&replica_id)
        .await
        .expect("the replica in us-west-2");
    assert_eq!(
        fs_tag(&replica, "efsctl:deployment"),
        Some(scene.name.as_str())
    );
    assert_eq!(fs_tag(&replica, "efsctl:role"), Some("replica"));
    let source = scene.aws.file_system(d.fs_id()).await.unwrap();
    assert_eq!(
        fs_tag(&source, "efsctl:replica"),
        Some(format!("{REPLICA_REGION}/{replica_id}").as_str())
    );
    assert!(
        scene.aws.file_system(&replica_id).await.is_none(),
        "not in us-east-1"
    );
    // Re-running changes nothing; the replica's region cannot change.
    scene
        .plan(&[&args[..], &["--detailed-exitcode"]].concat())
        .code(0);
    scene
        .up(&["--azs", "us-east-1a", "--replicate-to", "eu-west-1"])
        .code(1)
        .stderr_has(&[
            "replicates to us-west-2, not eu-west-1",
            "nothing was changed",
        ]);
    scene
        .status(&[])
        .success()
        .stdout_has(&["Replication", "to us-west-2", &replica_id]);

    scene
        .teardown(&["-o", "json"])
        .success()
        .stdout_has(&[&format!("{REPLICA_REGION}/{replica_id}")]);
    scene.assert_gone().await;
    assert!(
        west.file_system(&replica_id).await.is_none(),
        "replica left in us-west-2"
    );
}

#[tokio::test]
async fn teardown_keep_replica_leaves_the_replica_writable_on_its_own() {
    let scene = Scene::new("keep-replica").await;
    let west = aws_in(REPLICA_REGION);
    scene
        .up(&["--azs", "us-east-1a", "--replicate-to", REPLICA_REGION])
        .success();
    let status = scene.status(&["-o", "json"]).success().json();
    let replica_id = status["replication"]["destination_file_system_id"]
        .as_str()
        .unwrap()
        .to_string();
    scene.teardown(&["--keep-replica"]).success();
    scene.assert_gone().await;
    let replica = west.file_system(&replica_id).await.expect("kept");
    assert_eq!(
        replica
            .file_system_protection()
            .and_then(|p| p.replication_overwrite_protection())
            .map(|p| p.as_str()),
        Some("ENABLED"),
        "no longer a replication destination"
    );
    west.delete_file_system(&replica_id).await;
}

#[tokio::test]
async fn dropping_replicate_to_deletes_the_replication_and_the_replica() {
    let scene = Scene::new("keep-drop").await;
    let west = aws_in(REPLICA_REGION);
    scene
        .up(&["--azs", "us-east-1a", "--replicate-to", REPLICA_REGION])
        .success();
    let status = scene.status(&["-o", "json"]).success().json();
    let replica_id = status["replication"]["destination_file_system_id"]
        .as_str()
        .unwrap()
        .to_string();
    scene
        .up(&["--azs", "us-east-1a"])
        .success()
        .stderr_has(&["deleted replica"]);
    assert!(west.file_system(&replica_id).await.is_none());
    let status = scene.status(&["-o", "json"]).success().json();
    assert!(status["replication"].is_null(), "{status}");
    scene.teardown(&[]).success();
    scene.assert_gone().await;
}

#[tokio::test]
async fn teardown_interrupted_after_the_replication_went_still_finds_the_replica() {
    let scene = Scene::new("keep-orphan").await;
    let west = aws_in(REPLICA_REGION);
    scene
        .up(&["--azs", "us-east-1a", "--replicate-to", REPLICA_REGION])
        .success();
    let d = scene.assert_deployed(&["us-east-1a"]).await;
    let status = scene.status(&["-o", "json"]).success().json();
    let replica_id = status["replication"]["destination_file_system_id"]
        .as_str()
        .unwrap()
        .to_string();
    // What a teardown killed right after DeleteReplicationConfiguration leaves.
    scene
        .aws
        .efs
        .delete_replication_configuration()
        .source_file_system_id(d.fs_id())
        .send()
        .await
        .expect("DeleteReplicationConfiguration");
    scene.status(&[]).success();
    scene.teardown(&[]).success();
    scene.assert_gone().await;
    assert!(
        west.file_system(&replica_id).await.is_none(),
        "replica left behind"
    );
}

#[tokio::test]
async fn replication_bad_input_is_refused_before_anything_is_created() {
    let scene = Scene::new("keep-bad").await;
    for (args, says) in [
        (
            vec!["--replicate-to", "us-east-1"],
            "the file system's own region",
        ),
        (vec!["--replicate-to", "us-west-9"], "unknown region"),
        (
            vec![
                "--replicate-to",
                "us-west-2",
                "--replica-one-zone",
                "us-east-1a",
            ],
            "the replica goes to us-west-2",
        ),
        (vec!["--replica-kms-key", "alias/x"], "add --replicate-to"),
        (vec!["--transition-to-ia", "45"], "EFS offers 1, 7, 14, 30"),
        (
            vec!["--transition-to-archive", "30", "--transition-to-ia", "60"],
            "must be later than --transition-to-ia 60",
        ),
        (
            vec!["--one-zone", "us-east-1a", "--transition-to-archive", "180"],
            "One Zone file systems have no Archive",
        ),
        (
            vec!["--throughput", "bursting", "--transition-to-archive", "180"],
            "Archive needs Elastic throughput",
        ),
    ] {
        let run = scene.up(&args);
        run.code(2).stderr_has(&[says]);
        assert_eq!(
            run.stderr.lines().count(),
            1,
            "one line for {args:?}: {}",
            run.stderr
        );
    }
    scene.assert_gone().await;
    efsctl(&["teardown", "--name", &scene.name, "--yes"]).success();
}
