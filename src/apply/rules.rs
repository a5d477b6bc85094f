//! Applying the group's rules: NFS sources to admit, stale ones to revoke; outbound, the
//! no-egress rule in place of whatever else is there.
//!
//! Each call touches rules no other call of the stage touches, so the four (grant, revoke,
//! revoke outbound, grant outbound) go out together: one round trip, not four, before the wait
//! for the mount targets can begin. A run stopped half-way leaves a state the next plan repairs.

use super::context::Ctx;
use crate::aws::{codes, Cloud};
use crate::error::Result;
use crate::model::{IngressRule, Ref};
use crate::plan::rules::Op;

pub(super) async fn converge<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    tokio::try_join!(
        grant_ingress(ctx),
        revoke_ingress(ctx),
        revoke_egress(ctx),
        grant_egress(ctx),
    )?;
    Ok(())
}

async fn grant_ingress<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    let mut rules: Vec<IngressRule> = Vec::new();
    let mut on = None;
    for op in ctx.plan.ops::<Op>() {
        if let Op::Authorize { rule, group_id } = op {
            on = Some(ctx.resolve_group(group_id)?);
            rules.push(rule.clone());
        }
    }
    match on {
        Some(group_id) => authorize(ctx.cloud, &group_id, &rules).await,
        None => Ok(()),
    }
}

async fn revoke_ingress<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    let mut rules: Vec<IngressRule> = Vec::new();
    let mut on = None;
    for op in ctx.plan.ops::<Op>() {
        if let Op::Revoke { rule, group_id } = op {
            on = Some(group_id.clone());
            rules.push(rule.clone());
        }
    }
    let Some(group_id) = on else {
        return Ok(());
    };
    match ctx.cloud.revoke_ingress(&group_id, &rules).await {
        Err(e) if !e.has_code(codes::PERMISSION_NOT_FOUND) => Err(e.into()),
        _ => {
            ctx.progress
                .detail(&format!("revoked {} rule(s) on {group_id}", rules.len()));
            Ok(())
        }
    }
}

/// Revokes the outbound rules that must go in one call (AWS answers rules the group does not
/// have with UnknownIpPermissions; where a call fails with InvalidPermission.NotFound instead,
/// each rule is revoked alone); on the group this run created, EC2's default allow-all rule.
async fn revoke_egress<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    let mut revoke = Vec::new();
    for op in ctx.plan.ops::<Op>() {
        match op {
            Op::RevokeEgress { rule, group_id } => {
                revoke.push((ctx.resolve_group(group_id)?, rule.clone()))
            }
            Op::AuthorizeEgress {
                group_id: group @ Ref::Planned,
                ..
            } => revoke.push((ctx.resolve_group(group)?, IngressRule::ec2_default_egress())),
            _ => {}
        }
    }
    let Some((group_id, _)) = revoke.first() else {
        return Ok(());
    };
    let rules: Vec<IngressRule> = revoke.iter().map(|(_, r)| r.clone()).collect();
    match ctx.cloud.revoke_egress(group_id, &rules).await {
        Err(e) if e.has_code(codes::PERMISSION_NOT_FOUND) && rules.len() > 1 => {
            for rule in &rules {
                match ctx
                    .cloud
                    .revoke_egress(group_id, std::slice::from_ref(rule))
                    .await
                {
                    Err(e) if !e.has_code(codes::PERMISSION_NOT_FOUND) => return Err(e.into()),
                    _ => {}
                }
            }
            Ok(())
        }
        Err(e) if !e.has_code(codes::PERMISSION_NOT_FOUND) => Err(e.into()),
        _ => Ok(()),
    }
}

/// Grants the no-egress rule where the plan says so (an existing copy is not an error).
async fn grant_egress<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    for op in ctx.plan.ops::<Op>() {
        if let Op::AuthorizeEgress { rule, group_id } = op {
            let group_id = ctx.resolve_group(group_id)?;
            match ctx
                .cloud
                .authorize_egress(&group_id, std::slice::from_ref(rule))
                .await
            {
                Err(e) if !e.has_code(codes::PERMISSION_DUPLICATE) => return Err(e.into()),
                _ => {}
            }
        }
    }
    Ok(())
}

/// Grants the rules in one call; if a concurrent run granted some first
/// (InvalidPermission.Duplicate fails the whole call), grants them one by one.
async fn authorize<C: Cloud>(cloud: &C, group_id: &str, rules: &[IngressRule]) -> Result<()> {
    match cloud.authorize_ingress(group_id, rules).await {
        Ok(()) => Ok(()),
        Err(e) if e.has_code(codes::PERMISSION_DUPLICATE) && rules.len() > 1 => {
            for rule in rules {
                match cloud
                    .authorize_ingress(group_id, std::slice::from_ref(rule))
                    .await
                {
                    Err(e) if !e.has_code(codes::PERMISSION_DUPLICATE) => return Err(e.into()),
                    _ => {}
                }
            }
            Ok(())
        }
        Err(e) if e.has_code(codes::PERMISSION_DUPLICATE) => Ok(()),
        Err(e) => Err(e.into()),
    }
}
