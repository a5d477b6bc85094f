//! Planning access points: each listed one exists with exactly its POSIX user, root directory
//! and creation info; owned ones no longer listed are deleted. Access points cannot be modified,
//! so a changed one is replaced. Access points efsctl did not create are left alone (and block
//! `teardown`, since EFS deletes no file system that still has any).

use std::collections::BTreeMap;

use serde::Serialize;

use super::action::{Action, Describe};
use super::state::{Desired, Observed};
use crate::deployment::{owner, DeploymentName};
use crate::model::{AccessPoint, AccessPointSpec, NewAccessPoint, Ref, ACCESS_POINT_TAG};

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op")]
pub enum Op {
    #[serde(rename = "create-access-point")]
    Create {
        name: String,
        request: NewAccessPoint,
    },
    #[serde(rename = "keep-access-point")]
    Keep { name: String, id: String },
    /// DeleteAccessPoint, then CreateAccessPoint with the new request.
    #[serde(rename = "replace-access-point")]
    Replace {
        name: String,
        id: String,
        request: NewAccessPoint,
    },
    #[serde(rename = "delete-access-point")]
    Delete { name: String, id: String },
}

impl Describe for Op {
    fn action(&self) -> Action {
        match self {
            Op::Create { .. } => Action::Create,
            Op::Keep { .. } => Action::Keep,
            Op::Replace { .. } => Action::Replace,
            Op::Delete { .. } => Action::Delete,
        }
    }
    fn resource(&self) -> String {
        match self {
            Op::Create { name, request } => format!(
                "access point {name} ({} as {}:{})",
                request.path, request.uid, request.gid
            ),
            Op::Keep { name, id } | Op::Delete { name, id } => {
                format!("access point {name} ({id})")
            }
            Op::Replace {
                name, id, request, ..
            } => format!(
                "access point {name} ({id} -> {} as {}:{})",
                request.path, request.uid, request.gid
            ),
        }
    }
    fn check(&self) -> Result<(), String> {
        match self {
            Op::Create { request, .. } | Op::Replace { request, .. } => request.check(),
            _ => Ok(()),
        }
    }
}

/// FNV-1a, 64 bits: a stable digest of the access point's identity for its client token.
fn fnv1a(parts: &[&str]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for part in parts {
        for b in part.bytes().chain([0u8]) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    h
}

/// The CreateAccessPoint request for `spec`. Its client token is derived from the deployment,
/// the name and the settings: a retried create cannot make two, and a replacement (new
/// settings) is not mistaken for the access point it replaces.
pub fn request(
    name: &DeploymentName,
    spec: &AccessPointSpec,
    file_system_id: Ref,
) -> NewAccessPoint {
    let (uid, gid) = (spec.uid.to_string(), spec.gid.to_string());
    let digest = fnv1a(&[
        name.as_str(),
        &spec.name,
        &spec.path,
        &uid,
        &gid,
        &spec.mode,
    ]);
    let mut tags = name.tags();
    tags.insert("Name".to_string(), format!("{name}-{}", spec.name));
    tags.insert(ACCESS_POINT_TAG.to_string(), spec.name.clone());
    NewAccessPoint {
        client_token: format!("efsctl-{digest:016x}"),
        file_system_id,
        uid: spec.uid,
        gid: spec.gid,
        path: spec.path.clone(),
        owner_uid: spec.uid,
        owner_gid: spec.gid,
        permissions: spec.mode.clone(),
        tags,
    }
}

/// The deployment's own access points, by name.
fn owned<'a>(name: &DeploymentName, observed: &'a Observed) -> BTreeMap<&'a str, &'a AccessPoint> {
    observed
        .access_points
        .iter()
        .filter(|ap| owner(&ap.tags) == Some(name.as_str()) && ap.state != "deleting")
        .filter_map(|ap| ap.name.as_deref().map(|n| (n, ap)))
        .collect()
}

pub fn plan(desired: &Desired, observed: &Observed) -> Vec<(Op, String)> {
    let name = &desired.name;
    let fs = observed
        .file_system
        .as_ref()
        .map_or(Ref::Planned, |f| Ref::existing(&f.id));
    let have = owned(name, observed);
    let mut steps = Vec::new();
    for (ap_name, ap) in &have {
        if !desired.access_points.iter().any(|s| s.name == *ap_name) {
            steps.push((
                Op::Delete {
                    name: ap_name.to_string(),
                    id: ap.id.clone(),
                },
                "no longer listed".to_string(),
            ));
        }
    }
    for spec in &desired.access_points {
        let req = request(name, spec, fs.clone());
        match have.get(spec.name.as_str()) {
            None => steps.push((
                Op::Create {
                    name: spec.name.clone(),
                    request: req,
                },
                "listed but missing".to_string(),
            )),
            Some(ap) if ap.matches(spec) => steps.push((
                Op::Keep {
                    name: spec.name.clone(),
                    id: ap.id.clone(),
                },
                "exists".to_string(),
            )),
            Some(ap) => steps.push((
                Op::Replace {
                    name: spec.name.clone(),
                    id: ap.id.clone(),
                    request: req,
                },
                format!(
                    "is {} as {}:{} mode {}: access points cannot be modified",
                    ap.path,
                    ap.uid.map_or("-".into(), |u| u.to_string()),
                    ap.gid.map_or("-".into(), |g| g.to_string()),
                    ap.mode.as_deref().unwrap_or("-")
                ),
            )),
        }
    }
    steps
}

/// `teardown`: the deployment's access points, before the file system.
pub fn plan_teardown(name: &DeploymentName, observed: &Observed) -> Vec<(Op, String)> {
    owned(name, observed)
        .into_iter()
        .map(|(ap_name, ap)| {
            (
                Op::Delete {
                    name: ap_name.to_string(),
                    id: ap.id.clone(),
                },
                "before the file system: EFS deletes none that still has access points".to_string(),
            )
        })
        .collect()
}

/// Access points efsctl did not create keep the file system from being deleted.
pub fn teardown_blockers(name: &DeploymentName, observed: &Observed) -> Vec<String> {
    let Some(fs) = &observed.file_system else {
        return Vec::new();
    };
    let foreign: Vec<&str> = observed
        .access_points
        .iter()
        .filter(|ap| owner(&ap.tags) != Some(name.as_str()) && ap.state != "deleting")
        .map(|ap| ap.id.as_str())
        .collect();
    if foreign.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "file system {} has access points efsctl did not create ({}); EFS deletes no file system \
         that still has access points, and efsctl deletes only what it made: delete them \
         (aws efs delete-access-point --access-point-id ID), then run teardown again",
        fs.id,
        foreign.join(", ")
    )]
}
