//! The checks: pure functions from what was read to findings, one per way a file system can be
//! set up worse than `efsctl up` would set it up.
//!
//! Each names the fix as an efsctl command when the file system belongs to a deployment (its
//! `efsctl:deployment` tag), else as the AWS call that does the same.

use std::collections::BTreeMap;

use super::policy::{denies_plain_transport, unconditional_allows_to_anyone};
use super::{CheckId, Finding, Shared, Subject};
use crate::deployment;
use crate::model::{
    ClientAccess, IngressRule, LifeCycleState, MountMode, MountTarget, MOUNT_MODE_TAG, NFS_PORT,
};

/// A check: everything it finds wrong with one file system.
pub type Check = fn(&Subject, &Shared) -> Vec<Finding>;

/// Every check `audit` runs, in no particular order (findings are sorted afterwards).
pub const CHECKS: &[Check] = &[
    file_system_in_error,
    mount_targets_in_error,
    not_encrypted,
    nfs_open_to_world,
    no_backup,
    policy_allows_anyone,
    tls_not_enforced,
    vpc_dns_off,
    no_lifecycle,
    super::ray::ray_coverage,
];

/// The deployment that owns the file system, if efsctl made it.
fn owner(subject: &Subject) -> Option<&str> {
    deployment::owner(&subject.file_system.tags)
}

/// `efsctl up --name D EXTRA` for a deployment's file system, else `otherwise`.
fn up_or(subject: &Subject, extra: &str, otherwise: String) -> String {
    match owner(subject) {
        Some(name) if extra.is_empty() => format!("`efsctl up --name {name}`"),
        Some(name) => format!("`efsctl up --name {name} {extra}`"),
        None => otherwise,
    }
}

/// Mount targets that serve or will serve (not deleting, not deleted).
fn live_mount_targets(subject: &Subject) -> impl Iterator<Item = &MountTarget> {
    subject
        .mount_targets
        .iter()
        .filter(|mt| !mt.state.is_going_away())
}

pub fn file_system_in_error(subject: &Subject, _: &Shared) -> Vec<Finding> {
    let fs = &subject.file_system;
    if fs.state != LifeCycleState::Error {
        return Vec::new();
    }
    let fix = match owner(subject) {
        Some(name) => format!(
            "`efsctl teardown --name {name}`, then `efsctl up --name {name}`: a file system in \
             the error state cannot be repaired"
        ),
        None => "delete it (DeleteFileSystem) and create it again: a file system in the error \
                 state cannot be repaired"
            .to_string(),
    };
    vec![Finding::new(
        CheckId::FileSystemError,
        subject,
        &fs.id,
        "file system is in the error state: EFS could not create it, and it serves no mounts"
            .to_string(),
        fix,
    )]
}

pub fn mount_targets_in_error(subject: &Subject, _: &Shared) -> Vec<Finding> {
    subject
        .mount_targets
        .iter()
        .filter(|mt| mt.state == LifeCycleState::Error)
        .map(|mt| {
            let fix = up_or(
                subject,
                "",
                format!(
                    "delete it (DeleteMountTarget) and create it again in {}",
                    mt.subnet_id
                ),
            );
            let fix = match owner(subject) {
                Some(_) => format!("{fix} replaces a mount target in the error state"),
                None => fix,
            };
            Finding::new(
                CheckId::MountTargetError,
                subject,
                &mt.id,
                format!(
                    "mount target in {} is in the error state: clients there cannot mount",
                    mt.availability_zone
                ),
                fix,
            )
        })
        .collect()
}

pub fn not_encrypted(subject: &Subject, _: &Shared) -> Vec<Finding> {
    let fs = &subject.file_system;
    if fs.encrypted {
        return Vec::new();
    }
    vec![Finding::new(
        CheckId::NotEncrypted,
        subject,
        &fs.id,
        "file system is not encrypted at rest".to_string(),
        "EFS cannot encrypt an existing file system: make a new one with `efsctl up` (always \
         encrypted; --kms-key for your own key), copy the data across (e.g. AWS DataSync), then \
         delete this one"
            .to_string(),
    )]
}

/// Whether the rule lets TCP 2049 in: all traffic, or TCP on a range that holds 2049.
pub fn admits_nfs(rule: &IngressRule) -> bool {
    match rule.protocol.as_str() {
        "-1" | "all" => true,
        "tcp" | "6" => {
            (rule.from_port == -1 && rule.to_port == -1)
                || (rule.from_port <= NFS_PORT && NFS_PORT <= rule.to_port)
        }
        _ => false,
    }
}

/// "all traffic from 0.0.0.0/0", "TCP 2049 from ::/0", "TCP 0-65535 from 0.0.0.0/0".
fn describe_rule(rule: &IngressRule) -> String {
    let what = match rule.protocol.as_str() {
        "-1" | "all" => "all traffic".to_string(),
        _ if rule.from_port == rule.to_port => format!("TCP {}", rule.from_port),
        _ if rule.from_port == -1 => "all TCP".to_string(),
        _ => format!("TCP {}-{}", rule.from_port, rule.to_port),
    };
    format!("{what} from {}", rule.source)
}

pub fn nfs_open_to_world(subject: &Subject, shared: &Shared) -> Vec<Finding> {
    // Group id -> the mount targets it is on.
    let mut on: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for mt in live_mount_targets(subject) {
        for group in mt.security_groups.iter().flatten() {
            on.entry(group).or_default().push(&mt.id);
        }
    }
    on.into_iter()
        .filter_map(|(group_id, mount_targets)| {
            let group = shared.security_groups.get(group_id)?;
            let open: Vec<String> = group
                .ingress
                .iter()
                .filter(|r| r.is_open_to_world() && admits_nfs(r))
                .map(describe_rule)
                .collect();
            if open.is_empty() {
                return None;
            }
            let fix = up_or(
                subject,
                "--allow-sg WORKERS_SG (or --allow-cidr CIDR)",
                format!(
                    "revoke those rules from {group_id} (RevokeSecurityGroupIngress) and admit \
                     only the Ray workers' security group or CIDR, as `efsctl up --allow-sg/\
                     --allow-cidr` does for its deployments"
                ),
            );
            let fix = match owner(subject) {
                Some(_) => format!("{fix}: up admits only those sources and revokes the rest"),
                None => fix,
            };
            Some(Finding::new(
                CheckId::NfsOpenToWorld,
                subject,
                group_id,
                format!(
                    "security group on mount target(s) {} admits NFS from anywhere: {}",
                    mount_targets.join(", "),
                    open.join("; ")
                ),
                fix,
            ))
        })
        .collect()
}

pub fn no_backup(subject: &Subject, _: &Shared) -> Vec<Finding> {
    if subject.backup.is_on() {
        return Vec::new();
    }
    let fs = &subject.file_system;
    let fix = up_or(
        subject,
        "--backup",
        format!(
            "`aws efs put-backup-policy --file-system-id {} --backup-policy Status=ENABLED` \
             (PutBackupPolicy; `efsctl up` turns backups on by default)",
            fs.id
        ),
    );
    vec![Finding::new(
        CheckId::NoBackup,
        subject,
        &fs.id,
        format!("automatic backups are {}", subject.backup),
        fix,
    )]
}

pub fn policy_allows_anyone(subject: &Subject, _: &Shared) -> Vec<Finding> {
    let Some(policy) = &subject.policy else {
        return Vec::new();
    };
    let open = unconditional_allows_to_anyone(policy);
    if open.is_empty() {
        return Vec::new();
    }
    let fs = &subject.file_system;
    vec![Finding::new(
        CheckId::PolicyAllowsAnyone,
        subject,
        &fs.id,
        format!(
            "file system policy allows any principal with no condition ({})",
            open.join(", ")
        ),
        "give the statement a Condition or name the principals (PutFileSystemPolicy); efsctl's \
         own policies allow only through a mount target (elasticfilesystem:AccessedViaMountTarget \
         true), and `efsctl up --mount-mode tls` or `--root-squash` writes one"
            .to_string(),
    )]
}

pub fn tls_not_enforced(subject: &Subject, _: &Shared) -> Vec<Finding> {
    let fs = &subject.file_system;
    let Some(tag) = fs.tags.get(MOUNT_MODE_TAG) else {
        return Vec::new();
    };
    let tls = matches!(ClientAccess::from_tag(tag), Some((MountMode::Tls, _)));
    if !tls
        || subject
            .policy
            .as_deref()
            .is_some_and(denies_plain_transport)
    {
        return Vec::new();
    }
    let fix = match owner(subject) {
        Some(name) => format!(
            "`efsctl up --name {name} --mount-mode tls` puts back the policy that denies it"
        ),
        None => "`efsctl up --mount-mode tls` for its deployment, or a policy with a Deny on \
                 aws:SecureTransport false (PutFileSystemPolicy)"
            .to_string(),
    };
    vec![Finding::new(
        CheckId::TlsNotEnforced,
        subject,
        &fs.id,
        format!(
            "mounted with TLS ({MOUNT_MODE_TAG}={tag}) but the file system policy does not deny \
             unencrypted transport (no Deny on aws:SecureTransport false): plain NFS clients can \
             still mount"
        ),
        fix,
    )]
}

pub fn vpc_dns_off(subject: &Subject, shared: &Shared) -> Vec<Finding> {
    let mut vpcs: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for mt in live_mount_targets(subject) {
        if let Some(vpc) = &mt.vpc_id {
            vpcs.entry(vpc).or_default().push(&mt.id);
        }
    }
    vpcs.into_iter()
        .filter_map(|(vpc, mount_targets)| {
            let dns = shared.vpc_dns.get(vpc)?;
            let mut off = Vec::new();
            let mut fixes = Vec::new();
            if !dns.support {
                off.push("DNS support");
                fixes.push(format!(
                    "`aws ec2 modify-vpc-attribute --vpc-id {vpc} --enable-dns-support Value=true`"
                ));
            }
            if !dns.hostnames {
                off.push("DNS hostnames");
                fixes.push(format!(
                    "`aws ec2 modify-vpc-attribute --vpc-id {vpc} --enable-dns-hostnames Value=true`"
                ));
            }
            if off.is_empty() {
                return None;
            }
            Some(Finding::new(
                CheckId::VpcDnsOff,
                subject,
                vpc,
                format!(
                    "{} off in the VPC of mount target(s) {}: the file system's DNS name \
                     ({}.efs.REGION.amazonaws.com) does not resolve there, so mounts by name fail",
                    off.join(" and "),
                    mount_targets.join(", "),
                    subject.file_system.id
                ),
                format!("{} (one attribute per call)", fixes.join(", then ")),
            ))
        })
        .collect()
}

pub fn no_lifecycle(subject: &Subject, _: &Shared) -> Vec<Finding> {
    let l = &subject.lifecycle;
    if l.transition_to_ia.is_some() || l.transition_to_archive.is_some() {
        return Vec::new();
    }
    let fs = &subject.file_system;
    let fix = up_or(
        subject,
        "--transition-to-ia 30",
        format!(
            "`aws efs put-lifecycle-configuration --file-system-id {} --lifecycle-policies \
             TransitionToIA=AFTER_30_DAYS` (efsctl's default, --transition-to-ia 30)",
            fs.id
        ),
    );
    let fix = match owner(subject) {
        Some(_) => format!("{fix} (efsctl's default)"),
        None => fix,
    };
    vec![Finding::new(
        CheckId::NoLifecycle,
        subject,
        &fs.id,
        "files never move to Infrequent Access or Archive (no lifecycle policy), so cold \
         data is billed at the Standard rate"
            .to_string(),
        fix,
    )]
}
