//! Applying access points: create (idempotent by client token), replace (delete, then create),
//! delete; in `teardown`, delete them all before the file system.

use futures_util::future::try_join_all;

use super::context::Ctx;
use crate::aws::{codes, Cloud};
use crate::error::{Error, Result};
use crate::model::NewAccessPoint;
use crate::plan::access_points::Op;

/// Every access point step, concurrently (each one's delete before its create).
pub(super) async fn converge<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    try_join_all(ctx.plan.ops::<Op>().map(|op| async move {
        match op {
            Op::Create { name, request } => create(ctx, name, request).await,
            Op::Replace { name, id, request } => {
                delete(ctx, name, id).await?;
                create(ctx, name, request).await
            }
            Op::Delete { name, id } => delete(ctx, name, id).await,
            Op::Keep { .. } => Ok(()),
        }
    }))
    .await?;
    Ok(())
}

/// `teardown`: the same deletes.
pub(super) async fn delete_all<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    converge(ctx).await
}

async fn create<C: Cloud>(ctx: &Ctx<'_, C>, name: &str, request: &NewAccessPoint) -> Result<()> {
    let fs_id = ctx.resolve_file_system(&request.file_system_id)?;
    let made = ctx
        .cloud
        .create_access_point(&fs_id, request)
        .await
        .map_err(|e| {
            if e.has_code(codes::ACCESS_POINT_ALREADY_EXISTS) {
                Error::failed(format!(
                    "access point {name}: EFS already has one made with client token {} but \
                     other settings ({}); run `efsctl up` again",
                    request.client_token, e.message
                ))
            } else {
                e.into()
            }
        })?;
    ctx.progress.println(&format!(
        "access point {name}: {} ({} as {}:{})",
        made.id, request.path, request.uid, request.gid
    ));
    Ok(())
}

async fn delete<C: Cloud>(ctx: &Ctx<'_, C>, name: &str, id: &str) -> Result<()> {
    match ctx.cloud.delete_access_point(id).await {
        Err(e) if !e.has_code(codes::ACCESS_POINT_NOT_FOUND) => Err(e.into()),
        _ => {
            ctx.progress
                .println(&format!("access point {name}: deleted {id}"));
            Ok(())
        }
    }
}
