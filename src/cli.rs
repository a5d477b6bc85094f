//! Command-line surface: the clap definitions, nothing else.
//!
//! Flags are a plain mirror of what the user typed (all optional where a config file may supply
//! the value); `config` turns them into a validated `Spec`. A leaf: nothing here imports the
//! rest of efsctl, and nothing here talks to AWS.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "\
Examples:
  efsctl plan --name ray-shared --storage-gb 500 --ia-percent 60   # preview up, with its cost
  efsctl up --name ray-shared                         # default VPC, every AZ it has a subnet in
  efsctl up --name ray-shared --azs us-east-1a,us-east-1b --allow-sg sg-0ray
  efsctl up --name scratch --one-zone us-east-1a      # One Zone: cheaper, one AZ
  efsctl status --name ray-shared -o json
  efsctl audit --all --fail-on high                   # every file system in the region
  efsctl teardown --name ray-shared --yes

AWS settings come from the standard chain: --profile/--region flags, then efsctl.yaml, then
AWS_PROFILE, AWS_REGION, AWS_ENDPOINT_URL and ~/.aws/config. Exit codes: 0 ok, 1 error,
2 bad input (nothing changed), 3 deployment not found, 4 audit found something at or above
--fail-on, 130 interrupted.";

/// Give a Ray cluster a shared, encrypted Amazon EFS file system, and tear it down again.
///
/// efsctl keeps no local state: it finds what it owns in AWS by tags and by the EFS creation
/// token derived from --name, so any machine or CI job sees the same deployment.
#[derive(Debug, Parser)]
#[command(name = "efsctl", version, about, long_about, after_help = AFTER_HELP)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Args)]
pub struct GlobalArgs {
    /// AWS region (default: efsctl.yaml, then AWS_REGION, then the profile's region)
    #[arg(
        long,
        global = true,
        value_name = "REGION",
        help_heading = "Global options"
    )]
    pub region: Option<String>,
    /// Named profile from ~/.aws/config (default: efsctl.yaml, then AWS_PROFILE)
    #[arg(
        long,
        global = true,
        value_name = "NAME",
        help_heading = "Global options"
    )]
    pub profile: Option<String>,
    /// Send AWS requests to this URL instead of AWS, e.g. a local emulator
    /// (default: efsctl.yaml, then AWS_ENDPOINT_URL)
    #[arg(
        long,
        global = true,
        value_name = "URL",
        help_heading = "Global options"
    )]
    pub endpoint_url: Option<String>,
    /// Config file with the same settings as the flags; flags win
    /// (default: ./efsctl.yaml when it exists)
    #[arg(
        long,
        global = true,
        value_name = "FILE",
        help_heading = "Global options"
    )]
    pub config: Option<PathBuf>,
    /// Output format on stdout; progress and warnings always go to stderr
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = OutputFormat::Table, help_heading = "Global options")]
    pub output: OutputFormat,
    /// More detail on stderr (-v: each step as it runs)
    #[arg(short = 'v', long, global = true, action = clap::ArgAction::Count, help_heading = "Global options")]
    pub verbose: u8,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    /// Human-readable tables
    Table,
    /// One JSON document, for scripts
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create the file system, its security group and one mount target per AZ, or converge to them
    ///
    /// Safe to re-run: an existing deployment is kept, an interrupted one is finished, drift is
    /// repaired. Changes that would need a new file system are refused, never done silently.
    Up(UpArgs),
    /// Preview exactly what `up` would do, with a monthly cost estimate; changes nothing
    ///
    /// Takes the same flags and config file as `up` and runs the same planner, so every create,
    /// keep, update and delete shown here is what `up` would do now, drift and blockers included.
    /// The estimate prices the chosen file system and the alternatives (Regional vs One Zone,
    /// Elastic vs Bursting) from a dated price table shipped with efsctl, --prices FILE (see
    /// `efsctl prices`), or with --live-pricing the AWS Price List API.
    #[command(after_help = PLAN_AFTER_HELP)]
    Plan(PlanArgs),
    /// Show what exists for a deployment: file system, mount targets, security group
    Status(NameArgs),
    /// Check file systems for weak settings (encryption, open NFS, backups, policy, TLS, DNS,
    /// lifecycle); changes nothing
    ///
    /// Works on any file system in the region, efsctl's or not. Each finding has a severity, the
    /// resource at fault, what is wrong and the efsctl command or setting (or AWS call) that
    /// fixes it. Exits 4 when something at or above --fail-on was found, so CI can gate on it.
    #[command(after_help = AUDIT_AFTER_HELP)]
    Audit(AuditArgs),
    /// Delete the deployment's mount targets, then its file system, then its security group
    ///
    /// Only resources tagged as owned by this deployment are touched. Asks for confirmation on a
    /// terminal; without one, --yes is required. Safe to re-run after a partial teardown.
    Teardown(TeardownArgs),
    /// Print how to mount the file system: a Compose override file, an fstab line or Ray setup
    ///
    /// With --name the file system is found in AWS; with --file-system-id and a region no AWS
    /// call is made. The Compose file is an override: docker compose -f docker-compose.yml
    /// -f docker-compose.efs.yml up.
    #[command(after_help = COMPOSE_GEN_AFTER_HELP)]
    ComposeGen(ComposeGenArgs),
    /// Write the deployment for Terraform or CloudFormation, to manage it with those from now on
    ///
    /// Takes the same flags and config file as `plan` and renders what `up` would make (every
    /// resource kind: group and rules, file system with its backup, lifecycle, policy and
    /// replication, mount targets, access points), tagged like efsctl's own. With --adopt
    /// (Terraform), import blocks name the live resources of an existing deployment, so
    /// `terraform plan` adopts it without replacing anything.
    #[command(after_help = EXPORT_AFTER_HELP)]
    Export(ExportArgs),
    /// Write a commented efsctl.yaml: every setting, its default, and what the account says
    ///
    /// The region, the VPC and its AZs (the default VPC, or with --ray-cluster the cluster's
    /// VPC, AZs and security groups) are discovered and set; every other setting is there as a
    /// comment with its default. Never replaces a file without --force.
    #[command(after_help = INIT_AFTER_HELP)]
    Init(InitArgs),
    /// Print the IAM policy a Ray node's role needs to mount the file system
    ///
    /// Least privilege: ClientMount, ClientWrite unless --read-only, ClientRootAccess only with
    /// --root, on this file system's ARN, through a mount target, and through the named access
    /// points when any are given. Attach it to the nodes' instance role (or the EFS CSI driver's
    /// role); needed when the deployment was made with --iam-auth.
    #[command(after_help = IAM_POLICY_AFTER_HELP)]
    IamPolicy(IamPolicyArgs),
    /// Print a shell completion script: efsctl completions bash > /etc/bash_completion.d/efsctl
    #[command(after_help = COMPLETIONS_AFTER_HELP)]
    Completions(CompletionsArgs),
    /// Write the man pages, one per command, into a directory
    #[command(after_help = MAN_AFTER_HELP)]
    Man(ManArgs),
    /// Print the JSON Schema of efsctl.yaml, for editors (yaml-language-server) and CI
    Schema,
    /// Write a price table for `plan --prices`, from AWS's price list
    ///
    /// For regions the built-in table does not cover, or to refresh it: reads AWS's public bulk
    /// price list files (--offer-file; no credentials) or calls GetProducts (service code
    /// AmazonEFS; needs pricing:GetProducts) for each region, and prints a dated table in the
    /// schema of prices/efs-prices.yaml. If any region cannot be read, nothing is written and
    /// the exit code is 1.
    #[command(after_help = PRICES_AFTER_HELP)]
    Prices(PricesArgs),
}

const COMPLETIONS_AFTER_HELP: &str = "\
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

const MAN_AFTER_HELP: &str = "\
Example:
  efsctl man --out /usr/local/share/man/man1 && man efsctl-up";

#[derive(Debug, Clone, Args)]
pub struct ManArgs {
    /// Directory for the pages (efsctl.1, efsctl-up.1, ...); created if missing
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
}

const EXPORT_AFTER_HELP: &str = "\
Examples:
  efsctl export --name ray-shared --format terraform --out efs.tf
  efsctl export --name ray-shared --format terraform --adopt --out efs.tf && terraform plan
  efsctl export --name ray-shared --format cloudformation --out efs.yaml

Exit codes: 0 ok, 1 error, 2 bad input, 3 the deployment does not exist (--adopt).";

#[derive(Debug, Clone, Args)]
pub struct ExportArgs {
    #[command(flatten)]
    pub name: NameArgs,
    #[command(flatten)]
    pub desired: DesiredArgs,
    /// The engine to write for
    #[arg(long, value_enum)]
    pub format: ExportFormatArg,
    /// Terraform: add import blocks with the live ids of the existing deployment
    #[arg(long)]
    pub adopt: bool,
    /// Write to this file (atomically) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Let --out replace a file that efsctl export did not write
    #[arg(long, requires = "out")]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormatArg {
    /// HCL for the hashicorp/aws provider 5.x
    Terraform,
    /// A CloudFormation template (YAML)
    Cloudformation,
}

const INIT_AFTER_HELP: &str = "\
Examples:
  efsctl init --name ray-shared --ray-cluster my-cluster     # then: efsctl plan; efsctl up
  efsctl init --name scratch --region eu-west-1 --out scratch.yaml";

#[derive(Debug, Clone, Args)]
pub struct InitArgs {
    #[command(flatten)]
    pub name: NameArgs,
    /// Discover the VPC, AZs and security groups from this Ray cluster's nodes
    #[arg(long, value_name = "NAME")]
    pub ray_cluster: Option<String>,
    /// Where to write
    #[arg(long, value_name = "FILE", default_value = "efsctl.yaml")]
    pub out: PathBuf,
    /// Replace the file if it exists
    #[arg(long)]
    pub force: bool,
}

const IAM_POLICY_AFTER_HELP: &str = "\
Examples:
  efsctl iam-policy --name ray-shared > efs-mount.json
  aws iam put-role-policy --role-name ray-head-v1 --policy-name efs-mount \\
      --policy-document file://efs-mount.json
  efsctl iam-policy --name ray-shared --access-point train --read-only";

#[derive(Debug, Clone, Args)]
pub struct IamPolicyArgs {
    #[command(flatten)]
    pub name: NameArgs,
    /// Only through this access point of the deployment (repeatable)
    #[arg(long = "access-point", value_name = "NAME")]
    pub access_points: Vec<String>,
    /// Read-only: no ClientWrite
    #[arg(long)]
    pub read_only: bool,
    /// Also ClientRootAccess (act as root on the file system)
    #[arg(long)]
    pub root: bool,
}

const AUDIT_AFTER_HELP: &str = "\
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

const PRICES_AFTER_HELP: &str = "\
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

#[derive(Debug, Clone, Args)]
pub struct NameArgs {
    /// Deployment name: tags, creation token and security group name derive from it
    #[arg(long, short = 'n', value_name = "NAME")]
    pub name: Option<String>,
}

#[derive(Debug, Clone, Args)]
pub struct UpArgs {
    #[command(flatten)]
    pub name: NameArgs,
    #[command(flatten)]
    pub desired: DesiredArgs,
    /// How long to wait for the file system and mount targets to become available
    /// [default: 20m]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<Duration>,
}

const PLAN_AFTER_HELP: &str = "\
Examples:
  efsctl plan --name ray-shared
  efsctl plan --name ray-shared --storage-gb 500 --ia-percent 60 --read-gb-month 2000 \\
      --write-gb-month 300
  efsctl plan --name ray-shared --one-zone us-east-1a -o json
  efsctl plan --name ray-shared --detailed-exitcode || echo \"changes pending or error\"

Exit codes: 0 ok, 1 error (or up would be blocked), 2 bad input, 3 not found.
With --detailed-exitcode (as Terraform): 0 nothing to do, 2 changes pending, 1 any error.";

#[derive(Debug, Clone, Args)]
pub struct PlanArgs {
    #[command(flatten)]
    pub name: NameArgs,
    #[command(flatten)]
    pub desired: DesiredArgs,
    #[command(flatten)]
    pub usage: UsageArgs,
    /// Exit 0 when there is nothing to do, 2 when changes are pending, 1 on any error
    #[arg(long)]
    pub detailed_exitcode: bool,
}

/// Workload assumptions for the cost estimate; they change no step of the plan.
#[derive(Debug, Clone, Default, Args)]
pub struct UsageArgs {
    /// Average GB stored over a month [default: 100]
    #[arg(long, value_name = "GB", help_heading = "Cost estimate")]
    pub storage_gb: Option<f64>,
    /// Share of the stored data in Infrequent Access, 0-100 [default: 0]
    #[arg(long, value_name = "PERCENT", help_heading = "Cost estimate")]
    pub ia_percent: Option<f64>,
    /// Share in Archive (Regional + Elastic only), 0-100 [default: 0]
    #[arg(long, value_name = "PERCENT", help_heading = "Cost estimate")]
    pub archive_percent: Option<f64>,
    /// GB read per month [default: 0]
    #[arg(long, value_name = "GB", help_heading = "Cost estimate")]
    pub read_gb_month: Option<f64>,
    /// GB written per month [default: 0]
    #[arg(long, value_name = "GB", help_heading = "Cost estimate")]
    pub write_gb_month: Option<f64>,
    /// Price table to use instead of the built-in one (same schema as prices/efs-prices.yaml)
    #[arg(long, value_name = "FILE", help_heading = "Cost estimate")]
    pub prices: Option<PathBuf>,
    /// Read current prices from the AWS Price List API (GetProducts, service code AmazonEFS;
    /// needs pricing:GetProducts). If it cannot answer, the table is used and a warning says why
    #[arg(long, help_heading = "Cost estimate")]
    pub live_pricing: bool,
}

impl Command {
    /// True when errors must exit 1 whatever their kind, because 2 means "changes pending".
    pub fn detailed_exitcode(&self) -> bool {
        matches!(self, Command::Plan(args) if args.detailed_exitcode)
    }
}

#[derive(Debug, Clone, Args)]
pub struct TeardownArgs {
    #[command(flatten)]
    pub name: NameArgs,
    /// Do not ask for confirmation (required when stdin is not a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,
    /// How long to wait for mount targets and network interfaces to go [default: 20m]
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<Duration>,
    /// Delete the replication but keep the replica file system (writable from then on)
    #[arg(long)]
    pub keep_replica: bool,
}

const COMPOSE_GEN_AFTER_HELP: &str = "\
Examples:
  efsctl compose-gen --name ray-shared --out docker-compose.efs.yml
  efsctl compose-gen --file-system-id fs-0abc1234 --region us-east-1    # no AWS call
  efsctl compose-gen --name ray-shared --service ray-head --service ray-worker --target /data
  efsctl compose-gen --name ray-shared --mount-mode tls --format fstab
  efsctl compose-gen --name ray-shared --format ray      # for the Ray cluster YAML (docker: too)
  efsctl compose-gen --name ray-shared --format ray --ray-docker no    # a cluster without docker:
  efsctl compose-gen --name ray-shared --format k8s --namespace ray    # PV + PVC for KubeRay
  efsctl compose-gen --name ray-shared --format k8s --k8s-provisioning dynamic";

#[derive(Debug, Clone, Args)]
pub struct ComposeGenArgs {
    #[command(flatten)]
    pub name: NameArgs,
    /// Use this file system instead of looking the deployment up; makes no AWS call
    /// (needs a region: --region, efsctl.yaml or AWS_REGION)
    #[arg(long, value_name = "FS_ID", conflicts_with = "name")]
    pub file_system_id: Option<String>,
    /// What to print: a Compose override file, an /etc/fstab line, a Ray cluster YAML fragment,
    /// or Kubernetes manifests for the EFS CSI driver (KubeRay)
    #[arg(long, value_enum, default_value_t = ComposeFormatArg::Compose)]
    pub format: ComposeFormatArg,
    /// nfs: Docker's NFS driver, not encrypted in transit; tls: each host mounts with
    /// amazon-efs-utils over TLS and the services bind-mount that directory
    /// [default: the deployment's mode with --name, else nfs]
    #[arg(long, value_enum, value_name = "MODE")]
    pub mount_mode: Option<MountModeArg>,
    /// Mount through this access point: its name in the deployment (with --name) or its id,
    /// fsap-... (with --file-system-id). Needs TLS mode: the EFS mount helper
    #[arg(long, value_name = "NAME|ID")]
    pub access_point: Option<String>,
    /// Compose service that mounts the file system (repeatable) [default: ray-worker]
    #[arg(long = "service", value_name = "NAME")]
    pub services: Vec<String>,
    /// Mount point: inside the containers (compose, k8s) or on the host (fstab, ray)
    /// [default: /mnt/cluster_storage for ray and k8s, where Ray's examples keep shared storage;
    /// else /mnt/efs]
    #[arg(long, value_name = "DIR")]
    pub target: Option<String>,
    /// ray: the cluster runs in Docker (Ray's AWS default): mount on the host in
    /// initialization_commands and bind it with docker.run_options; no: setup_commands
    #[arg(long, value_enum, value_name = "YES|NO", default_value_t = RayDockerArg::Yes)]
    pub ray_docker: RayDockerArg,
    /// k8s: namespace of the PersistentVolumeClaim
    #[arg(long, value_name = "NS", default_value = "default")]
    pub namespace: String,
    /// k8s: name of the PersistentVolumeClaim the RayCluster mounts
    #[arg(long, value_name = "NAME", default_value = "cluster-storage")]
    pub claim_name: String,
    /// k8s: static (a PersistentVolume for the file system, or an access point) or dynamic
    /// (a StorageClass: the driver makes an access point per claim)
    #[arg(long, value_enum, value_name = "MODE", default_value_t = K8sProvisioningArg::Static)]
    pub k8s_provisioning: K8sProvisioningArg,
    /// Directory inside the file system to mount
    #[arg(long, value_name = "PATH", default_value = "/")]
    pub path: String,
    /// Name of the Compose volume
    #[arg(long, value_name = "NAME", default_value = "efs-data")]
    pub volume_name: String,
    /// NFS mount options, comma-separated, replacing AWS's recommended set (addr= is always
    /// efsctl's) [default: nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport]
    #[arg(long, value_name = "OPTS")]
    pub nfs_options: Option<String>,
    /// Write to this file (atomically) instead of stdout
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Let --out replace a file that efsctl did not generate
    #[arg(long, requires = "out")]
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ComposeFormatArg {
    /// A Compose override file (docker compose -f base.yml -f this.yml)
    Compose,
    /// An /etc/fstab line
    Fstab,
    /// A Ray cluster launcher fragment (initialization_commands and docker.run_options)
    Ray,
    /// Kubernetes manifests for the EFS CSI driver: PersistentVolume + claim, or StorageClass
    K8s,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RayDockerArg {
    /// The cluster YAML has `docker:` (Ray's AWS default)
    Yes,
    /// The nodes run Ray directly on the host
    No,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum K8sProvisioningArg {
    /// A PersistentVolume naming the file system (or access point), and a claim bound to it
    Static,
    /// A StorageClass in efs-ap mode: each claim gets its own access point
    Dynamic,
}

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

/// Parses "90s", "20m", "1h30m" (humantime), or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    if let Ok(secs) = s.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    humantime::parse_duration(s).map_err(|e| format!("{e} (examples: 90s, 20m, 1h)"))
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
