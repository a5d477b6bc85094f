//! compose-gen's flags, checked before anything else happens: everything but the file system,
//! its region and the deployment's mount mode, which may need an AWS call.

use std::path::Path;
use std::time::SystemTime;

use crate::cli::{ComposeFormatArg, ComposeGenArgs};
use crate::error::{Error, Result};
use crate::model::{dns_name, MountMode};
use crate::render::compose::{Format, MountSpec, NfsOptions, DEFAULT_FILE_NAME};

/// The default Compose service when no `--service` is given.
pub const DEFAULT_SERVICE: &str = "ray-worker";

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
    /// The flags as given, in the mode given (plain NFS when none is).
    pub fn from_args(args: &ComposeGenArgs) -> Result<Request> {
        Self::in_mode(args, super::explicit_mode(args).unwrap_or(MountMode::Nfs))
    }

    /// The flags, for mounting in `mode`: NFS options start from AWS's recommended set for
    /// plain NFS and from the mount helper's own defaults for TLS.
    pub fn in_mode(args: &ComposeGenArgs, mode: MountMode) -> Result<Request> {
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
            iam: false,
            access_point: None,
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
