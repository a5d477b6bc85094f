//! Each check, positive and negative.

use serde_json::json;

use super::*;
use crate::audit::checks::{self, admits_nfs};
use crate::audit::policy::denies_plain_transport;
use crate::model::{ClientAccess, MountMode, MOUNT_MODE_TAG};

#[test]
fn what_efsctl_up_makes_has_no_findings() {
    let (subject, shared) = clean();
    assert_eq!(found(&subject, &shared), []);
    // Its TLS mode too: the policy efsctl writes denies plain transport and allows anyone only
    // through a mount target.
    let mut tls = subject.clone();
    tls.file_system
        .tags
        .insert(MOUNT_MODE_TAG.into(), "tls+iam".into());
    let access = ClientAccess {
        mount_mode: MountMode::Tls,
        iam_auth: true,
        root_squash: false,
    };
    tls.policy = Some(access.policy("ray").unwrap().to_string());
    assert_eq!(found(&tls, &shared), []);
}

#[test]
fn unencrypted_is_high_and_says_a_new_file_system_is_needed() {
    let (mut subject, shared) = clean();
    subject.file_system.encrypted = false;
    let f = only(&subject, &shared);
    assert_eq!(
        (f.check, f.severity, f.resource.as_str()),
        (CheckId::NotEncrypted, Severity::High, "fs-0123abcd")
    );
    assert!(f.fix.contains("efsctl up") && f.fix.contains("cannot encrypt an existing"));
}

#[test]
fn nfs_from_anywhere_is_high_whatever_the_rule_looks_like() {
    for open in [
        rule("tcp", 2049, 2049, "0.0.0.0/0"),
        rule("tcp", 2049, 2049, "::/0"),
        rule("-1", -1, -1, "0.0.0.0/0"),
        rule("tcp", 0, 65535, "0.0.0.0/0"),
        rule("tcp", 2000, 2100, "::/0"),
        rule("6", 2049, 2049, "0.0.0.0/0"),
    ] {
        let (subject, mut shared) = clean();
        shared
            .security_groups
            .insert("sg-ok".into(), group("sg-ok", vec![open.clone()]));
        let f = only(&subject, &shared);
        assert_eq!(
            (f.check, f.severity, f.resource.as_str()),
            (CheckId::NfsOpenToWorld, Severity::High, "sg-ok"),
            "{open:?}"
        );
        // One finding per group, naming every mount target that carries it.
        assert!(f.message.contains("fsmt-a, fsmt-b"), "{}", f.message);
        assert!(
            f.fix.contains("efsctl up --name ray --allow-sg"),
            "{}",
            f.fix
        );
    }
}

#[test]
fn nfs_open_only_to_private_sources_or_other_ports_is_fine() {
    for closed in [
        rule("tcp", 2049, 2049, "10.0.0.0/8"),
        rule("tcp", 22, 22, "0.0.0.0/0"),
        rule("tcp", 2050, 3000, "0.0.0.0/0"),
        rule("udp", 2049, 2049, "0.0.0.0/0"),
        rule("-1", -1, -1, "10.0.0.0/8"),
    ] {
        let (subject, mut shared) = clean();
        shared
            .security_groups
            .insert("sg-ok".into(), group("sg-ok", vec![closed.clone()]));
        assert_eq!(found(&subject, &shared), [], "{closed:?}");
    }
    assert!(admits_nfs(&rule("all", -1, -1, "::/0")));
    assert!(!admits_nfs(&rule("icmp", -1, -1, "::/0")));
}

#[test]
fn an_open_group_on_a_deleting_mount_target_or_unknown_is_not_reported() {
    let (mut subject, mut shared) = clean();
    shared.security_groups.insert(
        "sg-open".into(),
        group("sg-open", vec![rule("tcp", 2049, 2049, "0.0.0.0/0")]),
    );
    let mut going = mount_target("fsmt-c", "us-east-1c", &["sg-open"]);
    going.state = LifeCycleState::Deleting;
    subject.mount_targets.push(going);
    // A group the describe did not return (deleted meanwhile) says nothing either way.
    subject
        .mount_targets
        .push(mount_target("fsmt-d", "us-east-1d", &["sg-gone"]));
    assert_eq!(found(&subject, &shared), []);
}

#[test]
fn the_fix_for_a_file_system_efsctl_did_not_make_is_the_aws_call() {
    let (mut subject, mut shared) = clean();
    without_owner(&mut subject);
    shared.security_groups.insert(
        "sg-ok".into(),
        group("sg-ok", vec![rule("tcp", 2049, 2049, "0.0.0.0/0")]),
    );
    subject.backup = BackupStatus::Disabled;
    let findings = audit(std::slice::from_ref(&subject), &shared);
    let fix = |check| {
        findings
            .iter()
            .find(|f| f.check == check)
            .map(|f| f.fix.clone())
            .unwrap()
    };
    assert!(fix(CheckId::NfsOpenToWorld).contains("RevokeSecurityGroupIngress"));
    assert!(fix(CheckId::NoBackup).contains("put-backup-policy --file-system-id fs-0123abcd"));
}

#[test]
fn backups_off_is_medium_and_backups_turning_on_is_fine() {
    let (mut subject, shared) = clean();
    subject.backup = BackupStatus::Disabled;
    let f = only(&subject, &shared);
    assert_eq!((f.check, f.severity), (CheckId::NoBackup, Severity::Medium));
    assert!(f.fix.contains("efsctl up --name ray --backup"), "{}", f.fix);
    subject.backup = BackupStatus::Disabling;
    assert_eq!(only(&subject, &shared).check, CheckId::NoBackup);
    subject.backup = BackupStatus::Enabling;
    assert_eq!(found(&subject, &shared), []);
}

#[test]
fn a_policy_that_allows_anyone_without_a_condition_is_medium() {
    let allow_anyone = |principal: serde_json::Value| {
        json!({"Version": "2012-10-17", "Statement": [{
            "Sid": "open", "Effect": "Allow", "Principal": principal,
            "Action": "elasticfilesystem:ClientMount"
        }]})
    };
    for principal in [json!("*"), json!({"AWS": "*"}), json!({"AWS": ["*"]})] {
        let (mut subject, shared) = clean();
        subject.policy = Some(allow_anyone(principal.clone()).to_string());
        let f = only(&subject, &shared);
        assert_eq!(
            (f.check, f.severity, f.resource.as_str()),
            (CheckId::PolicyAllowsAnyone, Severity::Medium, "fs-0123abcd"),
            "{principal}"
        );
        assert!(f.message.contains("\"open\""), "{}", f.message);
    }
    // A single statement, not in a list, counts the same.
    let (mut subject, shared) = clean();
    subject.policy = Some(
        json!({"Statement": {"Effect": "Allow", "Principal": "*", "Action": "*"}}).to_string(),
    );
    assert_eq!(only(&subject, &shared).check, CheckId::PolicyAllowsAnyone);
}

#[test]
fn a_policy_with_a_condition_a_named_principal_or_a_deny_is_fine() {
    for statement in [
        json!({"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "*",
               "Condition": {"Bool": {"elasticfilesystem:AccessedViaMountTarget": "true"}}}),
        json!({"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::123456789012:role/ray"},
               "Action": "*"}),
        json!({"Effect": "Deny", "Principal": "*", "Action": "*"}),
    ] {
        let (mut subject, shared) = clean();
        subject.policy = Some(json!({"Statement": [statement.clone()]}).to_string());
        assert_eq!(found(&subject, &shared), [], "{statement}");
    }
}

#[test]
fn tls_mode_without_the_deny_is_medium() {
    for mode in ["tls", "tls+iam"] {
        let (mut subject, shared) = clean();
        subject
            .file_system
            .tags
            .insert(MOUNT_MODE_TAG.into(), mode.into());
        let f = only(&subject, &shared);
        assert_eq!(
            (f.check, f.severity),
            (CheckId::TlsNotEnforced, Severity::Medium)
        );
        assert!(
            f.fix.contains("efsctl up --name ray --mount-mode tls"),
            "{}",
            f.fix
        );
    }
}

#[test]
fn tls_is_enforced_by_any_deny_on_secure_transport_false() {
    for value in [json!("false"), json!(false), json!(["false"])] {
        let policy = json!({"Statement": [{"Effect": "Deny", "Principal": {"AWS": "*"},
            "Action": "*", "Condition": {"Bool": {"aws:SecureTransport": value.clone()}}}]});
        assert!(denies_plain_transport(&policy.to_string()), "{value}");
        let (mut subject, shared) = clean();
        subject
            .file_system
            .tags
            .insert(MOUNT_MODE_TAG.into(), "tls".into());
        subject.policy = Some(policy.to_string());
        assert_eq!(found(&subject, &shared), []);
    }
    let allow = json!({"Statement": [{"Effect": "Allow", "Principal": "*", "Action": "*",
        "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]});
    assert!(!denies_plain_transport(&allow.to_string()));
    assert!(!denies_plain_transport("not json"));
}

#[test]
fn nfs_mode_or_no_mode_tag_asks_for_no_tls() {
    let (mut subject, shared) = clean();
    assert_eq!(checks::tls_not_enforced(&subject, &shared), []);
    subject
        .file_system
        .tags
        .insert(MOUNT_MODE_TAG.into(), "nfs".into());
    assert_eq!(checks::tls_not_enforced(&subject, &shared), []);
}

#[test]
fn vpc_dns_off_is_medium_per_vpc_with_the_attribute_to_turn_on() {
    let (subject, mut shared) = clean();
    shared.vpc_dns.insert(
        "vpc-1".into(),
        VpcDns {
            support: true,
            hostnames: false,
        },
    );
    let f = only(&subject, &shared);
    assert_eq!(
        (f.check, f.severity, f.resource.as_str()),
        (CheckId::VpcDnsOff, Severity::Medium, "vpc-1")
    );
    assert!(f.fix.contains("--enable-dns-hostnames") && !f.fix.contains("--enable-dns-support"));
    shared.vpc_dns.insert(
        "vpc-1".into(),
        VpcDns {
            support: false,
            hostnames: false,
        },
    );
    let f = only(&subject, &shared);
    assert!(f.fix.contains("--enable-dns-support") && f.fix.contains("--enable-dns-hostnames"));
    // A VPC whose attributes could not be read says nothing.
    shared.vpc_dns.clear();
    assert_eq!(found(&subject, &shared), []);
}

#[test]
fn no_lifecycle_is_low_and_archive_alone_counts_as_one() {
    let (mut subject, shared) = clean();
    subject.lifecycle = Lifecycle::default();
    let f = only(&subject, &shared);
    assert_eq!((f.check, f.severity), (CheckId::NoLifecycle, Severity::Low));
    assert!(f.fix.contains("--transition-to-ia 30"), "{}", f.fix);
    subject.lifecycle.transition_to_archive = TransitionDays::new(90);
    assert_eq!(found(&subject, &shared), []);
}

#[test]
fn error_states_are_high() {
    let (mut subject, shared) = clean();
    subject.file_system.state = LifeCycleState::Error;
    subject.mount_targets[1].state = LifeCycleState::Error;
    assert_eq!(
        found(&subject, &shared),
        [
            (
                CheckId::FileSystemError,
                Severity::High,
                "fs-0123abcd".to_string()
            ),
            (
                CheckId::MountTargetError,
                Severity::High,
                "fsmt-b".to_string()
            ),
        ]
    );
    subject.file_system.state = LifeCycleState::Creating;
    subject.mount_targets[1].state = LifeCycleState::Creating;
    assert_eq!(found(&subject, &shared), []);
}
