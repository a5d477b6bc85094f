//! The deployment as Terraform for the hashicorp/aws provider 5.x: one resource per thing efsctl
//! makes, with the values of its create requests; with `--adopt`, `import` blocks naming the live
//! ids, so `terraform plan` takes an efsctl deployment over without replacing anything.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::hcl::{list, string, Block};
use super::{identifier, Exported, LiveIds};
use crate::model::{
    IngressRule, IngressSource, PerformanceMode, Throughput, EGRESS_DESCRIPTION,
    INGRESS_DESCRIPTION,
};

const FS: &str = "aws_efs_file_system.efsctl";
const SG: &str = "aws_security_group.efsctl";

/// The Terraform configuration (one file, main.tf).
pub fn render(e: &Exported, live: Option<&LiveIds>, generated: &str) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "# {generated}\n# Deployment {} in {}: what `efsctl up` makes, for Terraform (hashicorp/aws 5.x).",
        e.name, e.region
    );
    if live.is_some() {
        out.push_str(
            "# The import blocks adopt the live resources: `terraform plan` should show 0 to add,\n\
             # 0 to change, 0 to destroy. Then stop running `efsctl up` for this deployment.\n",
        );
    }
    let mut blocks = vec![settings(), provider(e.region)];
    let kms = kms_key(e.file_system.kms_key_id.as_deref());
    if let Some(data) = &kms.1 {
        blocks.push(data.clone());
    }
    blocks.push(security_group(e));
    blocks.push(file_system(e, kms.0, live));
    blocks.push(
        Block::new("resource \"aws_efs_backup_policy\" \"efsctl\"")
            .attr("file_system_id", format!("{FS}.id"))
            .block(Block::new("backup_policy").attr(
                "status",
                string(if e.backup { "ENABLED" } else { "DISABLED" }),
            )),
    );
    if let Some(policy) = e.policy {
        let text = serde_json::to_string_pretty(policy).expect("a policy serializes");
        blocks.push(
            Block::new("resource \"aws_efs_file_system_policy\" \"efsctl\"")
                .attr("file_system_id", format!("{FS}.id"))
                .heredoc("policy", &text),
        );
    }
    if let Some(r) = e.replication {
        let dest = Block::new("destination")
            .attr("region", string(&r.region))
            .attr_if(
                "availability_zone_name",
                r.availability_zone_name.as_deref().map(string),
            )
            .attr_if("kms_key_id", r.kms_key_id.as_deref().map(string));
        blocks.push(
            Block::new("resource \"aws_efs_replication_configuration\" \"efsctl\"")
                .attr("source_file_system_id", format!("{FS}.id"))
                .block(dest),
        );
    }
    for (az, mt) in &e.mount_targets {
        blocks.push(
            Block::new(format!(
                "resource \"aws_efs_mount_target\" \"{}\"",
                identifier(az)
            ))
            .attr("file_system_id", format!("{FS}.id"))
            .attr("subnet_id", string(&mt.subnet_id))
            .attr("security_groups", format!("[{SG}.id]")),
        );
    }
    for (name, ap) in &e.access_points {
        let info = Block::new("creation_info")
            .attr("owner_uid", ap.owner_uid.to_string())
            .attr("owner_gid", ap.owner_gid.to_string())
            .attr("permissions", string(&ap.permissions));
        blocks.push(
            Block::new(format!(
                "resource \"aws_efs_access_point\" \"{}\"",
                identifier(name)
            ))
            .attr("file_system_id", format!("{FS}.id"))
            .block(
                Block::new("posix_user")
                    .attr("uid", ap.uid.to_string())
                    .attr("gid", ap.gid.to_string()),
            )
            .block(
                Block::new("root_directory")
                    .attr("path", string(&ap.path))
                    .block(info),
            )
            .map("tags", &ap.tags),
        );
    }
    if let Some(live) = live {
        blocks.extend(imports(e, live));
    }
    blocks.push(Block::new("output \"file_system_id\"").attr("value", format!("{FS}.id")));
    blocks.push(Block::new("output \"dns_name\"").attr("value", format!("{FS}.dns_name")));
    blocks.push(Block::new("output \"security_group_id\"").attr("value", format!("{SG}.id")));
    for block in blocks {
        out.push('\n');
        block.render(0, &mut out);
    }
    out
}

/// Terraform 1.5 for `import` blocks; the provider's 5.x line.
fn settings() -> Block {
    // `aws = { ... }` is an object, which fmt lays out as a block with `aws =` for a header.
    let aws = Block::new("aws =")
        .attr("source", string("hashicorp/aws"))
        .attr("version", string("~> 5.0"));
    Block::new("terraform")
        .attr("required_version", string(">= 1.5.0"))
        .block(Block::new("required_providers").block(aws))
}

fn provider(region: &str) -> Block {
    Block::new("provider \"aws\"").attr("region", string(region))
}

/// The `kms_key_id` value (an ARN, as the provider requires) and, for a key id or alias, the data
/// source that resolves it.
fn kms_key(key: Option<&str>) -> (Option<String>, Option<Block>) {
    match key {
        None => (None, None),
        Some(arn) if arn.starts_with("arn:") && arn.contains(":key/") => (Some(string(arn)), None),
        Some(key) => (
            Some("data.aws_kms_key.efsctl.arn".to_string()),
            Some(Block::new("data \"aws_kms_key\" \"efsctl\"").attr("key_id", string(key))),
        ),
    }
}

/// A rule as the provider's inline `ingress`/`egress` block spells it ("all" is protocol -1 with
/// ports 0).
fn rule_block(kind: &str, rule: &IngressRule, description: &str) -> Block {
    let (from, to) = if rule.protocol == "-1" {
        (0, 0)
    } else {
        (rule.from_port, rule.to_port)
    };
    let b = Block::new(kind)
        .attr("description", string(description))
        .attr("protocol", string(&rule.protocol))
        .attr("from_port", from.to_string())
        .attr("to_port", to.to_string());
    match &rule.source {
        IngressSource::Cidr(c) => b.attr("cidr_blocks", list([c.as_str()])),
        IngressSource::Ipv6Cidr(c) => b.attr("ipv6_cidr_blocks", list([c.as_str()])),
        IngressSource::SecurityGroup(g) => b.attr("security_groups", list([g.as_str()])),
    }
}

fn security_group(e: &Exported) -> Block {
    let g = e.group;
    let mut b = Block::new("resource \"aws_security_group\" \"efsctl\"")
        .attr("name", string(&g.name))
        .attr("description", string(&g.description))
        .attr("vpc_id", string(&g.vpc_id));
    for rule in &e.ingress {
        b = b.block(rule_block("ingress", rule, INGRESS_DESCRIPTION));
    }
    for rule in &e.egress {
        b = b.block(rule_block("egress", rule, EGRESS_DESCRIPTION));
    }
    b.map("tags", &g.tags)
}

fn file_system(e: &Exported, kms: Option<String>, live: Option<&LiveIds>) -> Block {
    let fs = e.file_system;
    let (mode, mibps) = match fs.throughput {
        Throughput::Elastic => ("elastic", None),
        Throughput::Bursting => ("bursting", None),
        Throughput::Provisioned { mibps } => ("provisioned", Some(mibps)),
    };
    let performance = match fs.performance_mode {
        PerformanceMode::GeneralPurpose => "generalPurpose",
        PerformanceMode::MaxIo => "maxIO",
    };
    let mut b = Block::new("resource \"aws_efs_file_system\" \"efsctl\"")
        .attr("creation_token", string(&fs.creation_token))
        .attr("encrypted", fs.encrypted.to_string())
        .attr_if("kms_key_id", kms)
        .attr("performance_mode", string(performance))
        .attr("throughput_mode", string(mode))
        .attr_if(
            "provisioned_throughput_in_mibps",
            mibps.map(|m| m.to_string()),
        )
        .attr_if(
            "availability_zone_name",
            fs.availability_zone_name.as_deref().map(string),
        );
    if let Some(l) = e.lifecycle {
        if let Some(d) = l.transition_to_ia {
            b = b.block(
                Block::new("lifecycle_policy").attr("transition_to_ia", string(&d.api_name())),
            );
        }
        if let Some(d) = l.transition_to_archive {
            b = b.block(
                Block::new("lifecycle_policy").attr("transition_to_archive", string(&d.api_name())),
            );
        }
        if l.transition_to_primary_on_first_access {
            b = b.block(Block::new("lifecycle_policy").attr(
                "transition_to_primary_storage_class",
                string("AFTER_1_ACCESS"),
            ));
        }
    }
    let mut tags = fs.tags.clone();
    if let Some(live) = live {
        tags.extend(live.file_system_tags.clone());
    }
    b.map("tags", &tags)
}

/// `import { to = ..., id = ... }` for every resource that exists.
fn imports(e: &Exported, live: &LiveIds) -> Vec<Block> {
    let import = |to: String, id: &str| Block::new("import").attr("to", to).attr("id", string(id));
    let mut blocks = vec![
        import(SG.to_string(), &live.group_id),
        import(FS.to_string(), &live.file_system_id),
        import(
            "aws_efs_backup_policy.efsctl".to_string(),
            &live.file_system_id,
        ),
    ];
    if e.policy.is_some() && live.has_policy {
        blocks.push(import(
            "aws_efs_file_system_policy.efsctl".to_string(),
            &live.file_system_id,
        ));
    }
    if e.replication.is_some() && live.has_replication {
        blocks.push(import(
            "aws_efs_replication_configuration.efsctl".to_string(),
            &live.file_system_id,
        ));
    }
    let by_az: BTreeMap<&str, &String> = live
        .mount_targets
        .iter()
        .map(|(az, id)| (az.as_str(), id))
        .collect();
    for (az, _) in &e.mount_targets {
        if let Some(id) = by_az.get(az) {
            blocks.push(import(
                format!("aws_efs_mount_target.{}", identifier(az)),
                id,
            ));
        }
    }
    for (name, _) in &e.access_points {
        if let Some(id) = live.access_points.get(*name) {
            blocks.push(import(
                format!("aws_efs_access_point.{}", identifier(name)),
                id,
            ));
        }
    }
    blocks
}
