//! Turns efsctl's AWS settings into an SDK config: explicit values first, then aws-config's
//! standard chain (environment, shared config and credentials files, SSO, IMDS, ...).

use std::time::Duration;

use aws_config::retry::RetryConfig;
use aws_config::{BehaviorVersion, Region};
use aws_sdk_efs::config::interceptors::InterceptorContext;
use aws_sdk_efs::config::retry::{ClassifyRetry, RetryAction};

use crate::config::AwsSettings;
use crate::error::{Error, Result};

/// Default attempts per API call: AWS throttles EFS control-plane calls at a few per second per
/// account, so a throttled call gets up to 7 retries with capped exponential backoff and full
/// jitter (200 ms doubling, at most 20 s between attempts) before the run fails.
///
/// Standard mode, not adaptive: adaptive mode adds a client-side rate limiter that, after a
/// throttle, paces *every* later call of the client from a rate measured over a few requests.
/// For a CLI that makes ~30 calls, that measured rate is tiny: under the test proxy throttling
/// 30% of calls, one `up` + `teardown` took 100-200 s in adaptive mode and 3-4 s in standard
/// mode, with about the same number of calls (tests/integration/reliability).
pub const DEFAULT_MAX_ATTEMPTS: u32 = 8;

/// Loads the SDK config and checks that a usable region results.
pub async fn load(settings: &AwsSettings) -> Result<(aws_config::SdkConfig, String)> {
    let mut loader = aws_config::defaults(BehaviorVersion::latest());
    if let Some(region) = &settings.region {
        loader = loader.region(Region::new(region.clone()));
    }
    if let Some(profile) = &settings.profile {
        loader = loader.profile_name(profile);
    }
    if let Some(url) = &settings.endpoint_url {
        loader = loader.endpoint_url(url);
    }
    // Honour AWS_MAX_ATTEMPTS / AWS_RETRY_MODE and the profile's retry settings when given;
    // otherwise standard retry with more attempts than the SDK's default of 3.
    let retry_configured = std::env::var_os("AWS_MAX_ATTEMPTS").is_some()
        || std::env::var_os("AWS_RETRY_MODE").is_some();
    if !retry_configured {
        loader = loader.retry_config(
            RetryConfig::standard()
                .with_max_attempts(DEFAULT_MAX_ATTEMPTS)
                .with_initial_backoff(Duration::from_millis(200))
                .with_max_backoff(Duration::from_secs(20)),
        );
    }
    // --endpoint-url, else AWS_ENDPOINT_URL (what the loader would use; a profile's endpoint_url
    // keeps the default client).
    let endpoint = settings
        .endpoint_url
        .clone()
        .or_else(|| std::env::var("AWS_ENDPOINT_URL").ok());
    if endpoint.is_some_and(|url| url.starts_with("http://")) {
        loader = loader.http_client(client_without_root_certificates());
    }
    let config = loader.load().await;
    let region = config.region().map(|r| r.to_string()).ok_or_else(|| {
        Error::usage(
            "no AWS region: pass --region, set `region:` in efsctl.yaml, or set AWS_REGION",
        )
    })?;
    crate::config::check_region(&region)?;
    Ok((config, region))
}

/// The client for a plain-HTTP endpoint: the SDK's default one without the platform's root
/// certificates, which it would otherwise read and parse on every run (hundreds of files where
/// SSL_CERT_DIR names a directory) to verify servers this endpoint never presents. An `https://`
/// endpoint, and AWS itself, keep the default client.
fn client_without_root_certificates() -> aws_sdk_efs::config::SharedHttpClient {
    use aws_smithy_http_client::tls::{self, rustls_provider::CryptoMode};
    let no_roots = tls::TlsContext::builder()
        .with_trust_store(tls::TrustStore::empty())
        .build()
        .expect("an empty trust store is a valid TLS context");
    aws_smithy_http_client::Builder::new()
        .tls_provider(tls::Provider::Rustls(CryptoMode::AwsLc))
        .tls_context(no_roots)
        .build_https()
}

/// Refuses to retry a request whose connection was refused: nothing listens at that address
/// (a mistyped --endpoint-url, an emulator not started), and eight attempts of backoff would
/// only delay the error by a quarter of a minute. Resets and timeouts are still retried: those
/// are what a busy real endpoint does.
#[derive(Debug, Clone, Copy)]
pub struct RefusedConnectionNotRetried;

impl ClassifyRetry for RefusedConnectionNotRetried {
    fn classify_retry(&self, ctx: &InterceptorContext) -> RetryAction {
        let refused = match ctx.output_or_error() {
            Some(Err(err)) => err.as_connector_error().is_some_and(|e| {
                crate::aws::error::io_source(e)
                    .is_some_and(|io| io.kind() == std::io::ErrorKind::ConnectionRefused)
            }),
            _ => false,
        };
        if refused {
            RetryAction::RetryForbidden
        } else {
            RetryAction::NoActionIndicated
        }
    }

    fn name(&self) -> &'static str {
        "efsctl: connection refused is not retried"
    }
}
