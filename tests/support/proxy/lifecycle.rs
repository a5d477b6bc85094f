//! A simulated resource lifecycle on top of moto, whose resources are `available` at once and
//! gone the instant they are deleted. Real EFS takes minutes either way and EC2 keeps a deleted
//! mount target's network interface for a while; these are the cases efsctl's convergence loops
//! exist for, so the proxy replays them by rewriting moto's answers:
//!
//! - a file system reports `creating` for `fs_creating` after the proxy saw it created, and
//!   CreateMountTarget on it fails with IncorrectFileSystemLifeCycleState meanwhile;
//! - a mount target reports `creating` for `mt_creating` (DeleteMountTarget fails with
//!   IncorrectMountTargetState meanwhile);
//! - a deleted mount target keeps being described, as `deleting`, for `mt_deleting` (its last
//!   description is remembered), counts in NumberOfMountTargets, makes DeleteFileSystem fail with
//!   FileSystemInUse and CreateMountTarget in its subnet fail with MountTargetConflict;
//! - DeleteSecurityGroup fails with DependencyViolation for `sg_dependency` after that;
//! - a replication reports `ENABLING` for `replication_enabling` after it was created, and a
//!   deleted one keeps being described, as `DELETING`, for `replication_deleting` (DeleteFileSystem
//!   of either side fails with FileSystemInUse meanwhile), as EFS does for minutes.

use std::collections::HashMap;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::Full;
use hyper::Response;
use serde_json::Value;

use super::wire::{ec2_error, form_value, json_error, json_ok, path_id};

/// How long each simulated transition lasts; all zero means moto's own behaviour.
#[derive(Debug, Clone, Copy, Default)]
pub struct Lifecycle {
    pub fs_creating: Duration,
    pub mt_creating: Duration,
    pub mt_deleting: Duration,
    pub sg_dependency: Duration,
    pub replication_enabling: Duration,
    pub replication_deleting: Duration,
}

#[derive(Debug, Default)]
pub struct Tracker {
    fs_created: HashMap<String, Instant>,
    mt_created: HashMap<String, Instant>,
    /// Last description seen of each mount target, to keep showing it while it is "deleting".
    mt_last: HashMap<String, Value>,
    /// Deleted mount targets: when, and their last description.
    mt_deleted: HashMap<String, (Instant, Value)>,
    /// Replications by source id: when created, and their last description.
    repl_created: HashMap<String, Instant>,
    repl_last: HashMap<String, Value>,
    /// Deleted replications by source id: when, and their last description (DELETING).
    repl_deleted: HashMap<String, (Instant, Value)>,
}

/// The request facts the tracker decides on.
pub struct Seen<'a> {
    pub operation: &'a str,
    pub path: &'a str,
    pub query: &'a str,
    pub body: &'a [u8],
}

impl Tracker {
    fn ghosts<'a>(
        &'a self,
        l: &Lifecycle,
        fs_id: &'a str,
        now: Instant,
    ) -> impl Iterator<Item = &'a Value> + 'a {
        let window = l.mt_deleting;
        self.mt_deleted.values().filter_map(move |(at, d)| {
            (now.duration_since(*at) < window && d["FileSystemId"] == fs_id).then_some(d)
        })
    }

    /// A replication still being deleted that involves file system `id` (either side).
    fn deleting_replication(&self, l: &Lifecycle, id: &str, now: Instant) -> Option<&Value> {
        self.repl_deleted.values().find_map(|(at, d)| {
            let involved = d["SourceFileSystemId"] == id
                || d["Destinations"]
                    .as_array()
                    .is_some_and(|ds| ds.iter().any(|x| x["FileSystemId"] == id));
            (involved && now.duration_since(*at) < l.replication_deleting).then_some(d)
        })
    }

    fn within(map: &HashMap<String, Instant>, id: &str, window: Duration, now: Instant) -> bool {
        map.get(id)
            .is_some_and(|at| now.duration_since(*at) < window)
    }

    /// An AWS-like refusal the simulated state calls for, answered instead of forwarding.
    pub fn refuse(&self, l: &Lifecycle, r: &Seen, now: Instant) -> Option<Response<Full<Bytes>>> {
        match r.operation {
            "DescribeReplicationConfigurations" => {
                let id = form_value(r.query.as_bytes(), "FileSystemId")?;
                let ghost = self.deleting_replication(l, &id, now)?;
                Some(json_ok(&serde_json::json!({ "Replications": [ghost] })))
            }
            "DeleteFileSystem" => {
                let id = path_id(r.path)?;
                if self.deleting_replication(l, &id, now).is_some() {
                    return Some(json_error(
                        409,
                        "FileSystemInUse",
                        &format!("File system '{id}' is part of a replication being deleted"),
                    ));
                }
                let n = self.ghosts(l, &id, now).count();
                (n > 0).then(|| {
                    json_error(
                        409,
                        "FileSystemInUse",
                        &format!("File system '{id}' has {n} mount target(s) still deleting"),
                    )
                })
            }
            "CreateMountTarget" => {
                let req: Value = serde_json::from_slice(r.body).ok()?;
                let fs_id = req["FileSystemId"].as_str()?;
                if Self::within(&self.fs_created, fs_id, l.fs_creating, now) {
                    return Some(json_error(
                        409,
                        "IncorrectFileSystemLifeCycleState",
                        "file system is still creating",
                    ));
                }
                let subnet = &req["SubnetId"];
                let conflict = self.ghosts(l, fs_id, now).any(|g| &g["SubnetId"] == subnet);
                conflict.then(|| {
                    json_error(
                        409,
                        "MountTargetConflict",
                        "a mount target in this subnet is still deleting",
                    )
                })
            }
            "DeleteMountTarget" => {
                let id = path_id(r.path)?;
                Self::within(&self.mt_created, &id, l.mt_creating, now).then(|| {
                    json_error(
                        409,
                        "IncorrectMountTargetState",
                        &format!("mount target {id} is creating"),
                    )
                })
            }
            "DeleteSecurityGroup" => {
                let busy = self
                    .mt_deleted
                    .values()
                    .any(|(at, _)| now.duration_since(*at) < l.mt_deleting + l.sg_dependency);
                busy.then(|| {
                    let id = form_value(r.body, "GroupId").unwrap_or_default();
                    ec2_error(
                        400,
                        "DependencyViolation",
                        &format!("resource {id} has a dependent object"),
                    )
                })
            }
            _ => None,
        }
    }

    /// Records what a successful answer tells, and rewrites it to the simulated states.
    pub fn observe(
        &mut self,
        l: &Lifecycle,
        r: &Seen,
        status: u16,
        body: Bytes,
        now: Instant,
    ) -> Bytes {
        if !(200..300).contains(&status) {
            return body;
        }
        if r.operation == "DeleteReplicationConfiguration" {
            if let Some(source) = path_id(r.path) {
                if let Some(mut d) = self.repl_last.remove(&source) {
                    set_replication_status(&mut d, "DELETING");
                    self.repl_deleted.insert(source, (now, d));
                }
            }
            return body;
        }
        if r.operation == "DeleteMountTarget" {
            if let Some(id) = path_id(r.path) {
                if let Some(mut d) = self.mt_last.remove(&id) {
                    d["LifeCycleState"] = "deleting".into();
                    self.mt_deleted.insert(id, (now, d));
                }
            }
            return body;
        }
        let Ok(mut doc) = serde_json::from_slice::<Value>(&body) else {
            return body;
        };
        match r.operation {
            "CreateFileSystem" => {
                if let Some(id) = doc["FileSystemId"].as_str() {
                    self.fs_created.entry(id.to_string()).or_insert(now);
                }
                self.rewrite_fs(l, &mut doc, now);
            }
            "DescribeFileSystems" => {
                if let Some(list) = doc["FileSystems"].as_array_mut() {
                    for fs in list {
                        self.rewrite_fs(l, fs, now);
                    }
                }
            }
            "CreateMountTarget" => {
                if let Some(id) = doc["MountTargetId"].as_str() {
                    self.mt_created.entry(id.to_string()).or_insert(now);
                }
                self.rewrite_mt(l, &mut doc, now);
            }
            "DescribeMountTargets" => {
                if let Some(list) = doc["MountTargets"].as_array_mut() {
                    for mt in list.iter_mut() {
                        self.rewrite_mt(l, mt, now);
                    }
                    if let Some(fs_id) = form_value(r.query.as_bytes(), "FileSystemId") {
                        list.extend(self.ghosts(l, &fs_id, now).cloned());
                    }
                }
            }
            "CreateReplicationConfiguration" => {
                if let Some(source) = doc["SourceFileSystemId"].as_str().map(str::to_string) {
                    self.repl_created.entry(source.clone()).or_insert(now);
                    self.repl_last.insert(source, doc.clone());
                }
            }
            "DescribeReplicationConfigurations" => {
                if let Some(list) = doc["Replications"].as_array_mut() {
                    for rep in list {
                        self.rewrite_replication(l, rep, now);
                    }
                }
            }
            _ => return body,
        }
        Bytes::from(doc.to_string())
    }

    fn rewrite_replication(&mut self, l: &Lifecycle, rep: &mut Value, now: Instant) {
        let Some(source) = rep["SourceFileSystemId"].as_str().map(str::to_string) else {
            return;
        };
        if Self::within(&self.repl_created, &source, l.replication_enabling, now) {
            set_replication_status(rep, "ENABLING");
        }
        self.repl_last.insert(source, rep.clone());
    }

    fn rewrite_fs(&self, l: &Lifecycle, fs: &mut Value, now: Instant) {
        let Some(id) = fs["FileSystemId"].as_str().map(str::to_string) else {
            return;
        };
        if Self::within(&self.fs_created, &id, l.fs_creating, now) {
            fs["LifeCycleState"] = "creating".into();
        }
        let ghosts = self.ghosts(l, &id, now).count() as u64;
        if let Some(n) = fs["NumberOfMountTargets"].as_u64() {
            fs["NumberOfMountTargets"] = (n + ghosts).into();
        }
    }

    fn rewrite_mt(&mut self, l: &Lifecycle, mt: &mut Value, now: Instant) {
        let Some(id) = mt["MountTargetId"].as_str().map(str::to_string) else {
            return;
        };
        if Self::within(&self.mt_created, &id, l.mt_creating, now) {
            mt["LifeCycleState"] = "creating".into();
        }
        self.mt_last.insert(id, mt.clone());
    }
}

/// Every destination's status, without a last-replicated time (none while enabling or deleting).
fn set_replication_status(rep: &mut Value, status: &str) {
    if let Some(dests) = rep["Destinations"].as_array_mut() {
        for d in dests {
            d["Status"] = status.into();
            if let Some(obj) = d.as_object_mut() {
                obj.remove("LastReplicatedTimestamp");
            }
        }
    }
}
