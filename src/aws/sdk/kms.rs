//! The KMS operation of [`SdkCloud`].

use super::SdkCloud;
use crate::aws::{codes, Kms, Res};

impl Kms for SdkCloud {
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
