//! Unit tests of `placement`.
use super::*;

fn subnet(id: &str, vpc: &str, az: &str, cidr: Option<&str>, free: i32) -> Subnet {
    Subnet {
        id: id.into(),
        vpc_id: vpc.into(),
        availability_zone: az.into(),
        cidr_block: cidr.map(Into::into),
        available_ips: free,
    }
}

fn vpc_layout() -> Vec<Subnet> {
    vec![
        subnet("subnet-0b", "vpc-1", "us-east-1a", Some("10.0.1.0/24"), 200),
        subnet("subnet-0a", "vpc-1", "us-east-1a", Some("10.0.2.0/24"), 10),
        subnet("subnet-0c", "vpc-1", "us-east-1a", Some("10.0.16.0/20"), 0),
        subnet("subnet-0d", "vpc-1", "us-east-1b", Some("10.0.3.0/24"), 5),
        subnet("subnet-0e", "vpc-1", "us-east-1c", None, 5),
        subnet("subnet-0f", "vpc-2", "us-east-1d", Some("10.1.0.0/24"), 5),
    ]
}

#[test]
fn picks_one_subnet_per_az_by_the_documented_rule() {
    let p = choose("vpc-1", None, &vpc_layout()).unwrap();
    assert_eq!(p.vpc_id, "vpc-1");
    let picked: Vec<(&str, &str)> = p
        .targets
        .iter()
        .map(|t| (t.availability_zone.as_str(), t.subnet_id.as_str()))
        .collect();
    // 1a: the /20 is full, the two /24s tie on size, lowest id wins. 1c is IPv6-only. vpc-2 ignored.
    assert_eq!(
        picked,
        [("us-east-1a", "subnet-0a"), ("us-east-1b", "subnet-0d")]
    );
    assert!(p.targets.iter().all(|t| !t.pinned));
}

#[test]
fn choice_does_not_depend_on_listing_order() {
    let mut reversed = vpc_layout();
    reversed.reverse();
    assert_eq!(
        choose("vpc-1", None, &reversed).unwrap(),
        choose("vpc-1", None, &vpc_layout()).unwrap()
    );
}

#[test]
fn larger_block_wins_when_it_has_room() {
    let subnets = vec![
        subnet("subnet-01", "vpc-1", "us-east-1a", Some("10.0.1.0/24"), 200),
        subnet(
            "subnet-02",
            "vpc-1",
            "us-east-1a",
            Some("10.0.16.0/20"),
            4000,
        ),
    ];
    assert_eq!(
        choose("vpc-1", None, &subnets).unwrap().targets[0].subnet_id,
        "subnet-02"
    );
}

#[test]
fn wanted_azs_are_honoured_and_unknown_ones_named() {
    let azs = vec!["us-east-1b".to_string()];
    let p = choose("vpc-1", Some(&azs), &vpc_layout()).unwrap();
    assert_eq!(p.targets.len(), 1);
    let azs = vec![
        "us-east-1b".to_string(),
        "us-east-1z".to_string(),
        "us-east-1c".to_string(),
    ];
    let e = choose("vpc-1", Some(&azs), &vpc_layout())
        .unwrap_err()
        .message;
    assert!(e.contains("no subnet in us-east-1z, us-east-1c"), "{e}");
    assert!(e.contains("us-east-1a, us-east-1b"), "{e}");
}

#[test]
fn a_vpc_without_subnets_is_refused() {
    let e = choose("vpc-9", None, &vpc_layout()).unwrap_err().message;
    assert!(e.contains("vpc-9"), "{e}");
}

#[test]
fn explicit_subnets_must_share_a_vpc() {
    let ids = vec!["subnet-0b".to_string(), "subnet-0f".to_string()];
    let e = from_subnets(&ids, &vpc_layout(), None).unwrap_err().message;
    assert!(
        e.contains("subnet-0b in vpc-1") && e.contains("subnet-0f in vpc-2"),
        "{e}"
    );
}

#[test]
fn explicit_subnets_must_be_in_distinct_azs() {
    let ids = vec!["subnet-0a".to_string(), "subnet-0b".to_string()];
    let e = from_subnets(&ids, &vpc_layout(), None).unwrap_err().message;
    assert!(
        e.contains("subnet-0a and subnet-0b are both in us-east-1a"),
        "{e}"
    );
}

#[test]
fn explicit_subnets_are_pinned_and_sorted_by_az() {
    let ids = vec!["subnet-0d".to_string(), "subnet-0b".to_string()];
    let p = from_subnets(&ids, &vpc_layout(), None).unwrap();
    assert_eq!(p.targets[0].subnet_id, "subnet-0b");
    assert!(p.targets.iter().all(|t| t.pinned));
}

#[test]
fn missing_subnets_are_named() {
    let ids = vec!["subnet-0b".to_string(), "subnet-99".to_string()];
    let e = from_subnets(&ids, &vpc_layout(), None).unwrap_err().message;
    assert!(e.contains("subnet-99"), "{e}");
}

#[test]
fn one_zone_subnet_must_be_in_that_zone() {
    let ids = vec!["subnet-0d".to_string()];
    let e = from_subnets(&ids, &vpc_layout(), Some("us-east-1a"))
        .unwrap_err()
        .message;
    assert!(e.contains("subnet-0d is in us-east-1b"), "{e}");
}

#[test]
fn availability_zones_are_told_from_local_and_wavelength_zones() {
    for az in [
        "us-east-1a",
        "us-gov-west-1b",
        "ap-southeast-5c",
        "cn-north-1a",
        "mx-central-1a",
    ] {
        assert!(is_availability_zone(az), "{az}");
    }
    for zone in [
        "us-west-2-lax-1a",
        "us-east-1-bos-1a",
        "us-east-1-wl1-bos-wlz-1",
        "us-east-1",
        "use1-az1",
        "a",
        "",
    ] {
        assert!(!is_availability_zone(zone), "{zone}");
    }
}

#[test]
fn local_zone_subnets_are_skipped_by_default_and_named() {
    let mut subnets = vpc_layout();
    subnets.push(subnet(
        "subnet-0l",
        "vpc-1",
        "us-east-1-bos-1a",
        Some("10.0.9.0/24"),
        50,
    ));
    let p = choose("vpc-1", None, &subnets).unwrap();
    let azs: Vec<&str> = p
        .targets
        .iter()
        .map(|t| t.availability_zone.as_str())
        .collect();
    assert_eq!(azs, ["us-east-1a", "us-east-1b"]);
    assert_eq!(p.skipped_zones, ["us-east-1-bos-1a"]);

    let only_edge = [subnet(
        "subnet-0l",
        "vpc-1",
        "us-east-1-bos-1a",
        Some("10.0.9.0/24"),
        50,
    )];
    let err = choose("vpc-1", None, &only_edge).unwrap_err().to_string();
    assert!(err.contains("only in us-east-1-bos-1a"), "{err}");
}

#[test]
fn a_local_zone_subnet_given_explicitly_is_refused() {
    let found = [
        subnet("subnet-0a", "vpc-1", "us-east-1a", Some("10.0.1.0/24"), 50),
        subnet(
            "subnet-0l",
            "vpc-1",
            "us-east-1-bos-1a",
            Some("10.0.9.0/24"),
            50,
        ),
    ];
    let ids = ["subnet-0a".to_string(), "subnet-0l".to_string()];
    let err = from_subnets(&ids, &found, None).unwrap_err().to_string();
    assert!(
        err.contains("subnet-0l is in us-east-1-bos-1a, a Local or Wavelength Zone"),
        "{err}"
    );
}
