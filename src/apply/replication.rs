//! Applying replication: create it and tag both sides; repair tags; delete it, wait until it is
//! gone, then delete the replica (in its own region) — in `up` when it is no longer asked for,
//! first thing in `teardown`.

use std::collections::BTreeMap;

use super::context::Ctx;
use crate::aws::{codes, Cloud};
use crate::error::{Error, Result};
use crate::model::{replica_tag_value, ReplicaSpec, Replication, REPLICA_TAG};
use crate::plan::replication::Op;
use crate::wait::{self, Backoff, Poll};

/// `up`: every replication step of the plan, in plan order.
pub(super) async fn converge<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    for op in ctx.plan.ops::<Op>() {
        match op {
            Op::Create {
                request,
                replica_tags,
            } => {
                let source = ctx.resolve_file_system(&request.source_file_system_id)?;
                let spec = ReplicaSpec {
                    region: request.region.clone(),
                    kms_key: request.kms_key_id.clone(),
                    one_zone: request.availability_zone_name.clone(),
                };
                let made = create(ctx, &source, &spec).await?;
                let (region, replica) = (&made.region, &made.destination_file_system_id);
                // Source first: from now on a teardown finds the replica even if we stop here.
                let record = replica_tag_value(region, replica);
                let source_tags = BTreeMap::from([(REPLICA_TAG.to_string(), record)]);
                ctx.cloud
                    .tag_file_system(None, &source, &source_tags)
                    .await?;
                ctx.cloud
                    .tag_file_system(Some(region), replica, replica_tags)
                    .await?;
                ctx.progress.println(&format!(
                    "replication of {source} to {region} created: replica {replica} ({})",
                    made.status
                ));
            }
            Op::Tag {
                region,
                file_system_id,
                tags,
            } => {
                ctx.cloud
                    .tag_file_system(region.as_deref(), file_system_id, tags)
                    .await?;
            }
            Op::Delete {
                source_file_system_id,
                region,
                ..
            } => delete_replication(ctx, source_file_system_id, region).await?,
            Op::DeleteReplica {
                region,
                file_system_id,
            } => delete_replica(ctx, region, file_system_id).await?,
            Op::Keep { .. } => {}
        }
    }
    Ok(())
}

/// CreateReplicationConfiguration; when EFS says the source already replicates (a retry after a
/// lost answer, or a concurrent run), the replication there is adopted if it goes where asked.
async fn create<C: Cloud>(
    ctx: &Ctx<'_, C>,
    source: &str,
    spec: &ReplicaSpec,
) -> Result<Replication> {
    match ctx.cloud.create_replication(source, spec).await {
        Ok(made) => Ok(made),
        Err(e)
            if e.has_code(codes::VALIDATION) || e.has_code(codes::REPLICATION_ALREADY_EXISTS) =>
        {
            match ctx.cloud.replication(source).await? {
                Some(r) if r.region == spec.region => Ok(r),
                Some(r) => Err(Error::failed(format!(
                    "file system {source} already replicates to {} ({}), not {}: {e}",
                    r.region, r.destination_file_system_id, spec.region
                ))),
                None => Err(e.into()),
            }
        }
        Err(e) => Err(e.into()),
    }
}

/// `teardown`'s first task: the same deletes, in the same order.
pub(super) async fn delete_all<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    converge(ctx).await
}

/// DeleteReplicationConfiguration, then DescribeReplicationConfigurations until it answers
/// ReplicationNotFound (the status is `deleting` meanwhile, for minutes on AWS).
async fn delete_replication<C: Cloud>(ctx: &Ctx<'_, C>, source: &str, region: &str) -> Result<()> {
    match ctx.cloud.delete_replication(source).await {
        Err(e) if !e.has_code(codes::REPLICATION_NOT_FOUND) && !e.is_not_found() => {
            return Err(e.into())
        }
        _ => {}
    }
    let (key, label) = (
        format!("replication:{source}"),
        format!("replication to {region}"),
    );
    let what = format!("the replication of {source} to {region} to be deleted");
    wait::until(&what, ctx.waits.timeout, Backoff::POLL, || async {
        match ctx.cloud.replication(source).await {
            Ok(None) => Ok(Poll::Ready(())),
            Err(e) if e.has_code(codes::FILE_SYSTEM_NOT_FOUND) => Ok(Poll::Ready(())),
            Ok(Some(r)) => {
                ctx.progress.set(&key, &label, r.status.as_str());
                Ok(Poll::Pending(r.status.to_string()))
            }
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    ctx.progress.done(&key, &label, "deleted");
    Ok(())
}

/// DeleteFileSystem in the replica's region; retried while EFS still counts it as a
/// replication destination or it is not yet deletable.
async fn delete_replica<C: Cloud>(ctx: &Ctx<'_, C>, region: &str, id: &str) -> Result<()> {
    let what = format!("replica {id} in {region} to accept deletion");
    wait::until(&what, ctx.waits.timeout, Backoff::POLL, || async {
        match ctx.cloud.delete_file_system_in(region, id).await {
            Ok(()) => Ok(Poll::Ready(())),
            Err(e) if e.has_code(codes::FILE_SYSTEM_NOT_FOUND) => Ok(Poll::Ready(())),
            Err(e)
                if e.has_code(codes::REPLICATION_ALREADY_EXISTS)
                    || e.has_code(codes::INCORRECT_FILE_SYSTEM_LIFE_CYCLE_STATE)
                    || e.has_code(codes::FILE_SYSTEM_IN_USE) =>
            {
                Ok(Poll::Pending(e.code().unwrap_or_default().to_string()))
            }
            Err(e) => Err(e.into()),
        }
    })
    .await?;
    ctx.progress
        .println(&format!("deleted replica {id} in {region}"));
    Ok(())
}
