//! The flags of the commands that change or preview a deployment: `up`, `plan` (with the usage
//! figures its cost estimate takes) and `teardown`.

use super::*;

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

pub(super) const PLAN_AFTER_HELP: &str = "\
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
