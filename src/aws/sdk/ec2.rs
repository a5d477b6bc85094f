//! The EC2 operations of [`SdkCloud`].

use aws_sdk_ec2::types as ec2;

use super::SdkCloud;
use crate::aws::convert::{
    filter, instance, ip_permissions, peering_joins, security_group, subnet, vpc,
};
use crate::aws::{Ec2, Res};
use crate::model::{
    IngressRule, Instance, NewSecurityGroup, SecurityGroup, Subnet, Vpc, VpcDns,
    EGRESS_DESCRIPTION, INGRESS_DESCRIPTION,
};

impl Ec2 for SdkCloud {
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
            .set_ip_permissions(Some(ip_permissions(rules, INGRESS_DESCRIPTION)))
            .send()
            .await
            .map_err(|e| self.error("AuthorizeSecurityGroupIngress", e))?;
        Ok(())
    }

    async fn revoke_ingress(&self, group_id: &str, rules: &[IngressRule]) -> Res<()> {
        self.ec2
            .revoke_security_group_ingress()
            .group_id(group_id)
            .set_ip_permissions(Some(ip_permissions(rules, INGRESS_DESCRIPTION)))
            .send()
            .await
            .map_err(|e| self.error("RevokeSecurityGroupIngress", e))?;
        Ok(())
    }

    async fn authorize_egress(&self, group_id: &str, rules: &[IngressRule]) -> Res<()> {
        self.ec2
            .authorize_security_group_egress()
            .group_id(group_id)
            .set_ip_permissions(Some(ip_permissions(rules, EGRESS_DESCRIPTION)))
            .send()
            .await
            .map_err(|e| self.error("AuthorizeSecurityGroupEgress", e))?;
        Ok(())
    }

    async fn revoke_egress(&self, group_id: &str, rules: &[IngressRule]) -> Res<()> {
        self.ec2
            .revoke_security_group_egress()
            .group_id(group_id)
            .set_ip_permissions(Some(ip_permissions(rules, EGRESS_DESCRIPTION)))
            .send()
            .await
            .map_err(|e| self.error("RevokeSecurityGroupEgress", e))?;
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

    async fn instances_tagged(&self, key: &str, value: &str) -> Res<Vec<Instance>> {
        let states = ec2::Filter::builder()
            .name("instance-state-name")
            .values("pending")
            .values("running")
            .values("stopping")
            .values("stopped")
            .build();
        let reservations: Vec<ec2::Reservation> = self
            .ec2
            .describe_instances()
            .filters(filter(&format!("tag:{key}"), value))
            .filters(states)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|e| self.error("DescribeInstances", e))?;
        Ok(reservations
            .iter()
            .flat_map(|r| r.instances())
            .map(instance)
            .collect())
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
}
