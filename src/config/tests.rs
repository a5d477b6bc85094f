use super::*;
use crate::cli::OutputFormat;

fn global() -> GlobalArgs {
    GlobalArgs {
        region: None,
        profile: None,
        endpoint_url: None,
        config: None,
        output: OutputFormat::Table,
        verbose: 0,
    }
}

fn spec_from(file: &str, flags: DesiredArgs) -> Result<Spec> {
    let loaded = Loaded::merge(ConfigFile::parse(file).unwrap(), &global());
    loaded.spec(Some("ray-shared"), &flags, None)
}

fn err(file: &str, flags: DesiredArgs) -> String {
    spec_from(file, flags).unwrap_err().message
}

#[test]
fn defaults_are_encrypted_general_purpose_elastic_regional() {
    let spec = spec_from("", DesiredArgs::default()).unwrap();
    assert_eq!(
        spec.file_system.performance_mode,
        PerformanceMode::GeneralPurpose
    );
    assert_eq!(spec.file_system.throughput, Throughput::Elastic);
    assert_eq!(spec.file_system.one_zone, None);
    assert_eq!(spec.file_system.kms_key, None);
    assert_eq!(
        spec.placement,
        PlacementRequest::Vpc {
            vpc: None,
            azs: None
        }
    );
    assert!(spec.access.sources.is_empty());
    assert_eq!(spec.timeout, DEFAULT_TIMEOUT);
}

#[test]
fn flags_override_the_file() {
    let flags = DesiredArgs {
        vpc: Some("vpc-0b".into()),
        ..Default::default()
    };
    let spec = spec_from(
        "vpc: vpc-0a\nazs: [us-east-1b, us-east-1a, us-east-1a]\n",
        flags,
    )
    .unwrap();
    assert_eq!(
        spec.placement,
        PlacementRequest::Vpc {
            vpc: Some("vpc-0b".into()),
            azs: Some(vec!["us-east-1a".into(), "us-east-1b".into()])
        }
    );
}

#[test]
fn global_flags_override_file_aws_settings() {
    let file = ConfigFile::parse("region: eu-west-1\nprofile: p\n").unwrap();
    let mut g = global();
    g.region = Some("us-east-2".into());
    let loaded = Loaded::merge(file, &g);
    assert_eq!(loaded.aws.region.as_deref(), Some("us-east-2"));
    assert_eq!(loaded.aws.profile.as_deref(), Some("p"));
}

#[test]
fn name_comes_from_flag_or_file_and_is_required() {
    let loaded = Loaded::merge(ConfigFile::parse("name: from-file\n").unwrap(), &global());
    assert_eq!(loaded.name(None).unwrap().as_str(), "from-file");
    assert_eq!(loaded.name(Some("flag")).unwrap().as_str(), "flag");
    let empty = Loaded::default();
    assert!(empty.name(None).unwrap_err().message.contains("--name"));
}

#[test]
fn invalid_combinations_are_refused() {
    let cases: Vec<(&str, DesiredArgs, &str)> = vec![
        (
            "performance-mode: max-io\n",
            DesiredArgs::default(),
            "cannot use Elastic",
        ),
        (
            "performance-mode: max-io\nthroughput: bursting\none-zone: us-east-1a\n",
            DesiredArgs::default(),
            "One Zone",
        ),
        (
            "throughput: provisioned\n",
            DesiredArgs::default(),
            "--provisioned-mibps",
        ),
        (
            "throughput: provisioned\nprovisioned-mibps: 0\n",
            DesiredArgs::default(),
            "between 1 and",
        ),
        (
            "provisioned-mibps: 10\n",
            DesiredArgs::default(),
            "only applies to --throughput provisioned",
        ),
        (
            "one-zone: us-east-1a\nazs: [us-east-1b]\n",
            DesiredArgs::default(),
            "--one-zone",
        ),
        (
            "one-zone: us-east-1a\nsubnets: [subnet-1, subnet-2]\n",
            DesiredArgs::default(),
            "One Zone",
        ),
        (
            "azs: [us-east-1a]\nsubnets: [subnet-1]\n",
            DesiredArgs::default(),
            "either azs or subnets",
        ),
        (
            "subnets: [subnet-1, subnet-1]\n",
            DesiredArgs::default(),
            "same subnet twice",
        ),
        (
            "subnets: [sub-1]\n",
            DesiredArgs::default(),
            "invalid subnet id",
        ),
        ("vpc: vpc1\n", DesiredArgs::default(), "invalid VPC id"),
        (
            "allow-sg: [sg-zz]\n",
            DesiredArgs::default(),
            "invalid security group id",
        ),
        (
            "allow-cidr: [10.0.0.0/40]\n",
            DesiredArgs::default(),
            "invalid CIDR",
        ),
        ("kms-key: nope\n", DesiredArgs::default(), "invalid KMS key"),
        ("timeout: soon\n", DesiredArgs::default(), "invalid timeout"),
    ];
    for (file, flags, expected) in cases {
        let message = err(file, flags);
        assert!(message.contains(expected), "{file:?}: {message}");
    }
}

#[test]
fn one_zone_implies_its_az() {
    let spec = spec_from("one-zone: us-east-1c\n", DesiredArgs::default()).unwrap();
    assert_eq!(
        spec.placement,
        PlacementRequest::Vpc {
            vpc: None,
            azs: Some(vec!["us-east-1c".into()])
        }
    );
}

#[test]
fn access_sources_are_sorted_and_unique() {
    let flags = DesiredArgs {
        allow_sg: vec!["sg-0b".into(), "sg-0a".into(), "sg-0b".into()],
        allow_cidr: vec!["10.0.0.0/16".into()],
        ..Default::default()
    };
    let spec = spec_from("", flags).unwrap();
    assert_eq!(
        spec.access.sources,
        vec![
            IngressSource::SecurityGroup("sg-0a".into()),
            IngressSource::SecurityGroup("sg-0b".into()),
            IngressSource::Cidr("10.0.0.0/16".into()),
        ]
    );
}

#[test]
fn regions_and_zones_are_checked() {
    assert!(check_region("us-east-1").is_ok());
    let e = check_region("us-east-9").unwrap_err().message;
    assert!(e.contains("us-east-9") && e.contains("us-east-1"), "{e}");
    let spec = spec_from("azs: [eu-west-1a]\n", DesiredArgs::default()).unwrap();
    assert!(check_zones(&spec, "us-east-1")
        .unwrap_err()
        .message
        .contains("eu-west-1a"));
}

#[test]
fn placement_flags_replace_the_files_placement() {
    let flags = DesiredArgs {
        subnets: Some(vec!["subnet-0c".into()]),
        ..Default::default()
    };
    let spec = spec_from("azs: [us-east-1a]\n", flags).unwrap();
    assert_eq!(
        spec.placement,
        PlacementRequest::Subnets(vec!["subnet-0c".into()])
    );
    let flags = DesiredArgs {
        azs: Some(vec!["us-east-1b".into()]),
        ..Default::default()
    };
    let spec = spec_from("subnets: [subnet-0a]\n", flags).unwrap();
    assert_eq!(
        spec.placement,
        PlacementRequest::Vpc {
            vpc: None,
            azs: Some(vec!["us-east-1b".into()])
        }
    );
}
