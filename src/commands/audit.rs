//! `efsctl audit`: read the file systems asked for, run the checks, report the findings. Exits
//! 4 when something at or above `--fail-on` was found. Reads only.

use std::process::ExitCode;

use super::{emit, warn, Session};
use crate::audit::{self, read::Target, Severity};
use crate::cli::{AuditArgs, GlobalArgs, SeverityArg};
use crate::config::Loaded;
use crate::error::{Error, Result};
use crate::model::api_rules;
use crate::render::audit::AuditReport;

pub async fn run(global: &GlobalArgs, loaded: &Loaded, args: &AuditArgs) -> Result<ExitCode> {
    let target = target(loaded, args)?;
    let fail_on = match args.fail_on {
        SeverityArg::High => Severity::High,
        SeverityArg::Medium => Severity::Medium,
        SeverityArg::Low => Severity::Low,
    };
    let session = Session::connect(loaded).await?;
    let facts = audit::read::read(&session.cloud, &target, &session.region).await?;
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
/// exactly one of the three was given).
fn target(loaded: &Loaded, args: &AuditArgs) -> Result<Target> {
    if let Some(name) = &args.name {
        return Ok(Target::Deployment(loaded.name(Some(name))?));
    }
    if args.all {
        return Ok(Target::All);
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
