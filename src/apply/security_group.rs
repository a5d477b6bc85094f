//! Applying the security group's steps: keep or create (adopting the one a concurrent or
//! interrupted run made), delete stray groups after `up`, delete all groups in `teardown`.

use super::context::Ctx;
use crate::aws::{codes, Cloud};
use crate::deployment::{foreign_group_message, owner};
use crate::error::{Error, Result};
use crate::model::{IngressRule, IngressSource, NewSecurityGroup};
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
/// second group with the same name in a VPC: InvalidGroup.Duplicate). Either way the group gets
/// the request's outbound rules in place of EC2's default allow-all one: an adopted group was
/// made moments ago by a run whose answer was lost or that is still on its way, so it has EC2's
/// default (both steps are idempotent).
async fn create<C: Cloud>(cloud: &C, request: &NewSecurityGroup) -> Result<String> {
    match cloud.create_security_group(request).await {
        Ok(id) => {
            replace_default_egress(cloud, &id, &request.egress).await?;
            Ok(id)
        }
        Err(e) if e.has_code(codes::GROUP_DUPLICATE) => {
            let name = owner(&request.tags).unwrap_or_default();
            match cloud
                .security_group_named(&request.vpc_id, &request.name)
                .await?
            {
                Some(g) if owner(&g.tags) == Some(name) => {
                    replace_default_egress(cloud, &g.id, &request.egress).await?;
                    Ok(g.id)
                }
                Some(g) => Err(Error::failed(foreign_group_message(&g, name))),
                None => Err(e.into()),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// The allow-all rule EC2 gives every new group (IPv4), revoked; then `egress`.
async fn replace_default_egress<C: Cloud>(
    cloud: &C,
    group_id: &str,
    egress: &[IngressRule],
) -> Result<()> {
    let default = IngressRule {
        protocol: "-1".into(),
        from_port: -1,
        to_port: -1,
        source: IngressSource::Cidr("0.0.0.0/0".into()),
    };
    match cloud.revoke_egress(group_id, &[default]).await {
        Err(e) if !e.has_code(codes::PERMISSION_NOT_FOUND) => return Err(e.into()),
        _ => {}
    }
    if egress.is_empty() {
        return Ok(());
    }
    match cloud.authorize_egress(group_id, egress).await {
        Err(e) if !e.has_code(codes::PERMISSION_DUPLICATE) => Err(e.into()),
        _ => Ok(()),
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
