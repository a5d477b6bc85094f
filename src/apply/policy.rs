//! Applying how clients mount: the mount-mode tag, then the file system policy (put whole, or
//! deleted back to EFS's default).

use std::collections::BTreeMap;

use super::context::Ctx;
use crate::aws::{codes, Cloud};
use crate::error::Result;
use crate::model::MOUNT_MODE_TAG;
use crate::plan::policy::Op;

pub(super) async fn converge<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    for op in ctx.plan.ops::<Op>() {
        match op {
            Op::Tag {
                file_system_id,
                mount_mode,
            } => {
                let tags = BTreeMap::from([(MOUNT_MODE_TAG.to_string(), mount_mode.clone())]);
                ctx.cloud
                    .tag_file_system(None, file_system_id, &tags)
                    .await?;
            }
            Op::Put {
                file_system_id,
                document,
                ..
            } => {
                let id = ctx.resolve_file_system(file_system_id)?;
                ctx.cloud.put_policy(&id, &document.to_string()).await?;
                ctx.progress
                    .println(&format!("file system {id}: policy set ({})", op.summary()));
            }
            Op::Delete { file_system_id } => match ctx.cloud.delete_policy(file_system_id).await {
                Err(e) if !e.has_code(codes::POLICY_NOT_FOUND) => return Err(e.into()),
                _ => ctx.progress.println(&format!(
                    "file system {file_system_id}: policy removed (EFS's default)"
                )),
            },
            Op::Keep { .. } => {}
        }
    }
    Ok(())
}
