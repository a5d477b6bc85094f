//! Applying the backup policy: PutBackupPolicy where the plan repairs it (a new file system
//! got it from CreateFileSystem already).

use super::context::Ctx;
use crate::aws::Cloud;
use crate::error::Result;
use crate::plan::backup::Op;

pub(super) async fn converge<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    for op in ctx.plan.ops::<Op>() {
        if let Op::Put {
            file_system_id,
            enabled,
            ..
        } = op
        {
            let now = ctx.cloud.put_backup(file_system_id, *enabled).await?;
            ctx.progress.println(&format!(
                "file system {file_system_id}: automatic backups {now}"
            ));
        }
    }
    Ok(())
}
