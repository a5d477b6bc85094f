//! The EFS operations of [`SdkCloud`].

use aws_sdk_efs::types as efs;

use super::SdkCloud;
use crate::aws::convert::{
    created_file_system, efs_tags, file_system, mount_target, throughput_mode,
};
use crate::aws::{Efs, Res};
use crate::model::{
    FileSystem, LifeCycleState, MountTarget, NewFileSystem, PerformanceMode, Throughput,
};

impl Efs for SdkCloud {
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
            .backup(req.backup)
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
        let mut targets: Vec<MountTarget> = self
            .mount_target_descriptions(file_system_id)
            .await?
            .iter()
            .map(mount_target)
            .collect();
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
}

impl SdkCloud {
    /// Every page of DescribeMountTargets for a file system (`mount_targets`, and `audit`'s
    /// listing with the network interfaces).
    pub(super) async fn mount_target_descriptions(
        &self,
        file_system_id: &str,
    ) -> Res<Vec<efs::MountTargetDescription>> {
        self.efs
            .describe_mount_targets()
            .file_system_id(file_system_id)
            .into_paginator()
            .items()
            .send()
            .try_collect()
            .await
            .map_err(|e| self.error("DescribeMountTargets", e))
    }
}
