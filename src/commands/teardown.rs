//! `efsctl teardown`: show what will be deleted, confirm, delete in dependency order.

use std::io::{BufRead, IsTerminal};
use std::process::ExitCode;

use super::{emit, warn, Session};
use crate::apply::{self, Waits};
use crate::cli::{GlobalArgs, TeardownArgs};
use crate::config::Loaded;
use crate::deployment::foreign_file_system_message;
use crate::deployment::DeploymentName;
use crate::error::{Error, Result};
use crate::observe::{observe, Scope};
use crate::plan::teardown::plan_teardown;
use crate::progress::Progress;
use crate::render::{self, report::TeardownReport, tables};

pub async fn run(global: &GlobalArgs, loaded: &Loaded, args: &TeardownArgs) -> Result<ExitCode> {
    let name = loaded.name(args.name.name.as_deref())?;
    let timeout = loaded.timeout(args.timeout)?;
    let session = Session::connect(loaded).await?;
    let found = observe(&session.cloud, &name, Scope::Deletion).await?;
    if let Some(fs) = &found.foreign {
        warn(&foreign_file_system_message(fs, name.as_str()));
    }
    let plan = plan_teardown(&name, &found.observed, args.keep_replica);
    if !plan.blockers.is_empty() {
        return Err(Error::failed(format!(
            "teardown would leave the deployment half-deleted; nothing was deleted:\n  {}",
            plan.blockers.join("\n  ")
        )));
    }
    if plan.steps.is_empty() {
        render::line_to_stderr(&format!(
            "Nothing to delete: deployment {name} has no resources in {}.",
            session.region
        ));
        let nothing = apply::TeardownOutcome::default();
        emit(global, &report(&name, &session.region, &nothing))?;
        return Ok(ExitCode::SUCCESS);
    }
    render::to_stderr(&tables::plan(&plan));
    confirm(
        args.yes,
        &format!(
            "Delete these {} resource(s) of deployment {name}?",
            plan.steps.len()
        ),
    )?;

    let progress = Progress::new(global.verbose > 0);
    let outcome = apply::teardown(&session.cloud, &plan, Waits { timeout }, &progress).await?;
    drop(progress);
    emit(global, &report(&name, &session.region, &outcome))?;
    Ok(ExitCode::SUCCESS)
}

fn report<'a>(
    name: &'a DeploymentName,
    region: &'a str,
    outcome: &'a apply::TeardownOutcome,
) -> TeardownReport<'a> {
    TeardownReport {
        name: name.as_str(),
        region,
        outcome,
    }
}

/// Asks on a terminal; without one, only `--yes` may proceed (a CI job must say so explicitly).
fn confirm(yes: bool, question: &str) -> Result<()> {
    if yes {
        return Ok(());
    }
    if !std::io::stdin().is_terminal() {
        return Err(Error::usage(
            "refusing to delete without confirmation: stdin is not a terminal; pass --yes to confirm",
        ));
    }
    render::to_stderr(&format!("{question} Type 'yes' to confirm: "));
    let mut answer = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut answer)
        .map_err(|e| Error::failed(format!("cannot read answer: {e}")))?;
    if matches!(answer.trim(), "yes" | "y") {
        Ok(())
    } else {
        Err(Error::interrupted(
            "teardown cancelled; nothing was deleted",
        ))
    }
}
