//! The EFS operations of [`SdkCloud`] on who may mount: the file system policy and access
//! points.

use aws_sdk_efs::types as efs;

use super::SdkCloud;
use crate::aws::convert::{access_point, efs_tags};
use crate::aws::{codes, EfsAccess, Res};
use crate::model::{AccessPoint, NewAccessPoint};

impl EfsAccess for SdkCloud {
    async fn policy(&self, file_system_id: &str) -> Res<Option<String>> {
        match self
            .efs
            .describe_file_system_policy()
            .file_system_id(file_system_id)
            .send()
            .await
        {
            Ok(out) => Ok(out.policy().map(str::to_string)),
            Err(e) => {
                let err = self.error("DescribeFileSystemPolicy", e);
                if err.has_code(codes::POLICY_NOT_FOUND) {
                    Ok(None)
                } else {
                    Err(err)
                }
            }
        }
    }

    async fn put_policy(&self, file_system_id: &str, policy: &str) -> Res<()> {
        self.efs
            .put_file_system_policy()
            .file_system_id(file_system_id)
            .policy(policy)
            .send()
            .await
            .map_err(|e| self.error("PutFileSystemPolicy", e))?;
        Ok(())
    }

    async fn delete_policy(&self, file_system_id: &str) -> Res<()> {
        self.efs
            .delete_file_system_policy()
            .file_system_id(file_system_id)
            .send()
            .await
            .map_err(|e| self.error("DeleteFileSystemPolicy", e))?;
        Ok(())
    }

    async fn access_points(&self, file_system_id: &str) -> Res<Vec<AccessPoint>> {
        let mut all = Vec::new();
        let mut token = None;
        loop {
            let out = self
                .efs
                .describe_access_points()
                .file_system_id(file_system_id)
                .set_next_token(token)
                .send()
                .await
                .map_err(|e| self.error("DescribeAccessPoints", e))?;
            all.extend(out.access_points().iter().map(access_point));
            match out.next_token() {
                Some(t) if !t.is_empty() => token = Some(t.to_string()),
                _ => break,
            }
        }
        Ok(all)
    }

    async fn create_access_point(
        &self,
        file_system_id: &str,
        request: &NewAccessPoint,
    ) -> Res<AccessPoint> {
        let user = efs::PosixUser::builder()
            .uid(i64::from(request.uid))
            .gid(i64::from(request.gid))
            .build()
            .expect("uid and gid are set");
        let info = efs::CreationInfo::builder()
            .owner_uid(i64::from(request.owner_uid))
            .owner_gid(i64::from(request.owner_gid))
            .permissions(&request.permissions)
            .build()
            .expect("owner and permissions are set");
        let root = efs::RootDirectory::builder()
            .path(&request.path)
            .creation_info(info)
            .build();
        let out = self
            .efs
            .create_access_point()
            .client_token(&request.client_token)
            .file_system_id(file_system_id)
            .posix_user(user)
            .root_directory(root)
            .set_tags(Some(efs_tags(&request.tags)))
            .send()
            .await
            .map_err(|e| self.error("CreateAccessPoint", e))?;
        let described = efs::AccessPointDescription::builder()
            .set_access_point_id(out.access_point_id().map(str::to_string))
            .set_access_point_arn(out.access_point_arn().map(str::to_string))
            .set_file_system_id(out.file_system_id().map(str::to_string))
            .set_posix_user(out.posix_user().cloned())
            .set_root_directory(out.root_directory().cloned())
            .set_tags(Some(out.tags().to_vec()))
            .set_life_cycle_state(out.life_cycle_state().cloned())
            .build();
        Ok(access_point(&described))
    }

    async fn delete_access_point(&self, access_point_id: &str) -> Res<()> {
        self.efs
            .delete_access_point()
            .access_point_id(access_point_id)
            .send()
            .await
            .map_err(|e| self.error("DeleteAccessPoint", e))?;
        Ok(())
    }
}
