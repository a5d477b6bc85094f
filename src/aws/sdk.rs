//! [`Cloud`] implemented with the real aws-sdk-rust EFS and EC2 clients.
//!
//! One method per AWS operation; conversions to and from `crate::model` live in `convert`.

use aws_sdk_ec2::types as ec2;
use aws_sdk_efs::config::http::HttpResponse;
use aws_sdk_efs::error::{ProvideErrorMetadata, SdkError};
use aws_sdk_efs::types as efs;

use super::convert::{
    created_file_system, efs_tags, file_system, filter, ip_permissions, mount_target,
    peering_joins, security_group, subnet, throughput_mode, vpc,
};
use super::{codes, AwsError, Cloud, Res};
use crate::model::{
    FileSystem, IngressRule, LifeCycleState, MountTarget, NewFileSystem, NewSecurityGroup,
    PerformanceMode, SecurityGroup, Subnet, Throughput, Vpc, VpcDns,
};

#[derive(Clone, Debug)]
pub struct SdkCloud {
    efs: aws_sdk_efs::Client,
    ec2: aws_sdk_ec2::Client,
    kms: aws_sdk_kms::Client,
    /// Named in "cannot reach" errors: the endpoint URL, or the region's AWS endpoints.
    endpoint: String,
}

impl SdkCloud {
    pub fn new(config: &aws_config::SdkConfig) -> Self {
        let endpoint = match (config.endpoint_url(), config.region()) {
            (Some(url), _) => url.to_string(),
            (None, Some(region)) => format!("the AWS endpoints of {region}"),
            (None, None) => "the AWS endpoints".to_string(),
        };
        let classifier = || super::sdk_config::RefusedConnectionNotRetried;
        SdkCloud {
            efs: aws_sdk_efs::Client::from_conf(
                aws_sdk_efs::config::Builder::from(config)
                    .retry_classifier(classifier())
                    .build(),
            ),
            ec2: aws_sdk_ec2::Client::from_conf(
                aws_sdk_ec2::config::Builder::from(config)
                    .retry_classifier(classifier())
                    .build(),
            ),
            kms: aws_sdk_kms::Client::from_conf(
                aws_sdk_kms::config::Builder::from(config)
                    .retry_classifier(classifier())
                    .build(),
            ),
            endpoint,
        }
    }

    fn error<E>(&self, operation: &'static str, err: SdkError<E, HttpResponse>) -> AwsError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        AwsError::from_sdk(operation, err).at(&self.endpoint)
    }
}

impl Cloud for SdkCloud {
    async fn file_system_by_token(&self, token: &str) -> Res<Option<FileSystem>> {
        let out = self
            .efs
            .describe_file_systems()
            .creation_token(token)
            .send()
            .await
            .map_err(|e| self.error("DescribeFileSystems", e))?;
        Ok(out.file_systems().first().map(file_system))
    }

    async fn file_system_by_id(&self, id: &str) -> Res<Option<FileSystem>> {
        match self
            .efs
            .describe_file_systems()
            .file_system_id(id)
            .send()
            .await
        {
            Ok(out) => Ok(out.file_systems().first().map(file_system)),
            Err(e) => {
                let err = self.error("DescribeFileSystems", e);
                if err.is_not_found() {
                    Ok(None)
                } else {
                    Err(err)
                }
            }
        }
    }

    async fn create_file_system(&self, req: &NewFileSystem) -> Res<FileSystem> {
        let (mode, mibps) = throughput_mode(req.throughput);
        let performance_mode = match req.performance_mode {
            PerformanceMode::GeneralPurpose => efs::PerformanceMode::GeneralPurpose,
            PerformanceMode::MaxIo => efs::PerformanceMode::MaxIo,
        };
        let out = self
            .efs
            .create_file_system()
            .creation_token(&req.creation_token)
            .encrypted(req.encrypted)
            .set_kms_key_id(req.kms_key_id.clone())
            .performance_mode(performance_mode)
            .throughput_mode(mode)
            .set_provisioned_throughput_in_mibps(mibps)
            .set_availability_zone_name(req.availability_zone_name.clone())
            .set_tags(Some(efs_tags(&req.tags)))
            .send()
            .await
            .map_err(|e| self.error("CreateFileSystem", e))?;
        Ok(created_file_system(&out))
    }

    async fn update_throughput(&self, id: &str, throughput: Throughput) -> Res<()> {
        let (mode, mibps) = throughput_mode(throughput);
        self.efs
            .update_file_system()
            .file_system_id(id)
            .throughput_mode(mode)
            .set_provisioned_throughput_in_mibps(mibps)
            .send()
            .await
            .map_err(|e| self.error("UpdateFileSystem", e))?;
        Ok(())
    }

    async fn delete_file_system(&self, id: &str) -> Res<()> {
        self.efs
            .delete_file_system()
            .file_system_id(id)
            .send()
            .await
            .map_err(|e| self.error("DeleteFileSystem", e))?;
        Ok(())
    }

    async fn mount_targets(&self, file_system_id: &str) -> Res<Vec<MountTarget>> {
        let mut targets = Vec::new();
        let mut marker = None;
        loop {
            let out = self
                .efs
                .describe_mount_targets()
                .file_system_id(file_system_id)
                .set_marker(marker)
                .send()
                .await
                .map_err(|e| self.error("DescribeMountTargets", e))?;
            targets.extend(out.mount_targets().iter().map(mount_target));
            match out.next_marker() {
                Some(m) if !m.is_empty() => marker = Some(m.to_string()),
                _ => break,
            }
        }
        targets.sort_by(|a, b| a.availability_zone.cmp(&b.availability_zone));
        Ok(targets)
    }

    async fn mount_target_security_groups(&self, mount_target_id: &str) -> Res<Vec<String>> {
        let out = self
            .efs
            .describe_mount_target_security_groups()
            .mount_target_id(mount_target_id)
            .send()
            .await
            .map_err(|e| self.error("DescribeMountTargetSecurityGroups", e))?;
        let mut groups = out.security_groups().to_vec();
        groups.sort();
        Ok(groups)
    }

    async fn create_mount_target(
        &self,
        file_system_id: &str,
        subnet_id: &str,
        groups: &[String],
    ) -> Res<MountTarget> {
        let out = self
            .efs
            .create_mount_target()
            .file_system_id(file_system_id)
            .subnet_id(subnet_id)
            .set_security_groups(Some(groups.to_vec()))
            .send()
            .await
            .map_err(|e| self.error("CreateMountTarget", e))?;
        Ok(MountTarget {
            id: out.mount_target_id().to_string(),
            file_system_id: out.file_system_id().to_string(),
            subnet_id: out.subnet_id().to_string(),
            availability_zone: out.availability_zone_name().unwrap_or_default().to_string(),
            vpc_id: out.vpc_id().map(str::to_string),
            ip_address: out.ip_address().map(str::to_string),
            state: LifeCycleState::parse(out.life_cycle_state().as_str()),
            security_groups: Some(groups.to_vec()),
        })
    }

    async fn set_mount_target_security_groups(
        &self,
        mount_target_id: &str,
        groups: &[String],
    ) -> Res<()> {
        self.efs
            .modify_mount_target_security_groups()
            .mount_target_id(mount_target_id)
            .set_security_groups(Some(groups.to_vec()))
            .send()
            .await
            .map_err(|e| self.error("ModifyMountTargetSecurityGroups", e))?;
        Ok(())
    }

    async fn delete_mount_target(&self, mount_target_id: &str) -> Res<()> {
        self.efs
            .delete_mount_target()
            .mount_target_id(mount_target_id)
            .send()
            .await
            .map_err(|e| self.error("DeleteMountTarget", e))?;
        Ok(())
    }

    async fn vpc(&self, id: Option<&str>) -> Res<Option<Vpc>> {
        let req = self.ec2.describe_vpcs();
        let req = match id {
            Some(id) => req.vpc_ids(id),
            None => req.filters(filter("is-default", "true")),
        };
        match req.send().await {
            Ok(out) => Ok(out.vpcs().first().map(vpc)),
            Err(e) => {
                let err = self.error("DescribeVpcs", e);
                if err.is_not_found() {
                    Ok(None)
                } else {
                    Err(err)
                }
            }
        }
    }

    async fn vpc_dns(&self, vpc_id: &str) -> Res<VpcDns> {
        let attr = |name| async move {
            self.ec2
                .describe_vpc_attribute()
                .vpc_id(vpc_id)
                .attribute(name)
                .send()
                .await
                .map_err(|e| self.error("DescribeVpcAttribute", e))
        };
        let (support, hostnames) = tokio::try_join!(
            attr(ec2::VpcAttributeName::EnableDnsSupport),
            attr(ec2::VpcAttributeName::EnableDnsHostnames)
        )?;
        Ok(VpcDns {
            support: support
                .enable_dns_support()
                .and_then(|v| v.value())
                .unwrap_or(false),
            hostnames: hostnames
                .enable_dns_hostnames()
                .and_then(|v| v.value())
                .unwrap_or(false),
        })
    }

    async fn subnets_in_vpc(&self, vpc_id: &str) -> Res<Vec<Subnet>> {
        let pages = self
            .ec2
            .describe_subnets()
            .filters(filter("vpc-id", vpc_id))
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|e| self.error("DescribeSubnets", e))?;
        Ok(pages.iter().map(subnet).collect())
    }

    async fn subnets(&self, ids: &[String]) -> Res<Vec<Subnet>> {
        let out = self
            .ec2
            .describe_subnets()
            .set_subnet_ids(Some(ids.to_vec()))
            .send()
            .await
            .map_err(|e| self.error("DescribeSubnets", e))?;
        Ok(out.subnets().iter().map(subnet).collect())
    }

    async fn security_groups(&self, ids: &[String]) -> Res<Vec<SecurityGroup>> {
        let out = self
            .ec2
            .describe_security_groups()
            .set_group_ids(Some(ids.to_vec()))
            .send()
            .await
            .map_err(|e| self.error("DescribeSecurityGroups", e))?;
        Ok(out.security_groups().iter().map(security_group).collect())
    }

    async fn security_groups_named(&self, name: &str) -> Res<Vec<SecurityGroup>> {
        let groups = self
            .ec2
            .describe_security_groups()
            .filters(filter("group-name", name))
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|e| self.error("DescribeSecurityGroups", e))?;
        Ok(groups.iter().map(security_group).collect())
    }

    async fn security_group_named(&self, vpc_id: &str, name: &str) -> Res<Option<SecurityGroup>> {
        let out = self
            .ec2
            .describe_security_groups()
            .filters(filter("vpc-id", vpc_id))
            .filters(filter("group-name", name))
            .send()
            .await
            .map_err(|e| self.error("DescribeSecurityGroups", e))?;
        Ok(out.security_groups().first().map(security_group))
    }

    async fn create_security_group(&self, req: &NewSecurityGroup) -> Res<String> {
        let tags = req
            .tags
            .iter()
            .map(|(k, v)| ec2::Tag::builder().key(k).value(v).build())
            .collect();
        let out = self
            .ec2
            .create_security_group()
            .vpc_id(&req.vpc_id)
            .group_name(&req.name)
            .description(&req.description)
            .tag_specifications(
                ec2::TagSpecification::builder()
                    .resource_type(ec2::ResourceType::SecurityGroup)
                    .set_tags(Some(tags))
                    .build(),
            )
            .send()
            .await
            .map_err(|e| self.error("CreateSecurityGroup", e))?;
        Ok(out.group_id().unwrap_or_default().to_string())
    }

    async fn authorize_ingress(&self, group_id: &str, rules: &[IngressRule]) -> Res<()> {
        self.ec2
            .authorize_security_group_ingress()
            .group_id(group_id)
            .set_ip_permissions(Some(ip_permissions(rules)))
            .send()
            .await
            .map_err(|e| self.error("AuthorizeSecurityGroupIngress", e))?;
        Ok(())
    }

    async fn revoke_ingress(&self, group_id: &str, rules: &[IngressRule]) -> Res<()> {
        self.ec2
            .revoke_security_group_ingress()
            .group_id(group_id)
            .set_ip_permissions(Some(ip_permissions(rules)))
            .send()
            .await
            .map_err(|e| self.error("RevokeSecurityGroupIngress", e))?;
        Ok(())
    }

    async fn delete_security_group(&self, group_id: &str) -> Res<()> {
        self.ec2
            .delete_security_group()
            .group_id(group_id)
            .send()
            .await
            .map_err(|e| self.error("DeleteSecurityGroup", e))?;
        Ok(())
    }

    async fn vpcs_peered(&self, a: &str, b: &str) -> Res<bool> {
        // The filters only narrow the answer (each vpc-id filter matches either VPC, and an
        // emulator may ignore filters); `peering_joins` decides.
        let both = ec2::Filter::builder().values(a).values(b);
        let connections: Vec<ec2::VpcPeeringConnection> = self
            .ec2
            .describe_vpc_peering_connections()
            .filters(filter("status-code", "active"))
            .filters(both.clone().name("requester-vpc-info.vpc-id").build())
            .filters(both.name("accepter-vpc-info.vpc-id").build())
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|e| self.error("DescribeVpcPeeringConnections", e))?;
        Ok(connections.iter().any(|c| peering_joins(c, a, b)))
    }

    async fn kms_key_exists(&self, key: &str) -> Res<bool> {
        match self.kms.describe_key().key_id(key).send().await {
            Ok(_) => Ok(true),
            Err(e) => {
                let err = self.error("DescribeKey", e);
                if err.has_code(codes::KMS_NOT_FOUND) {
                    Ok(false)
                } else {
                    Err(err)
                }
            }
        }
    }
}
