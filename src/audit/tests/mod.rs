//! The audit's unit tests: every check on a clean file system and on one broken the way it
//! looks for (`checks`), severity order and the `--fail-on` exit code (here), and the reads'
//! batching against the in-memory cloud (`read`).

mod checks;
mod ray;
mod read;

use std::collections::BTreeMap;

use super::*;
use crate::deployment::OWNER_TAG;
use crate::model::{IngressRule, IngressSource, LifeCycleState, TransitionDays};

pub(super) use crate::apply::tests::mem_cloud::mount_target;

pub(super) fn rule(protocol: &str, from: i32, to: i32, cidr: &str) -> IngressRule {
    let source = if cidr.contains(':') {
        IngressSource::Ipv6Cidr(cidr.into())
    } else {
        IngressSource::Cidr(cidr.into())
    };
    IngressRule {
        protocol: protocol.into(),
        from_port: from,
        to_port: to,
        source,
    }
}

pub(super) fn group(id: &str, ingress: Vec<IngressRule>) -> SecurityGroup {
    SecurityGroup {
        id: id.into(),
        name: id.into(),
        vpc_id: "vpc-1".into(),
        ingress,
        egress: vec![IngressRule::no_egress()],
        tags: BTreeMap::new(),
    }
}

/// What `efsctl up --name ray` makes: encrypted, backups on, IA after 30 days, NFS from the
/// VPC only, DNS on.
pub(super) fn clean() -> (Subject, Shared) {
    let mut fs =
        crate::apply::tests::mem_cloud::file_system("fs-0123abcd", LifeCycleState::Available);
    fs.tags.insert(OWNER_TAG.into(), "ray".into());
    let subject = Subject {
        file_system: fs,
        mount_targets: vec![
            mount_target("fsmt-a", "us-east-1a", &["sg-ok"]),
            mount_target("fsmt-b", "us-east-1b", &["sg-ok"]),
        ],
        backup: BackupStatus::Enabled,
        lifecycle: Lifecycle {
            transition_to_ia: TransitionDays::new(30),
            ..Lifecycle::default()
        },
        policy: None,
    };
    let shared = Shared {
        security_groups: BTreeMap::from([(
            "sg-ok".to_string(),
            group("sg-ok", vec![rule("tcp", 2049, 2049, "10.9.0.0/16")]),
        )]),
        vpc_dns: BTreeMap::from([(
            "vpc-1".to_string(),
            VpcDns {
                support: true,
                hostnames: true,
            },
        )]),
        ray: None,
    };
    (subject, shared)
}

/// The checks' findings on `subject`, as (check, severity, resource).
pub(super) fn found(subject: &Subject, shared: &Shared) -> Vec<(CheckId, Severity, String)> {
    audit(std::slice::from_ref(subject), shared)
        .into_iter()
        .map(|f| (f.check, f.severity, f.resource))
        .collect()
}

pub(super) fn only(subject: &Subject, shared: &Shared) -> Finding {
    let all = audit(std::slice::from_ref(subject), shared);
    assert_eq!(all.len(), 1, "{all:#?}");
    all.into_iter().next().unwrap()
}

pub(super) fn without_owner(subject: &mut Subject) {
    subject.file_system.tags.remove(OWNER_TAG);
}
#[test]
fn severities_order_high_over_medium_over_low() {
    assert!(Severity::High > Severity::Medium && Severity::Medium > Severity::Low);
    let (mut subject, mut shared) = clean();
    subject.file_system.encrypted = false;
    subject.backup = BackupStatus::Disabled;
    subject.lifecycle = Lifecycle::default();
    shared.security_groups.insert(
        "sg-ok".into(),
        group("sg-ok", vec![rule("tcp", 2049, 2049, "0.0.0.0/0")]),
    );
    // Sorted by severity, then resource.
    assert_eq!(
        found(&subject, &shared),
        [
            (
                CheckId::NotEncrypted,
                Severity::High,
                "fs-0123abcd".to_string()
            ),
            (CheckId::NfsOpenToWorld, Severity::High, "sg-ok".to_string()),
            (
                CheckId::NoBackup,
                Severity::Medium,
                "fs-0123abcd".to_string()
            ),
            (
                CheckId::NoLifecycle,
                Severity::Low,
                "fs-0123abcd".to_string()
            ),
        ]
    );
}

#[test]
fn fail_on_counts_findings_at_or_above_it() {
    let (mut subject, shared) = clean();
    subject.lifecycle = Lifecycle::default();
    let low = audit(std::slice::from_ref(&subject), &shared);
    assert_eq!(exit_code(&low, Severity::Medium), 0);
    assert_eq!(exit_code(&low, Severity::High), 0);
    assert_eq!(exit_code(&low, Severity::Low), FINDINGS_EXIT_CODE);
    subject.backup = BackupStatus::Disabled;
    let medium = audit(std::slice::from_ref(&subject), &shared);
    assert_eq!(failing(&medium, Severity::Medium), 1);
    assert_eq!(exit_code(&medium, Severity::Medium), 4);
    assert_eq!(exit_code(&medium, Severity::High), 0);
    assert_eq!(exit_code(&[], Severity::Low), 0);
}

#[test]
fn a_finding_serializes_with_its_stable_ids() {
    let (mut subject, shared) = clean();
    subject.lifecycle = Lifecycle::default();
    let value = serde_json::to_value(only(&subject, &shared)).unwrap();
    let keys: Vec<&str> = value
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "check",
            "file_system_id",
            "fix",
            "message",
            "resource",
            "severity"
        ]
    );
    assert_eq!(value["check"], "no-lifecycle");
    assert_eq!(value["severity"], "low");
    for check in [CheckId::NfsOpenToWorld, CheckId::TlsNotEnforced] {
        assert_eq!(serde_json::to_value(check).unwrap(), check.as_str());
    }
}
