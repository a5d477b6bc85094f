//! The deployment as a CloudFormation template (YAML): the group (its egress rule replacing
//! EC2's default, as CloudFormation documents), the file system with its backup policy,
//! lifecycle, policy and replication as properties, mount targets and access points.
//!
//! CloudFormation has no `CreationToken` property: a stack-made file system gets a token of
//! CloudFormation's choosing, so `efsctl status --name` does not find it (docs/export.md).

use serde_json::{json, Map, Value};

use super::{camel, Exported};
use crate::model::{
    IngressRule, IngressSource, PerformanceMode, Throughput, EGRESS_DESCRIPTION,
    INGRESS_DESCRIPTION,
};

fn tags(tags: &std::collections::BTreeMap<String, String>) -> Value {
    Value::Array(
        tags.iter()
            .map(|(k, v)| json!({"Key": k, "Value": v}))
            .collect(),
    )
}

fn rule(rule: &IngressRule, description: &str, egress: bool) -> Value {
    let mut r = Map::new();
    r.insert("IpProtocol".into(), json!(rule.protocol));
    if rule.protocol != "-1" {
        r.insert("FromPort".into(), json!(rule.from_port));
        r.insert("ToPort".into(), json!(rule.to_port));
    }
    let (ipv4, ipv6, group) = if egress {
        ("CidrIp", "CidrIpv6", "DestinationSecurityGroupId")
    } else {
        ("CidrIp", "CidrIpv6", "SourceSecurityGroupId")
    };
    match &rule.source {
        IngressSource::Cidr(c) => r.insert(ipv4.into(), json!(c)),
        IngressSource::Ipv6Cidr(c) => r.insert(ipv6.into(), json!(c)),
        IngressSource::SecurityGroup(g) => r.insert(group.into(), json!(g)),
    };
    r.insert("Description".into(), json!(description));
    Value::Object(r)
}

/// The template, as a JSON value (rendered as YAML by the caller).
pub fn template(e: &Exported) -> Value {
    let g = e.group;
    let mut resources = Map::new();
    resources.insert(
        "SecurityGroup".into(),
        json!({
            "Type": "AWS::EC2::SecurityGroup",
            "Properties": {
                "GroupName": g.name,
                "GroupDescription": g.description,
                "VpcId": g.vpc_id,
                "SecurityGroupIngress": e.ingress.iter().map(|r| rule(r, INGRESS_DESCRIPTION, false)).collect::<Vec<_>>(),
                "SecurityGroupEgress": e.egress.iter().map(|r| rule(r, EGRESS_DESCRIPTION, true)).collect::<Vec<_>>(),
                "Tags": tags(&g.tags),
            }
        }),
    );
    let fs = e.file_system;
    let mut props = Map::new();
    props.insert("Encrypted".into(), json!(fs.encrypted));
    if let Some(key) = &fs.kms_key_id {
        props.insert("KmsKeyId".into(), json!(key));
    }
    props.insert(
        "PerformanceMode".into(),
        json!(match fs.performance_mode {
            PerformanceMode::GeneralPurpose => "generalPurpose",
            PerformanceMode::MaxIo => "maxIO",
        }),
    );
    match fs.throughput {
        Throughput::Elastic => props.insert("ThroughputMode".into(), json!("elastic")),
        Throughput::Bursting => props.insert("ThroughputMode".into(), json!("bursting")),
        Throughput::Provisioned { mibps } => {
            props.insert("ProvisionedThroughputInMibps".into(), json!(mibps));
            props.insert("ThroughputMode".into(), json!("provisioned"))
        }
    };
    if let Some(az) = &fs.availability_zone_name {
        props.insert("AvailabilityZoneName".into(), json!(az));
    }
    props.insert(
        "BackupPolicy".into(),
        json!({"Status": if e.backup { "ENABLED" } else { "DISABLED" }}),
    );
    if let Some(l) = e.lifecycle {
        let mut policies = Vec::new();
        if let Some(d) = l.transition_to_ia {
            policies.push(json!({"TransitionToIA": d.api_name()}));
        }
        if let Some(d) = l.transition_to_archive {
            policies.push(json!({"TransitionToArchive": d.api_name()}));
        }
        if l.transition_to_primary_on_first_access {
            policies.push(json!({"TransitionToPrimaryStorageClass": "AFTER_1_ACCESS"}));
        }
        props.insert("LifecyclePolicies".into(), Value::Array(policies));
    }
    if let Some(policy) = e.policy {
        props.insert("FileSystemPolicy".into(), policy.clone());
    }
    if let Some(r) = e.replication {
        let mut dest = Map::new();
        dest.insert("Region".into(), json!(r.region));
        if let Some(az) = &r.availability_zone_name {
            dest.insert("AvailabilityZoneName".into(), json!(az));
        }
        if let Some(key) = &r.kms_key_id {
            dest.insert("KmsKeyId".into(), json!(key));
        }
        props.insert(
            "ReplicationConfiguration".into(),
            json!({"Destinations": [Value::Object(dest)]}),
        );
    }
    props.insert("FileSystemTags".into(), tags(&fs.tags));
    resources.insert(
        "FileSystem".into(),
        json!({"Type": "AWS::EFS::FileSystem", "Properties": Value::Object(props)}),
    );
    for (az, mt) in &e.mount_targets {
        resources.insert(
            format!("MountTarget{}", camel(az)),
            json!({
                "Type": "AWS::EFS::MountTarget",
                "Properties": {
                    "FileSystemId": {"Ref": "FileSystem"},
                    "SubnetId": mt.subnet_id,
                    "SecurityGroups": [{"Fn::GetAtt": ["SecurityGroup", "GroupId"]}],
                }
            }),
        );
    }
    for (name, ap) in &e.access_points {
        resources.insert(
            format!("AccessPoint{}", camel(name)),
            json!({
                "Type": "AWS::EFS::AccessPoint",
                "Properties": {
                    "FileSystemId": {"Ref": "FileSystem"},
                    "PosixUser": {"Uid": ap.uid.to_string(), "Gid": ap.gid.to_string()},
                    "RootDirectory": {
                        "Path": ap.path,
                        "CreationInfo": {
                            "OwnerUid": ap.owner_uid.to_string(),
                            "OwnerGid": ap.owner_gid.to_string(),
                            "Permissions": ap.permissions,
                        }
                    },
                    "AccessPointTags": tags(&ap.tags),
                }
            }),
        );
    }
    json!({
        "AWSTemplateFormatVersion": "2010-09-09",
        "Description": format!("efsctl deployment {} in {}: what `efsctl up` makes", e.name, e.region),
        "Resources": Value::Object(resources),
        "Outputs": {
            "FileSystemId": {"Value": {"Ref": "FileSystem"}},
            "SecurityGroupId": {"Value": {"Fn::GetAtt": ["SecurityGroup", "GroupId"]}},
        }
    })
}

/// The template as YAML under a comment header.
pub fn render(e: &Exported, generated: &str) -> String {
    let yaml = serde_norway::to_string(&template(e)).expect("a template serializes");
    format!("# {generated}\n{}", quote_dates(&yaml))
}

/// `AWSTemplateFormatVersion: 2010-09-09` and a policy's `Version: 2012-10-17` quoted: YAML 1.1
/// readers (PyYAML, so the AWS CLI and many pipelines) would read an unquoted one as a date.
fn quote_dates(yaml: &str) -> String {
    let is_date = |v: &str| {
        v.len() == 10
            && v.char_indices().all(|(i, c)| {
                if i == 4 || i == 7 {
                    c == '-'
                } else {
                    c.is_ascii_digit()
                }
            })
    };
    let mut out = String::with_capacity(yaml.len() + 16);
    for line in yaml.lines() {
        match line.rsplit_once(": ") {
            Some((key, value)) if is_date(value) => {
                out.push_str(&format!("{key}: '{value}'"));
            }
            _ => out.push_str(line),
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::quote_dates;

    #[test]
    fn dates_are_quoted_and_nothing_else() {
        let yaml = "AWSTemplateFormatVersion: 2010-09-09\n  Version: 2012-10-17\n  Path: /2012-10-17x\n  Uid: '1000'\n";
        assert_eq!(
            quote_dates(yaml),
            "AWSTemplateFormatVersion: '2010-09-09'\n  Version: '2012-10-17'\n  Path: /2012-10-17x\n  Uid: '1000'\n"
        );
    }
}
