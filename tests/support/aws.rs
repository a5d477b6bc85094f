//! Direct SDK clients for the emulator, and the helpers that build scenes with them: VPCs with
//! subnets, groups, file systems made as efsctl or someone else would, peering connections.

use aws_sdk_ec2::types as ec2;
use aws_sdk_efs::types as efs;

use super::{endpoint, REGION};

/// Direct SDK clients for the emulator, to set up scenes and check results.
#[derive(Clone, Debug)]
pub struct Aws {
    pub efs: aws_sdk_efs::Client,
    pub ec2: aws_sdk_ec2::Client,
}

/// A VPC made by a test: its id, CIDR and `(az, subnet_id)` pairs in the order given.
#[derive(Clone, Debug)]
pub struct TestVpc {
    pub id: String,
    pub cidr: String,
    pub subnets: Vec<(String, String)>,
}

impl TestVpc {
    /// The subnet made in `az` (the first, if several).
    #[track_caller]
    pub fn subnet(&self, az: &str) -> &str {
        self.subnets
            .iter()
            .find(|(z, _)| z == az)
            .map(|(_, s)| s.as_str())
            .unwrap_or_else(|| panic!("no subnet in {az} in {self:?}"))
    }
}

/// Clients for the emulator (starts it if needed).
pub fn aws() -> Aws {
    aws_in(REGION)
}

/// Clients for the emulator in another region (a replica's).
pub fn aws_in(region: &str) -> Aws {
    let config = aws_config::SdkConfig::builder()
        .behavior_version(aws_config::BehaviorVersion::latest())
        .region(aws_config::Region::new(region.to_string()))
        .endpoint_url(endpoint())
        .credentials_provider(aws_sdk_efs::config::SharedCredentialsProvider::new(
            aws_sdk_efs::config::Credentials::new("testing", "testing", None, None, "efsctl-tests"),
        ))
        .build();
    Aws {
        efs: aws_sdk_efs::Client::new(&config),
        ec2: aws_sdk_ec2::Client::new(&config),
    }
}

pub(super) fn ec2_filter(name: &str, value: &str) -> ec2::Filter {
    ec2::Filter::builder().name(name).values(value).build()
}

impl Aws {
    /// Creates a VPC with `cidr` and one subnet per `(az, cidr)`, DNS support and hostnames
    /// on (so efsctl has no DNS warning to give).
    pub async fn create_vpc(&self, cidr: &str, subnets: &[(&str, &str)]) -> TestVpc {
        let vpc = self
            .ec2
            .create_vpc()
            .cidr_block(cidr)
            .send()
            .await
            .expect("CreateVpc");
        let id = vpc
            .vpc()
            .and_then(|v| v.vpc_id())
            .expect("vpc id")
            .to_string();
        for attr in ["support", "hostnames"] {
            let on = ec2::AttributeBooleanValue::builder().value(true).build();
            let req = self.ec2.modify_vpc_attribute().vpc_id(&id);
            let req = if attr == "support" {
                req.enable_dns_support(on)
            } else {
                req.enable_dns_hostnames(on)
            };
            req.send().await.expect("ModifyVpcAttribute");
        }
        let mut made = Vec::new();
        for (az, block) in subnets {
            let out = self
                .ec2
                .create_subnet()
                .vpc_id(&id)
                .availability_zone(*az)
                .cidr_block(*block)
                .send()
                .await
                .unwrap_or_else(|e| panic!("CreateSubnet {az} {block}: {e:?}"));
            let subnet = out.subnet().and_then(|s| s.subnet_id()).expect("subnet id");
            made.push((az.to_string(), subnet.to_string()));
        }
        TestVpc {
            id,
            cidr: cidr.to_string(),
            subnets: made,
        }
    }

    /// A VPC 10.9.0.0/16 with one /24 subnet in each of us-east-1a, b and c: the usual scene.
    pub async fn create_vpc_3az(&self) -> TestVpc {
        self.create_vpc(
            "10.9.0.0/16",
            &[
                ("us-east-1a", "10.9.1.0/24"),
                ("us-east-1b", "10.9.2.0/24"),
                ("us-east-1c", "10.9.3.0/24"),
            ],
        )
        .await
    }

    /// What an `up` interrupted after its first step leaves: a group named `efsctl-NAME` in
    /// `vpc_id` carrying the owner tag, without rules. Returns its id.
    pub async fn create_owned_security_group(&self, vpc_id: &str, name: &str) -> String {
        let tag = |k: &str| ec2::Tag::builder().key(k).value(name).build();
        self.ec2
            .create_security_group()
            .vpc_id(vpc_id)
            .group_name(format!("efsctl-{name}"))
            .description("left by an interrupted efsctl up")
            .tag_specifications(
                ec2::TagSpecification::builder()
                    .resource_type(ec2::ResourceType::SecurityGroup)
                    .tags(tag("efsctl:deployment"))
                    .tags(tag("Name"))
                    .build(),
            )
            .send()
            .await
            .expect("CreateSecurityGroup")
            .group_id()
            .expect("group id")
            .to_string()
    }

    /// Creates an encrypted, elastic file system with `token` and `tags`, as efsctl would or
    /// as someone else might; returns its id.
    pub async fn create_file_system(&self, token: &str, tags: &[(&str, &str)]) -> String {
        let tags = tags
            .iter()
            .map(|(k, v)| efs::Tag::builder().key(*k).value(*v).build().expect("tag"))
            .collect();
        self.efs
            .create_file_system()
            .creation_token(token)
            .encrypted(true)
            .throughput_mode(efs::ThroughputMode::Elastic)
            .set_tags(Some(tags))
            .send()
            .await
            .expect("CreateFileSystem")
            .file_system_id()
            .to_string()
    }

    /// Creates a plain security group (no tags, no rules) in `vpc_id`; returns its id.
    pub async fn create_security_group(&self, vpc_id: &str, name: &str) -> String {
        self.ec2
            .create_security_group()
            .vpc_id(vpc_id)
            .group_name(name)
            .description("made by an efsctl test")
            .send()
            .await
            .expect("CreateSecurityGroup")
            .group_id()
            .expect("group id")
            .to_string()
    }

    /// Asks for a VPC peering connection from `requester` to `accepter`, and accepts it when
    /// `accept`; returns its id.
    pub async fn peer_vpcs(&self, requester: &str, accepter: &str, accept: bool) -> String {
        let id = self
            .ec2
            .create_vpc_peering_connection()
            .vpc_id(requester)
            .peer_vpc_id(accepter)
            .send()
            .await
            .expect("CreateVpcPeeringConnection")
            .vpc_peering_connection()
            .and_then(|c| c.vpc_peering_connection_id())
            .expect("peering connection id")
            .to_string();
        if accept {
            self.ec2
                .accept_vpc_peering_connection()
                .vpc_peering_connection_id(&id)
                .send()
                .await
                .expect("AcceptVpcPeeringConnection");
        }
        id
    }
}

impl Aws {
    /// An image the emulator can launch.
    pub async fn any_image(&self) -> String {
        self.ec2
            .describe_images()
            .send()
            .await
            .expect("DescribeImages")
            .images()
            .iter()
            .find_map(|i| i.image_id().map(str::to_string))
            .expect("the emulator has images")
    }

    /// Launches one instance in `subnet` with `groups`, tagged as Ray's AWS launcher tags a
    /// node of `cluster` (`ray-cluster-name`, `ray-node-type`); returns its id.
    pub async fn launch_ray_node(
        &self,
        cluster: &str,
        node_type: &str,
        subnet: &str,
        groups: &[&str],
    ) -> String {
        let tag = |k: &str, v: &str| ec2::Tag::builder().key(k).value(v).build();
        self.ec2
            .run_instances()
            .image_id(self.any_image().await)
            .instance_type(ec2::InstanceType::M5Large)
            .min_count(1)
            .max_count(1)
            .subnet_id(subnet)
            .set_security_group_ids(Some(groups.iter().map(|g| g.to_string()).collect()))
            .tag_specifications(
                ec2::TagSpecification::builder()
                    .resource_type(ec2::ResourceType::Instance)
                    .tags(tag("ray-cluster-name", cluster))
                    .tags(tag("ray-node-type", node_type))
                    .build(),
            )
            .send()
            .await
            .expect("RunInstances")
            .instances()[0]
            .instance_id()
            .expect("instance id")
            .to_string()
    }
}
