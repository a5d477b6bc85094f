//! Command-line surface: the clap definitions, nothing else.
//!
//! Flags are a plain mirror of what the user typed (all optional where a config file may supply
//! the value); `config` turns them into a validated `Spec`. A leaf: nothing here imports the
//! rest of efsctl, and nothing here talks to AWS. One file per family of commands; this one holds
//! the top level (global options, the command list) and what every family shares.

use std::path::PathBuf;
use std::time::Duration;

use clap::{ArgGroup, Args, Parser, Subcommand, ValueEnum};

mod deploy;
mod desired;
mod outputs;
mod tools;

pub use deploy::*;
pub use desired::*;
pub use outputs::*;
pub use tools::*;

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
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// AWS region (default: efsctl.yaml, then AWS_REGION, then the profile's region)
    #[arg(long, global = true, value_name = "REGION")]
    pub region: Option<String>,
    /// Named profile from ~/.aws/config (default: efsctl.yaml, then AWS_PROFILE)
    #[arg(long, global = true, value_name = "NAME")]
    pub profile: Option<String>,
    /// Send AWS requests to this URL instead of AWS, e.g. a local emulator
    /// (default: efsctl.yaml, then AWS_ENDPOINT_URL)
    #[arg(long, global = true, value_name = "URL")]
    pub endpoint_url: Option<String>,
    /// Config file with the same settings as the flags; flags win
    /// (default: ./efsctl.yaml when it exists)
    #[arg(long, global = true, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format on stdout; progress and warnings always go to stderr
    #[arg(short = 'o', long, global = true, value_enum, default_value_t = OutputFormat::Table)]
    pub output: OutputFormat,
    /// More detail on stderr (-v: each step as it runs)
    #[arg(short = 'v', long, global = true, action = clap::ArgAction::Count)]
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
    /// With them: backups, lifecycle tiers, a replica in another region, the policy the mount mode
    /// calls for and access points, as the flags or efsctl.yaml say. Safe to re-run: an existing
    /// deployment is kept, an interrupted one is finished, drift is repaired. Changes that would
    /// need a new file system are refused, never done silently.
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
    /// Show what exists for a deployment: file system, mount targets, group, and what keeps data
    ///
    /// The file system with its backup state, lifecycle tiers, replication (state and last
    /// replicated time), policy and access points; each mount target with its state; the security
    /// group and its rules. Read-only. Exits 3 when the deployment does not exist.
    Status(NameArgs),
    /// Check file systems for weak settings (encryption, open NFS, backups, policy, TLS, DNS,
    /// lifecycle); changes nothing
    ///
    /// Works on any file system in the region, efsctl's or not. Each finding has a severity, the
    /// resource at fault, what is wrong and the efsctl command or setting (or AWS call) that
    /// fixes it. Exits 4 when something at or above --fail-on was found, so CI can gate on it.
    #[command(after_help = AUDIT_AFTER_HELP)]
    Audit(AuditArgs),
    /// Delete everything the deployment owns: replication, access points, mount targets, file
    /// system, security group
    ///
    /// The replication first (waiting until it is gone), then the replica unless --keep-replica;
    /// the access points and mount targets (waiting until none is left), the file system, the
    /// group. Only resources tagged as owned by this deployment are touched. Asks for
    /// confirmation on a terminal; without one, --yes is required. Safe to re-run after a partial
    /// teardown.
    Teardown(TeardownArgs),
    /// Print how to mount the file system: Compose, fstab, a Ray cluster YAML fragment, or
    /// Kubernetes manifests (EFS CSI driver)
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

#[derive(Debug, Clone, Args)]
pub struct NameArgs {
    /// Deployment name: tags, creation token and security group name derive from it
    #[arg(long, short = 'n', value_name = "NAME")]
    pub name: Option<String>,
}

impl Command {
    /// True when errors must exit 1 whatever their kind, because 2 means "changes pending".
    pub fn detailed_exitcode(&self) -> bool {
        matches!(self, Command::Plan(args) if args.detailed_exitcode)
    }
}

/// Parses "90s", "20m", "1h30m" (humantime), or a bare number of seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    if let Ok(secs) = s.parse::<u64>() {
        return Ok(Duration::from_secs(secs));
    }
    humantime::parse_duration(s).map_err(|e| format!("{e} (examples: 90s, 20m, 1h)"))
}
