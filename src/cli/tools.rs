//! The flags of the read-only and shell commands: `audit`, `prices`, `completions`, `man`.

use super::*;

pub(super) const COMPLETIONS_AFTER_HELP: &str = "\
Install:
  bash:  efsctl completions bash > ~/.local/share/bash-completion/completions/efsctl
  zsh:   efsctl completions zsh > \"${fpath[1]}/_efsctl\"
  fish:  efsctl completions fish > ~/.config/fish/completions/efsctl.fish
  pwsh:  efsctl completions powershell >> $PROFILE";

#[derive(Debug, Clone, Args)]
pub struct CompletionsArgs {
    /// The shell to complete for
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

pub(super) const MAN_AFTER_HELP: &str = "\
Example:
  efsctl man --out /usr/local/share/man/man1 && man efsctl-up";

#[derive(Debug, Clone, Args)]
pub struct ManArgs {
    /// Directory for the pages (efsctl.1, efsctl-up.1, ...); created if missing
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

pub(super) const AUDIT_AFTER_HELP: &str = "\
Checks (severity, id):
  high    not-encrypted         not encrypted at rest (EFS cannot encrypt an existing one)
  high    nfs-open-to-world     a mount target's security group admits TCP 2049 (or all traffic,
                                or a port range holding 2049) from 0.0.0.0/0 or ::/0
  high    file-system-error     the file system is in the error state
  high    mount-target-error    a mount target is in the error state
  medium  no-backup             no automatic backup
  medium  policy-allows-anyone  the file system policy allows any principal with no Condition
  medium  tls-not-enforced      tagged efsctl:mount-mode=tls, but the policy does not deny
                                unencrypted transport (aws:SecureTransport false)
  medium  vpc-dns-off           DNS support or DNS hostnames off in a mount target's VPC
  low     no-lifecycle          no lifecycle policy (files never move to Infrequent Access)

With --ray-cluster NAME:
  medium  ray-az-without-mount-target   the cluster has nodes in an AZ with no mount target
  medium  ray-nodes-in-other-vpc        the cluster has nodes outside the mount targets' VPC

Without --name, --file-system-id or --all, the deployment named in efsctl.yaml is audited
(with its `ray-cluster:` if it has one).

Examples:
  efsctl audit --name ray-shared
  efsctl audit --name ray-shared --ray-cluster my-cluster   # before the cluster outgrows it
  efsctl audit --file-system-id fs-0abc1234,fs-0def5678 -o json
  efsctl audit --all --fail-on high           # a CI gate that fails on high findings only

Exit codes: 0 nothing at or above --fail-on, 4 something was, 1 error, 2 bad input,
3 the deployment or file system does not exist.";

#[derive(Debug, Clone, Args)]
#[command(group(
    ArgGroup::new("audited")
        .args(["name", "file_system_id", "all"])
))]
pub struct AuditArgs {
    /// The deployment's file system (creation token efsctl-NAME, owner tag NAME)
    #[arg(long, short = 'n', value_name = "NAME")]
    pub name: Option<String>,
    /// These file systems, efsctl's or not (repeatable, or comma-separated)
    #[arg(long, value_name = "FS_ID", value_delimiter = ',')]
    pub file_system_id: Vec<String>,
    /// Every file system in the region
    #[arg(long)]
    pub all: bool,
    /// Also check that the file system has a mount target in every AZ where this Ray cluster
    /// has nodes (one file system: --name or one --file-system-id)
    #[arg(long, value_name = "NAME", conflicts_with = "all")]
    pub ray_cluster: Option<String>,
    /// Exit 4 when a finding is at least this severe
    #[arg(long, value_enum, value_name = "SEVERITY", default_value_t = SeverityArg::Medium)]
    pub fail_on: SeverityArg,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SeverityArg {
    /// Only high findings fail
    High,
    /// Medium and high findings fail
    Medium,
    /// Any finding fails
    Low,
}

pub(super) const PRICES_AFTER_HELP: &str = "\
Examples:
  efsctl prices --regions eu-west-1,ap-northeast-1 --out prices.yaml
  efsctl plan --name ray-shared --region eu-west-1 --prices prices.yaml
  efsctl prices --offer-file index.json --out prices/efs-prices.yaml --force   (what `make prices` runs)";

#[derive(Debug, Clone, Args)]
pub struct PricesArgs {
    /// Regions to read, comma-separated [default: --region / AWS_REGION]
    #[arg(
        long,
        value_name = "LIST",
        value_delimiter = ',',
        conflicts_with = "all_regions"
    )]
    pub regions: Vec<String>,
    /// Every region efsctl knows, except China's (priced in CNY)
    #[arg(long)]
    pub all_regions: bool,
    /// Read AWS's public bulk price list file(s) for AmazonEFS instead of calling the API: no
    /// credentials needed (https://pricing.us-east-1.amazonaws.com/offers/v1.0/aws/AmazonEFS/current/index.json,
    /// or one region's file from region_index.json); repeatable
    #[arg(long = "offer-file", value_name = "FILE")]
    pub offer_files: Vec<std::path::PathBuf>,
    /// Write to this file (atomically) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<std::path::PathBuf>,
    /// Let --out replace a file that `efsctl prices` did not write
    #[arg(long, requires = "out")]
    pub force: bool,
}
