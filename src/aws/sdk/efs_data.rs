//! The EFS operations of [`SdkCloud`] that keep the data: backup policy, lifecycle policy,
//! replication, and the replica in its own region.

use std::collections::BTreeMap;

use aws_sdk_efs::types as efs;

use super::SdkCloud;
use crate::aws::convert::{efs_tags, lifecycle, lifecycle_policies, replica, replication};
use crate::aws::{codes, EfsData, Res};
use crate::model::{BackupStatus, Lifecycle, Replica, ReplicaSpec, Replication};

impl EfsData for SdkCloud {
    async fn backup_status(&self, file_system_id: &str) -> Res<BackupStatus> {
        match self
            .efs
            .describe_backup_policy()
            .file_system_id(file_system_id)
            .send()
            .await
        {
            Ok(out) => Ok(out.backup_policy().map_or(BackupStatus::Disabled, |p| {
                BackupStatus::parse(p.status().as_str())
            })),
            Err(e) => {
                let err = self.error("DescribeBackupPolicy", e);
                if err.has_code(codes::POLICY_NOT_FOUND) {
                    Ok(BackupStatus::Disabled)
                } else {
                    Err(err)
                }
            }
        }
    }

    async fn put_backup(&self, file_system_id: &str, enabled: bool) -> Res<BackupStatus> {
        let status = if enabled {
            efs::Status::Enabled
        } else {
            efs::Status::Disabled
        };
        let policy = efs::BackupPolicy::builder()
            .status(status)
            .build()
            .expect("status is set");
        let out = self
            .efs
            .put_backup_policy()
            .file_system_id(file_system_id)
            .backup_policy(policy)
            .send()
            .await
            .map_err(|e| self.error("PutBackupPolicy", e))?;
        Ok(out.backup_policy().map_or(BackupStatus::Disabled, |p| {
            BackupStatus::parse(p.status().as_str())
        }))
    }

    async fn lifecycle(&self, file_system_id: &str) -> Res<Lifecycle> {
        let out = self
            .efs
            .describe_lifecycle_configuration()
            .file_system_id(file_system_id)
            .send()
            .await
            .map_err(|e| self.error("DescribeLifecycleConfiguration", e))?;
        Ok(lifecycle(out.lifecycle_policies()))
    }

    async fn put_lifecycle(&self, file_system_id: &str, wanted: &Lifecycle) -> Res<()> {
        self.efs
            .put_lifecycle_configuration()
            .file_system_id(file_system_id)
            .set_lifecycle_policies(Some(lifecycle_policies(wanted)))
            .send()
            .await
            .map_err(|e| self.error("PutLifecycleConfiguration", e))?;
        Ok(())
    }

    async fn replication(&self, file_system_id: &str) -> Res<Option<Replication>> {
        match self
            .efs
            .describe_replication_configurations()
            .file_system_id(file_system_id)
            .send()
            .await
        {
            // Describing by the destination's id also answers: keep only the source's side.
            Ok(out) => Ok(out
                .replications()
                .iter()
                .filter(|r| r.source_file_system_id() == file_system_id)
                .find_map(replication)),
            Err(e) => {
                let err = self.error("DescribeReplicationConfigurations", e);
                if err.has_code(codes::REPLICATION_NOT_FOUND) {
                    Ok(None)
                } else {
                    Err(err)
                }
            }
        }
    }

    async fn create_replication(
        &self,
        source_file_system_id: &str,
        destination: &ReplicaSpec,
    ) -> Res<Replication> {
        let dest = efs::DestinationToCreate::builder()
            .region(&destination.region)
            .set_availability_zone_name(destination.one_zone.clone())
            .set_kms_key_id(destination.kms_key.clone())
            .build();
        let out = self
            .efs
            .create_replication_configuration()
            .source_file_system_id(source_file_system_id)
            .destinations(dest)
            .send()
            .await
            .map_err(|e| self.error("CreateReplicationConfiguration", e))?;
        let dest = out.destinations().first();
        Ok(Replication {
            source_file_system_id: out.source_file_system_id().to_string(),
            region: dest.map_or(destination.region.clone(), |d| d.region().to_string()),
            destination_file_system_id: dest
                .map(|d| d.file_system_id().to_string())
                .unwrap_or_default(),
            status: dest.map_or(crate::model::ReplicationStatus::Enabling, |d| {
                crate::model::ReplicationStatus::parse(d.status().as_str())
            }),
            last_replicated: None,
            status_message: dest.and_then(|d| d.status_message()).map(str::to_string),
        })
    }

    async fn delete_replication(&self, source_file_system_id: &str) -> Res<()> {
        self.efs
            .delete_replication_configuration()
            .source_file_system_id(source_file_system_id)
            .send()
            .await
            .map_err(|e| self.error("DeleteReplicationConfiguration", e))?;
        Ok(())
    }

    async fn replica(&self, region: &str, file_system_id: &str) -> Res<Option<Replica>> {
        match self
            .efs_in(region)
            .describe_file_systems()
            .file_system_id(file_system_id)
            .send()
            .await
        {
            Ok(out) => Ok(out.file_systems().first().map(|d| replica(region, d))),
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

    async fn tag_file_system(
        &self,
        region: Option<&str>,
        file_system_id: &str,
        tags: &BTreeMap<String, String>,
    ) -> Res<()> {
        let client = match region {
            Some(region) => self.efs_in(region),
            None => self.efs.clone(),
        };
        client
            .tag_resource()
            .resource_id(file_system_id)
            .set_tags(Some(efs_tags(tags)))
            .send()
            .await
            .map_err(|e| self.error("TagResource", e))?;
        Ok(())
    }

    async fn delete_file_system_in(&self, region: &str, file_system_id: &str) -> Res<()> {
        self.efs_in(region)
            .delete_file_system()
            .file_system_id(file_system_id)
            .send()
            .await
            .map_err(|e| self.error("DeleteFileSystem", e))?;
        Ok(())
    }
}
