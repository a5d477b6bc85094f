//! Flag validation for `compose-gen`, through clap so the tests see what a user types.

use clap::Parser;

use super::*;
use crate::cli::{Cli, Command};
use crate::config::ConfigFile;
use crate::error::ErrorKind;
use crate::render::compose::NfsOptions;

fn args(extra: &[&str]) -> ComposeGenArgs {
    let mut argv = vec!["efsctl", "compose-gen"];
    argv.extend_from_slice(extra);
    match Cli::try_parse_from(argv).unwrap().command {
        Command::ComposeGen(a) => a,
        other => panic!("parsed {other:?}"),
    }
}

fn usage_error(extra: &[&str]) -> String {
    let err = Request::from_args(&args(extra)).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Usage, "{}", err.message);
    err.message
}

#[test]
fn defaults() {
    let r = Request::from_args(&args(&[])).unwrap();
    assert_eq!(r.format, Format::Compose);
    assert_eq!(r.mode, MountMode::Nfs);
    assert_eq!(r.services, ["ray-worker"]);
    assert_eq!(r.target, "/mnt/efs");
    assert_eq!(r.path, "/");
    assert_eq!(r.volume_name, "efs-data");
    assert_eq!(r.options, NfsOptions::default());
    assert_eq!(r.file_name, "docker-compose.efs.yml");
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn services_repeat_and_duplicates_collapse() {
    let r = Request::from_args(&args(&[
        "--service",
        "ray-head",
        "--service",
        "ray-worker",
        "--service",
        "ray-head",
    ]))
    .unwrap();
    assert_eq!(r.services, ["ray-head", "ray-worker"]);
}

#[test]
fn bad_names_and_paths_are_usage_errors() {
    assert!(usage_error(&["--service", "ray worker"]).contains("--service"));
    assert!(usage_error(&["--service", "ray:worker"]).contains("--service"));
    assert!(usage_error(&["--volume-name", "efs/data"]).contains("--volume-name"));
    assert!(usage_error(&["--volume-name", ""]).contains("--volume-name"));
    assert!(usage_error(&["--target", "data"]).contains("absolute"));
    assert!(usage_error(&["--target", "/"]).contains("root"));
    assert!(usage_error(&["--target", "/mnt/my efs"]).contains("no spaces"));
    assert!(usage_error(&["--path", "ray"]).contains("--path"));
    assert!(usage_error(&["--nfs-options", "hard,,noresvport"]).contains("empty item"));
}

#[test]
fn trailing_slashes_are_dropped() {
    let r = Request::from_args(&args(&["--target", "/data/", "--path", "/ray/"])).unwrap();
    assert_eq!((r.target.as_str(), r.path.as_str()), ("/data", "/ray"));
    let r = Request::from_args(&args(&["--path", "//"])).unwrap();
    assert_eq!(r.path, "/");
}

#[test]
fn weak_nfs_options_warn() {
    let r = Request::from_args(&args(&["--nfs-options", "nfsvers=4.1,rsize=65536"])).unwrap();
    let all = r.warnings.join("\n");
    for word in ["hard", "noresvport", "rsize=65536", "wsize"] {
        assert!(all.contains(word), "{word} missing from {all}");
    }
}

#[test]
fn tls_mode_starts_from_efs_utils_defaults() {
    let r = Request::from_args(&args(&["--mount-mode", "tls"])).unwrap();
    assert!(r.options.is_empty());
    assert!(r.warnings.is_empty(), "{:?}", r.warnings);
}

#[test]
fn out_names_the_file_in_the_header() {
    let r = Request::from_args(&args(&["--out", "deploy/efs.yml"])).unwrap();
    assert_eq!(r.file_name, "efs.yml");
}

#[test]
fn name_and_file_system_id_conflict() {
    let err = Cli::try_parse_from([
        "efsctl",
        "compose-gen",
        "--name",
        "x",
        "--file-system-id",
        "fs-0abc1234",
    ])
    .unwrap_err();
    assert_eq!(err.kind(), clap::error::ErrorKind::ArgumentConflict);
}

#[test]
fn force_needs_out() {
    assert!(Cli::try_parse_from(["efsctl", "compose-gen", "--force"]).is_err());
}

#[test]
fn file_system_ids() {
    for ok in ["fs-0abc1234", "fs-0123456789abcdef0"] {
        assert_eq!(file_system_id(ok).unwrap(), ok);
    }
    for bad in [
        "fs-0abc123",
        "fs-0ABC1234",
        "fs-0123456789abcdef01",
        "0abc1234",
        "fs-xyz12345",
    ] {
        assert_eq!(
            file_system_id(bad).unwrap_err().kind,
            ErrorKind::Usage,
            "{bad}"
        );
    }
}

#[test]
fn offline_region_order_and_check() {
    let file = ConfigFile {
        region: Some("eu-west-1".into()),
        ..ConfigFile::default()
    };
    let loaded = Loaded {
        aws: crate::config::AwsSettings {
            region: file.region.clone(),
            ..Default::default()
        },
        file,
    };
    assert_eq!(
        offline_region(&loaded, Some("us-east-1".into())).unwrap(),
        "eu-west-1"
    );
    let empty = Loaded::default();
    assert_eq!(
        offline_region(&empty, Some("us-west-2".into())).unwrap(),
        "us-west-2"
    );
    let err = offline_region(&empty, None).unwrap_err();
    assert!(err.message.contains("needs a region"), "{}", err.message);
    let err = offline_region(&empty, Some("us-east-9".into())).unwrap_err();
    assert_eq!(err.kind, ErrorKind::Usage);
}

#[test]
fn source_date_epoch_fixes_the_generation_time() {
    use std::time::{Duration, SystemTime};
    assert_eq!(
        generation_time(Some("1767225600")).unwrap(),
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_225_600)
    );
    let now = generation_time(None).unwrap();
    assert!(now > SystemTime::UNIX_EPOCH + Duration::from_secs(1_767_225_600));
    assert!(generation_time(Some("")).unwrap() >= now, "empty means now");
    let err = generation_time(Some("yesterday")).unwrap_err().to_string();
    assert!(err.contains("SOURCE_DATE_EPOCH=\"yesterday\""), "{err}");
}
