//! compose-gen's flags, checked before anything else happens: everything but the file system,
//! its region and the deployment's mount mode, which may need an AWS call.

use std::path::Path;
use std::time::SystemTime;

use crate::cli::{ComposeFormatArg, ComposeGenArgs, K8sProvisioningArg, RayDockerArg};
use crate::error::{Error, Result};
use crate::model::{dns_name, MountMode};
use crate::render::compose::{
    Format, K8sSpec, MountSpec, NfsOptions, DEFAULT_FILE_NAME, DEFAULT_TARGET, RAY_TARGET,
};

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
    pub ray_docker: bool,
    pub k8s: K8sSpec,
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
            ComposeFormatArg::K8s => Format::K8s,
        };
        let default_target = match format {
            Format::Ray | Format::K8s => RAY_TARGET,
            Format::Compose | Format::Fstab => DEFAULT_TARGET,
        };
        let k8s = K8sSpec {
            namespace: dns_label(&args.namespace, "--namespace", 63)?,
            claim_name: dns_label(&args.claim_name, "--claim-name", 253)?,
            dynamic: args.k8s_provisioning == K8sProvisioningArg::Dynamic,
        };
        if k8s.dynamic && args.access_point.is_some() {
            return Err(Error::usage(
                "--access-point with --k8s-provisioning dynamic: the EFS CSI driver makes an \
                 access point for each claim itself; use static provisioning to mount an \
                 existing one",
            ));
        }
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
        let target = absolute_path(args.target.as_deref().unwrap_or(default_target), "--target")?;
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
            ray_docker: args.ray_docker == RayDockerArg::Yes,
            k8s,
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
            ray_docker: self.ray_docker,
            k8s: self.k8s.clone(),
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

/// A Kubernetes name: lower-case letters, digits and '-', starting and ending with a letter or
/// digit, at most `max` characters (RFC 1123 labels; a claim name may also hold '.').
fn dns_label(value: &str, flag: &str, max: usize) -> Result<String> {
    let ok = !value.is_empty()
        && value.len() <= max
        && value.chars().all(|c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || (max > 63 && c == '.')
        })
        && value.starts_with(|c: char| c.is_ascii_alphanumeric())
        && value.ends_with(|c: char| c.is_ascii_alphanumeric());
    if ok {
        Ok(value.to_string())
    } else {
        Err(Error::usage(format!(
            "invalid {flag} {value:?}: Kubernetes names use lower-case letters, digits and '-', \
             starting and ending with a letter or digit, at most {max} characters"
        )))
    }
}
