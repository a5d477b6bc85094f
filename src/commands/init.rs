//! `efsctl init`: a commented efsctl.yaml, with what the account says filled in. Discovery is
//! best effort: without credentials or a region the file is still written, with the defaults,
//! and says what could not be read.

use std::process::ExitCode;

use super::{deliver, Session};
use crate::aws::Cloud;
use crate::cli::{GlobalArgs, InitArgs};
use crate::config::{validate, Loaded};
use crate::error::{Error, Result};
use crate::placement;
use crate::ray::{self, Discovery};
use crate::render::init::{self, Values};
use crate::render::report::InitReport;

/// The JSON Schema written beside the file.
const SCHEMA_FILE: &str = "efsctl.schema.json";

pub async fn run(global: &GlobalArgs, loaded: &Loaded, args: &InitArgs) -> Result<ExitCode> {
    if let Some(name) = args.name.name.as_deref() {
        crate::deployment::DeploymentName::parse(name)?;
    }
    let cluster = args
        .ray_cluster
        .as_deref()
        .map(validate::ray_cluster)
        .transpose()?;
    if args.out.exists() && !args.force {
        return Err(Error::usage(format!(
            "{} exists: efsctl init never replaces a file unless --force is given",
            args.out.display()
        )));
    }
    let mut values = Values::new();
    values.insert(
        "name".into(),
        args.name
            .name
            .clone()
            .unwrap_or_else(|| "ray-shared".into()),
    );
    let mut notes = Vec::new();
    match Session::connect(loaded).await {
        Err(e) => notes.push(format!(
            "Nothing was discovered ({e}); the values below are efsctl's defaults."
        )),
        Ok(session) => {
            values.insert("region".into(), session.region.clone());
            if let Err(e) =
                discover(&session.cloud, cluster.as_deref(), &mut values, &mut notes).await
            {
                notes.push(format!("Discovery stopped: {e}"));
            }
        }
    }
    // The schema beside the file, for editors: yaml-language-server reads the first line.
    let schema_path = args
        .out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or_else(
            || std::path::PathBuf::from(SCHEMA_FILE),
            |p| p.join(SCHEMA_FILE),
        );
    let ours = std::fs::read_to_string(&schema_path)
        .map(|t| t.contains("\"title\": \"efsctl.yaml\""))
        .unwrap_or(true);
    let schema_line = if ours || args.force {
        crate::atomic_write::write(&schema_path, crate::config::schema::text().as_bytes())?;
        Some(SCHEMA_FILE)
    } else {
        notes.push(format!(
            "{} exists and is not efsctl's schema: left alone (--force replaces it)",
            schema_path.display()
        ));
        None
    };
    let text = init::render(&values, &notes, schema_line);
    let report = InitReport {
        out: args.out.display().to_string(),
        values: &values,
        notes: &notes,
    };
    deliver(global, Some(&args.out), &text, &report)?;
    Ok(ExitCode::SUCCESS)
}

/// VPC, AZs and groups: from the Ray cluster when named, else the default VPC's AZs.
async fn discover<C: Cloud>(
    cloud: &C,
    cluster: Option<&str>,
    values: &mut Values,
    notes: &mut Vec<String>,
) -> Result<()> {
    let list = |items: &[String]| format!("[{}]", items.join(", "));
    if let Some(cluster) = cluster {
        values.insert("ray-cluster".into(), cluster.to_string());
        let nodes = cloud.instances_tagged(ray::CLUSTER_TAG, cluster).await?;
        let discovery = match ray::from_nodes(cluster, &nodes)? {
            Some(d) => d,
            None => {
                let groups = cloud
                    .security_groups_named(&ray::autoscaler_group_name(cluster))
                    .await?;
                ray::from_autoscaler_group(cluster, &groups)?
            }
        };
        match discovery {
            Discovery::Nodes {
                vpc_id,
                subnets,
                groups,
                nodes,
                warnings,
            } => {
                notes.push(format!(
                    "Discovered from Ray cluster {cluster}: {nodes} node(s). `efsctl up` \
                     rediscovers them on every run (ray-cluster), so these keys only fix \
                     today's answer: delete them to follow the cluster."
                ));
                notes.extend(warnings);
                values.insert("vpc".into(), vpc_id);
                values.insert(
                    "azs".into(),
                    list(&subnets.keys().cloned().collect::<Vec<_>>()),
                );
                values.insert("allow-sg".into(), list(&groups));
            }
            Discovery::AutoscalerGroup { group_id, vpc_id } => {
                notes.push(format!(
                    "Ray cluster {cluster} has no nodes yet: its autoscaler group {group_id} \
                     and VPC {vpc_id}."
                ));
                values.insert("vpc".into(), vpc_id);
                values.insert("allow-sg".into(), list(&[group_id]));
            }
        }
        return Ok(());
    }
    match cloud.vpc(None).await? {
        None => notes.push("This region has no default VPC: set vpc (or subnets).".into()),
        Some(vpc) => {
            let subnets = cloud.subnets_in_vpc(&vpc.id).await?;
            let placement = placement::choose(&vpc.id, None, &subnets)?;
            let azs: Vec<String> = placement
                .targets
                .iter()
                .map(|t| t.availability_zone.clone())
                .collect();
            notes.push(format!(
                "Discovered: the default VPC {} and its AZs; NFS is admitted from its CIDR \
                 blocks unless allow-sg or allow-cidr say otherwise.",
                vpc.id
            ));
            values.insert("vpc".into(), vpc.id);
            values.insert("azs".into(), list(&azs));
        }
    }
    Ok(())
}
