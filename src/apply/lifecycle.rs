//! Applying the lifecycle policy: one PutLifecycleConfiguration with the whole policy.

use super::context::Ctx;
use crate::aws::Cloud;
use crate::error::Result;
use crate::plan::lifecycle::Op;

pub(super) async fn converge<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    for op in ctx.plan.ops::<Op>() {
        if let Op::Put {
            file_system_id,
            lifecycle,
            ..
        } = op
        {
            let id = ctx.resolve_file_system(file_system_id)?;
            ctx.cloud.put_lifecycle(&id, lifecycle).await?;
            ctx.progress
                .println(&format!("file system {id}: lifecycle {lifecycle}"));
        }
    }
    Ok(())
}
