//! Finding a deployment's file system for compose-gen: its id, how the deployment is mounted
//! (the `efsctl:mount-mode` tag) and its access points.

use super::super::{warn, Session};
use crate::config::Loaded;
use crate::deployment::foreign_file_system_message;
use crate::error::{Error, Result};
use crate::model::{AccessPoint, ClientAccess, LifeCycleState, MountMode, MOUNT_MODE_TAG};
use crate::observe::{observe, Scope};

/// What compose-gen needs to know of a deployment.
pub struct Deployment {
    pub file_system_id: String,
    pub region: String,
    /// How it is mounted (its tag), and whether IAM is required; `None` for a file system
    /// given by id, or made before efsctl recorded it.
    pub mode: Option<(MountMode, bool)>,
    pub access_points: Vec<AccessPoint>,
}

/// Finds the deployment's file system by name; exit code 3 when there is none.
pub async fn look_up(loaded: &Loaded, name: Option<&str>) -> Result<Deployment> {
    let name = loaded.name(name).map_err(|e| {
        Error::usage(format!(
            "{e}, or give the file system directly with --file-system-id FS_ID"
        ))
    })?;
    let session = Session::connect(loaded).await?;
    let found = observe(&session.cloud, &name, Scope::Mounting).await?;
    if let Some(fs) = &found.foreign {
        warn(&foreign_file_system_message(fs, name.as_str()));
    }
    let Some(fs) = found.observed.file_system else {
        return Err(Error::not_found(format!(
            "deployment {name} has no file system in {}: nothing with creation token {} is tagged \
             for it (create it with `efsctl up --name {name}`, or pass --file-system-id)",
            session.region,
            name.creation_token()
        )));
    };
    if fs.state != LifeCycleState::Available {
        warn(&format!(
            "file system {} is {}; mounts work once it is available",
            fs.id, fs.state
        ));
    }
    let mount_targets = &found.observed.mount_targets;
    if !mount_targets
        .iter()
        .any(|mt| mt.state == LifeCycleState::Available)
    {
        warn(&format!(
            "file system {} has no available mount target yet, so mounts will fail: run `efsctl up --name {name}`",
            fs.id
        ));
    }
    let mode = fs
        .tags
        .get(MOUNT_MODE_TAG)
        .and_then(|v| ClientAccess::from_tag(v));
    Ok(Deployment {
        file_system_id: fs.id,
        region: session.region,
        mode,
        access_points: found.observed.access_points,
    })
}
