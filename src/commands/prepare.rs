//! The read pipeline `up` and `plan` share, up to the plan: connect, check the zones, resolve
//! the request and observe the deployment concurrently, warn, refuse a foreign file system,
//! plan, and hold every request to the API's rules. Read-only, so the preview and the real
//! thing cannot disagree.

use super::{warn, Session};
use crate::config::{check_zones, Loaded, Spec};
use crate::deployment::{foreign_file_system_message, foreign_group_message};
use crate::error::{Error, Result};
use crate::observe::{observe, Scope};
use crate::plan::up::plan_up;
use crate::plan::{security_group, Desired, Observed, Plan};
use crate::resolve::resolve;

/// What `up` and `plan` both know once planning is done; only AWS reads were made.
pub(super) struct Prepared {
    pub session: Session,
    pub plan: Plan,
    /// What should exist (for `export`, which plans it from nothing).
    pub desired: Desired,
    /// What exists (for `export --adopt`, which imports it).
    pub observed: Observed,
}

pub(super) async fn prepare(loaded: &Loaded, spec: &Spec) -> Result<Prepared> {
    prepare_in(Session::connect(loaded).await?, spec).await
}

/// [`prepare`] with a session already connected (`plan` starts its price lookup beside it).
pub(super) async fn prepare_in(session: Session, spec: &Spec) -> Result<Prepared> {
    check_zones(spec, &session.region)?;
    let cloud = &session.cloud;

    let (resolved, found) = tokio::try_join!(
        resolve(cloud, spec),
        observe(cloud, &spec.name, Scope::Everything)
    )?;
    for w in &resolved.warnings {
        warn(w);
    }
    if let Some(fs) = &found.foreign {
        return Err(Error::failed(foreign_file_system_message(
            fs,
            spec.name.as_str(),
        )));
    }
    let mut plan = plan_up(&resolved.desired, &found.observed);
    // Bad input must never reach AWS after a first resource exists: exit 2, nothing changed.
    plan.check_requests().map_err(Error::usage)?;
    // A look-alike group (our group name, no owner tag) would make the group's creation fail
    // only after the file system was made beside it: a blocker, so a refusal changes nothing.
    let creates_group = plan
        .ops::<security_group::Op>()
        .any(|op| matches!(op, security_group::Op::Create { .. }));
    if creates_group {
        if let Some(g) = found.foreign_group_in(&resolved.desired.vpc_id) {
            plan.blockers
                .push(foreign_group_message(g, spec.name.as_str()));
        }
    }
    Ok(Prepared {
        session,
        plan,
        desired: resolved.desired,
        observed: found.observed,
    })
}
