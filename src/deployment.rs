//! A deployment's identity in AWS: its name, and the tags and creation token derived from it.
//!
//! efsctl keeps no local state. Everything it owns is found again from these names, so every
//! machine and CI job sees the same truth: the file system by its creation token (which EFS makes
//! unique per account and region, so two concurrent `up` runs still create one file system), the
//! security group by its owner tag and group name (unique per VPC). Resources that carry these
//! names without the owner tag are someone else's: the messages that say so live here too.

use std::collections::BTreeMap;
use std::fmt;

use crate::error::{Error, Result};
use crate::model::{FileSystem, SecurityGroup};

/// The tag that marks a resource as owned by one efsctl deployment; its value is the name.
pub const OWNER_TAG: &str = "efsctl:deployment";
/// Tag recording which tool made the resource, for people browsing the console.
pub const MANAGED_BY_TAG: &str = "efsctl:managed-by";

/// The longest name that keeps the creation token within EFS's 64-character limit.
pub const MAX_NAME_LEN: usize = 48;

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DeploymentName(String);

impl DeploymentName {
    /// Validates a name: 1-48 characters of letters, digits, `-` and `_`, starting with a letter
    /// or digit. Names become tag values, an EFS creation token and a security group name.
    pub fn parse(name: &str) -> Result<Self> {
        let valid_chars = name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        let starts_well = name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
        if name.is_empty() || name.len() > MAX_NAME_LEN || !valid_chars || !starts_well {
            return Err(Error::usage(format!(
                "invalid deployment name {name:?}: use 1-{MAX_NAME_LEN} letters, digits, '-' or '_', \
                 starting with a letter or digit (e.g. ray-shared)"
            )));
        }
        Ok(DeploymentName(name.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The EFS creation token: idempotency key for CreateFileSystem, unique per account+region.
    pub fn creation_token(&self) -> String {
        format!("efsctl-{}", self.0)
    }

    /// The security group's name, unique within its VPC (EC2 refuses a duplicate).
    pub fn security_group_name(&self) -> String {
        format!("efsctl-{}", self.0)
    }

    /// Tags efsctl puts on everything it creates.
    pub fn tags(&self) -> BTreeMap<String, String> {
        BTreeMap::from([
            ("Name".to_string(), self.0.clone()),
            (OWNER_TAG.to_string(), self.0.clone()),
            (MANAGED_BY_TAG.to_string(), "efsctl".to_string()),
        ])
    }

    /// True when `tags` mark the resource as this deployment's. `Name` alone never counts:
    /// anyone can name a file system "ray-shared".
    pub fn owns(&self, tags: &BTreeMap<String, String>) -> bool {
        tags.get(OWNER_TAG).is_some_and(|v| v == &self.0)
    }
}

/// The deployment whose owner tag `tags` carry, if any.
pub fn owner(tags: &BTreeMap<String, String>) -> Option<&str> {
    tags.get(OWNER_TAG).map(String::as_str)
}

/// The sentence shown when a file system holds a deployment's creation token without its owner
/// tag: efsctl did not create it and will not touch it.
pub fn foreign_file_system_message(fs: &FileSystem, name: &str) -> String {
    format!(
        "file system {} holds creation token {} but is not tagged {OWNER_TAG}={name}; efsctl did not \
         create it and will not touch it: choose another --name",
        fs.id, fs.creation_token
    )
}

/// The sentence shown when another group holds the deployment's group name in its VPC.
pub fn foreign_group_message(group: &SecurityGroup, name: &str) -> String {
    format!(
        "security group {} named {} already exists in {} but is not owned by deployment {name}; \
         efsctl will not adopt it: rename or delete it, or choose another --name",
        group.id, group.name, group.vpc_id
    )
}

impl fmt::Display for DeploymentName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_typical_names() {
        for n in ["ray-shared", "a", "Ray_2", &"x".repeat(MAX_NAME_LEN)] {
            assert!(DeploymentName::parse(n).is_ok(), "{n}");
        }
    }

    #[test]
    fn rejects_bad_names_with_the_rule() {
        for n in [
            "",
            "-lead",
            "has space",
            "dot.name",
            "ünï",
            &"x".repeat(MAX_NAME_LEN + 1),
        ] {
            let err = DeploymentName::parse(n).unwrap_err();
            assert!(
                err.message.contains("letters, digits"),
                "{n}: {}",
                err.message
            );
        }
    }

    #[test]
    fn derived_identifiers_fit_aws_limits() {
        let name = DeploymentName::parse(&"x".repeat(MAX_NAME_LEN)).unwrap();
        assert!(name.creation_token().len() <= 64);
    }

    #[test]
    fn ownership_needs_the_owner_tag_not_the_name() {
        let name = DeploymentName::parse("ray-shared").unwrap();
        let look_alike = BTreeMap::from([("Name".to_string(), "ray-shared".to_string())]);
        assert!(!name.owns(&look_alike));
        assert!(name.owns(&name.tags()));
        let other = DeploymentName::parse("other").unwrap();
        assert!(!other.owns(&name.tags()));
    }
}
