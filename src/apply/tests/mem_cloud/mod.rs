//! An in-memory [`Cloud`](crate::aws::Cloud) for the executor's unit tests: it records every call in order, keeps
//! just enough state to answer (file systems, mount targets, groups), and can fail one
//! operation or hold two until both have started, to observe stage order and concurrency.
//!
//! It is no emulator: the behaviour tests run against moto (tests/integration). This one only
//! lets the executor's own rules be checked without a network.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::sync::Barrier;

use crate::aws::{AwsError, Ec2, Efs};
use crate::model::{
    FileSystem, IngressRule, Instance, LifeCycleState, MountTarget, NewFileSystem,
    NewSecurityGroup, Replication, SecurityGroup, StorageSize, Subnet, Throughput, Vpc, VpcDns,
};

type Res<T> = Result<T, AwsError>;

#[derive(Default)]
pub(super) struct State {
    calls: Vec<String>,
    file_systems: Vec<FileSystem>,
    mount_targets: Vec<MountTarget>,
    groups: Vec<SecurityGroup>,
    replications: Vec<Replication>,
    next_id: u32,
}

#[derive(Clone, Default)]
pub struct MemCloud {
    pub(super) state: Arc<Mutex<State>>,
    /// This operation answers an InternalFailure.
    pub fail: Option<&'static str>,
    /// These two operations each wait until the other has started (or fail after a second).
    pub rendezvous: Option<(&'static str, &'static str, Arc<Barrier>)>,
    /// CreateMountTarget answers `creating`; DescribeMountTargets then says `available`.
    pub mount_targets_start_creating: bool,
    /// Mount targets are listed without a network interface id (audit then asks
    /// DescribeMountTargetSecurityGroups).
    pub no_network_interfaces: bool,
}

impl MemCloud {
    /// Every call so far, in order, as "Operation" or "Operation arg".
    pub fn calls(&self) -> Vec<String> {
        self.state.lock().unwrap().calls.clone()
    }

    pub fn count(&self, operation: &str) -> usize {
        self.calls()
            .iter()
            .filter(|c| c.split(' ').next() == Some(operation))
            .count()
    }

    /// Index of the first call of `operation`; panics if there was none.
    pub fn first(&self, operation: &str) -> usize {
        self.calls()
            .iter()
            .position(|c| c.split(' ').next() == Some(operation))
            .unwrap_or_else(|| panic!("no {operation} in {:?}", self.calls()))
    }

    pub fn last(&self, operation: &str) -> usize {
        self.calls()
            .iter()
            .rposition(|c| c.split(' ').next() == Some(operation))
            .unwrap_or_else(|| panic!("no {operation} in {:?}", self.calls()))
    }

    pub fn add_file_system(&self, fs: FileSystem) {
        self.state.lock().unwrap().file_systems.push(fs);
    }
    pub fn add_mount_target(&self, mt: MountTarget) {
        self.state.lock().unwrap().mount_targets.push(mt);
    }
    pub fn add_security_group(&self, group: SecurityGroup) {
        self.state.lock().unwrap().groups.push(group);
    }

    async fn call(&self, operation: &'static str, arg: &str) -> Res<()> {
        let line = if arg.is_empty() {
            operation.to_string()
        } else {
            format!("{operation} {arg}")
        };
        self.state.lock().unwrap().calls.push(line);
        if let Some((a, b, barrier)) = &self.rendezvous {
            if operation == *a || operation == *b {
                tokio::time::timeout(Duration::from_secs(1), barrier.wait())
                    .await
                    .map_err(|_| {
                        AwsError::service(operation, "Rendezvous", "the other call never started")
                    })?;
            }
        }
        if self.fail == Some(operation) {
            return Err(AwsError::service(operation, "InternalFailure", "injected"));
        }
        Ok(())
    }

    fn id(&self, prefix: &str) -> String {
        let mut s = self.state.lock().unwrap();
        s.next_id += 1;
        format!("{prefix}-{:08x}", s.next_id)
    }
}

/// An available mount target of `fs-0123abcd` in `az` (subnet `subnet-<az>`, VPC `vpc-1`) on
/// these groups.
pub fn mount_target(id: &str, az: &str, groups: &[&str]) -> MountTarget {
    MountTarget {
        id: id.into(),
        file_system_id: "fs-0123abcd".into(),
        subnet_id: format!("subnet-{az}"),
        availability_zone: az.into(),
        vpc_id: Some("vpc-1".into()),
        ip_address: None,
        state: LifeCycleState::Available,
        security_groups: Some(groups.iter().map(|g| g.to_string()).collect()),
    }
}

pub fn file_system(id: &str, state: LifeCycleState) -> FileSystem {
    FileSystem {
        id: id.into(),
        arn: None,
        creation_token: "efsctl-ray".into(),
        state,
        performance_mode: crate::model::PerformanceMode::GeneralPurpose,
        throughput: Throughput::Elastic,
        encrypted: true,
        kms_key_id: None,
        availability_zone: None,
        number_of_mount_targets: 0,
        size: StorageSize::default(),
        tags: BTreeMap::new(),
    }
}

impl Efs for MemCloud {
    async fn file_system_by_token(&self, token: &str) -> Res<Option<FileSystem>> {
        self.call("DescribeFileSystems", token).await?;
        let s = self.state.lock().unwrap();
        Ok(s.file_systems
            .iter()
            .find(|f| f.creation_token == token)
            .cloned())
    }
    async fn file_system_by_id(&self, id: &str) -> Res<Option<FileSystem>> {
        self.call("DescribeFileSystems", id).await?;
        let s = self.state.lock().unwrap();
        Ok(s.file_systems.iter().find(|f| f.id == id).cloned())
    }
    async fn create_file_system(&self, req: &NewFileSystem) -> Res<FileSystem> {
        self.call("CreateFileSystem", &req.creation_token).await?;
        let mut fs = file_system(&self.id("fs"), LifeCycleState::Available);
        fs.creation_token = req.creation_token.clone();
        fs.tags = req.tags.clone();
        self.add_file_system(fs.clone());
        Ok(fs)
    }
    async fn update_throughput(&self, id: &str, _: Throughput) -> Res<()> {
        self.call("UpdateFileSystem", id).await
    }
    async fn delete_file_system(&self, id: &str) -> Res<()> {
        self.call("DeleteFileSystem", id).await?;
        self.state
            .lock()
            .unwrap()
            .file_systems
            .retain(|f| f.id != id);
        Ok(())
    }
    async fn mount_targets(&self, file_system_id: &str) -> Res<Vec<MountTarget>> {
        self.call("DescribeMountTargets", file_system_id).await?;
        let mut s = self.state.lock().unwrap();
        for m in &mut s.mount_targets {
            m.state = LifeCycleState::Available;
        }
        Ok(s.mount_targets
            .iter()
            .filter(|m| m.file_system_id == file_system_id)
            .cloned()
            .collect())
    }
    async fn mount_target_security_groups(&self, id: &str) -> Res<Vec<String>> {
        self.call("DescribeMountTargetSecurityGroups", id).await?;
        let s = self.state.lock().unwrap();
        Ok(s.mount_targets
            .iter()
            .find(|m| m.id == id)
            .and_then(|m| m.security_groups.clone())
            .unwrap_or_default())
    }
    async fn create_mount_target(
        &self,
        file_system_id: &str,
        subnet_id: &str,
        security_groups: &[String],
    ) -> Res<MountTarget> {
        self.call("CreateMountTarget", subnet_id).await?;
        let mt = MountTarget {
            id: self.id("fsmt"),
            file_system_id: file_system_id.into(),
            subnet_id: subnet_id.into(),
            availability_zone: format!("us-east-1{}", subnet_id.chars().last().unwrap()),
            vpc_id: Some("vpc-1".into()),
            ip_address: None,
            state: if self.mount_targets_start_creating {
                LifeCycleState::Creating
            } else {
                LifeCycleState::Available
            },
            security_groups: Some(security_groups.to_vec()),
        };
        self.add_mount_target(mt.clone());
        Ok(mt)
    }
    async fn set_mount_target_security_groups(&self, id: &str, _: &[String]) -> Res<()> {
        self.call("ModifyMountTargetSecurityGroups", id).await
    }
    async fn delete_mount_target(&self, id: &str) -> Res<()> {
        self.call("DeleteMountTarget", id).await?;
        self.state
            .lock()
            .unwrap()
            .mount_targets
            .retain(|m| m.id != id);
        Ok(())
    }
}

impl Ec2 for MemCloud {
    async fn vpc(&self, id: Option<&str>) -> Res<Option<Vpc>> {
        self.call("DescribeVpcs", id.unwrap_or_default()).await?;
        Ok(None)
    }
    async fn vpc_dns(&self, vpc_id: &str) -> Res<VpcDns> {
        self.call("DescribeVpcAttribute", vpc_id).await?;
        Ok(VpcDns {
            support: true,
            hostnames: true,
        })
    }
    async fn subnets_in_vpc(&self, vpc_id: &str) -> Res<Vec<Subnet>> {
        self.call("DescribeSubnets", vpc_id).await?;
        Ok(Vec::new())
    }
    async fn subnets(&self, _: &[String]) -> Res<Vec<Subnet>> {
        self.call("DescribeSubnets", "").await?;
        Ok(Vec::new())
    }
    async fn security_groups(&self, _: &[String]) -> Res<Vec<SecurityGroup>> {
        self.call("DescribeSecurityGroups", "").await?;
        Ok(Vec::new())
    }
    async fn security_groups_named(&self, name: &str) -> Res<Vec<SecurityGroup>> {
        self.call("DescribeSecurityGroups", name).await?;
        let s = self.state.lock().unwrap();
        Ok(s.groups
            .iter()
            .filter(|g| g.name == name)
            .cloned()
            .collect())
    }
    async fn security_group_named(&self, _: &str, name: &str) -> Res<Option<SecurityGroup>> {
        Ok(self.security_groups_named(name).await?.into_iter().next())
    }
    async fn create_security_group(&self, req: &NewSecurityGroup) -> Res<String> {
        self.call("CreateSecurityGroup", &req.name).await?;
        let id = self.id("sg");
        self.state.lock().unwrap().groups.push(SecurityGroup {
            id: id.clone(),
            name: req.name.clone(),
            vpc_id: req.vpc_id.clone(),
            ingress: Vec::new(),
            egress: Vec::new(),
            tags: req.tags.clone(),
        });
        Ok(id)
    }
    async fn authorize_ingress(&self, group_id: &str, _: &[IngressRule]) -> Res<()> {
        self.call("AuthorizeSecurityGroupIngress", group_id).await
    }
    async fn revoke_ingress(&self, group_id: &str, _: &[IngressRule]) -> Res<()> {
        self.call("RevokeSecurityGroupIngress", group_id).await
    }
    async fn authorize_egress(&self, group_id: &str, _: &[IngressRule]) -> Res<()> {
        self.call("AuthorizeSecurityGroupEgress", group_id).await
    }
    async fn revoke_egress(&self, group_id: &str, _: &[IngressRule]) -> Res<()> {
        self.call("RevokeSecurityGroupEgress", group_id).await
    }
    async fn delete_security_group(&self, group_id: &str) -> Res<()> {
        self.call("DeleteSecurityGroup", group_id).await
    }
    async fn instances_tagged(&self, key: &str, value: &str) -> Res<Vec<Instance>> {
        self.call("DescribeInstances", &format!("{key}={value}"))
            .await?;
        Ok(Vec::new())
    }
    async fn vpcs_peered(&self, _: &str, _: &str) -> Res<bool> {
        self.call("DescribeVpcPeeringConnections", "").await?;
        Ok(false)
    }
}

mod data;
