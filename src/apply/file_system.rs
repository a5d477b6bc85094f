//! Applying the file system's steps: keep or create it (adopting the one a concurrent run or a
//! lost response made), wait until it is available, repair its throughput; delete it in
//! `teardown`.

use std::sync::atomic::{AtomicU32, Ordering};

use super::context::Ctx;
use crate::aws::{codes, AwsError, Cloud};
use crate::deployment::{foreign_file_system_message, owner};
use crate::error::{Error, Result};
use crate::model::{FileSystem, LifeCycleState, NewFileSystem, Throughput};
use crate::plan::file_system::Op;
use crate::wait::{self, Backoff, Poll, GONE_AFTER_MISSES};

pub(super) async fn ensure<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    let mut fs = None;
    let mut throughput = None;
    for op in ctx.plan.ops::<Op>() {
        match op {
            Op::Keep { current, .. } => fs = Some((**current).clone()),
            Op::Create { request } => {
                let made = create(ctx.cloud, request).await?;
                ctx.progress
                    .println(&format!("created file system {}", made.id));
                fs = Some(made);
            }
            Op::UpdateThroughput { id, to, .. } => throughput = Some((id, *to)),
            Op::Delete { .. } => {}
        }
    }
    let Some(fs) = fs else {
        return Ok(());
    };
    let mut fs = wait_available(ctx, fs).await?;
    if let Some((id, to)) = throughput {
        ctx.cloud
            .update_throughput(id, to)
            .await
            .map_err(|e| throughput_hint(e, fs.throughput, to))?;
        ctx.progress
            .println(&format!("file system {id}: throughput set to {to}"));
        fs.throughput = to;
    }
    ctx.set_file_system(fs);
    Ok(())
}

/// Creates the file system; a FileSystemAlreadyExists (a concurrent run, or a retry after a lost
/// response) is looked up by creation token. AWS includes the id in that error, moto does not,
/// so the lookup by token is the one path that works for both.
async fn create<C: Cloud>(cloud: &C, request: &NewFileSystem) -> Result<FileSystem> {
    match cloud.create_file_system(request).await {
        Ok(fs) => Ok(fs),
        Err(e) if e.has_code(codes::FILE_SYSTEM_ALREADY_EXISTS) => {
            let name = owner(&request.tags).unwrap_or_default();
            match cloud.file_system_by_token(&request.creation_token).await? {
                Some(fs) if owner(&fs.tags) == Some(name) => Ok(fs),
                Some(fs) => Err(Error::failed(foreign_file_system_message(&fs, name))),
                None => Err(e.into()),
            }
        }
        Err(e) if e.has_code(codes::UNSUPPORTED_AVAILABILITY_ZONE) => {
            let zone = request
                .availability_zone_name
                .as_deref()
                .unwrap_or("this AZ");
            Err(Error::failed(format!(
                "EFS does not offer One Zone file systems in {zone}: {}; choose another AZ with \
                 --one-zone (the EFS user guide lists the supported AZs), or drop --one-zone for a \
                 Regional file system",
                e.message
            )))
        }
        Err(e) => Err(kms_hint(e, request.kms_key_id.as_deref())),
    }
}

/// EFS allows a throughput mode change, or a decrease of provisioned throughput, once per 24
/// hours (TooManyRequests): say so, and how to go on without waiting.
fn throughput_hint(e: AwsError, from: Throughput, to: Throughput) -> Error {
    if !e.has_code(codes::TOO_MANY_REQUESTS) {
        return e.into();
    }
    Error::failed(format!(
        "EFS refused to change the throughput from {from} to {to}: it allows one throughput mode \
         change or provisioned-throughput decrease per 24 hours ({}); run `efsctl up` again later, \
         or keep --throughput {} for now (everything else was converged)",
        e.message,
        from.mode_name()
    ))
}

fn kms_hint(e: AwsError, key: Option<&str>) -> Error {
    match key {
        Some(key) if e.message.to_lowercase().contains("kms") => Error::usage(format!(
            "KMS key {key} cannot be used for the file system: {e}"
        )),
        _ => e.into(),
    }
}

async fn wait_available<C: Cloud>(ctx: &Ctx<'_, C>, fs: FileSystem) -> Result<FileSystem> {
    let (cloud, progress) = (ctx.cloud, ctx.progress);
    let label = format!("file system {}", fs.id);
    if fs.state == LifeCycleState::Available {
        progress.detail(&format!("{label}: available"));
        return Ok(fs);
    }
    progress.set("fs", &label, fs.state.as_str());
    let misses = AtomicU32::new(0);
    let fs = wait::until(&label, ctx.waits.timeout, Backoff::POLL, || async {
        match cloud.file_system_by_id(&fs.id).await? {
            Some(now) if now.state == LifeCycleState::Available => Ok(Poll::Ready(now)),
            Some(now) if now.state == LifeCycleState::Error || now.state.is_going_away() => {
                Err(Error::failed(format!(
                    "{label} entered state {} while efsctl waited for it to become available",
                    now.state
                )))
            }
            Some(now) => {
                progress.set("fs", &label, now.state.as_str());
                Ok(Poll::Pending(now.state.to_string()))
            }
            None if misses.fetch_add(1, Ordering::Relaxed) + 1 >= GONE_AFTER_MISSES => {
                Err(Error::failed(format!(
                    "{label} disappeared while efsctl waited for it to become available (deleted by a \
                     concurrent `efsctl teardown`?); run `efsctl up` again"
                )))
            }
            None => Ok(Poll::Pending("not yet visible".to_string())),
        }
    })
    .await?;
    progress.done("fs", &label, "available");
    Ok(fs)
}

/// `teardown`: DeleteFileSystem, retried while the file system is still in use or not yet
/// deletable (the mount target count is eventually consistent).
pub(super) async fn delete<C: Cloud>(ctx: &Ctx<'_, C>) -> Result<()> {
    for op in ctx.plan.ops::<Op>() {
        let Op::Delete { id } = op else { continue };
        let what = format!("file system {id} to accept deletion");
        wait::until(&what, ctx.waits.timeout, Backoff::POLL, || async {
            match ctx.cloud.delete_file_system(id).await {
                Ok(()) => Ok(Poll::Ready(())),
                Err(e) if e.has_code(codes::FILE_SYSTEM_NOT_FOUND) => Ok(Poll::Ready(())),
                Err(e) if e.has_code(codes::FILE_SYSTEM_IN_USE) => {
                    Ok(Poll::Pending("in use by mount targets".into()))
                }
                Err(e) if e.has_code(codes::INCORRECT_FILE_SYSTEM_LIFE_CYCLE_STATE) => {
                    Ok(Poll::Pending("not deletable yet".into()))
                }
                Err(e) => Err(e.into()),
            }
        })
        .await?;
        ctx.progress.println(&format!("deleted file system {id}"));
    }
    Ok(())
}
