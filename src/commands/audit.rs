//! `efsctl audit`: read the file systems asked for, run the checks, report the findings. Exits
//! 4 when something at or above `--fail-on` was found. Reads only.

use std::process::ExitCode;

use super::{emit, warn, Session};
use crate::audit::{self, read::Target, Severity};
use crate::cli::{AuditArgs, GlobalArgs, SeverityArg};
use crate::config::{validate, Loaded};
use crate::error::{Error, Result};
use crate::model::api_rules;
use crate::render::audit::AuditReport;

pub async fn run(global: &GlobalArgs, loaded: &Loaded, args: &AuditArgs) -> Result<ExitCode> {
    let target = target(loaded, args)?;
    let ray_cluster = ray_cluster(loaded, args, &target)?;
    let fail_on = match args.fail_on {
        SeverityArg::High => Severity::High,
        SeverityArg::Medium => Severity::Medium,
        SeverityArg::Low => Severity::Low,
    };
    let session = Session::connect(loaded).await?;
    let facts = audit::read::read(
        &session.cloud,
        &target,
        &session.region,
        ray_cluster.as_deref(),
    )
    .await?;
    if let Some(ray) = &facts.shared.ray {
        if ray.nodes.is_empty() {
            warn(&format!(
                "Ray cluster {} has no nodes (no instance tagged {}={}): no AZ to check",
                ray.cluster,
                crate::ray::CLUSTER_TAG,
                ray.cluster
            ));
        }
    }
    for skipped in &facts.skipped {
        warn(skipped);
    }
    let findings = audit::audit(&facts.subjects, &facts.shared);
    emit(
        global,
        &AuditReport::new(&session.region, fail_on, &facts.subjects, &findings),
    )?;
    Ok(ExitCode::from(audit::exit_code(&findings, fail_on)))
}

/// What to audit, with every id checked for shape before any AWS call (clap has made sure
/// at most one of the three was given; with none, the config file's deployment).
fn target(loaded: &Loaded, args: &AuditArgs) -> Result<Target> {
    if args.all {
        return Ok(Target::All);
    }
    if args.file_system_id.is_empty() {
        return match (&args.name, &loaded.file.name) {
            (None, None) => Err(Error::usage(
                "nothing to audit: pass --name NAME, --file-system-id FS_ID or --all (or set \
                 `name:` in efsctl.yaml)",
            )),
            (name, _) => Ok(Target::Deployment(loaded.name(name.as_deref())?)),
        };
    }
    for id in &args.file_system_id {
        api_rules::file_system_id(id).map_err(|why| {
            Error::usage(format!(
                "invalid --file-system-id {id:?}: {why}, e.g. fs-0abc1234"
            ))
        })?;
    }
    Ok(Target::FileSystems(args.file_system_id.clone()))
}

/// The Ray cluster to check AZ coverage against: `--ray-cluster`, else the config file's for its
/// own deployment. One file system only: the cluster's AZs are one file system's business.
fn ray_cluster(loaded: &Loaded, args: &AuditArgs, target: &Target) -> Result<Option<String>> {
    let from_file = match target {
        Target::Deployment(name) if loaded.file.name.as_deref() == Some(name.as_str()) => {
            loaded.file.ray_cluster.clone()
        }
        _ => None,
    };
    let Some(cluster) = args.ray_cluster.clone().or(from_file) else {
        return Ok(None);
    };
    if matches!(target, Target::FileSystems(ids) if ids.len() > 1) {
        return Err(Error::usage(
            "--ray-cluster checks one file system: give --name or a single --file-system-id",
        ));
    }
    Ok(Some(validate::ray_cluster(&cluster)?))
}
