//! The rest of [`MemCloud`]'s answers: what keeps the data (backup, lifecycle, replication),
//! who may mount (policy, access points), KMS, and audit's batched reads.

use std::collections::BTreeMap;

use super::{MemCloud, Res};
use crate::aws::{EfsAccess, EfsData, Inventory, Kms};
use crate::model::{
    AccessPoint, BackupStatus, FileSystem, Lifecycle, ListedMountTarget, MountTarget,
    NetworkInterface, NewAccessPoint, Replica, ReplicaSpec, Replication, ReplicationStatus,
    SecurityGroup,
};

impl EfsData for MemCloud {
    async fn backup_status(&self, id: &str) -> Res<BackupStatus> {
        self.call("DescribeBackupPolicy", id).await?;
        Ok(BackupStatus::Enabled)
    }
    async fn put_backup(&self, id: &str, enabled: bool) -> Res<BackupStatus> {
        self.call("PutBackupPolicy", id).await?;
        Ok(if enabled {
            BackupStatus::Enabled
        } else {
            BackupStatus::Disabled
        })
    }
    async fn lifecycle(&self, id: &str) -> Res<Lifecycle> {
        self.call("DescribeLifecycleConfiguration", id).await?;
        Ok(Lifecycle::default())
    }
    async fn put_lifecycle(&self, id: &str, _: &Lifecycle) -> Res<()> {
        self.call("PutLifecycleConfiguration", id).await
    }
    async fn replication(&self, id: &str) -> Res<Option<Replication>> {
        self.call("DescribeReplicationConfigurations", id).await?;
        let s = self.state.lock().unwrap();
        Ok(s.replications
            .iter()
            .find(|r| r.source_file_system_id == id)
            .cloned())
    }
    async fn create_replication(&self, source: &str, dest: &ReplicaSpec) -> Res<Replication> {
        self.call("CreateReplicationConfiguration", source).await?;
        let r = Replication {
            source_file_system_id: source.into(),
            region: dest.region.clone(),
            destination_file_system_id: self.id("fs"),
            status: ReplicationStatus::Enabling,
            last_replicated: None,
            status_message: None,
        };
        self.state.lock().unwrap().replications.push(r.clone());
        Ok(r)
    }
    async fn delete_replication(&self, source: &str) -> Res<()> {
        self.call("DeleteReplicationConfiguration", source).await?;
        self.state
            .lock()
            .unwrap()
            .replications
            .retain(|r| r.source_file_system_id != source);
        Ok(())
    }
    async fn replica(&self, region: &str, id: &str) -> Res<Option<Replica>> {
        self.call("DescribeFileSystems", &format!("{region}/{id}"))
            .await?;
        Ok(None)
    }
    async fn tag_file_system(
        &self,
        _: Option<&str>,
        id: &str,
        _: &BTreeMap<String, String>,
    ) -> Res<()> {
        self.call("TagResource", id).await
    }
    async fn delete_file_system_in(&self, region: &str, id: &str) -> Res<()> {
        self.call("DeleteFileSystem", &format!("{region}/{id}"))
            .await
    }
}

impl EfsAccess for MemCloud {
    async fn policy(&self, id: &str) -> Res<Option<String>> {
        self.call("DescribeFileSystemPolicy", id).await?;
        Ok(None)
    }
    async fn put_policy(&self, id: &str, _: &str) -> Res<()> {
        self.call("PutFileSystemPolicy", id).await
    }
    async fn delete_policy(&self, id: &str) -> Res<()> {
        self.call("DeleteFileSystemPolicy", id).await
    }
    async fn access_points(&self, id: &str) -> Res<Vec<AccessPoint>> {
        self.call("DescribeAccessPoints", id).await?;
        Ok(Vec::new())
    }
    async fn create_access_point(&self, fs: &str, req: &NewAccessPoint) -> Res<AccessPoint> {
        self.call("CreateAccessPoint", fs).await?;
        Ok(AccessPoint {
            id: self.id("fsap"),
            arn: String::new(),
            file_system_id: fs.into(),
            name: None,
            path: req.path.clone(),
            uid: Some(req.uid),
            gid: Some(req.gid),
            mode: Some(req.permissions.clone()),
            owner_uid: Some(req.owner_uid),
            owner_gid: Some(req.owner_gid),
            state: "available".into(),
            tags: req.tags.clone(),
        })
    }
    async fn delete_access_point(&self, id: &str) -> Res<()> {
        self.call("DeleteAccessPoint", id).await
    }
}

impl Kms for MemCloud {
    async fn kms_key_exists(&self, key: &str) -> Res<bool> {
        self.call("DescribeKey", key).await?;
        Ok(true)
    }
}

/// The network interface id [`MemCloud`] gives a mount target: `eni-` and the mount target's id.
fn interface_of(mount_target_id: &str) -> String {
    format!("eni-{mount_target_id}")
}

impl Inventory for MemCloud {
    async fn all_file_systems(&self) -> Res<Vec<FileSystem>> {
        self.call("DescribeFileSystems", "").await?;
        Ok(self.state.lock().unwrap().file_systems.clone())
    }
    async fn listed_mount_targets(&self, file_system_id: &str) -> Res<Vec<ListedMountTarget>> {
        self.call("DescribeMountTargets", file_system_id).await?;
        let s = self.state.lock().unwrap();
        Ok(s.mount_targets
            .iter()
            .filter(|m| m.file_system_id == file_system_id)
            .map(|m| ListedMountTarget {
                network_interface_id: (!self.no_network_interfaces).then(|| interface_of(&m.id)),
                mount_target: MountTarget {
                    security_groups: None,
                    ..m.clone()
                },
            })
            .collect())
    }
    async fn network_interfaces(&self, ids: &[String]) -> Res<Vec<NetworkInterface>> {
        self.call("DescribeNetworkInterfaces", &ids.join(","))
            .await?;
        let s = self.state.lock().unwrap();
        Ok(s.mount_targets
            .iter()
            .filter(|m| ids.contains(&interface_of(&m.id)))
            .map(|m| NetworkInterface {
                id: interface_of(&m.id),
                vpc_id: m.vpc_id.clone().unwrap_or_default(),
                security_groups: m.security_groups.clone().unwrap_or_default(),
            })
            .collect())
    }
    async fn security_groups_by_id(&self, ids: &[String]) -> Res<Vec<SecurityGroup>> {
        self.call("DescribeSecurityGroups", &ids.join(",")).await?;
        let s = self.state.lock().unwrap();
        Ok(s.groups
            .iter()
            .filter(|g| ids.contains(&g.id))
            .cloned()
            .collect())
    }
}
