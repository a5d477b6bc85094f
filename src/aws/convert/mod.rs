//! Conversions between aws-sdk-rust types and efsctl's own `crate::model`, in both directions:
//! the only place that knows both, so the adapter's calls stay one readable block each.

use std::collections::BTreeMap;

use aws_sdk_ec2::types as ec2;
use aws_sdk_efs::types as efs;

use crate::model::{
    FileSystem, IngressRule, IngressSource, Instance, LifeCycleState, MountTarget, PerformanceMode,
    SecurityGroup, StorageSize, Subnet, Throughput, Vpc,
};

pub(crate) fn efs_tags(tags: &BTreeMap<String, String>) -> Vec<efs::Tag> {
    tags.iter()
        .map(|(k, v)| {
            efs::Tag::builder()
                .key(k)
                .value(v)
                .build()
                .expect("key and value are set")
        })
        .collect()
}

/// Builds a [`FileSystem`] from any SDK shape with FileSystemDescription's getters: both
/// DescribeFileSystems items and the CreateFileSystem output have them, but share no type.
macro_rules! file_system_from {
    ($d:expr) => {{
        let d = $d;
        let throughput = match d.throughput_mode() {
            Some(efs::ThroughputMode::Provisioned) => Throughput::Provisioned {
                mibps: d.provisioned_throughput_in_mibps().unwrap_or(0.0),
            },
            Some(efs::ThroughputMode::Elastic) => Throughput::Elastic,
            _ => Throughput::Bursting,
        };
        let performance_mode = match d.performance_mode() {
            efs::PerformanceMode::MaxIo => PerformanceMode::MaxIo,
            _ => PerformanceMode::GeneralPurpose,
        };
        let size = d
            .size_in_bytes()
            .map(|s| StorageSize {
                total: s.value(),
                standard: s.value_in_standard().unwrap_or(s.value()),
                infrequent_access: s.value_in_ia().unwrap_or(0),
                archive: s.value_in_archive().unwrap_or(0),
            })
            .unwrap_or_default();
        FileSystem {
            id: d.file_system_id().to_string(),
            arn: d.file_system_arn().map(str::to_string),
            creation_token: d.creation_token().to_string(),
            state: LifeCycleState::parse(d.life_cycle_state().as_str()),
            performance_mode,
            throughput,
            encrypted: d.encrypted().unwrap_or(false),
            kms_key_id: d.kms_key_id().map(str::to_string),
            availability_zone: d.availability_zone_name().map(str::to_string),
            number_of_mount_targets: d.number_of_mount_targets(),
            size,
            tags: d
                .tags()
                .iter()
                .map(|t| (t.key().to_string(), t.value().to_string()))
                .collect(),
        }
    }};
}

pub(crate) fn file_system(d: &efs::FileSystemDescription) -> FileSystem {
    file_system_from!(d)
}

pub(crate) fn throughput_mode(t: Throughput) -> (efs::ThroughputMode, Option<f64>) {
    match t {
        Throughput::Elastic => (efs::ThroughputMode::Elastic, None),
        Throughput::Bursting => (efs::ThroughputMode::Bursting, None),
        Throughput::Provisioned { mibps } => (efs::ThroughputMode::Provisioned, Some(mibps)),
    }
}

pub(crate) fn mount_target(d: &efs::MountTargetDescription) -> MountTarget {
    MountTarget {
        id: d.mount_target_id().to_string(),
        file_system_id: d.file_system_id().to_string(),
        subnet_id: d.subnet_id().to_string(),
        availability_zone: d.availability_zone_name().unwrap_or_default().to_string(),
        vpc_id: d.vpc_id().map(str::to_string),
        ip_address: d.ip_address().map(str::to_string),
        state: LifeCycleState::parse(d.life_cycle_state().as_str()),
        security_groups: None,
    }
}

pub(crate) fn ec2_tags(tags: &[ec2::Tag]) -> BTreeMap<String, String> {
    tags.iter()
        .filter_map(|t| {
            Some((
                t.key()?.to_string(),
                t.value().unwrap_or_default().to_string(),
            ))
        })
        .collect()
}

pub(crate) fn security_group(g: &ec2::SecurityGroup) -> SecurityGroup {
    SecurityGroup {
        id: g.group_id().unwrap_or_default().to_string(),
        name: g.group_name().unwrap_or_default().to_string(),
        vpc_id: g.vpc_id().unwrap_or_default().to_string(),
        ingress: rules(g.ip_permissions()),
        egress: rules(g.ip_permissions_egress()),
        tags: ec2_tags(g.tags()),
    }
}

/// Permissions flattened to one rule per source (or destination), sorted.
fn rules(permissions: &[ec2::IpPermission]) -> Vec<IngressRule> {
    let mut ingress = Vec::new();
    for p in permissions {
        let protocol = p.ip_protocol().unwrap_or("-1").to_string();
        let (from_port, to_port) = (p.from_port().unwrap_or(-1), p.to_port().unwrap_or(-1));
        let rule = |source| IngressRule {
            protocol: protocol.clone(),
            from_port,
            to_port,
            source,
        };
        ingress.extend(
            p.ip_ranges()
                .iter()
                .filter_map(|r| r.cidr_ip())
                .map(|c| rule(IngressSource::Cidr(c.into()))),
        );
        ingress.extend(
            p.ipv6_ranges()
                .iter()
                .filter_map(|r| r.cidr_ipv6())
                .map(|c| rule(IngressSource::Ipv6Cidr(c.into()))),
        );
        ingress.extend(
            p.user_id_group_pairs()
                .iter()
                .filter_map(|u| u.group_id())
                .map(|id| rule(IngressSource::SecurityGroup(id.into()))),
        );
    }
    ingress.sort();
    ingress
}

pub(crate) fn instance(i: &ec2::Instance) -> Instance {
    Instance {
        id: i.instance_id().unwrap_or_default().to_string(),
        vpc_id: i.vpc_id().map(str::to_string),
        subnet_id: i.subnet_id().map(str::to_string),
        availability_zone: i
            .placement()
            .and_then(|p| p.availability_zone())
            .map(str::to_string),
        security_groups: i
            .security_groups()
            .iter()
            .filter_map(|g| g.group_id().map(str::to_string))
            .collect(),
        platform: i.platform().map(|p| p.as_str().to_lowercase()),
        state: i
            .state()
            .and_then(|s| s.name())
            .map_or("unknown", |n| n.as_str())
            .to_string(),
        tags: ec2_tags(i.tags()),
    }
}

pub(crate) fn subnet(s: &ec2::Subnet) -> Subnet {
    Subnet {
        id: s.subnet_id().unwrap_or_default().to_string(),
        vpc_id: s.vpc_id().unwrap_or_default().to_string(),
        availability_zone: s.availability_zone().unwrap_or_default().to_string(),
        cidr_block: s.cidr_block().map(str::to_string),
        available_ips: s.available_ip_address_count().unwrap_or(0),
    }
}

pub(crate) fn vpc(v: &ec2::Vpc) -> Vpc {
    let mut cidr_blocks: Vec<String> = v
        .cidr_block_association_set()
        .iter()
        .filter(|a| {
            a.cidr_block_state()
                .and_then(|s| s.state())
                .is_none_or(|s| *s == ec2::VpcCidrBlockStateCode::Associated)
        })
        .filter_map(|a| a.cidr_block().map(str::to_string))
        .collect();
    if cidr_blocks.is_empty() {
        cidr_blocks.extend(v.cidr_block().map(str::to_string));
    }
    Vpc {
        id: v.vpc_id().unwrap_or_default().to_string(),
        is_default: v.is_default().unwrap_or(false),
        cidr_blocks,
    }
}

/// Whether `c` is an active peering connection between `a` and `b` (in either direction).
pub(crate) fn peering_joins(c: &ec2::VpcPeeringConnection, a: &str, b: &str) -> bool {
    let active = c.status().and_then(|s| s.code())
        == Some(&ec2::VpcPeeringConnectionStateReasonCode::Active);
    let requester = c.requester_vpc_info().and_then(|v| v.vpc_id());
    let accepter = c.accepter_vpc_info().and_then(|v| v.vpc_id());
    active
        && ((requester == Some(a) && accepter == Some(b))
            || (requester == Some(b) && accepter == Some(a)))
}

pub(crate) fn filter(name: &str, value: &str) -> ec2::Filter {
    ec2::Filter::builder().name(name).values(value).build()
}

/// EC2's IpPermission list for rules, grouped one permission per rule (simple and exact).
pub(crate) fn ip_permissions(rules: &[IngressRule], description: &str) -> Vec<ec2::IpPermission> {
    rules
        .iter()
        .map(|r| {
            let b = ec2::IpPermission::builder().ip_protocol(&r.protocol);
            // EC2 takes no ports for "all protocols".
            let b = if r.protocol == "-1" {
                b
            } else {
                b.from_port(r.from_port).to_port(r.to_port)
            };
            match &r.source {
                IngressSource::Cidr(c) => b.ip_ranges(
                    ec2::IpRange::builder()
                        .cidr_ip(c)
                        .description(description)
                        .build(),
                ),
                IngressSource::Ipv6Cidr(c) => b.ipv6_ranges(
                    ec2::Ipv6Range::builder()
                        .cidr_ipv6(c)
                        .description(description)
                        .build(),
                ),
                IngressSource::SecurityGroup(g) => b.user_id_group_pairs(
                    ec2::UserIdGroupPair::builder()
                        .group_id(g)
                        .description(description)
                        .build(),
                ),
            }
            .build()
        })
        .collect()
}

/// The CreateFileSystem answer as a [`FileSystem`].
pub(crate) fn created_file_system(
    out: &aws_sdk_efs::operation::create_file_system::CreateFileSystemOutput,
) -> FileSystem {
    file_system_from!(out)
}

mod data;
mod inventory;
pub(crate) use data::{access_point, lifecycle, lifecycle_policies, replica, replication};
pub(crate) use inventory::{filter_values, listed_mount_target, network_interface};
