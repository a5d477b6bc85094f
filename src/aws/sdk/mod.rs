//! [`Cloud`](super::Cloud) implemented with the real aws-sdk-rust clients: one file per service
//! (`efs`, `ec2`, `kms`), one method per AWS operation; conversions to and from `crate::model`
//! live in `convert`. `inventory` holds `audit`'s region-wide and batched reads.

mod ec2;
mod efs;
mod efs_access;
mod efs_data;
mod inventory;
mod kms;

use aws_sdk_efs::config::http::HttpResponse;
use aws_sdk_efs::error::{ProvideErrorMetadata, SdkError};

use super::AwsError;

#[derive(Clone, Debug)]
pub struct SdkCloud {
    efs: aws_sdk_efs::Client,
    ec2: aws_sdk_ec2::Client,
    kms: aws_sdk_kms::Client,
    /// For clients of other regions (a replica's), made when first needed.
    config: aws_config::SdkConfig,
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
            config: config.clone(),
            endpoint,
        }
    }

    /// An EFS client for `region`, with this client's credentials, endpoint and retries.
    fn efs_in(&self, region: &str) -> aws_sdk_efs::Client {
        aws_sdk_efs::Client::from_conf(
            aws_sdk_efs::config::Builder::from(&self.config)
                .region(aws_config::Region::new(region.to_string()))
                .retry_classifier(super::sdk_config::RefusedConnectionNotRetried)
                .build(),
        )
    }

    fn error<E>(&self, operation: &'static str, err: SdkError<E, HttpResponse>) -> AwsError
    where
        E: ProvideErrorMetadata + std::error::Error + Send + Sync + 'static,
    {
        AwsError::from_sdk(operation, err).at(&self.endpoint)
    }
}
