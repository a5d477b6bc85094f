//! What the tasks of one run share: the plan, the cloud, the waits, progress, and the ids that
//! earlier stages made (a new group's id, the file system) for later stages to use.
//!
//! A task only writes what its own kind makes, once; a later stage reads it. A planned id
//! asked for before its stage ran is an executor bug, reported as such.

use std::sync::OnceLock;
use std::time::Duration;

use crate::error::{Error, Result};
use crate::model::{FileSystem, MountTarget, Ref};
use crate::plan::Plan;
use crate::progress::Progress;

/// How long to wait for AWS's eventually consistent states.
#[derive(Debug, Clone, Copy)]
pub struct Waits {
    pub timeout: Duration,
}

pub struct Ctx<'a, C> {
    pub cloud: &'a C,
    pub plan: &'a Plan,
    pub waits: Waits,
    pub progress: &'a Progress,
    group_id: OnceLock<String>,
    file_system: OnceLock<FileSystem>,
    created_mount_targets: OnceLock<Vec<MountTarget>>,
    mount_targets: OnceLock<Vec<MountTarget>>,
}

fn not_made(what: &str) -> Error {
    Error::failed(format!(
        "internal error: {what} was needed before the stage that makes it ran"
    ))
}

impl<'a, C> Ctx<'a, C> {
    pub fn new(cloud: &'a C, plan: &'a Plan, waits: Waits, progress: &'a Progress) -> Self {
        Ctx {
            cloud,
            plan,
            waits,
            progress,
            group_id: OnceLock::new(),
            file_system: OnceLock::new(),
            created_mount_targets: OnceLock::new(),
            mount_targets: OnceLock::new(),
        }
    }

    /// The deployment's group, kept or just made.
    pub fn set_group_id(&self, id: String) {
        let _ = self.group_id.set(id);
    }
    pub fn group_id(&self) -> Result<&str> {
        self.group_id
            .get()
            .map(String::as_str)
            .ok_or_else(|| not_made("the security group's id"))
    }

    /// The file system, kept or just made, once available.
    pub fn set_file_system(&self, fs: FileSystem) {
        let _ = self.file_system.set(fs);
    }
    pub fn file_system(&self) -> Result<&FileSystem> {
        self.file_system
            .get()
            .ok_or_else(|| not_made("the file system"))
    }

    /// A group id a step names: as planned, or the one made by this run.
    pub fn resolve_group(&self, r: &Ref) -> Result<String> {
        match r {
            Ref::Existing(id) => Ok(id.clone()),
            Ref::Planned => self.group_id().map(str::to_string),
        }
    }
    /// A file system id a step names: as planned, or the one made by this run.
    pub fn resolve_file_system(&self, r: &Ref) -> Result<String> {
        match r {
            Ref::Existing(id) => Ok(id.clone()),
            Ref::Planned => self.file_system().map(|fs| fs.id.clone()),
        }
    }

    /// Mount targets this run created, as their create calls answered.
    pub fn set_created_mount_targets(&self, made: Vec<MountTarget>) {
        let _ = self.created_mount_targets.set(made);
    }
    pub fn created_mount_targets(&self) -> &[MountTarget] {
        self.created_mount_targets.get().map_or(&[], Vec::as_slice)
    }

    /// Every wanted AZ's mount target, once all are available.
    pub fn set_mount_targets(&self, all: Vec<MountTarget>) {
        let _ = self.mount_targets.set(all);
    }
    pub fn mount_targets(&self) -> Result<&[MountTarget]> {
        self.mount_targets
            .get()
            .map(Vec::as_slice)
            .ok_or_else(|| not_made("the mount targets"))
    }
}
