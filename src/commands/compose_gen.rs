//! `efsctl compose-gen`: how to mount the deployment's file system, as a Compose override file,
//! an fstab line or a Ray fragment.
//!
//! Every flag is checked before anything else happens ([`Request::from_args`]); then the file
//! system id comes either from `--file-system-id` (no AWS call, no SDK client at all) or from
//! observing the deployment by `--name`. Rendering is pure (`render::compose`); writing `--out`
//! is atomic (`atomic_write`).

use std::path::Path;
use std::process::ExitCode;
use std::time::SystemTime;

use super::{deliver, warn, Session};
use crate::atomic_write;
use crate::cli::{ComposeFormatArg, ComposeGenArgs, GlobalArgs, MountModeArg};
use crate::config::{check_region, Loaded};
use crate::deployment::foreign_file_system_message;
use crate::error::{Error, Result};
use crate::model::{dns_name, LifeCycleState};
use crate::observe::{observe, Scope};
use crate::render;
use crate::render::compose::{
    self, Format, HostMount, MountMode, MountSpec, NfsOptions, DEFAULT_FILE_NAME, MARKER,
};
use crate::render::report::{out_path, ComposeGenReport};

/// The default Compose service when no `--service` is given.
pub const DEFAULT_SERVICE: &str = "ray-worker";

pub async fn run(global: &GlobalArgs, loaded: &Loaded, args: &ComposeGenArgs) -> Result<ExitCode> {
    let request = Request::from_args(args)?;
    for w in &request.warnings {
        warn(w);
    }
    if let Some(out) = &args.out {
        atomic_write::check_overwrite(out, MARKER, args.force)?;
    }
    let (file_system_id, region) = match &args.file_system_id {
        Some(id) => (
            file_system_id(id)?,
            offline_region(loaded, std::env::var("AWS_REGION").ok())?,
        ),
        None => look_up(loaded, args.name.name.as_deref()).await?,
    };
    let generated_at = generation_time(std::env::var("SOURCE_DATE_EPOCH").ok().as_deref())?;
    let spec = request.spec(file_system_id, region, generated_at);
    if spec.mode == MountMode::Nfs {
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

/// The validated flags: everything but the file system and region.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub format: Format,
    pub mode: MountMode,
    pub services: Vec<String>,
    pub target: String,
    pub path: String,
    pub volume_name: String,
    pub options: NfsOptions,
    pub file_name: String,
    /// Warnings about the options, for stderr.
    pub warnings: Vec<String>,
}

impl Request {
    pub fn from_args(args: &ComposeGenArgs) -> Result<Request> {
        let mode = match args.mount_mode {
            MountModeArg::Nfs => MountMode::Nfs,
            MountModeArg::Tls => MountMode::Tls,
        };
        let format = match args.format {
            ComposeFormatArg::Compose => Format::Compose,
            ComposeFormatArg::Fstab => Format::Fstab,
            ComposeFormatArg::Ray => Format::Ray,
        };
        let mut services: Vec<String> = Vec::new();
        for s in &args.services {
            compose_name(s, "--service")?;
            if !services.contains(s) {
                services.push(s.clone());
            }
        }
        if services.is_empty() {
            services.push(DEFAULT_SERVICE.to_string());
        }
        compose_name(&args.volume_name, "--volume-name")?;
        let target = absolute_path(&args.target, "--target")?;
        if target == "/" {
            return Err(Error::usage(
                "invalid --target \"/\": mounting over the root directory hides everything else; \
                 use a directory such as /mnt/efs",
            ));
        }
        let path = absolute_path(&args.path, "--path")?;
        let (options, mut warnings) = match (&args.nfs_options, mode) {
            (Some(text), _) => NfsOptions::parse(text)?,
            (None, MountMode::Nfs) => (NfsOptions::default(), Vec::new()),
            (None, MountMode::Tls) => (NfsOptions::none(), Vec::new()),
        };
        warnings.extend(options.warnings(mode == MountMode::Tls));
        let file_name = args
            .out
            .as_deref()
            .and_then(Path::file_name)
            .map_or(DEFAULT_FILE_NAME.to_string(), |n| {
                n.to_string_lossy().into_owned()
            });
        Ok(Request {
            format,
            mode,
            services,
            target,
            path,
            volume_name: args.volume_name.clone(),
            options,
            file_name,
            warnings,
        })
    }

    pub fn spec(&self, file_system_id: String, region: String, now: SystemTime) -> MountSpec {
        MountSpec {
            dns_name: dns_name(&file_system_id, &region),
            file_system_id,
            region,
            path: self.path.clone(),
            target: self.target.clone(),
            volume_name: self.volume_name.clone(),
            services: self.services.clone(),
            mode: self.mode,
            options: self.options.clone(),
            file_name: self.file_name.clone(),
            generated_at: now,
        }
    }
}

/// Finds the deployment's file system by name; exit code 3 when there is none.
async fn look_up(loaded: &Loaded, name: Option<&str>) -> Result<(String, String)> {
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
    Ok((fs.id, session.region))
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

/// Compose's rule for service and volume names: `^[a-zA-Z0-9._-]+$`.
fn compose_name(name: &str, flag: &str) -> Result<()> {
    if !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "._-".contains(c))
    {
        Ok(())
    } else {
        Err(Error::usage(format!(
            "invalid {flag} {name:?}: Compose names use only letters, digits, '.', '_' and '-'"
        )))
    }
}

/// An absolute path that is safe in a YAML value, a shell command and an fstab field.
fn absolute_path(value: &str, flag: &str) -> Result<String> {
    if !value.starts_with('/') {
        return Err(Error::usage(format!(
            "invalid {flag} {value:?}: must be an absolute path starting with /"
        )));
    }
    if !value
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "._/-".contains(c))
    {
        return Err(Error::usage(format!(
            "invalid {flag} {value:?}: only letters, digits and . _ - / are allowed (no spaces)"
        )));
    }
    let trimmed = value.trim_end_matches('/');
    Ok(if trimmed.is_empty() { "/" } else { trimmed }.to_string())
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
