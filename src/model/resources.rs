//! efsctl's own view of the AWS resources it manages.
//!
//! The AWS adapter converts SDK types into these, so planning, rendering and tests never touch
//! SDK types and stay independent of the SDK's churn.

use std::collections::BTreeMap;
use std::fmt;

use serde::Serialize;

/// The NFS port every mount target listens on; the only port efsctl's security group opens.
pub const NFS_PORT: i32 = 2049;

/// EFS and EC2 life-cycle states, shared by file systems and mount targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum LifeCycleState {
    Creating,
    Available,
    Updating,
    Deleting,
    Deleted,
    Error,
    Other(String),
}

impl LifeCycleState {
    pub fn parse(s: &str) -> Self {
        match s {
            "creating" => Self::Creating,
            "available" => Self::Available,
            "updating" => Self::Updating,
            "deleting" => Self::Deleting,
            "deleted" => Self::Deleted,
            "error" => Self::Error,
            other => Self::Other(other.to_string()),
        }
    }
    pub fn as_str(&self) -> &str {
        match self {
            Self::Creating => "creating",
            Self::Available => "available",
            Self::Updating => "updating",
            Self::Deleting => "deleting",
            Self::Deleted => "deleted",
            Self::Error => "error",
            Self::Other(s) => s,
        }
    }
    /// Gone or going: a resource in this state will not serve and must not be reused.
    pub fn is_going_away(&self) -> bool {
        matches!(self, Self::Deleting | Self::Deleted)
    }
}

impl fmt::Display for LifeCycleState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum PerformanceMode {
    GeneralPurpose,
    MaxIo,
}

impl PerformanceMode {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::GeneralPurpose => "general-purpose",
            Self::MaxIo => "max-io",
        }
    }
}

impl fmt::Display for PerformanceMode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Throughput mode with its rate: a provisioned rate exists only in provisioned mode, so the
/// type makes "provisioned without a rate" unrepresentable once validated.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "mode", rename_all = "kebab-case")]
pub enum Throughput {
    Elastic,
    Bursting,
    Provisioned { mibps: f64 },
}

impl Throughput {
    pub fn mode_name(&self) -> &'static str {
        match self {
            Self::Elastic => "elastic",
            Self::Bursting => "bursting",
            Self::Provisioned { .. } => "provisioned",
        }
    }
}

impl fmt::Display for Throughput {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Provisioned { mibps } => write!(f, "provisioned {mibps} MiB/s"),
            other => f.write_str(other.mode_name()),
        }
    }
}

/// Bytes stored, per storage class, as EFS metered it last.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StorageSize {
    pub total: i64,
    pub standard: i64,
    pub infrequent_access: i64,
    pub archive: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct FileSystem {
    pub id: String,
    /// `arn:aws:elasticfilesystem:REGION:ACCOUNT:file-system/fs-...` (as EFS reports it).
    pub arn: Option<String>,
    pub creation_token: String,
    pub state: LifeCycleState,
    pub performance_mode: PerformanceMode,
    pub throughput: Throughput,
    pub encrypted: bool,
    pub kms_key_id: Option<String>,
    /// Set for One Zone file systems: the only AZ that may hold its mount target.
    pub availability_zone: Option<String>,
    pub number_of_mount_targets: i32,
    pub size: StorageSize,
    pub tags: BTreeMap<String, String>,
}

impl FileSystem {
    /// The DNS name clients mount; resolvable only from inside the VPC with DNS enabled.
    pub fn dns_name(&self, region: &str) -> String {
        dns_name(&self.id, region)
    }
}

/// `fs-x.efs.REGION.amazonaws.com`: the documented name for a file system in a commercial region.
pub fn dns_name(file_system_id: &str, region: &str) -> String {
    let suffix = if region.starts_with("cn-") {
        "amazonaws.com.cn"
    } else {
        "amazonaws.com"
    };
    format!("{file_system_id}.efs.{region}.{suffix}")
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MountTarget {
    pub id: String,
    pub file_system_id: String,
    pub subnet_id: String,
    pub availability_zone: String,
    pub vpc_id: Option<String>,
    pub ip_address: Option<String>,
    pub state: LifeCycleState,
    /// Security groups on the mount target's network interface; `None` until described.
    pub security_groups: Option<Vec<String>>,
}

/// Where NFS traffic may come from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(tag = "kind", content = "value", rename_all = "kebab-case")]
pub enum IngressSource {
    SecurityGroup(String),
    Cidr(String),
    Ipv6Cidr(String),
}

impl fmt::Display for IngressSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SecurityGroup(g) => f.write_str(g),
            Self::Cidr(c) | Self::Ipv6Cidr(c) => f.write_str(c),
        }
    }
}

/// The description efsctl gives its inbound rules (the exports repeat it, so an adopted group
/// shows no change).
pub const INGRESS_DESCRIPTION: &str = "NFS from Ray workers (efsctl)";
/// ... and its outbound rule.
pub const EGRESS_DESCRIPTION: &str = "no outbound traffic (efsctl)";

/// One inbound rule: protocol and port range from one source.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct IngressRule {
    /// "tcp", "udp", "icmp" or "-1" (all), as EC2 reports it.
    pub protocol: String,
    pub from_port: i32,
    pub to_port: i32,
    pub source: IngressSource,
}

impl IngressRule {
    pub fn nfs_from(source: IngressSource) -> Self {
        IngressRule {
            protocol: "tcp".into(),
            from_port: NFS_PORT,
            to_port: NFS_PORT,
            source,
        }
    }
    /// The deployment group's one egress rule: all protocols to 127.0.0.1/32, which lets nothing
    /// leave the interface. The mount targets need no outbound rule (NFS replies are return
    /// traffic, which security groups allow), and this is the one spelling of "no egress" that
    /// efsctl, Terraform and CloudFormation share: CloudFormation cannot make a group without an
    /// egress rule, and documents this rule as the way to remove the default allow-all one.
    pub fn no_egress() -> Self {
        IngressRule {
            protocol: "-1".into(),
            from_port: -1,
            to_port: -1,
            source: IngressSource::Cidr("127.0.0.1/32".into()),
        }
    }
    /// The egress rule EC2 gives every new group (IPv4): all traffic to anywhere.
    pub fn ec2_default_egress() -> Self {
        IngressRule {
            protocol: "-1".into(),
            from_port: -1,
            to_port: -1,
            source: IngressSource::Cidr("0.0.0.0/0".into()),
        }
    }
    pub fn is_open_to_world(&self) -> bool {
        matches!(&self.source, IngressSource::Cidr(c) if c == "0.0.0.0/0")
            || matches!(&self.source, IngressSource::Ipv6Cidr(c) if c == "::/0")
    }
}

impl fmt::Display for IngressRule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.protocol == "-1" {
            return write!(f, "all from {}", self.source);
        }
        let proto = &self.protocol;
        if self.from_port == self.to_port {
            write!(f, "{proto}/{} from {}", self.from_port, self.source)
        } else {
            write!(
                f,
                "{proto}/{}-{} from {}",
                self.from_port, self.to_port, self.source
            )
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SecurityGroup {
    pub id: String,
    pub name: String,
    pub vpc_id: String,
    pub ingress: Vec<IngressRule>,
    /// Outbound rules; the `source` is the destination.
    pub egress: Vec<IngressRule>,
    pub tags: BTreeMap<String, String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Vpc {
    pub id: String,
    pub is_default: bool,
    pub cidr_blocks: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subnet {
    pub id: String,
    pub vpc_id: String,
    pub availability_zone: String,
    /// The IPv4 block; `None` for IPv6-only subnets, which efsctl does not place mount targets in.
    pub cidr_block: Option<String>,
    pub available_ips: i32,
}

impl Subnet {
    /// Prefix length of the IPv4 block (smaller is bigger); `u8::MAX` when there is none.
    pub fn prefix_len(&self) -> u8 {
        self.cidr_block
            .as_deref()
            .and_then(|c| c.split_once('/'))
            .and_then(|(_, p)| p.parse().ok())
            .unwrap_or(u8::MAX)
    }
}

/// DNS attributes of a VPC: both must be on for `fs-x.efs.REGION.amazonaws.com` to resolve.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct VpcDns {
    pub support: bool,
    pub hostnames: bool,
}

/// An EC2 instance, as far as placing a file system for it goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Instance {
    pub id: String,
    pub vpc_id: Option<String>,
    pub subnet_id: Option<String>,
    pub availability_zone: Option<String>,
    pub security_groups: Vec<String>,
    /// `windows` for Windows instances (EC2's `Platform`); `None` for Linux.
    pub platform: Option<String>,
    pub state: String,
    pub tags: BTreeMap<String, String>,
}
