//! What a deployment should be, as flags (`DesiredArgs`, shared by `up`, `plan` and `export`), and
//! the list of efsctl.yaml settings derived from those flags for `init` and the JSON Schema.

use super::*;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum MountModeArg {
    /// NFS through Docker's local volume driver; not encrypted in transit
    Nfs,
    /// amazon-efs-utils with TLS on each host; encrypted in transit
    Tls,
}

/// Everything that shapes the desired deployment; shared by `up` and `plan`.
#[derive(Debug, Clone, Default, Args)]
pub struct DesiredArgs {
    /// Place the file system for this Ray cluster (its cluster_name): VPC, AZs and subnets from
    /// its nodes (tagged ray-cluster-name), NFS from their security groups; before any node
    /// exists, from its group ray-autoscaler-NAME. Explicit placement and access flags win
    #[arg(long, value_name = "NAME", help_heading = "Placement")]
    pub ray_cluster: Option<String>,
    /// VPC for the mount targets [default: the account's default VPC]
    #[arg(long, value_name = "VPC_ID", help_heading = "Placement")]
    pub vpc: Option<String>,
    /// AZs that need a mount target, comma-separated [default: every AZ with a subnet in the VPC]
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "AZ,...",
        help_heading = "Placement",
        conflicts_with = "subnets"
    )]
    pub azs: Option<Vec<String>>,
    /// Exact subnets for the mount targets, one per AZ, all in one VPC
    #[arg(
        long,
        value_delimiter = ',',
        value_name = "SUBNET,...",
        help_heading = "Placement"
    )]
    pub subnets: Option<Vec<String>>,
    /// One Zone file system with a single mount target in this AZ (cheaper, not AZ-redundant)
    #[arg(long, value_name = "AZ", help_heading = "Placement")]
    pub one_zone: Option<String>,

    /// Security group of the Ray workers allowed to mount (repeatable); in the mount targets' VPC
    /// or a VPC peered with it
    #[arg(long = "allow-sg", value_name = "SG_ID", help_heading = "Access")]
    pub allow_sg: Vec<String>,
    /// CIDR allowed to mount (repeatable) [default: the VPC's CIDR blocks when no --allow-sg]
    #[arg(long = "allow-cidr", value_name = "CIDR", help_heading = "Access")]
    pub allow_cidr: Vec<String>,

    /// KMS key for encryption at rest: key id, ARN or alias/NAME [default: the AWS-managed key]
    #[arg(long, value_name = "KEY", help_heading = "File system")]
    pub kms_key: Option<String>,
    /// Throughput mode [default: elastic]
    #[arg(long, value_enum, value_name = "MODE", help_heading = "File system")]
    pub throughput: Option<ThroughputArg>,
    /// Provisioned throughput in MiB/s (with --throughput provisioned)
    #[arg(long, value_name = "MIBPS", help_heading = "File system")]
    pub provisioned_mibps: Option<f64>,
    /// Performance mode [default: general-purpose]
    #[arg(long, value_enum, value_name = "MODE", help_heading = "File system")]
    pub performance_mode: Option<PerformanceModeArg>,

    /// Automatic daily backups by AWS Backup (the default)
    #[arg(long, overrides_with = "no_backup", help_heading = "Keeping the data")]
    pub backup: bool,
    /// No automatic backups
    #[arg(long, overrides_with = "backup", help_heading = "Keeping the data")]
    pub no_backup: bool,
    /// Move files not read for DAYS to Infrequent Access: 1, 7, 14, 30, 60, 90, 180, 270, 365,
    /// or none [default: 30]
    #[arg(long, value_name = "DAYS|none", help_heading = "Keeping the data")]
    pub transition_to_ia: Option<String>,
    /// Move files not read for DAYS to Archive (Regional + Elastic only; later than IA):
    /// same values [default: 90 on Regional + Elastic, else none]
    #[arg(long, value_name = "DAYS|none", help_heading = "Keeping the data")]
    pub transition_to_archive: Option<String>,
    /// Move a file back to Standard when it is read [default: none]
    #[arg(
        long,
        value_enum,
        value_name = "WHEN",
        help_heading = "Keeping the data"
    )]
    pub transition_to_primary: Option<TransitionToPrimaryArg>,
    /// How clients mount: nfs (plain NFS, what Docker's local driver can do) or tls (the EFS
    /// mount helper with TLS; efsctl then denies unencrypted access) [default: nfs]
    #[arg(long, value_enum, value_name = "MODE", help_heading = "Clients")]
    pub mount_mode: Option<MountModeArg>,
    /// Clients must mount with IAM (-o tls,iam): anonymous mounts are refused (needs
    /// --mount-mode tls; give the nodes' role the policy of `efsctl iam-policy`)
    #[arg(long, help_heading = "Clients")]
    pub iam_auth: bool,
    /// No client may act as root on the file system (ClientRootAccess is not granted)
    #[arg(long, help_heading = "Clients")]
    pub root_squash: bool,
    /// An access point: a POSIX identity and a root directory for one application,
    /// NAME:/PATH:UID:GID[:MODE] (MODE octal, default 0755); repeatable
    #[arg(long = "access-point", value_name = "SPEC", help_heading = "Clients")]
    pub access_points: Vec<String>,

    /// Replicate the file system to this region (EFS replication; the replica is read-only)
    #[arg(long, value_name = "REGION", help_heading = "Keeping the data")]
    pub replicate_to: Option<String>,
    /// KMS key for the replica, in the destination region [default: its AWS-managed key]
    #[arg(long, value_name = "KEY", help_heading = "Keeping the data")]
    pub replica_kms_key: Option<String>,
    /// Make the replica One Zone, in this AZ of the destination region [default: Regional]
    #[arg(long, value_name = "AZ", help_heading = "Keeping the data")]
    pub replica_one_zone: Option<String>,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum TransitionToPrimaryArg {
    /// Back to Standard on the first read after a transition
    OnFirstAccess,
    /// Stay in IA or Archive when read
    None,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum ThroughputArg {
    /// Scales with the workload, pay per GB transferred (recommended)
    Elastic,
    /// Throughput grows with size, with burst credits
    Bursting,
    /// A fixed rate you pay for (needs --provisioned-mibps)
    Provisioned,
}

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, ValueEnum, serde::Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum PerformanceModeArg {
    /// Lowest latency; required for Elastic throughput and One Zone
    GeneralPurpose,
    /// Legacy high-parallelism mode (Bursting or Provisioned only)
    MaxIo,
}

/// A setting of efsctl.yaml as the command line describes it: the key (the long flag's name),
/// its help, and the help heading it is listed under.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileSetting {
    pub key: String,
    pub help: String,
    pub heading: String,
}

/// Every efsctl.yaml setting, from the flags of `up` and `plan` and the global options, in the
/// order `--help` lists them: the one description that `init`'s file and the JSON Schema reuse.
pub fn file_settings() -> Vec<FileSetting> {
    use clap::CommandFactory;
    let cli = Cli::command();
    let mut args: Vec<clap::Arg> = cli.get_arguments().cloned().collect();
    for sub in ["up", "plan"] {
        if let Some(cmd) = cli.find_subcommand(sub) {
            args.extend(cmd.get_arguments().cloned());
        }
    }
    let mut settings: Vec<FileSetting> = Vec::new();
    for arg in args {
        let Some(flag) = arg.get_long() else { continue };
        let key = match flag {
            "help" | "version" | "config" | "output" | "verbose" | "no-backup"
            | "detailed-exitcode" => continue,
            "access-point" => "access-points",
            other => other,
        };
        if settings.iter().any(|s| s.key == key) {
            continue;
        }
        let help = match key {
            "backup" => "Automatic daily backups by AWS Backup [default: true]".to_string(),
            "access-points" => "Access points: a POSIX identity and a root directory per \
                                application, each {name, path, uid, gid, mode} (mode octal, \
                                default 0755)"
                .to_string(),
            _ => arg
                .get_long_help()
                .or_else(|| arg.get_help())
                .map(|h| h.to_string())
                .unwrap_or_default(),
        };
        let heading = match key {
            "name" | "timeout" => "Deployment",
            _ => arg.get_help_heading().unwrap_or("Deployment"),
        };
        settings.push(FileSetting {
            key: key.to_string(),
            help: help.split_whitespace().collect::<Vec<_>>().join(" "),
            heading: heading.to_string(),
        });
    }
    settings
}
