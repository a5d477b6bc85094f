//! `efsctl compose-gen`: how to mount the deployment's file system, as a Compose override file,
//! an fstab line or a Ray fragment.
//!
//! Every flag is checked before anything else happens ([`Request::from_args`]); then the file
//! system id comes either from `--file-system-id` (no AWS call, no SDK client at all) or from
//! observing the deployment by `--name`. Rendering is pure (`render::compose`); writing `--out`
//! is atomic (`atomic_write`).

mod lookup;
mod request;

use std::process::ExitCode;
use std::time::SystemTime;

use super::{deliver, warn};
use crate::atomic_write;
use crate::cli::{ComposeGenArgs, GlobalArgs, MountModeArg};
use crate::config::{check_region, Loaded};
use crate::error::{Error, Result};
use crate::model::MountMode;
use crate::render;
use crate::render::compose::{self, Format, HostMount, MARKER};
use crate::render::report::{out_path, ComposeGenReport};
use lookup::{look_up, Deployment};
pub use request::Request;

pub async fn run(global: &GlobalArgs, loaded: &Loaded, args: &ComposeGenArgs) -> Result<ExitCode> {
    // Every flag is checked before any AWS call, in the mode given (or plain NFS).
    let explicit = explicit_mode(args);
    let provisional = Request::from_args(args)?;
    if args.access_point.is_some() && explicit == Some(MountMode::Nfs) {
        return Err(access_point_needs_tls());
    }
    if let Some(out) = &args.out {
        atomic_write::check_overwrite(out, MARKER, args.force)?;
    }
    let deployment = match &args.file_system_id {
        Some(id) => Deployment {
            file_system_id: file_system_id(id)?,
            region: offline_region(loaded, std::env::var("AWS_REGION").ok())?,
            mode: None,
            access_points: Vec::new(),
        },
        None => look_up(loaded, args.name.name.as_deref()).await?,
    };
    let (mode, iam) = mount_mode(explicit, deployment.mode)?;
    let access_point = match &args.access_point {
        None => None,
        Some(_) if mode == MountMode::Nfs => return Err(access_point_needs_tls()),
        Some(name) if args.file_system_id.is_some() => Some(offline_access_point_id(name)?),
        Some(name) => Some(access_point_id(&deployment, name)?),
    };
    let request = if mode == provisional.mode {
        provisional
    } else {
        Request::in_mode(args, mode)?
    };
    for w in &request.warnings {
        warn(w);
    }
    let generated_at = generation_time(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref())?;
    let mut spec = request.spec(deployment.file_system_id, deployment.region, generated_at);
    spec.iam = iam;
    spec.access_point = access_point;
    // The CSI driver's dynamic provisioning mounts through access points, which it always does
    // with TLS: no warning for that one.
    let driver_encrypts = request.format == Format::K8s && spec.k8s.dynamic;
    if spec.mode == MountMode::Nfs && !driver_encrypts {
        warn(&format!(
            "NFS traffic to {} is not encrypted in transit; --mount-mode tls \
             encrypts it with amazon-efs-utils",
            spec.file_system_id
        ));
    }
    let text = compose::render(&spec, request.format)?;
    if request.format == Format::Compose && spec.mode == MountMode::Tls {
        render::to_stderr(&host_setup_note(&spec.host_mount_for(Format::Compose)));
    }
    let report = ComposeGenReport {
        format: request.format,
        mount_mode: spec.mode,
        content: &text,
        file_system_id: &spec.file_system_id,
        region: &spec.region,
        dns_name: &spec.dns_name,
        out: out_path(args.out.as_deref()),
    };
    deliver(global, args.out.as_deref(), &text, &report)?;
    Ok(ExitCode::SUCCESS)
}

/// `--mount-mode` as given.
pub(super) fn explicit_mode(args: &ComposeGenArgs) -> Option<MountMode> {
    args.mount_mode.map(|m| match m {
        MountModeArg::Nfs => MountMode::Nfs,
        MountModeArg::Tls => MountMode::Tls,
    })
}

/// The mode to mount in, and whether with IAM: `--mount-mode`, else the deployment's, else plain
/// NFS. NFS mounts of a TLS-only deployment would be refused by its policy: bad input.
fn mount_mode(
    explicit: Option<MountMode>,
    deployment: Option<(MountMode, bool)>,
) -> Result<(MountMode, bool)> {
    match (explicit, deployment) {
        (Some(MountMode::Nfs), Some((MountMode::Tls, _))) => Err(Error::usage(
            "--mount-mode nfs: this deployment is TLS-only (`efsctl up --mount-mode tls`): its \
             file system policy denies unencrypted access, so NFS mounts would be refused; drop \
             --mount-mode (or use tls), or run `efsctl up --mount-mode nfs` first",
        )),
        (Some(mode), Some((_, iam))) => Ok((mode, iam && mode == MountMode::Tls)),
        (Some(mode), None) => Ok((mode, false)),
        (None, Some(deployed)) => Ok(deployed),
        (None, None) => Ok((MountMode::Nfs, false)),
    }
}

fn access_point_needs_tls() -> Error {
    Error::usage(
        "--access-point needs --mount-mode tls: mounting through an access point takes the EFS \
         mount helper (amazon-efs-utils), which plain NFS mounts do not use",
    )
}

/// With `--file-system-id` nothing is looked up, so the access point is given by its id.
fn offline_access_point_id(id: &str) -> Result<String> {
    if is_access_point_id(id) {
        Ok(id.to_string())
    } else {
        Err(Error::usage(format!(
            "--access-point {id:?}: with --file-system-id, give the access point's id (fsap- and \
             8 to 40 lowercase hex digits, e.g. fsap-0123456789abcdef0); names are looked up \
             with --name"
        )))
    }
}

/// `fsap-` and 8 to 40 lowercase hex digits (the EFS API's AccessPointId pattern).
fn is_access_point_id(id: &str) -> bool {
    id.strip_prefix("fsap-").is_some_and(|hex| {
        (8..=40).contains(&hex.len())
            && hex
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    })
}

/// The id of the deployment's access point called `name` (or with that id).
fn access_point_id(deployment: &Deployment, name: &str) -> Result<String> {
    match deployment
        .access_points
        .iter()
        .find(|ap| ap.name.as_deref() == Some(name) || ap.id == name)
    {
        Some(ap) => Ok(ap.id.clone()),
        None => {
            let known: Vec<&str> = deployment
                .access_points
                .iter()
                .filter_map(|ap| ap.name.as_deref())
                .collect();
            Err(Error::usage(format!(
                "--access-point {name:?}: the deployment has no such access point (it has: {}); \
                 add it with `efsctl up --access-point {name}:/PATH:UID:GID`",
                if known.is_empty() {
                    "none".to_string()
                } else {
                    known.join(", ")
                }
            )))
        }
    }
}

/// The region for `--file-system-id`: `--region`, then efsctl.yaml, then `AWS_REGION`. The
/// profile's region is not read, since that would mean loading the AWS config chain.
fn offline_region(loaded: &Loaded, env: Option<String>) -> Result<String> {
    let region = loaded
        .aws
        .region
        .clone()
        .or(env.filter(|r| !r.is_empty()))
        .ok_or_else(|| {
            Error::usage(
                "--file-system-id needs a region: pass --region, set `region:` in efsctl.yaml, or set AWS_REGION",
            )
        })?;
    check_region(&region)?;
    Ok(region)
}

/// `fs-` and 8 to 17 lowercase hex digits, like every EFS file system id.
pub fn file_system_id(id: &str) -> Result<String> {
    let ok = id.strip_prefix("fs-").is_some_and(|hex| {
        (8..=17).contains(&hex.len())
            && hex
                .chars()
                .all(|c| c.is_ascii_digit() || ('a'..='f').contains(&c))
    });
    if ok {
        Ok(id.to_string())
    } else {
        Err(Error::usage(format!(
            "invalid --file-system-id {id:?}: expected fs- followed by 8 to 17 lowercase hex digits, e.g. fs-0abc1234"
        )))
    }
}

/// What to run on each host in TLS mode before `docker compose up`.
fn host_setup_note(host: &HostMount) -> String {
    format!(
        "note: Docker cannot encrypt NFS in transit, so mount the file system on every host with \
         amazon-efs-utils before `docker compose up`:\n  sudo mkdir -p {}\n  {}\n\
         or mount it at boot with this /etc/fstab line:\n  {}\n",
        host.mount_point, host.mount_command, host.fstab_line
    )
}

/// The time stamped in the file's header: now, or `SOURCE_DATE_EPOCH` (seconds since 1970, the
/// reproducible-builds convention) so a CI job that commits the file gets the same bytes each run.
fn generation_time(source_date_epoch: Option<&str>) -> Result<SystemTime> {
    let Some(value) = source_date_epoch.filter(|v| !v.is_empty()) else {
        return Ok(SystemTime::now());
    };
    value
        .trim()
        .parse::<u64>()
        .map(|secs| SystemTime::UNIX_EPOCH + std::time::Duration::from_secs(secs))
        .map_err(|_| {
            Error::usage(format!(
                "SOURCE_DATE_EPOCH={value:?} is not a number of seconds since 1970 (e.g. 1767225600)"
            ))
        })
}

#[cfg(test)]
mod tests;
