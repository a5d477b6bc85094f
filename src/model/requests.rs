//! The requests efsctl sends to create resources, as the planner writes them into a plan.
//!
//! A create step carries its complete request, so `plan -o json` shows exactly what `up` would
//! send, `apply` sends exactly what the plan says, and `export` can render the same values for
//! another engine. Ids that only exist once an earlier step has run are [`Ref::Planned`].
//! [`check`](NewFileSystem::check) holds each request to the API reference's rules
//! ([`api_rules`](super::api_rules)) before anything is written.

use std::collections::BTreeMap;

use serde::{Serialize, Serializer};

use super::api_rules::{self, MAX_MOUNT_TARGET_GROUPS};
use super::resources::{PerformanceMode, Throughput};

/// An id a step needs: known now, or made by an earlier step of the same plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Ref {
    Existing(String),
    /// Created by this plan; shown as Terraform shows such values.
    Planned,
}

/// How a planned id reads in `plan` output, as Terraform users know it.
pub const KNOWN_AFTER_APPLY: &str = "(known after apply)";

impl Ref {
    pub fn existing(id: impl Into<String>) -> Ref {
        Ref::Existing(id.into())
    }
    pub fn id(&self) -> Option<&str> {
        match self {
            Ref::Existing(id) => Some(id),
            Ref::Planned => None,
        }
    }
}

impl std::fmt::Display for Ref {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.id().unwrap_or(KNOWN_AFTER_APPLY))
    }
}

impl Serialize for Ref {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// CreateFileSystem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewFileSystem {
    /// Idempotency key: EFS answers FileSystemAlreadyExists for a second create with it.
    pub creation_token: String,
    /// Always true: efsctl makes only encrypted file systems.
    pub encrypted: bool,
    /// `None`: the AWS-managed key `aws/elasticfilesystem`.
    pub kms_key_id: Option<String>,
    pub performance_mode: PerformanceMode,
    pub throughput: Throughput,
    /// One Zone file systems: their AZ.
    pub availability_zone_name: Option<String>,
    /// Automatic backups from the start (`Backup`).
    pub backup: bool,
    pub tags: BTreeMap<String, String>,
}

impl NewFileSystem {
    /// The first rule of the API reference this request breaks, as a sentence.
    pub fn check(&self) -> Result<(), String> {
        field("creation token", &self.creation_token, |v| {
            api_rules::creation_token(v)
        })?;
        if let Some(key) = &self.kms_key_id {
            field("KMS key", key, api_rules::kms_key_id)?;
        }
        if let Throughput::Provisioned { mibps } = self.throughput {
            api_rules::provisioned_mibps(mibps)
                .map_err(|why| format!("invalid provisioned throughput {mibps}: {why}"))?;
        }
        if let Some(az) = &self.availability_zone_name {
            field("availability zone", az, api_rules::availability_zone_name)?;
        }
        tags(&self.tags)
    }
}

/// CreateSecurityGroup (with its tags in TagSpecifications).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewSecurityGroup {
    pub vpc_id: String,
    pub name: String,
    pub description: String,
    pub tags: BTreeMap<String, String>,
}

impl NewSecurityGroup {
    pub fn check(&self) -> Result<(), String> {
        field("security group name", &self.name, |v| {
            api_rules::security_group_text(v, true)
        })?;
        field("security group description", &self.description, |v| {
            api_rules::security_group_text(v, false)
        })?;
        tags(&self.tags)
    }
}

/// CreateMountTarget.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NewMountTarget {
    pub file_system_id: Ref,
    pub subnet_id: String,
    pub security_groups: Vec<Ref>,
}

impl NewMountTarget {
    pub fn check(&self) -> Result<(), String> {
        if let Some(id) = self.file_system_id.id() {
            field("file system id", id, api_rules::file_system_id)?;
        }
        field("subnet", &self.subnet_id, api_rules::subnet_id)?;
        if self.security_groups.len() > MAX_MOUNT_TARGET_GROUPS {
            return Err(format!(
                "a mount target takes at most {MAX_MOUNT_TARGET_GROUPS} security groups, not {}",
                self.security_groups.len()
            ));
        }
        for id in self.security_groups.iter().filter_map(Ref::id) {
            field("security group", id, api_rules::security_group_id)?;
        }
        Ok(())
    }
}

/// "invalid WHAT "VALUE": WHY".
fn field(what: &str, value: &str, rule: impl Fn(&str) -> Result<(), String>) -> Result<(), String> {
    rule(value).map_err(|why| format!("invalid {what} {value:?}: {why}"))
}

fn tags(tags: &BTreeMap<String, String>) -> Result<(), String> {
    for (key, value) in tags {
        field("tag key", key, api_rules::tag_key)?;
        field(&format!("value of tag {key}"), value, api_rules::tag_value)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file_system() -> NewFileSystem {
        NewFileSystem {
            creation_token: "efsctl-ray".into(),
            encrypted: true,
            kms_key_id: None,
            performance_mode: PerformanceMode::GeneralPurpose,
            throughput: Throughput::Elastic,
            availability_zone_name: None,
            backup: true,
            tags: BTreeMap::from([("efsctl:deployment".into(), "ray".into())]),
        }
    }

    #[test]
    fn a_request_breaking_an_api_rule_is_named() {
        assert!(file_system().check().is_ok());
        let mut bad = file_system();
        bad.kms_key_id = Some("mrk-1234".into());
        let why = bad.check().unwrap_err();
        assert!(why.contains("invalid KMS key \"mrk-1234\""), "{why}");
        let mut bad = file_system();
        bad.tags.insert("aws:owner".into(), "x".into());
        assert!(bad.check().unwrap_err().contains("aws:"));
    }

    #[test]
    fn planned_ids_are_not_checked_and_read_as_terraform_shows_them() {
        let mt = NewMountTarget {
            file_system_id: Ref::Planned,
            subnet_id: "subnet-0123abcd".into(),
            security_groups: vec![Ref::Planned],
        };
        assert!(mt.check().is_ok());
        let json = serde_json::to_value(&mt).unwrap();
        assert_eq!(json["file_system_id"], KNOWN_AFTER_APPLY);
        let too_many = NewMountTarget {
            security_groups: vec![Ref::Planned; 6],
            ..mt
        };
        assert!(too_many.check().unwrap_err().contains("at most 5"));
    }
}
