//! Choosing where mount targets go: one VPC, one subnet per AZ. Pure: AWS facts in, choice out.
//!
//! EFS allows a file system's mount targets in one VPC only, and one mount target per AZ.
//!
//! Only subnets in Availability Zones count: EFS has no mount targets in Local Zones or
//! Wavelength Zones (named `us-west-2-lax-1a`, `us-east-1-wl1-bos-wlz-1`), so their subnets are
//! skipped (and named in a warning) or, given with `--subnets`, refused.
//!
//! The subnet rule when only a VPC (and maybe AZs) is given, per AZ, deterministic:
//! 1. only subnets with an IPv4 block (a mount target needs an IPv4 address);
//! 2. prefer subnets with a free address;
//! 3. then the largest block (smallest prefix length), which is least likely to run out;
//! 4. then the lowest subnet id, so the same VPC always gives the same answer.
//!
//! An AZ that already has a mount target keeps it (see `plan`): the rule only picks for new ones.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::error::{Error, Result};
use crate::model::Subnet;

/// Where one mount target goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Target {
    pub availability_zone: String,
    pub subnet_id: String,
    /// The user named this subnet (`--subnets`): an existing mount target elsewhere in the AZ
    /// is replaced. Otherwise any subnet of the VPC in that AZ is acceptable.
    pub pinned: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placement {
    pub vpc_id: String,
    /// Sorted by AZ.
    pub targets: Vec<Target>,
    /// Local or Wavelength Zones of the VPC's subnets, left out because EFS cannot serve them.
    pub skipped_zones: Vec<String>,
}

/// Whether `zone` names an Availability Zone (`us-east-1a`, `us-gov-west-1b`): the region,
/// whose last part is a number, and one letter. Local Zones and Wavelength Zones carry more
/// parts after the region (`us-west-2-lax-1a`) or end in a digit (`us-east-1-wl1-bos-wlz-1`).
pub fn is_availability_zone(zone: &str) -> bool {
    let Some((region, letter)) = zone.len().checked_sub(1).map(|i| zone.split_at(i)) else {
        return false;
    };
    let parts: Vec<&str> = region.split('-').collect();
    let regular_parts = if parts.get(1) == Some(&"gov") { 4 } else { 3 };
    letter.bytes().all(|b| b.is_ascii_lowercase())
        && parts.len() == regular_parts
        && parts
            .last()
            .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// Placement from explicit subnets, as described by EC2. Refuses subnets in two VPCs or two
/// subnets in one AZ, naming them.
pub fn from_subnets(
    requested: &[String],
    found: &[Subnet],
    one_zone: Option<&str>,
) -> Result<Placement> {
    let by_id: BTreeMap<&str, &Subnet> = found.iter().map(|s| (s.id.as_str(), s)).collect();
    let missing: Vec<&str> = requested
        .iter()
        .map(String::as_str)
        .filter(|id| !by_id.contains_key(id))
        .collect();
    if !missing.is_empty() {
        return Err(Error::usage(format!(
            "subnet(s) not found in this region: {}",
            missing.join(", ")
        )));
    }
    let subnets: Vec<&Subnet> = requested.iter().map(|id| by_id[id.as_str()]).collect();

    let vpcs: BTreeMap<&str, Vec<&str>> = subnets.iter().fold(BTreeMap::new(), |mut m, s| {
        m.entry(s.vpc_id.as_str())
            .or_insert_with(Vec::new)
            .push(s.id.as_str());
        m
    });
    if vpcs.len() > 1 {
        let list: Vec<String> = vpcs
            .iter()
            .map(|(vpc, ids)| format!("{} in {vpc}", ids.join(", ")))
            .collect();
        return Err(Error::usage(format!(
            "subnets span {} VPCs ({}); EFS mount targets must all be in one VPC",
            vpcs.len(),
            list.join("; ")
        )));
    }
    let mut by_az: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for s in &subnets {
        by_az
            .entry(s.availability_zone.as_str())
            .or_default()
            .push(s.id.as_str());
    }
    if let Some(s) = subnets
        .iter()
        .find(|s| !is_availability_zone(&s.availability_zone))
    {
        return Err(Error::usage(format!(
            "subnet {} is in {}, a Local or Wavelength Zone; EFS mount targets need a subnet in an \
             Availability Zone (workers there can mount a mount target in the parent region)",
            s.id, s.availability_zone
        )));
    }
    if let Some((az, ids)) = by_az.iter().find(|(_, ids)| ids.len() > 1) {
        return Err(Error::usage(format!(
            "subnets {} are both in {az}; EFS allows one mount target per AZ, give one subnet per AZ",
            ids.join(" and ")
        )));
    }
    if let Some(zone) = one_zone {
        if let Some(s) = subnets.iter().find(|s| s.availability_zone != zone) {
            return Err(Error::usage(format!(
                "subnet {} is in {}, but the One Zone file system is in {zone}",
                s.id, s.availability_zone
            )));
        }
    }
    let mut targets: Vec<Target> = subnets
        .iter()
        .map(|s| Target {
            availability_zone: s.availability_zone.clone(),
            subnet_id: s.id.clone(),
            pinned: true,
        })
        .collect();
    targets.sort_by(|a, b| a.availability_zone.cmp(&b.availability_zone));
    Ok(Placement {
        vpc_id: subnets[0].vpc_id.clone(),
        targets,
        skipped_zones: Vec::new(),
    })
}

/// Placement in a VPC: for each wanted AZ (default: every AZ with a usable subnet), the subnet
/// the module-level rule picks.
pub fn choose(
    vpc_id: &str,
    wanted_azs: Option<&[String]>,
    subnets: &[Subnet],
) -> Result<Placement> {
    let (usable, edge): (Vec<&Subnet>, Vec<&Subnet>) = subnets
        .iter()
        .filter(|s| s.vpc_id == vpc_id && s.cidr_block.is_some())
        .partition(|s| is_availability_zone(&s.availability_zone));
    let skipped_zones: Vec<String> = edge
        .iter()
        .map(|s| s.availability_zone.clone())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let zones: BTreeSet<&str> = usable
        .iter()
        .map(|s| s.availability_zone.as_str())
        .collect();
    if zones.is_empty() && !skipped_zones.is_empty() {
        return Err(Error::usage(format!(
            "VPC {vpc_id} has subnets only in {} (Local or Wavelength Zones), where EFS has no \
             mount targets; create a subnet in an Availability Zone, or pass --subnets",
            skipped_zones.join(", ")
        )));
    }
    if zones.is_empty() {
        return Err(Error::usage(format!(
            "VPC {vpc_id} has no subnet with an IPv4 block; create one per AZ the Ray workers use, or pass --subnets"
        )));
    }
    let azs: Vec<String> = match wanted_azs {
        Some(azs) => {
            let unknown: Vec<&str> = azs
                .iter()
                .map(String::as_str)
                .filter(|az| !zones.contains(az))
                .collect();
            if !unknown.is_empty() {
                return Err(Error::usage(format!(
                    "VPC {vpc_id} has no subnet in {}; it has subnets in {}",
                    unknown.join(", "),
                    zones.iter().copied().collect::<Vec<_>>().join(", ")
                )));
            }
            azs.to_vec()
        }
        None => zones.iter().map(|z| z.to_string()).collect(),
    };
    let mut targets: Vec<Target> = azs
        .iter()
        .map(|az| {
            let best = usable
                .iter()
                .filter(|s| &s.availability_zone == az)
                .min_by_key(|s| (s.available_ips <= 0, s.prefix_len(), s.id.as_str()))
                .expect("every wanted AZ has a usable subnet");
            Target {
                availability_zone: az.clone(),
                subnet_id: best.id.clone(),
                pinned: false,
            }
        })
        .collect();
    targets.sort_by(|a, b| a.availability_zone.cmp(&b.availability_zone));
    Ok(Placement {
        vpc_id: vpc_id.to_string(),
        targets,
        skipped_zones,
    })
}

/// Swaps each AZ's chosen subnet for the `preferred` one (AZ -> subnet) where that subnet is
/// usable there: where a Ray cluster's nodes are, rather than the module-level rule's pick.
pub fn prefer(
    mut placement: Placement,
    preferred: &BTreeMap<String, String>,
    subnets: &[Subnet],
) -> Placement {
    for target in placement.targets.iter_mut().filter(|t| !t.pinned) {
        let Some(want) = preferred.get(&target.availability_zone) else {
            continue;
        };
        let usable = subnets.iter().any(|s| {
            &s.id == want
                && s.vpc_id == placement.vpc_id
                && s.availability_zone == target.availability_zone
                && s.cidr_block.is_some()
        });
        if usable {
            target.subnet_id = want.clone();
        }
    }
    placement
}

#[cfg(test)]
mod tests;
