//! Applying the security group's steps: keep or create (adopting the one a concurrent or
//! interrupted run made), delete stray groups after `up`, delete all groups in `teardown`.

use super::context::Ctx;
use crate::aws::{codes, Cloud};
use crate::deployment::{foreign_group_message, owner};
use crate::error::{Error, Result};
use crate::model::NewSecurityGroup;
use crate::plan::security_group::Op;
use crate::wait::{self, Backoff, Poll};

/// The group the plan keeps or creates; its id goes to the later stages.
pub(super) async fn ensure<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    for op in ctx.plan.ops::<Op>() {
        match op {
            Op::Keep { id, .. } => ctx.set_group_id(id.clone()),
            Op::Create { request, .. } => {
                let id = create(ctx.cloud, request).await?;
                ctx.progress.println(&format!(
                    "created security group {id} in {}",
                    request.vpc_id
                ));
                ctx.set_group_id(id);
            }
            Op::Delete { .. } => {}
        }
    }
    Ok(())
}

/// Creates the group, or adopts the one a concurrent or interrupted run made (EC2 refuses a
/// second group with the same name in a VPC: InvalidGroup.Duplicate). Its outbound rules are the
/// rules stage's (the plan replaces EC2's default allow-all rule), which runs beside the mount
/// targets: they need only the group's id.
async fn create<C: Cloud>(cloud: &C, request: &NewSecurityGroup) -> Result<String> {
    match cloud.create_security_group(request).await {
        Ok(id) => Ok(id),
        Err(e) if e.has_code(codes::GROUP_DUPLICATE) => {
            let name = owner(&request.tags).unwrap_or_default();
            match cloud
                .security_group_named(&request.vpc_id, &request.name)
                .await?
            {
                Some(g) if owner(&g.tags) == Some(name) => Ok(g.id),
                Some(g) => Err(Error::failed(foreign_group_message(&g, name))),
                None => Err(e.into()),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// `up`'s last stage: owned groups outside the desired VPC. Best effort: one still in use is
/// reported and left for the next run.
pub(super) async fn delete_strays<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    for op in ctx.plan.ops::<Op>() {
        if let Op::Delete { id, vpc_id } = op {
            match ctx.cloud.delete_security_group(id).await {
                Err(e) if !e.is_not_found() => ctx.progress.println(&format!(
                    "warning: could not delete stray security group {id} in {vpc_id}: {e}"
                )),
                _ => ctx
                    .progress
                    .println(&format!("deleted stray security group {id} in {vpc_id}")),
            }
        }
    }
    Ok(())
}

/// `teardown`'s last stage: every group in the plan.
pub(super) async fn delete_all<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    for op in ctx.plan.ops::<Op>() {
        if let Op::Delete { id, .. } = op {
            delete_when_released(ctx, id).await?;
            ctx.progress
                .println(&format!("deleted security group {id}"));
        }
    }
    Ok(())
}

/// EC2 refuses to delete a group still attached to a network interface (DependencyViolation);
/// a deleted mount target's interface can linger for minutes, so retry until the timeout.
async fn delete_when_released<C: Cloud>(ctx: &Ctx<'_, C>, id: &str) -> Result<()> {
    let what = format!("security group {id} to be released by network interfaces");
    wait::until(&what, ctx.waits.timeout, Backoff::POLL, || async {
        match ctx.cloud.delete_security_group(id).await {
            Ok(()) => Ok(Poll::Ready(())),
            Err(e) if e.is_not_found() => Ok(Poll::Ready(())),
            Err(e) if e.has_code(codes::DEPENDENCY_VIOLATION) => {
                ctx.progress.set(
                    &format!("sg:{id}"),
                    &format!("security group {id}"),
                    "in use by a network interface; retrying",
                );
                Ok(Poll::Pending("in use (DependencyViolation)".into()))
            }
            Err(e) => Err(e.into()),
        }
    })
    .await
}
