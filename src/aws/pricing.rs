//! The AWS Price List Query API, for `plan --live-pricing`: GetProducts for service code
//! `AmazonEFS` in one region, every page. Reading the documents is `cost::live`'s job.
//!
//! The API is served from us-east-1 (also eu-central-1 and ap-south-1) for every commercial and
//! GovCloud region, so the client is pinned to us-east-1 whatever region the file system is in.
//! China's prices come from a separate endpoint in CNY; efsctl estimates in USD, so those regions
//! are refused here and `plan` falls back to the price table.
//!
//! Live prices are an extra, never a reason for `plan` to fail: the caller turns every error
//! into a warning. So this client retries less than the EFS/EC2 ones and has an overall
//! deadline: an unreachable Price List API costs seconds, not minutes.

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::timeout::TimeoutConfig;
use aws_config::Region;
use aws_sdk_pricing::types::{Filter, FilterType};

use super::AwsError;

/// Where the Price List Query API answers for commercial and GovCloud regions.
const PRICE_LIST_REGION: &str = "us-east-1";
const SERVICE_CODE: &str = "AmazonEFS";
/// Attempts per page (the SDK's default; the EFS clients use more).
const MAX_ATTEMPTS: u32 = 3;
/// Ceiling for one page, retries included.
const PAGE_TIMEOUT: Duration = Duration::from_secs(20);
/// GetProducts' largest page.
const PAGE_SIZE: i32 = 100;

/// What the client calls, by the SDK's precedence: an explicit endpoint, then the service's own
/// `AWS_ENDPOINT_URL_PRICING`, then the global `AWS_ENDPOINT_URL`, then AWS.
fn endpoint_label(explicit: Option<&str>, env: impl Fn(&str) -> Option<String>) -> String {
    explicit
        .map(str::to_string)
        .or_else(|| env("AWS_ENDPOINT_URL_PRICING"))
        .or_else(|| env("AWS_ENDPOINT_URL"))
        .unwrap_or_else(|| format!("the Price List API in {PRICE_LIST_REGION}"))
}

/// Every Price List product document for Amazon EFS in `region`, or why there are none.
/// `explicit_endpoint` is `--endpoint-url` (or `endpoint-url:`), only to name what was called.
pub async fn efs_products(
    config: &aws_config::SdkConfig,
    explicit_endpoint: Option<&str>,
    region: &str,
) -> Result<Vec<String>, String> {
    if region.starts_with("cn-") {
        return Err(format!(
            "the Price List API publishes {region}'s prices in CNY, and efsctl estimates in USD"
        ));
    }
    let client = aws_sdk_pricing::Client::from_conf(
        aws_sdk_pricing::config::Builder::from(config)
            .region(Region::new(PRICE_LIST_REGION))
            .retry_config(RetryConfig::standard().with_max_attempts(MAX_ATTEMPTS))
            .timeout_config(
                TimeoutConfig::builder()
                    .operation_timeout(PAGE_TIMEOUT)
                    .build(),
            )
            .retry_classifier(super::sdk_config::RefusedConnectionNotRetried)
            .build(),
    );
    let endpoint = endpoint_label(explicit_endpoint, |name| std::env::var(name).ok());
    let region_filter = Filter::builder()
        .r#type(FilterType::TermMatch)
        .field("regionCode")
        .value(region)
        .build()
        .map_err(|e| e.to_string())?;

    let mut pages = client
        .get_products()
        .service_code(SERVICE_CODE)
        .format_version("aws_v1")
        .filters(region_filter)
        .max_results(PAGE_SIZE)
        .into_paginator()
        .send();
    let mut documents = Vec::new();
    while let Some(page) = pages.next().await {
        let page = page.map_err(|e| {
            AwsError::from_sdk("GetProducts", e)
                .at(&endpoint)
                .to_string()
        })?;
        documents.extend(page.price_list().iter().cloned());
    }
    if documents.is_empty() {
        return Err(format!(
            "the Price List API lists no {SERVICE_CODE} products for {region}"
        ));
    }
    Ok(documents)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_endpoint_named_in_errors_follows_the_sdk_precedence() {
        let env = |vars: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                vars.iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let both: &[(&str, &str)] = &[
            ("AWS_ENDPOINT_URL", "http://global"),
            ("AWS_ENDPOINT_URL_PRICING", "http://pricing"),
        ];
        assert_eq!(
            endpoint_label(Some("http://flag"), env(both)),
            "http://flag"
        );
        assert_eq!(endpoint_label(None, env(both)), "http://pricing");
        assert_eq!(
            endpoint_label(None, env(&[("AWS_ENDPOINT_URL", "http://global")])),
            "http://global"
        );
        assert_eq!(
            endpoint_label(None, env(&[])),
            "the Price List API in us-east-1"
        );
    }
}
