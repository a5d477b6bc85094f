//! The one executor: runs a plan through a stage table.
//!
//! A stage lists tasks that do not depend on each other; they run concurrently, and the stage
//! ends when all of them have (the first failure ends the run at once, dropping the others'
//! unfinished calls: what was made stays for the next run to find). The order of the stages is
//! the order AWS forces, written down once here with the reason for each.

use futures_util::future::try_join_all;
use serde::Serialize;

use super::context::{Ctx, Waits};
use super::{
    access_points, backup, file_system, lifecycle, mount_target_deletion, mount_targets, policy,
    replication, rules, security_group,
};
use crate::aws::Cloud;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{FileSystem, MountTarget};
use crate::plan::{self, Plan};
use crate::progress::Progress;

/// One resource kind's share of a stage: an applier function.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Task {
    /// Keep or create (adopt) the deployment's group.
    SecurityGroup,
    /// Keep or create (adopt) the file system, wait until available, repair throughput.
    FileSystem,
    /// Authorize and revoke the group's NFS rules.
    Rules,
    /// PutBackupPolicy where backups drifted.
    Backup,
    /// PutLifecycleConfiguration where the policy differs (or the file system is new).
    Lifecycle,
    /// Create (and tag) or delete the replication; delete the replica after it.
    Replication,
    /// The mount-mode tag and the file system policy.
    Policy,
    /// Create, replace or delete access points.
    AccessPoints,
    /// Per AZ: delete, create, or re-group its mount target.
    MountTargets,
    /// Poll until every wanted AZ's mount target is available.
    MountTargetsAvailable,
    /// Delete owned groups outside the desired VPC (best effort).
    StraySecurityGroups,
    /// Delete the replication, wait until it is gone, delete the replica.
    DeleteReplication,
    DeleteAccessPoints,
    DeleteMountTargets,
    /// Poll until the file system reports no mount targets.
    NoMountTargetsLeft,
    DeleteFileSystem,
    /// Delete the groups, retrying while network interfaces linger.
    DeleteSecurityGroups,
}

/// Tasks that run together; the next stage starts when all of them have finished.
#[derive(Debug, Clone, Copy)]
pub struct Stage {
    pub name: &'static str,
    pub tasks: &'static [Task],
}

/// `up`. A mount target needs the group's id and an available file system, not the group's
/// rules; the file system's policies and its replication need it available (EFS answers
/// IncorrectFileSystemLifeCycleState before); the stray groups go last, once no mount target
/// can still use them.
pub const UP: &[Stage] = &[
    Stage {
        name: "security group and file system",
        tasks: &[Task::SecurityGroup, Task::FileSystem],
    },
    Stage {
        name: "rules, mount targets, the file system's policies and replication",
        tasks: &[
            Task::Rules,
            Task::MountTargets,
            Task::Backup,
            Task::Lifecycle,
            Task::Replication,
            Task::Policy,
            Task::AccessPoints,
        ],
    },
    Stage {
        name: "mount targets available",
        tasks: &[Task::MountTargetsAvailable],
    },
    Stage {
        name: "stray security groups",
        tasks: &[Task::StraySecurityGroups],
    },
];

/// `teardown`. Neither side of a replication can be deleted while it exists, and EFS deletes no
/// file system that has access points, so both go first (beside the mount targets, which do not
/// depend on them). DeleteFileSystem fails with FileSystemInUse while the file system has mount
/// targets (and their count is eventually consistent: hence the wait), and DeleteSecurityGroup
/// fails with DependencyViolation while a mount target's network interface uses the group. Once
/// no mount target is left, the file system and the groups depend on nothing of each other, so
/// they go together.
pub const TEARDOWN: &[Stage] = &[
    Stage {
        name: "replication (and replica), access points and mount targets",
        tasks: &[
            Task::DeleteReplication,
            Task::DeleteAccessPoints,
            Task::DeleteMountTargets,
        ],
    },
    Stage {
        name: "until the file system has no mount targets",
        tasks: &[Task::NoMountTargetsLeft],
    },
    Stage {
        name: "file system and security groups",
        tasks: &[Task::DeleteFileSystem, Task::DeleteSecurityGroups],
    },
];

/// Runs `stages` in order, each one's tasks concurrently.
pub async fn run<C: Cloud>(ctx: &Ctx<'_, C>, stages: &[Stage]) -> Result<()> {
    for stage in stages {
        ctx.progress.detail(&format!("stage: {}", stage.name));
        try_join_all(stage.tasks.iter().map(|task| run_task(*task, ctx))).await?;
    }
    Ok(())
}

async fn run_task<C: Cloud>(task: Task, ctx: &Ctx<'_, C>) -> Result<()> {
    match task {
        Task::SecurityGroup => security_group::ensure(ctx).await,
        Task::FileSystem => file_system::ensure(ctx).await,
        Task::Rules => rules::converge(ctx).await,
        Task::Backup => backup::converge(ctx).await,
        Task::Lifecycle => lifecycle::converge(ctx).await,
        Task::Replication => replication::converge(ctx).await,
        Task::DeleteReplication => replication::delete_all(ctx).await,
        Task::Policy => policy::converge(ctx).await,
        Task::AccessPoints => access_points::converge(ctx).await,
        Task::DeleteAccessPoints => access_points::delete_all(ctx).await,
        Task::MountTargets => mount_targets::converge(ctx).await,
        Task::MountTargetsAvailable => mount_targets::wait_available(ctx).await,
        Task::StraySecurityGroups => security_group::delete_strays(ctx).await,
        Task::DeleteMountTargets => mount_target_deletion::delete_all(ctx).await,
        Task::NoMountTargetsLeft => mount_target_deletion::wait_none_left(ctx).await,
        Task::DeleteFileSystem => file_system::delete(ctx).await,
        Task::DeleteSecurityGroups => security_group::delete_all(ctx).await,
    }
}

/// What `up` leaves behind.
#[derive(Debug, Clone, Serialize)]
pub struct UpOutcome {
    pub file_system: FileSystem,
    pub security_group_id: String,
    pub mount_targets: Vec<MountTarget>,
    /// Number of steps that changed something.
    pub changes: usize,
}

pub async fn up<C: Cloud>(
    cloud: &C,
    plan: &Plan,
    waits: Waits,
    progress: &Progress,
) -> Result<UpOutcome> {
    let ctx = Ctx::new(cloud, plan, waits, progress);
    run(&ctx, UP).await.map_err(|e| match e.kind {
        // Not "deployment not found" (exit 3): something vanished under a running `up`.
        ErrorKind::NotFound => Error::failed(format!(
            "{}; it was deleted while efsctl up ran (a concurrent `efsctl teardown`?): run `efsctl up` again",
            e.message
        )),
        _ => e,
    })?;
    let mount_targets = ctx.mount_targets()?.to_vec();
    Ok(UpOutcome {
        file_system: FileSystem {
            number_of_mount_targets: mount_targets.len() as i32,
            ..ctx.file_system()?.clone()
        },
        security_group_id: ctx.group_id()?.to_string(),
        mount_targets,
        changes: plan.changes().count(),
    })
}

/// What `teardown` deleted.
#[derive(Debug, Clone, Default, Serialize)]
pub struct TeardownOutcome {
    pub deleted_mount_targets: Vec<String>,
    pub deleted_file_system: Option<String>,
    pub deleted_security_groups: Vec<String>,
    /// `REGION/fs-id` of the replica deleted, if any.
    pub deleted_replica: Option<String>,
    pub deleted_access_points: Vec<String>,
}

pub async fn teardown<C: Cloud>(
    cloud: &C,
    plan: &Plan,
    waits: Waits,
    progress: &Progress,
) -> Result<TeardownOutcome> {
    let ctx = Ctx::new(cloud, plan, waits, progress);
    run(&ctx, TEARDOWN).await?;
    let mut outcome = TeardownOutcome::default();
    for op in plan.ops::<plan::mount_targets::Op>() {
        if let plan::mount_targets::Op::Delete { id, .. } = op {
            outcome.deleted_mount_targets.push(id.clone());
        }
    }
    for op in plan.ops::<plan::file_system::Op>() {
        if let plan::file_system::Op::Delete { id } = op {
            outcome.deleted_file_system = Some(id.clone());
        }
    }
    for op in plan.ops::<plan::replication::Op>() {
        if let plan::replication::Op::DeleteReplica {
            region,
            file_system_id,
        } = op
        {
            outcome.deleted_replica = Some(format!("{region}/{file_system_id}"));
        }
    }
    for op in plan.ops::<plan::access_points::Op>() {
        if let plan::access_points::Op::Delete { id, .. } = op {
            outcome.deleted_access_points.push(id.clone());
        }
    }
    for op in plan.ops::<plan::security_group::Op>() {
        if let plan::security_group::Op::Delete { id, .. } = op {
            outcome.deleted_security_groups.push(id.clone());
        }
    }
    Ok(outcome)
}
