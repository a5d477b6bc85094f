//! Unit tests of `model::access`.
use super::*;

#[test]
fn defaults_attach_no_policy_and_tls_denies_plain_transport() {
    assert!(ClientAccess::default().policy("ray").is_none());
    let tls = ClientAccess {
        mount_mode: MountMode::Tls,
        ..ClientAccess::default()
    };
    let doc = tls.policy("ray").unwrap();
    let deny = &doc["Statement"][1];
    assert_eq!(deny["Effect"], "Deny");
    assert_eq!(deny["Condition"]["Bool"]["aws:SecureTransport"], "false");
    let allow = &doc["Statement"][0];
    assert_eq!(
        allow["Condition"]["Bool"]["elasticfilesystem:AccessedViaMountTarget"],
        "true"
    );
    assert!(allow["Action"]
        .as_array()
        .unwrap()
        .contains(&json!("elasticfilesystem:ClientMount")));
}

#[test]
fn iam_auth_drops_anonymous_mount_and_root_squash_drops_root() {
    let doc = ClientAccess {
        mount_mode: MountMode::Tls,
        iam_auth: true,
        root_squash: true,
    }
    .policy("ray")
    .unwrap();
    assert_eq!(
        doc["Statement"][0]["Action"],
        json!(["elasticfilesystem:ClientWrite"])
    );
    // Root squash alone, in NFS mode: no TLS deny, so plain NFS mounts still work.
    let doc = ClientAccess {
        root_squash: true,
        ..ClientAccess::default()
    }
    .policy("ray")
    .unwrap();
    assert_eq!(doc["Statement"].as_array().unwrap().len(), 1);
}

#[test]
fn normalized_policies_compare_equal_whatever_the_spelling() {
    let ours = ClientAccess {
        mount_mode: MountMode::Tls,
        ..ClientAccess::default()
    }
    .policy("ray")
    .unwrap();
    let mut respelled = ours.clone();
    respelled["Statement"][1]["Principal"] = json!("*");
    respelled["Statement"][1]["Action"] = json!(["*"]);
    assert_eq!(normalized_policy(&ours), normalized_policy(&respelled));
}

#[test]
fn the_identity_policy_grants_least_privilege() {
    let arn = "arn:aws:elasticfilesystem:us-east-1:123456789012:file-system/fs-0123abcd";
    let doc = identity_policy("ray-shared", arn, &[], false, false);
    let st = &doc["Statement"][0];
    assert_eq!(st["Sid"], "EfsctlMountrayshared");
    assert_eq!(st["Resource"], arn);
    assert_eq!(
        st["Action"],
        json!([
            "elasticfilesystem:ClientMount",
            "elasticfilesystem:ClientWrite"
        ])
    );
    assert!(st["Condition"].get("StringEquals").is_none());
    let ap = format!(
        "{}:access-point/fsap-0123abcd",
        &arn[..arn.find(":file-system").unwrap()]
    );
    let doc = identity_policy("ray", arn, std::slice::from_ref(&ap), true, true);
    let st = &doc["Statement"][0];
    assert_eq!(
        st["Action"],
        json!([
            "elasticfilesystem:ClientMount",
            "elasticfilesystem:ClientRootAccess"
        ])
    );
    assert_eq!(
        st["Condition"]["StringEquals"]["elasticfilesystem:AccessPointArn"],
        json!([ap])
    );
}

#[test]
fn modes_compare_with_or_without_a_leading_zero() {
    assert_eq!(normal_mode("755"), normal_mode("0755"));
    assert_ne!(normal_mode("750"), normal_mode("0755"));
}
