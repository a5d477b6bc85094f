//! Applying the group's rules: NFS sources to admit, stale ones to revoke; outbound, the
//! no-egress rule in place of whatever else is there.

use super::context::Ctx;
use crate::aws::{codes, Cloud};
use crate::error::Result;
use crate::model::{IngressRule, Ref};
use crate::plan::rules::Op;

pub(super) async fn converge<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    let mut to_authorize: Vec<IngressRule> = Vec::new();
    let mut authorize_on = None;
    let mut to_revoke: Vec<IngressRule> = Vec::new();
    let mut revoke_on = None;
    for op in ctx.plan.ops::<Op>() {
        match op {
            Op::Authorize { rule, group_id } => {
                authorize_on = Some(ctx.resolve_group(group_id)?);
                to_authorize.push(rule.clone());
            }
            Op::Revoke { rule, group_id } => {
                revoke_on = Some(group_id.clone());
                to_revoke.push(rule.clone());
            }
            Op::Keep { .. } | Op::KeepEgress { .. } => {}
            Op::AuthorizeEgress { .. } | Op::RevokeEgress { .. } => {}
        }
    }
    if let Some(group_id) = authorize_on {
        authorize(ctx.cloud, &group_id, &to_authorize).await?;
    }
    if let Some(group_id) = revoke_on {
        match ctx.cloud.revoke_ingress(&group_id, &to_revoke).await {
            Err(e) if !e.has_code(codes::PERMISSION_NOT_FOUND) => return Err(e.into()),
            _ => ctx.progress.detail(&format!(
                "revoked {} rule(s) on {group_id}",
                to_revoke.len()
            )),
        }
    }
    converge_egress(ctx).await
}

/// Revoke what must go in one call (AWS answers rules the group does not have with
/// UnknownIpPermissions; where a call fails with InvalidPermission.NotFound instead, each rule is
/// revoked alone), then authorize the no-egress rule.
async fn converge_egress<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    let mut revoke = Vec::new();
    let mut authorize = Vec::new();
    for op in ctx.plan.ops::<Op>() {
        match op {
            Op::RevokeEgress { rule, group_id } => {
                revoke.push((ctx.resolve_group(group_id)?, rule.clone()))
            }
            Op::AuthorizeEgress { rule, group_id } => {
                authorize.push((ctx.resolve_group(group_id)?, rule.clone()))
            }
            _ => {}
        }
    }
    if let Some((group_id, _)) = revoke.first() {
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
            }
            Err(e) if !e.has_code(codes::PERMISSION_NOT_FOUND) => return Err(e.into()),
            _ => {}
        }
    }
    // On the group this run created, EC2's default allow-all rule goes first.
    let created = ctx.plan.ops::<Op>().find_map(|op| match op {
        Op::AuthorizeEgress {
            group_id: group @ Ref::Planned,
            ..
        } => Some(group),
        _ => None,
    });
    if let Some(group) = created {
        let group_id = ctx.resolve_group(group)?;
        let default = [IngressRule::ec2_default_egress()];
        match ctx.cloud.revoke_egress(&group_id, &default).await {
            Err(e) if !e.has_code(codes::PERMISSION_NOT_FOUND) => return Err(e.into()),
            _ => {}
        }
    }
    for (group_id, rule) in &authorize {
        match ctx
            .cloud
            .authorize_egress(group_id, std::slice::from_ref(rule))
            .await
        {
            Err(e) if !e.has_code(codes::PERMISSION_DUPLICATE) => return Err(e.into()),
            _ => {}
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
