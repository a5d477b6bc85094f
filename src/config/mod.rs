//! From flags and `efsctl.yaml` to a validated [`Spec`]: what the user wants, with defaults
//! applied and every AWS-independent rule checked. Bad input dies here, before any AWS call.
//!
//! Three separate steps, as in eksctl: merge (flags override the file), defaults, validation.

mod clients;
mod file;
mod keeping;
pub mod schema;
mod usage;
pub mod validate;

use std::path::Path;
use std::time::Duration;

pub use file::{AccessPointEntry, ConfigFile, DEFAULT_CONFIG_FILE};

use crate::cli::{DesiredArgs, GlobalArgs, PerformanceModeArg, ThroughputArg};
use crate::deployment::DeploymentName;
use crate::error::{Error, Result};
use crate::model::{
    AccessPointSpec, ClientAccess, FileSystemSpec, IngressSource, PerformanceMode, Throughput,
};

/// Default wait for resources to become available or go away. AWS usually needs 1-2 minutes
/// for a mount target and sometimes over 10, so the default is generous.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(20 * 60);

/// Where AWS requests go and as whom; resolved further by aws-config's default chain.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AwsSettings {
    pub region: Option<String>,
    pub profile: Option<String>,
    pub endpoint_url: Option<String>,
}

/// Where the mount targets go, as the user asked (resolved against AWS by `placement`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlacementRequest {
    /// Exactly these subnets, one per AZ.
    Subnets(Vec<String>),
    /// One subnet chosen per AZ in this VPC (`None`: the default VPC) for these AZs
    /// (`None`: every AZ where the VPC has a subnet).
    Vpc {
        vpc: Option<String>,
        azs: Option<Vec<String>>,
    },
}

/// Who may reach NFS. Empty means "the VPC's own CIDR blocks", filled in once the VPC is known.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AccessRequest {
    pub sources: Vec<IngressSource>,
}

/// A validated request for one deployment.
#[derive(Debug, Clone, PartialEq)]
pub struct Spec {
    pub name: DeploymentName,
    pub file_system: FileSystemSpec,
    pub placement: PlacementRequest,
    pub access: AccessRequest,
    /// How clients mount, the policy that follows, and access points.
    pub clients: ClientsRequest,
    /// Placement and NFS sources discovered from this Ray cluster where not given.
    pub ray_cluster: Option<String>,
    pub timeout: Duration,
}

/// Who may mount, and as whom.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ClientsRequest {
    pub access: ClientAccess,
    pub access_points: Vec<AccessPointSpec>,
}

/// The config file merged with global flags: what every command needs first.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    pub file: ConfigFile,
    pub aws: AwsSettings,
}

impl Loaded {
    /// Reads the config file and applies the global flags over it.
    pub fn load(global: &GlobalArgs) -> Result<Loaded> {
        let (file, _path) = ConfigFile::load(global.config.as_deref())?;
        Ok(Self::merge(file, global))
    }

    pub fn merge(file: ConfigFile, global: &GlobalArgs) -> Loaded {
        let aws = AwsSettings {
            region: global.region.clone().or_else(|| file.region.clone()),
            profile: global.profile.clone().or_else(|| file.profile.clone()),
            endpoint_url: global
                .endpoint_url
                .clone()
                .or_else(|| file.endpoint_url.clone()),
        };
        Loaded { file, aws }
    }

    /// The deployment name from `--name`, else the file's `name:`.
    pub fn name(&self, flag: Option<&str>) -> Result<DeploymentName> {
        match flag.map(str::to_string).or_else(|| self.file.name.clone()) {
            Some(n) => DeploymentName::parse(&n),
            None => Err(Error::usage(format!(
                "no deployment name: pass --name NAME or set `name:` in {DEFAULT_CONFIG_FILE}"
            ))),
        }
    }

    /// The wait timeout from the flag, else the file, else [`DEFAULT_TIMEOUT`].
    pub fn timeout(&self, flag: Option<Duration>) -> Result<Duration> {
        let timeout = match (flag, &self.file.timeout) {
            (Some(t), _) => t,
            (None, Some(text)) => crate::cli::parse_duration(text).map_err(|e| {
                Error::usage(format!("invalid timeout {text:?} in config file: {e}"))
            })?,
            (None, None) => DEFAULT_TIMEOUT,
        };
        if timeout.is_zero() {
            return Err(Error::usage(
                "invalid timeout 0s: give a positive duration such as 20m",
            ));
        }
        Ok(timeout)
    }

    /// Builds the validated spec for `up`/`plan` from flags over the file.
    pub fn spec(
        &self,
        name: Option<&str>,
        flags: &DesiredArgs,
        timeout: Option<Duration>,
    ) -> Result<Spec> {
        let f = &self.file;
        // Placement given on the command line, in either form, replaces the file's placement:
        // `--subnets` must override `azs:` from efsctl.yaml, not conflict with it.
        let (azs, subnets) = if flags.azs.is_some() || flags.subnets.is_some() {
            (flags.azs.clone(), flags.subnets.clone())
        } else {
            (f.azs.clone(), f.subnets.clone())
        };
        let merged = DesiredArgs {
            ray_cluster: flags.ray_cluster.clone().or_else(|| f.ray_cluster.clone()),
            vpc: flags.vpc.clone().or_else(|| f.vpc.clone()),
            azs,
            subnets,
            one_zone: flags.one_zone.clone().or_else(|| f.one_zone.clone()),
            allow_sg: non_empty_or(&flags.allow_sg, &f.allow_sg),
            allow_cidr: non_empty_or(&flags.allow_cidr, &f.allow_cidr),
            kms_key: flags.kms_key.clone().or_else(|| f.kms_key.clone()),
            throughput: flags.throughput.or(f.throughput),
            provisioned_mibps: flags.provisioned_mibps.or(f.provisioned_mibps),
            performance_mode: flags.performance_mode.or(f.performance_mode),
            backup: flags.backup || (!flags.no_backup && f.backup == Some(true)),
            no_backup: flags.no_backup || (!flags.backup && f.backup == Some(false)),
            transition_to_ia: flags
                .transition_to_ia
                .clone()
                .or_else(|| f.transition_to_ia.as_ref().map(|v| v.to_string())),
            transition_to_archive: flags
                .transition_to_archive
                .clone()
                .or_else(|| f.transition_to_archive.as_ref().map(|v| v.to_string())),
            transition_to_primary: flags.transition_to_primary.or(f.transition_to_primary),
            replicate_to: flags
                .replicate_to
                .clone()
                .or_else(|| f.replicate_to.clone()),
            replica_kms_key: flags
                .replica_kms_key
                .clone()
                .or_else(|| f.replica_kms_key.clone()),
            replica_one_zone: flags
                .replica_one_zone
                .clone()
                .or_else(|| f.replica_one_zone.clone()),
            mount_mode: flags.mount_mode.or(f.mount_mode),
            iam_auth: flags.iam_auth || f.iam_auth == Some(true),
            root_squash: flags.root_squash || f.root_squash == Some(true),
            access_points: flags.access_points.clone(),
        };
        Ok(Spec {
            name: self.name(name)?,
            file_system: file_system_spec(&merged)?,
            placement: placement_request(&merged)?,
            access: access_request(&merged)?,
            clients: clients::request(&merged, f.access_points.as_deref())?,
            ray_cluster: merged
                .ray_cluster
                .as_deref()
                .map(validate::ray_cluster)
                .transpose()?,
            timeout: self.timeout(timeout)?,
        })
    }
}

fn non_empty_or(flag: &[String], file: &Option<Vec<String>>) -> Vec<String> {
    if flag.is_empty() {
        file.clone().unwrap_or_default()
    } else {
        flag.to_vec()
    }
}

/// Largest provisioned rate EFS accepts (MiB/s); above it CreateFileSystem fails.
const MAX_PROVISIONED_MIBPS: f64 = 10_240.0;

fn file_system_spec(d: &DesiredArgs) -> Result<FileSystemSpec> {
    let performance_mode = match d
        .performance_mode
        .unwrap_or(PerformanceModeArg::GeneralPurpose)
    {
        PerformanceModeArg::GeneralPurpose => PerformanceMode::GeneralPurpose,
        PerformanceModeArg::MaxIo => PerformanceMode::MaxIo,
    };
    let throughput = match (
        d.throughput.unwrap_or(ThroughputArg::Elastic),
        d.provisioned_mibps,
    ) {
        (ThroughputArg::Provisioned, None) => {
            return Err(Error::usage(
                "--throughput provisioned needs a rate: add --provisioned-mibps N (1-10240)",
            ))
        }
        (ThroughputArg::Provisioned, Some(mibps)) => {
            if !(1.0..=MAX_PROVISIONED_MIBPS).contains(&mibps) {
                return Err(Error::usage(format!(
                    "invalid --provisioned-mibps {mibps}: must be between 1 and {MAX_PROVISIONED_MIBPS}"
                )));
            }
            Throughput::Provisioned { mibps }
        }
        (mode, Some(mibps)) => {
            return Err(Error::usage(format!(
                "--provisioned-mibps {mibps} only applies to --throughput provisioned, not {}",
                ThroughputArg::name(mode)
            )))
        }
        (ThroughputArg::Elastic, None) => Throughput::Elastic,
        (ThroughputArg::Bursting, None) => Throughput::Bursting,
    };
    if performance_mode == PerformanceMode::MaxIo {
        if throughput == Throughput::Elastic {
            return Err(Error::usage(
                "max-io performance mode cannot use Elastic throughput: use --performance-mode \
                 general-purpose, or --throughput bursting|provisioned",
            ));
        }
        if d.one_zone.is_some() {
            return Err(Error::usage(
                "One Zone file systems support only general-purpose performance mode, not max-io",
            ));
        }
    }
    let kms_key = d.kms_key.as_deref().map(validate::kms_key).transpose()?;
    Ok(FileSystemSpec {
        performance_mode,
        throughput,
        kms_key,
        one_zone: d.one_zone.clone(),
        backup: !d.no_backup,
        lifecycle: keeping::lifecycle(d, throughput)?,
        replica: keeping::replica(d)?,
    })
}

fn placement_request(d: &DesiredArgs) -> Result<PlacementRequest> {
    if let Some(vpc) = &d.vpc {
        validate::resource_id(vpc, "vpc", "VPC id")?;
    }
    if d.azs.is_some() && d.subnets.is_some() {
        return Err(Error::usage(
            "give either azs or subnets, not both: subnets already fix the AZs",
        ));
    }
    if let Some(subnets) = &d.subnets {
        if subnets.is_empty() {
            return Err(Error::usage(
                "--subnets is empty: give at least one subnet id",
            ));
        }
        for s in subnets {
            validate::resource_id(s, "subnet", "subnet id")?;
        }
        let unique: std::collections::BTreeSet<_> = subnets.iter().collect();
        if unique.len() != subnets.len() {
            return Err(Error::usage("--subnets lists the same subnet twice"));
        }
        if d.one_zone.is_some() && subnets.len() > 1 {
            return Err(Error::usage(format!(
                "a One Zone file system has one mount target, but {} subnets were given ({})",
                subnets.len(),
                subnets.join(", ")
            )));
        }
        return Ok(PlacementRequest::Subnets(subnets.clone()));
    }
    let azs = match (&d.azs, &d.one_zone) {
        (Some(azs), _) if azs.is_empty() => {
            return Err(Error::usage(
                "--azs is empty: give at least one availability zone",
            ))
        }
        (Some(azs), Some(zone)) if azs.iter().any(|a| a != zone) => {
            return Err(Error::usage(format!(
                "--one-zone {zone} puts the file system and its only mount target in {zone}, \
                 but --azs asks for {}",
                azs.join(",")
            )))
        }
        (_, Some(zone)) => Some(vec![zone.clone()]),
        (Some(azs), None) => {
            let mut unique = azs.clone();
            unique.sort();
            unique.dedup();
            Some(unique)
        }
        (None, None) => None,
    };
    Ok(PlacementRequest::Vpc {
        vpc: d.vpc.clone(),
        azs,
    })
}

fn access_request(d: &DesiredArgs) -> Result<AccessRequest> {
    let mut sources = Vec::new();
    for sg in &d.allow_sg {
        validate::resource_id(sg, "sg", "security group id")?;
        sources.push(IngressSource::SecurityGroup(sg.clone()));
    }
    for c in &d.allow_cidr {
        sources.push(validate::cidr(c)?);
    }
    sources.sort();
    sources.dedup();
    Ok(AccessRequest { sources })
}

impl ThroughputArg {
    pub fn name(self) -> &'static str {
        match self {
            ThroughputArg::Elastic => "elastic",
            ThroughputArg::Bursting => "bursting",
            ThroughputArg::Provisioned => "provisioned",
        }
    }
}

/// Checks a region name against the known list, naming close matches.
pub fn check_region(region: &str) -> Result<()> {
    if crate::regions::is_known(region) {
        return Ok(());
    }
    let hints = crate::regions::suggestions(region);
    let hint = if hints.is_empty() {
        "e.g. us-east-1, eu-west-1".to_string()
    } else {
        hints.join(", ")
    };
    Err(Error::usage(format!(
        "unknown region {region:?}: expected one of {hint}, ..."
    )))
}

/// Checks what depends on the region once it is known: the AZ names belong to it, the replica
/// goes elsewhere.
pub fn check_zones(spec: &Spec, region: &str) -> Result<()> {
    if let Some(zone) = &spec.file_system.one_zone {
        validate::availability_zone(zone, region)?;
    }
    if let Some(replica) = &spec.file_system.replica {
        keeping::check_replica_region(replica, region)?;
    }
    if let PlacementRequest::Vpc { azs: Some(azs), .. } = &spec.placement {
        for az in azs {
            validate::availability_zone(az, region)?;
        }
    }
    Ok(())
}

/// Loads config for a path, for tests and tools that do not go through clap.
pub fn load_file(path: &Path) -> Result<ConfigFile> {
    ConfigFile::load(Some(path)).map(|(c, _)| c)
}

#[cfg(test)]
mod tests;
