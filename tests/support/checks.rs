//! Reading the emulator back, to prove what efsctl did by describing resources rather than by
//! trusting its own output: describes, and whole-deployment assertions.

use aws_sdk_ec2::types as ec2;
use aws_sdk_efs::types as efs;

use super::aws::{ec2_filter, Aws};

impl Aws {
    /// Every access point of a file system.
    pub async fn access_points(&self, fs_id: &str) -> Vec<efs::AccessPointDescription> {
        self.efs
            .describe_access_points()
            .file_system_id(fs_id)
            .send()
            .await
            .expect("DescribeAccessPoints")
            .access_points()
            .to_vec()
    }

    /// DescribeBackupPolicy's status (`ENABLED`, ...), or `NONE` without a policy.
    pub async fn backup_status(&self, fs_id: &str) -> String {
        match self
            .efs
            .describe_backup_policy()
            .file_system_id(fs_id)
            .send()
            .await
        {
            Ok(out) => out
                .backup_policy()
                .map_or("NONE".to_string(), |p| p.status().as_str().to_string()),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_policy_not_found()) =>
            {
                "NONE".to_string()
            }
            Err(e) => panic!("DescribeBackupPolicy {fs_id}: {e:?}"),
        }
    }

    /// The lifecycle policies as `Rule=VALUE`, in the order EFS lists them.
    pub async fn lifecycle(&self, fs_id: &str) -> Vec<String> {
        let out = self
            .efs
            .describe_lifecycle_configuration()
            .file_system_id(fs_id)
            .send()
            .await
            .expect("DescribeLifecycleConfiguration");
        let mut rules = Vec::new();
        for p in out.lifecycle_policies() {
            if let Some(r) = p.transition_to_ia() {
                rules.push(format!("TransitionToIA={}", r.as_str()));
            }
            if let Some(r) = p.transition_to_archive() {
                rules.push(format!("TransitionToArchive={}", r.as_str()));
            }
            if let Some(r) = p.transition_to_primary_storage_class() {
                rules.push(format!("TransitionToPrimaryStorageClass={}", r.as_str()));
            }
        }
        rules
    }

    /// File systems holding `token` (0 or 1: EFS makes tokens unique).
    pub async fn file_systems_with_token(&self, token: &str) -> Vec<efs::FileSystemDescription> {
        self.efs
            .describe_file_systems()
            .creation_token(token)
            .send()
            .await
            .expect("DescribeFileSystems")
            .file_systems()
            .to_vec()
    }

    /// The one file system holding `token`; panics if there is none or more.
    pub async fn file_system_with_token(&self, token: &str) -> efs::FileSystemDescription {
        let mut found = self.file_systems_with_token(token).await;
        assert_eq!(found.len(), 1, "file systems with token {token}: {found:?}");
        found.remove(0)
    }

    /// A file system by id; `None` once it is gone.
    pub async fn file_system(&self, id: &str) -> Option<efs::FileSystemDescription> {
        match self
            .efs
            .describe_file_systems()
            .file_system_id(id)
            .send()
            .await
        {
            Ok(out) => out.file_systems().first().cloned(),
            Err(e)
                if e.as_service_error()
                    .is_some_and(|s| s.is_file_system_not_found()) =>
            {
                None
            }
            Err(e) => panic!("DescribeFileSystems {id}: {e:?}"),
        }
    }

    /// Mount targets of a file system, sorted by AZ.
    pub async fn mount_targets(&self, fs_id: &str) -> Vec<efs::MountTargetDescription> {
        let mut mts = self
            .efs
            .describe_mount_targets()
            .file_system_id(fs_id)
            .send()
            .await
            .expect("DescribeMountTargets")
            .mount_targets()
            .to_vec();
        mts.sort_by(|a, b| a.availability_zone_name().cmp(&b.availability_zone_name()));
        mts
    }

    /// Security groups of a mount target, sorted.
    pub async fn mount_target_groups(&self, mt_id: &str) -> Vec<String> {
        let mut groups = self
            .efs
            .describe_mount_target_security_groups()
            .mount_target_id(mt_id)
            .send()
            .await
            .expect("DescribeMountTargetSecurityGroups")
            .security_groups()
            .to_vec();
        groups.sort();
        groups
    }

    pub async fn delete_mount_target(&self, mt_id: &str) {
        self.efs
            .delete_mount_target()
            .mount_target_id(mt_id)
            .send()
            .await
            .expect("DeleteMountTarget");
    }

    pub async fn delete_file_system(&self, fs_id: &str) {
        self.efs
            .delete_file_system()
            .file_system_id(fs_id)
            .send()
            .await
            .expect("DeleteFileSystem");
    }

    /// Security groups with this group name, in any VPC.
    pub async fn security_groups_named(&self, name: &str) -> Vec<ec2::SecurityGroup> {
        self.ec2
            .describe_security_groups()
            .filters(ec2_filter("group-name", name))
            .send()
            .await
            .expect("DescribeSecurityGroups")
            .security_groups()
            .to_vec()
    }

    /// The one security group with this name; panics if there is none or more.
    pub async fn security_group_named(&self, name: &str) -> ec2::SecurityGroup {
        let mut found = self.security_groups_named(name).await;
        assert_eq!(found.len(), 1, "security groups named {name}: {found:?}");
        found.remove(0)
    }

    /// A security group by id; `None` once it is gone.
    pub async fn security_group(&self, id: &str) -> Option<ec2::SecurityGroup> {
        match self
            .ec2
            .describe_security_groups()
            .group_ids(id)
            .send()
            .await
        {
            Ok(out) => out.security_groups().first().cloned(),
            Err(e)
                if e.as_service_error().and_then(|s| s.meta().code())
                    == Some("InvalidGroup.NotFound") =>
            {
                None
            }
            Err(e) => panic!("DescribeSecurityGroups {id}: {e:?}"),
        }
    }
}

/// A security group's inbound rules flattened to `(protocol, from, to, source)`, sorted, where
/// source is a CIDR or a group id.
pub fn ingress(group: &ec2::SecurityGroup) -> Vec<(String, i32, i32, String)> {
    flatten(group.ip_permissions())
}

/// The outbound rules, flattened as [`ingress`] does (the "source" is the destination).
pub fn egress(group: &ec2::SecurityGroup) -> Vec<(String, i32, i32, String)> {
    flatten(group.ip_permissions_egress())
}

fn flatten(permissions: &[ec2::IpPermission]) -> Vec<(String, i32, i32, String)> {
    let mut rules = Vec::new();
    for p in permissions {
        let proto = p.ip_protocol().unwrap_or("-1").to_string();
        let (from, to) = (p.from_port().unwrap_or(-1), p.to_port().unwrap_or(-1));
        for r in p.ip_ranges() {
            rules.push((
                proto.clone(),
                from,
                to,
                r.cidr_ip().unwrap_or("").to_string(),
            ));
        }
        for r in p.ipv6_ranges() {
            rules.push((
                proto.clone(),
                from,
                to,
                r.cidr_ipv6().unwrap_or("").to_string(),
            ));
        }
        for u in p.user_id_group_pairs() {
            rules.push((
                proto.clone(),
                from,
                to,
                u.group_id().unwrap_or("").to_string(),
            ));
        }
    }
    rules.sort();
    rules
}

/// The tag `key` of an EFS file system, if set.
pub fn fs_tag<'a>(fs: &'a efs::FileSystemDescription, key: &str) -> Option<&'a str> {
    fs.tags().iter().find(|t| t.key() == key).map(|t| t.value())
}

/// The tag `key` of a security group, if set.
pub fn sg_tag<'a>(group: &'a ec2::SecurityGroup, key: &str) -> Option<&'a str> {
    group
        .tags()
        .iter()
        .find(|t| t.key() == Some(key))
        .and_then(|t| t.value())
}

/// What a converged deployment consists of, as described by the emulator.
#[derive(Clone, Debug)]
pub struct Deployed {
    pub file_system: efs::FileSystemDescription,
    pub security_group: ec2::SecurityGroup,
    /// Sorted by AZ.
    pub mount_targets: Vec<efs::MountTargetDescription>,
}

impl Deployed {
    pub fn fs_id(&self) -> &str {
        self.file_system.file_system_id()
    }
    pub fn sg_id(&self) -> &str {
        self.security_group.group_id().unwrap_or_default()
    }
    pub fn mount_target_ids(&self) -> Vec<String> {
        self.mount_targets
            .iter()
            .map(|m| m.mount_target_id().to_string())
            .collect()
    }
}

impl Aws {
    /// Checks that deployment `name` is exactly one owned, encrypted file system, one owned
    /// security group `efsctl-NAME` in `vpc_id`, and one available mount target in each of
    /// `azs` (and no other), each in `vpc_id` with only that group. Returns what it found.
    pub async fn assert_deployed(&self, name: &str, vpc_id: &str, azs: &[&str]) -> Deployed {
        let token = format!("efsctl-{name}");
        let file_system = self.file_system_with_token(&token).await;
        assert!(
            file_system.encrypted() == Some(true),
            "not encrypted: {file_system:?}"
        );
        assert_eq!(
            fs_tag(&file_system, "efsctl:deployment"),
            Some(name),
            "owner tag: {file_system:?}"
        );
        let security_group = self.security_group_named(&token).await;
        assert_eq!(security_group.vpc_id(), Some(vpc_id), "{security_group:?}");
        assert_eq!(
            egress(&security_group),
            [("-1".to_string(), -1, -1, "127.0.0.1/32".to_string())],
            "the one egress rule that lets nothing out"
        );
        assert_eq!(sg_tag(&security_group, "efsctl:deployment"), Some(name));
        let sg_id = security_group.group_id().expect("group id").to_string();

        let mount_targets = self.mount_targets(file_system.file_system_id()).await;
        let got_azs: Vec<&str> = mount_targets
            .iter()
            .map(|m| m.availability_zone_name().unwrap_or_default())
            .collect();
        assert_eq!(got_azs, azs, "mount target AZs: {mount_targets:?}");
        for mt in &mount_targets {
            assert_eq!(mt.vpc_id(), Some(vpc_id), "{mt:?}");
            assert_eq!(mt.life_cycle_state().as_str(), "available", "{mt:?}");
            assert_eq!(
                self.mount_target_groups(mt.mount_target_id()).await,
                std::slice::from_ref(&sg_id),
                "groups of {}",
                mt.mount_target_id()
            );
        }
        Deployed {
            file_system,
            security_group,
            mount_targets,
        }
    }

    /// Checks that nothing of deployment `name` exists: no file system with its creation token,
    /// no security group named `efsctl-NAME` or tagged for it, in any VPC.
    pub async fn assert_nothing_for(&self, name: &str) {
        let token = format!("efsctl-{name}");
        let file_systems = self.file_systems_with_token(&token).await;
        assert!(
            file_systems.is_empty(),
            "file systems left: {file_systems:?}"
        );
        let named = self.security_groups_named(&token).await;
        assert!(named.is_empty(), "security groups left: {named:?}");
        let tagged = self
            .ec2
            .describe_security_groups()
            .filters(ec2_filter("tag:efsctl:deployment", name))
            .send()
            .await
            .expect("DescribeSecurityGroups")
            .security_groups()
            .to_vec();
        assert!(tagged.is_empty(), "tagged security groups left: {tagged:?}");
    }
}
