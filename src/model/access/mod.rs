//! Who may mount, and as whom: how the deployment is mounted ([`MountMode`], recorded on the
//! file system as a tag), the file system policy that follows from it ([`ClientAccess`]), and
//! access points (a POSIX identity and a root directory per application).
//!
//! The policy is built so that it never locks out the mounts efsctl generates: NFS mounts are
//! anonymous and unencrypted, so they get no TLS deny; an IAM-only policy is possible only in TLS
//! mode, where the mount helper can sign with the node's role.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;
use serde_json::{json, Value};

use super::api_rules;
use super::requests::Ref;

/// Tag recording how the deployment is mounted: `nfs`, `tls` or `tls+iam`.
pub const MOUNT_MODE_TAG: &str = "efsctl:mount-mode";
/// Tag naming an access point within its deployment.
pub const ACCESS_POINT_TAG: &str = "efsctl:access-point";

/// How clients mount the file system.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum MountMode {
    /// The kernel's NFS client (Docker's local driver): no TLS, no IAM.
    Nfs,
    /// amazon-efs-utils with `-o tls`: encrypted in transit.
    Tls,
}

impl MountMode {
    pub fn as_str(self) -> &'static str {
        match self {
            MountMode::Nfs => "nfs",
            MountMode::Tls => "tls",
        }
    }
}

impl fmt::Display for MountMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What the deployment asks of its clients.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct ClientAccess {
    pub mount_mode: MountMode,
    /// Clients must mount with IAM (`-o tls,iam`): anonymous mounts are refused. TLS only.
    pub iam_auth: bool,
    /// No client may act as root (ClientRootAccess is not granted).
    pub root_squash: bool,
}

impl Default for ClientAccess {
    fn default() -> Self {
        ClientAccess {
            mount_mode: MountMode::Nfs,
            iam_auth: false,
            root_squash: false,
        }
    }
}

impl ClientAccess {
    /// The value of [`MOUNT_MODE_TAG`].
    pub fn tag_value(&self) -> &'static str {
        match (self.mount_mode, self.iam_auth) {
            (MountMode::Tls, true) => "tls+iam",
            (MountMode::Tls, false) => "tls",
            (MountMode::Nfs, _) => "nfs",
        }
    }

    /// Reads [`MOUNT_MODE_TAG`] back: mode and whether IAM is required (`None` if unknown).
    pub fn from_tag(value: &str) -> Option<(MountMode, bool)> {
        match value {
            "nfs" => Some((MountMode::Nfs, false)),
            "tls" => Some((MountMode::Tls, false)),
            "tls+iam" => Some((MountMode::Tls, true)),
            _ => None,
        }
    }

    /// The file system policy these settings call for; `None` for EFS's default (every client
    /// that reaches a mount target may mount, write and act as root).
    ///
    /// - An Allow for any principal, reached through a mount target, of ClientWrite, ClientMount
    ///   unless `iam_auth` (so only roles granted ClientMount by their own IAM policy may mount:
    ///   the console's "prevent anonymous access"), ClientRootAccess unless `root_squash`;
    /// - in TLS mode, a Deny of every action without `aws:SecureTransport`.
    pub fn policy(&self, deployment: &str) -> Option<Value> {
        let defaults = *self == ClientAccess::default();
        if defaults {
            return None;
        }
        let mut actions = Vec::new();
        if !self.iam_auth {
            actions.push("elasticfilesystem:ClientMount");
        }
        actions.push("elasticfilesystem:ClientWrite");
        if !self.root_squash {
            actions.push("elasticfilesystem:ClientRootAccess");
        }
        let mut statements = vec![json!({
            "Sid": "EfsctlClientsThroughMountTargets",
            "Effect": "Allow",
            "Principal": {"AWS": "*"},
            "Action": actions,
            "Condition": {"Bool": {"elasticfilesystem:AccessedViaMountTarget": "true"}}
        })];
        if self.mount_mode == MountMode::Tls {
            statements.push(json!({
                "Sid": "EfsctlDenyUnencryptedTransport",
                "Effect": "Deny",
                "Principal": {"AWS": "*"},
                "Action": "*",
                "Condition": {"Bool": {"aws:SecureTransport": "false"}}
            }));
        }
        Some(json!({
            "Version": "2012-10-17",
            "Id": policy_id(deployment),
            "Statement": statements
        }))
    }
}

/// The `Id` of the policies efsctl writes: how it recognises its own.
pub fn policy_id(deployment: &str) -> String {
    format!("efsctl-{deployment}")
}

/// A policy document in a form that compares equal whatever way AWS spells it back: `Principal`
/// `"*"` as `{"AWS": "*"}`, single values as one-element lists, lists sorted.
pub fn normalized_policy(doc: &Value) -> Value {
    fn list(v: &Value) -> Value {
        let mut items: Vec<Value> = match v {
            Value::Array(a) => a.clone(),
            Value::Null => Vec::new(),
            other => vec![other.clone()],
        };
        items.sort_by_key(|v| v.to_string());
        Value::Array(items)
    }
    let mut doc = doc.clone();
    let statements = match doc.get_mut("Statement") {
        Some(Value::Array(a)) => a,
        Some(single) => {
            *single = Value::Array(vec![single.take()]);
            match single {
                Value::Array(a) => a,
                _ => unreachable!(),
            }
        }
        None => return doc,
    };
    for st in statements.iter_mut() {
        let Value::Object(st) = st else { continue };
        for key in ["Action", "NotAction", "Resource"] {
            if let Some(v) = st.get_mut(key) {
                *v = list(v);
            }
        }
        if let Some(p) = st.get_mut("Principal") {
            let normal = match &*p {
                Value::String(s) => json!({"AWS": [s.clone()]}),
                Value::Object(m) => {
                    Value::Object(m.iter().map(|(k, v)| (k.clone(), list(v))).collect())
                }
                other => other.clone(),
            };
            *p = normal;
        }
    }
    doc
}

/// The identity policy a client's IAM role needs to mount the file system at `file_system_arn`
/// (`efsctl iam-policy`): ClientMount, ClientWrite unless `read_only`, ClientRootAccess only
/// with `root`; through a mount target, and through these access points when any are given.
pub fn identity_policy(
    deployment: &str,
    file_system_arn: &str,
    access_point_arns: &[String],
    read_only: bool,
    root: bool,
) -> Value {
    let mut actions = vec!["elasticfilesystem:ClientMount"];
    if !read_only {
        actions.push("elasticfilesystem:ClientWrite");
    }
    if root {
        actions.push("elasticfilesystem:ClientRootAccess");
    }
    let mut condition = json!({
        "Bool": {"elasticfilesystem:AccessedViaMountTarget": "true"}
    });
    if !access_point_arns.is_empty() {
        condition["StringEquals"] =
            json!({ "elasticfilesystem:AccessPointArn": access_point_arns });
    }
    // IAM's Sid: letters and digits only.
    let sid: String = format!("EfsctlMount{deployment}")
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect();
    json!({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": sid,
            "Effect": "Allow",
            "Action": actions,
            "Resource": file_system_arn,
            "Condition": condition
        }]
    })
}

/// What a policy does, in a few words: "TLS only, no root", or "custom" when it does none of
/// what efsctl's policies do.
pub fn policy_summary(doc: &Value) -> String {
    let text = doc.to_string();
    let mut parts = Vec::new();
    if text.contains("aws:SecureTransport") {
        parts.push("TLS only");
    }
    if !text.contains("ClientMount") {
        parts.push("IAM mounts only");
    }
    if !text.contains("ClientRootAccess") {
        parts.push("no root");
    }
    if parts.is_empty() {
        "mounts through mount targets".to_string()
    } else {
        parts.join(", ")
    }
}

/// One access point as the deployment asks for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessPointSpec {
    pub name: String,
    /// Absolute, at most four levels, no `.`-segments.
    pub path: String,
    pub uid: u32,
    pub gid: u32,
    /// Octal permissions of the root directory if EFS creates it, e.g. `0755`.
    pub mode: String,
}

/// An access point as EFS describes it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AccessPoint {
    pub id: String,
    pub arn: String,
    pub file_system_id: String,
    /// Its [`ACCESS_POINT_TAG`].
    pub name: Option<String>,
    pub path: String,
    pub uid: Option<u32>,
    pub gid: Option<u32>,
    pub mode: Option<String>,
    pub owner_uid: Option<u32>,
    pub owner_gid: Option<u32>,
    pub state: String,
    pub tags: BTreeMap<String, String>,
}

impl AccessPoint {
    /// Whether this access point is exactly what `spec` asks for.
    pub fn matches(&self, spec: &AccessPointSpec) -> bool {
        self.path == spec.path
            && self.uid == Some(spec.uid)
            && self.gid == Some(spec.gid)
            && self.owner_uid == Some(spec.uid)
            && self.owner_gid == Some(spec.gid)
            && self.mode.as_deref().map(normal_mode) == Some(normal_mode(&spec.mode))
    }
}

/// `755` and `0755` are the same mode.
fn normal_mode(mode: &str) -> String {
    format!("{:0>4}", mode.trim_start_matches('0'))
}

/// CreateAccessPoint.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewAccessPoint {
    /// Idempotency key: the same token again returns the same access point.
    pub client_token: String,
    pub file_system_id: Ref,
    pub uid: u32,
    pub gid: u32,
    pub path: String,
    /// CreationInfo: owner and permissions of the root directory if EFS creates it.
    pub owner_uid: u32,
    pub owner_gid: u32,
    pub permissions: String,
    pub tags: BTreeMap<String, String>,
}

impl NewAccessPoint {
    pub fn check(&self) -> Result<(), String> {
        api_rules::client_token(&self.client_token)
            .map_err(|why| format!("invalid client token {:?}: {why}", self.client_token))?;
        api_rules::access_point_path(&self.path)
            .map_err(|why| format!("invalid access point path {:?}: {why}", self.path))?;
        api_rules::permissions(&self.permissions)
            .map_err(|why| format!("invalid mode {:?}: {why}", self.permissions))?;
        for (key, value) in &self.tags {
            api_rules::tag_key(key).map_err(|why| format!("invalid tag key {key:?}: {why}"))?;
            api_rules::tag_value(value)
                .map_err(|why| format!("invalid value of tag {key}: {why}"))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests;
