//! `efsctl up`: prepare (resolve, observe, plan), refuse on blockers, apply, report.

use std::process::ExitCode;

use super::emit;
use super::prepare::{prepare, Prepared};
use crate::apply::{self, Waits};
use crate::cli::{GlobalArgs, UpArgs};
use crate::config::Loaded;
use crate::error::{Error, Result};
use crate::progress::Progress;
use crate::render::{report::UpReport, tables};

pub async fn run(global: &GlobalArgs, loaded: &Loaded, args: &UpArgs) -> Result<ExitCode> {
    let spec = loaded.spec(args.name.name.as_deref(), &args.desired, args.timeout)?;
    let Prepared { session, plan, .. } = prepare(loaded, &spec).await?;
    if !plan.blockers.is_empty() {
        return Err(Error::failed(format!(
            "up would need changes efsctl does not make by itself; nothing was changed:\n  {}",
            plan.blockers.join("\n  ")
        )));
    }
    let progress = Progress::new(global.verbose > 0);
    if plan.has_changes() {
        progress.println(&format!(
            "Deployment {} in {}: {}",
            spec.name,
            session.region,
            tables::summary(&plan)
        ));
        for step in plan.changes() {
            progress.detail(&format!(
                "  {} {}: {}",
                step.action, step.resource, step.reason
            ));
        }
    }
    let waits = Waits {
        timeout: spec.timeout,
    };
    let outcome = apply::up(&session.cloud, &plan, waits, &progress).await?;
    drop(progress);
    emit(
        global,
        &UpReport::new(spec.name.as_str(), &session.region, &outcome),
    )?;
    Ok(ExitCode::SUCCESS)
}
