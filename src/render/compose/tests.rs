//! Golden tests: each format and mode rendered with a fixed time and compared byte for byte
//! with `tests/golden/`. `UPDATE_GOLDEN=1 cargo test --lib golden` rewrites the files; review
//! the diff before committing.

use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use super::*;

fn spec(mode: MountMode) -> MountSpec {
    MountSpec {
        file_system_id: "fs-0abc1234def567890".to_string(),
        region: "us-east-1".to_string(),
        dns_name: crate::model::dns_name("fs-0abc1234def567890", "us-east-1"),
        path: "/".to_string(),
        target: DEFAULT_TARGET.to_string(),
        volume_name: "efs-data".to_string(),
        services: vec!["ray-worker".to_string()],
        mode,
        iam: false,
        access_point: None,
        options: match mode {
            MountMode::Nfs => NfsOptions::default(),
            MountMode::Tls => NfsOptions::none(),
        },
        file_name: DEFAULT_FILE_NAME.to_string(),
        ray_docker: true,
        k8s: K8sSpec::default(),
        // 2026-01-02T03:04:05Z
        generated_at: SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_323_045),
    }
}

/// Compares with the golden file, or rewrites it under UPDATE_GOLDEN=1.
fn golden(name: &str, got: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(name);
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read golden file {}: {e}\n(run UPDATE_GOLDEN=1 cargo test --lib golden)",
            path.display()
        )
    });
    if want != got {
        let mut diff = String::new();
        let (w, g): (Vec<_>, Vec<_>) = (want.lines().collect(), got.lines().collect());
        for i in 0..w.len().max(g.len()) {
            match (w.get(i), g.get(i)) {
                (Some(a), Some(b)) if a == b => {}
                (a, b) => {
                    diff.push_str(&format!("line {}:\n  want: {a:?}\n  got:  {b:?}\n", i + 1));
                }
            }
        }
        panic!(
            "{name} differs from {} (UPDATE_GOLDEN=1 to accept):\n{diff}\n--- got ---\n{got}",
            path.display()
        );
    }
}

#[test]
fn golden_compose_nfs() {
    golden(
        "compose-nfs.yml",
        &render(&spec(MountMode::Nfs), Format::Compose).unwrap(),
    );
}

#[test]
fn golden_compose_nfs_two_services_subdirectory() {
    let mut s = spec(MountMode::Nfs);
    s.services = vec!["ray-head".into(), "ray-worker".into()];
    s.path = "/ray/shared".into();
    s.target = "/data".into();
    s.volume_name = "shared.efs".into();
    s.file_name = "efs.override.yml".into();
    golden(
        "compose-nfs-two-services.yml",
        &render(&s, Format::Compose).unwrap(),
    );
}

#[test]
fn golden_compose_tls() {
    golden(
        "compose-tls.yml",
        &render(&spec(MountMode::Tls), Format::Compose).unwrap(),
    );
}

#[test]
fn golden_fstab_nfs() {
    golden(
        "fstab-nfs.fstab",
        &render(&spec(MountMode::Nfs), Format::Fstab).unwrap(),
    );
}

#[test]
fn golden_fstab_tls() {
    golden(
        "fstab-tls.fstab",
        &render(&spec(MountMode::Tls), Format::Fstab).unwrap(),
    );
}

#[test]
fn golden_ray_nfs() {
    golden(
        "ray-nfs.yaml",
        &render(&spec(MountMode::Nfs), Format::Ray).unwrap(),
    );
}

#[test]
fn golden_ray_tls() {
    golden(
        "ray-tls.yaml",
        &render(&spec(MountMode::Tls), Format::Ray).unwrap(),
    );
}

/// The Ray fragment for a cluster in Docker and for one without; the Kubernetes manifests, static
/// (through an access point, with IAM) and dynamic.
fn ray_spec(mode: MountMode, docker: bool) -> MountSpec {
    MountSpec {
        target: RAY_TARGET.to_string(),
        ray_docker: docker,
        ..spec(mode)
    }
}

#[test]
fn golden_ray_without_docker() {
    golden(
        "ray-nfs-no-docker.yaml",
        &render(&ray_spec(MountMode::Nfs, false), Format::Ray).unwrap(),
    );
}

#[test]
fn the_ray_fragment_mounts_on_the_host_and_binds_into_the_container() {
    let doc = parse(&render(&ray_spec(MountMode::Nfs, true), Format::Ray).unwrap());
    let init = doc["initialization_commands"].as_array().unwrap();
    assert!(init[2]
        .as_str()
        .unwrap()
        .starts_with("mountpoint -q /mnt/cluster_storage ||"));
    assert_eq!(
        doc["docker"]["run_options"][0],
        "-v /mnt/cluster_storage:/mnt/cluster_storage"
    );
    assert!(doc.get("setup_commands").is_none());
    let doc = parse(&render(&ray_spec(MountMode::Nfs, false), Format::Ray).unwrap());
    assert!(doc.get("docker").is_none() && doc["setup_commands"].is_array());
}

#[test]
fn golden_k8s_static_tls_access_point_iam() {
    let s = MountSpec {
        iam: true,
        access_point: Some("fsap-0123456789abcdef0".into()),
        ..ray_spec(MountMode::Tls, true)
    };
    golden("k8s-static-tls.yaml", &render(&s, Format::K8s).unwrap());
}

#[test]
fn golden_k8s_dynamic() {
    let s = MountSpec {
        k8s: K8sSpec {
            dynamic: true,
            namespace: "ray".into(),
            claim_name: "shared".into(),
        },
        ..ray_spec(MountMode::Tls, true)
    };
    golden("k8s-dynamic.yaml", &render(&s, Format::K8s).unwrap());
}

#[test]
fn k8s_manifests_name_the_volume_and_bind_the_claim() {
    let docs: Vec<serde_json::Value> = serde_norway::Deserializer::from_str(
        &render(&ray_spec(MountMode::Nfs, true), Format::K8s).unwrap(),
    )
    .map(|d| serde::Deserialize::deserialize(d).unwrap())
    .collect();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0]["kind"], "PersistentVolume");
    assert_eq!(
        docs[0]["spec"]["csi"]["volumeHandle"],
        "fs-0abc1234def567890"
    );
    assert_eq!(
        docs[0]["spec"]["csi"]["volumeAttributes"]["encryptInTransit"],
        "false"
    );
    assert_eq!(docs[0]["spec"]["accessModes"][0], "ReadWriteMany");
    assert_eq!(docs[1]["kind"], "PersistentVolumeClaim");
    assert_eq!(docs[1]["spec"]["volumeName"], docs[0]["metadata"]["name"]);
    assert_eq!(docs[1]["spec"]["storageClassName"], "");
}

/// Parses the generated YAML, so a quoting slip shows up even when a golden file was
/// regenerated carelessly.
fn parse(text: &str) -> serde_json::Value {
    serde_norway::from_str(text).expect("generated YAML parses")
}

#[test]
fn compose_nfs_is_a_named_volume_with_the_nfs_driver() {
    let doc = parse(&render(&spec(MountMode::Nfs), Format::Compose).unwrap());
    let vol = &doc["volumes"]["efs-data"];
    assert_eq!(vol["driver"], "local");
    assert_eq!(vol["driver_opts"]["type"], "nfs");
    assert_eq!(vol["driver_opts"]["device"], ":/");
    assert_eq!(
        vol["driver_opts"]["o"],
        "addr=fs-0abc1234def567890.efs.us-east-1.amazonaws.com,nfsvers=4.1,rsize=1048576,\
         wsize=1048576,hard,timeo=600,retrans=2,noresvport"
    );
    let mount = &doc["services"]["ray-worker"]["volumes"][0];
    assert_eq!(mount["type"], "volume");
    assert_eq!(mount["source"], "efs-data");
    assert_eq!(mount["target"], "/mnt/efs");
}

#[test]
fn compose_never_emits_service_level_nfs() {
    for mode in [MountMode::Nfs, MountMode::Tls] {
        let text = render(&spec(mode), Format::Compose).unwrap();
        assert!(!text.contains("nfs_opts"), "{text}");
        let doc = parse(&text);
        let mount = &doc["services"]["ray-worker"]["volumes"][0];
        assert_ne!(mount["type"], "nfs", "{text}");
    }
}

#[test]
fn compose_tls_binds_the_host_mount_and_defines_no_volume() {
    let doc = parse(&render(&spec(MountMode::Tls), Format::Compose).unwrap());
    assert!(doc.get("volumes").is_none());
    let mount = &doc["services"]["ray-worker"]["volumes"][0];
    assert_eq!(mount["type"], "bind");
    assert_eq!(mount["source"], "/mnt/efs/fs-0abc1234def567890");
}

#[test]
fn every_format_starts_with_the_marker() {
    for mode in [MountMode::Nfs, MountMode::Tls] {
        for format in [Format::Compose, Format::Fstab, Format::Ray, Format::K8s] {
            let text = render(&spec(mode), format).unwrap();
            assert!(text.lines().next().unwrap().contains(MARKER), "{text}");
        }
    }
}

#[test]
fn yaml_scalars_read_back_as_the_same_string() {
    for s in [
        "ray-worker",
        "/mnt/efs",
        ":/",
        "yes",
        "No",
        "null",
        "1.0",
        "0x1f",
        "-",
        ".inf",
        "a:b c",
        "x\"y",
    ] {
        let rendered = yaml_scalar(Value::from(s));
        let back: std::collections::BTreeMap<String, String> =
            serde_norway::from_str(&format!("k: {rendered}\n")).unwrap();
        assert_eq!(back["k"], s, "{rendered}");
    }
    assert_eq!(yaml_scalar(Value::from("ray-worker")), "ray-worker");
    assert_eq!(yaml_scalar(Value::from("yes")), "\"yes\"");
}

#[test]
fn host_mount_commands() {
    let nfs = spec(MountMode::Nfs).host_mount("/mnt/efs");
    assert_eq!(
        nfs.fstab_line,
        "fs-0abc1234def567890.efs.us-east-1.amazonaws.com:/ /mnt/efs nfs4 nfsvers=4.1,rsize=1048576,\
         wsize=1048576,hard,timeo=600,retrans=2,noresvport,_netdev 0 0"
    );
    let tls = spec(MountMode::Tls).host_mount_for(Format::Compose);
    assert_eq!(
        tls.mount_command,
        "sudo mount -t efs -o tls fs-0abc1234def567890:/ /mnt/efs/fs-0abc1234def567890"
    );
    assert_eq!(
        tls.fstab_line,
        "fs-0abc1234def567890:/ /mnt/efs/fs-0abc1234def567890 efs tls,_netdev 0 0"
    );
}
