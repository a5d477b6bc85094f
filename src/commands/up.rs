//! `efsctl up`: resolve the request, observe, plan, refuse on blockers, apply, report.
//!
//! Everything up to the plan lives in [`prepare`], which `efsctl plan` calls too: the preview
//! and the real thing share one code path and cannot disagree.

use std::process::ExitCode;

use serde_json::json;

use super::{emit, warn, Session};
use crate::apply::{self, Waits};
use crate::cli::{GlobalArgs, UpArgs};
use crate::config::{check_zones, Loaded, Spec};
use crate::error::{Error, Result};
use crate::observe::{foreign_group_message, foreign_message, observe, Found};
use crate::plan::up::plan_up;
use crate::plan::{Op, Plan};
use crate::render::{self, progress::Progress, tables};
use crate::resolve::{resolve, Resolved};

/// What `up` and `plan` both know once planning is done; only AWS reads were made.
pub(super) struct Prepared {
    pub session: Session,
    pub resolved: Resolved,
    pub found: Found,
    pub plan: Plan,
}

/// Connects, checks the zones, resolves and observes concurrently, warns, refuses a foreign
/// file system, and plans. Read-only: the single path `up` and `plan` share up to the plan.
pub(super) async fn prepare(loaded: &Loaded, spec: &Spec) -> Result<Prepared> {
    prepare_in(Session::connect(loaded).await?, spec).await
}

/// [`prepare`] with a session already connected (`plan` starts its price lookup beside it).
pub(super) async fn prepare_in(session: Session, spec: &Spec) -> Result<Prepared> {
    check_zones(spec, &session.region)?;
    let cloud = &session.cloud;

    let (resolved, found) =
        tokio::try_join!(resolve(cloud, spec), observe(cloud, &spec.name, true))?;
    for w in &resolved.warnings {
        warn(w);
    }
    if let Some(fs) = &found.foreign {
        return Err(Error::failed(foreign_message(fs, &spec.name)));
    }
    let mut plan = plan_up(&resolved.desired, &found.observed);
    // A look-alike group (our group name, no owner tag) would make the group's creation fail
    // only after the file system was made beside it: a blocker, so a refusal changes nothing.
    let creates_group = plan
        .steps
        .iter()
        .any(|s| matches!(s.op, Op::CreateSecurityGroup { .. }));
    if creates_group {
        if let Some(g) = found.foreign_group_in(&resolved.desired.vpc_id) {
            plan.blockers.push(foreign_group_message(g, &spec.name));
        }
    }
    Ok(Prepared {
        session,
        resolved,
        found,
        plan,
    })
}

pub async fn run(global: &GlobalArgs, loaded: &Loaded, args: &UpArgs) -> Result<ExitCode> {
    let spec = loaded.spec(args.name.name.as_deref(), &args.desired, args.timeout)?;
    let Prepared {
        session,
        resolved,
        found,
        plan,
    } = prepare(loaded, &spec).await?;
    let cloud = &session.cloud;
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
    let outcome = apply::up(
        cloud,
        &resolved.desired,
        &found.observed,
        &plan,
        Waits {
            timeout: spec.timeout,
        },
        &progress,
    )
    .await?;
    drop(progress);

    let region = session.region.as_str();
    emit(
        global,
        || {
            let headline = if outcome.changes == 0 {
                format!("Deployment {} is up to date; nothing changed.\n", spec.name)
            } else {
                format!(
                    "Deployment {} is ready ({} change(s) made).\n",
                    spec.name, outcome.changes
                )
            };
            headline
                + &tables::deployment(
                    &outcome.file_system,
                    region,
                    None,
                    Some(&outcome.security_group_id),
                    &outcome.mount_targets,
                )
        },
        || {
            render::json(&json!({
                "name": spec.name.as_str(),
                "region": region,
                "file_system_id": outcome.file_system.id,
                "dns_name": outcome.file_system.dns_name(region),
                "security_group_id": outcome.security_group_id,
                "changes": outcome.changes,
                "file_system": outcome.file_system,
                "mount_targets": outcome.mount_targets,
            }))
        },
    )?;
    Ok(ExitCode::SUCCESS)
}
