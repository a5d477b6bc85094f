//! Keeping the data: backups, lifecycle transitions and replication, from merged flags and
//! efsctl.yaml to the validated spec. Defaults follow the AWS console's for new file systems
//! (IA after 30 days, Archive after 90 where Archive exists) and the peers' (backups on).

use super::validate;
use crate::cli::{DesiredArgs, TransitionToPrimaryArg};
use crate::error::{Error, Result};
use crate::model::{Lifecycle, ReplicaSpec, Throughput, TransitionDays};

/// IA after this many days when nothing is said.
pub const DEFAULT_IA_DAYS: u16 = 30;
/// Archive after this many days, where Archive exists, when nothing is said.
pub const DEFAULT_ARCHIVE_DAYS: u16 = 90;

fn offered() -> String {
    let days: Vec<String> = TransitionDays::OFFERED.iter().map(u16::to_string).collect();
    days.join(", ")
}

/// `DAYS` or `none`; `Ok(None)` for none.
fn transition(flag: &str, value: &str) -> Result<Option<TransitionDays>> {
    if value.eq_ignore_ascii_case("none") {
        return Ok(None);
    }
    value
        .parse::<u16>()
        .ok()
        .and_then(TransitionDays::new)
        .map(Some)
        .ok_or_else(|| {
            Error::usage(format!(
                "invalid --{flag} {value:?}: EFS offers {} days, or none",
                offered()
            ))
        })
}

/// The lifecycle policy: given values, else the defaults; checked against what EFS allows.
pub fn lifecycle(d: &DesiredArgs, throughput: Throughput) -> Result<Lifecycle> {
    let archive_exists = d.one_zone.is_none() && throughput == Throughput::Elastic;
    let to_ia = match &d.transition_to_ia {
        Some(v) => transition("transition-to-ia", v)?,
        None => TransitionDays::new(DEFAULT_IA_DAYS),
    };
    let to_archive = match &d.transition_to_archive {
        Some(v) => transition("transition-to-archive", v)?,
        None if archive_exists => TransitionDays::new(DEFAULT_ARCHIVE_DAYS),
        None => None,
    };
    if let Some(archive) = to_archive {
        if d.one_zone.is_some() {
            return Err(Error::usage(format!(
                "--transition-to-archive {}: One Zone file systems have no Archive storage class; \
                 use --transition-to-archive none",
                archive.days()
            )));
        }
        if throughput != Throughput::Elastic {
            return Err(Error::usage(format!(
                "--transition-to-archive {}: Archive needs Elastic throughput, not {}; use \
                 --throughput elastic or --transition-to-archive none",
                archive.days(),
                throughput.mode_name()
            )));
        }
        if let Some(ia) = to_ia.filter(|ia| archive <= *ia) {
            return Err(Error::usage(format!(
                "--transition-to-archive {} must be later than --transition-to-ia {}: files reach \
                 Infrequent Access first",
                archive.days(),
                ia.days()
            )));
        }
    }
    Ok(Lifecycle {
        transition_to_ia: to_ia,
        transition_to_archive: to_archive,
        transition_to_primary_on_first_access: d.transition_to_primary
            == Some(TransitionToPrimaryArg::OnFirstAccess),
    })
}

/// The replica, when `--replicate-to` is given; its options refused without it.
pub fn replica(d: &DesiredArgs) -> Result<Option<ReplicaSpec>> {
    let Some(region) = &d.replicate_to else {
        for (flag, given) in [
            ("--replica-kms-key", d.replica_kms_key.is_some()),
            ("--replica-one-zone", d.replica_one_zone.is_some()),
        ] {
            if given {
                return Err(Error::usage(format!(
                    "{flag} applies to a replica: add --replicate-to REGION"
                )));
            }
        }
        return Ok(None);
    };
    super::check_region(region)
        .map_err(|e| Error::usage(format!("--replicate-to: {}", e.message)))?;
    let kms_key = d
        .replica_kms_key
        .as_deref()
        .map(validate::kms_key)
        .transpose()?;
    if let Some(az) = &d.replica_one_zone {
        validate::availability_zone(az, region).map_err(|_| {
            Error::usage(format!(
                "invalid --replica-one-zone {az:?}: the replica goes to {region}, so give one of \
                 its zones, such as {region}a"
            ))
        })?;
    }
    Ok(Some(ReplicaSpec {
        region: region.clone(),
        kms_key,
        one_zone: d.replica_one_zone.clone(),
    }))
}

/// A replica must go to another region than the file system's own.
pub fn check_replica_region(replica: &ReplicaSpec, region: &str) -> Result<()> {
    if replica.region == region {
        return Err(Error::usage(format!(
            "--replicate-to {region} is the file system's own region: a replica must be in \
             another region (e.g. us-west-2 for us-east-1)"
        )));
    }
    Ok(())
}
