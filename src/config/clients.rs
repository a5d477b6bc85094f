//! Who may mount, and as whom: the mount mode and the policy options, and access points, from
//! flags (`--access-point NAME:/PATH:UID:GID[:MODE]`) or efsctl.yaml (`access-points:`), each
//! checked against what EFS accepts before any AWS call.

use std::collections::BTreeSet;

use super::{AccessPointEntry, ClientsRequest};
use crate::cli::{DesiredArgs, MountModeArg};
use crate::error::{Error, Result};
use crate::model::api_rules::{self, MAX_ACCESS_POINTS};
use crate::model::{AccessPointSpec, ClientAccess, MountMode};

/// The root directory's permissions when none are given.
pub const DEFAULT_MODE: &str = "0755";

pub fn request(d: &DesiredArgs, file: Option<&[AccessPointEntry]>) -> Result<ClientsRequest> {
    let mount_mode = match d.mount_mode.unwrap_or(MountModeArg::Nfs) {
        MountModeArg::Nfs => MountMode::Nfs,
        MountModeArg::Tls => MountMode::Tls,
    };
    if d.iam_auth && mount_mode != MountMode::Tls {
        return Err(Error::usage(
            "--iam-auth needs --mount-mode tls: only the EFS mount helper can sign a mount with \
             IAM, and plain NFS mounts would all be refused",
        ));
    }
    let access_points = if !d.access_points.is_empty() {
        d.access_points
            .iter()
            .map(|s| from_flag(s))
            .collect::<Result<Vec<_>>>()?
    } else {
        file.unwrap_or_default()
            .iter()
            .map(from_entry)
            .collect::<Result<Vec<_>>>()?
    };
    let mut names = BTreeSet::new();
    for ap in &access_points {
        if !names.insert(ap.name.as_str()) {
            return Err(Error::usage(format!(
                "two access points are named {:?}: names must be unique in a deployment",
                ap.name
            )));
        }
    }
    if access_points.len() > MAX_ACCESS_POINTS {
        return Err(Error::usage(format!(
            "{} access points: EFS allows at most {MAX_ACCESS_POINTS} per file system",
            access_points.len()
        )));
    }
    Ok(ClientsRequest {
        access: ClientAccess {
            mount_mode,
            iam_auth: d.iam_auth,
            root_squash: d.root_squash,
        },
        access_points,
    })
}

/// `NAME:/PATH:UID:GID[:MODE]`.
fn from_flag(spec: &str) -> Result<AccessPointSpec> {
    let parts: Vec<&str> = spec.split(':').collect();
    if !(4..=5).contains(&parts.len()) {
        return Err(Error::usage(format!(
            "invalid --access-point {spec:?}: expected NAME:/PATH:UID:GID[:MODE], e.g. \
             train:/ray/train:1000:1000:0750"
        )));
    }
    access_point(
        &format!("--access-point {spec:?}"),
        parts[0],
        parts[1],
        parts[2],
        parts[3],
        parts.get(4).copied(),
    )
}

fn from_entry(e: &AccessPointEntry) -> Result<AccessPointSpec> {
    let mode = e.mode.as_ref().map(|m| m.to_string());
    access_point(
        &format!("access point {:?} in efsctl.yaml", e.name),
        &e.name,
        &e.path,
        &e.uid.to_string(),
        &e.gid.to_string(),
        mode.as_deref(),
    )
}

fn access_point(
    what: &str,
    name: &str,
    path: &str,
    uid: &str,
    gid: &str,
    mode: Option<&str>,
) -> Result<AccessPointSpec> {
    let bad = |why: String| Error::usage(format!("invalid {what}: {why}"));
    let name_ok = !name.is_empty()
        && name.len() <= 64
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !name_ok {
        return Err(bad(format!(
            "name {name:?}: use 1-64 letters, digits, '-' or '_'"
        )));
    }
    api_rules::access_point_path(path).map_err(|why| bad(format!("path {path:?}: {why}")))?;
    let id = |label: &str, v: &str| {
        v.parse::<u32>().map_err(|_| {
            bad(format!(
                "{label} {v:?}: a number from 0 to 4294967295 (2^32-1)"
            ))
        })
    };
    let (uid, gid) = (id("UID", uid)?, id("GID", gid)?);
    let mode = mode.unwrap_or(DEFAULT_MODE);
    api_rules::permissions(mode).map_err(|why| bad(format!("mode {mode:?}: {why}")))?;
    Ok(AccessPointSpec {
        name: name.to_string(),
        path: path.to_string(),
        uid,
        gid,
        mode: mode.to_string(),
    })
}
