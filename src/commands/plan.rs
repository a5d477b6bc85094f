//! `efsctl plan`: everything `up` does up to its plan (the shared [`super::prepare`]), then
//! render the plan and a cost estimate instead of applying. Only AWS reads are made.
//!
//! Exit codes follow Terraform's `-detailed-exitcode` when asked: the mapping is the pure
//! functions at the bottom, used for every command's errors as well.

use std::process::ExitCode;

use super::prepare::{prepare_in, Prepared};
use super::{emit, warn, Session};
use crate::aws::pricing;
use crate::cli::{GlobalArgs, PlanArgs};
use crate::config::Loaded;
use crate::cost::{self, live::LivePrices, prices::PriceTable};
use crate::error::{Error, ErrorKind, Result};
use crate::render::preview::Preview;

pub async fn run(global: &GlobalArgs, loaded: &Loaded, args: &PlanArgs) -> Result<ExitCode> {
    // Bad input dies before any AWS call: the spec, the usage, and the price table.
    let spec = loaded.spec(args.name.name.as_deref(), &args.desired, None)?;
    let usage = loaded.usage(&args.usage)?;
    cost::check_usage(&usage, &spec.file_system)?;
    let table = PriceTable::load(loaded.prices_path(args.usage.prices.as_ref()).as_deref())?;

    // The price lookup runs beside the EFS/EC2 reads, so --live-pricing adds no round trips
    // to the plan's critical path; a failed plan drops it unfinished.
    let session = Session::connect(loaded).await?;
    let live = loaded.live_pricing(args.usage.live_pricing).then(|| {
        live_prices(
            session.config.clone(),
            loaded.aws.endpoint_url.clone(),
            session.region.clone(),
        )
    });
    let (Prepared { session, plan, .. }, live) =
        tokio::try_join!(prepare_in(session, &spec), async {
            Ok(match live {
                Some(lookup) => Some(lookup.await),
                None => None,
            })
        })?;
    let region = session.region.as_str();
    let mut warnings = Vec::new();
    let prices = match live {
        None => table,
        Some(Ok(found)) => found.into_table(region),
        Some(Err(reason)) => {
            let message = format!(
                "live prices unavailable ({reason}); the estimate uses the {} price table dated {}",
                table.info.origin, table.info.date
            );
            warn(&message);
            warnings.push(message);
            table
        }
    };
    let mut estimate = cost::report(&prices, region, &spec.file_system, &usage);
    estimate.warnings.extend(warnings);
    let preview = Preview::new(spec.name.as_str(), region, &plan, &estimate);
    emit(global, &preview)?;

    if !plan.blockers.is_empty() {
        return Err(Error::failed(format!(
            "up would refuse: {} blocker(s) shown above; nothing was changed",
            plan.blockers.len()
        )));
    }
    Ok(ExitCode::from(success_code(
        plan.has_changes(),
        args.detailed_exitcode,
    )))
}

/// `region`'s prices from the AWS Price List API, or one line saying why not.
async fn live_prices(
    config: aws_config::SdkConfig,
    explicit_endpoint: Option<String>,
    region: String,
) -> std::result::Result<LivePrices, String> {
    let documents = pricing::efs_products(&config, explicit_endpoint.as_deref(), &region).await?;
    cost::live::region_prices(&documents)
}

/// Exit code of a plan that succeeded: 2 for "changes pending" only with --detailed-exitcode.
pub fn success_code(has_changes: bool, detailed_exitcode: bool) -> u8 {
    if detailed_exitcode && has_changes {
        2
    } else {
        0
    }
}

/// Exit code of a failed command: with --detailed-exitcode every error is 1, because 2 already
/// means "changes pending"; otherwise the error kind's own code.
pub fn error_code(kind: ErrorKind, detailed_exitcode: bool) -> u8 {
    if detailed_exitcode {
        1
    } else {
        kind.exit_code()
    }
}

/// Exit code when clap refuses the flags (bad input is 2, unless 2 means "changes pending").
pub fn bad_flags_code(detailed_exitcode: bool) -> u8 {
    error_code(ErrorKind::Usage, detailed_exitcode)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detailed_exitcode_follows_terraform() {
        assert_eq!(success_code(false, true), 0, "nothing to do");
        assert_eq!(success_code(true, true), 2, "changes pending");
        for kind in [
            ErrorKind::Usage,
            ErrorKind::NotFound,
            ErrorKind::Failed,
            ErrorKind::Interrupted,
        ] {
            assert_eq!(
                error_code(kind, true),
                1,
                "{kind:?} must not look like changes"
            );
        }
        assert_eq!(bad_flags_code(true), 1);
    }

    #[test]
    fn without_the_flag_the_usual_codes_apply() {
        assert_eq!(success_code(true, false), 0);
        assert_eq!(success_code(false, false), 0);
        assert_eq!(error_code(ErrorKind::Usage, false), 2);
        assert_eq!(error_code(ErrorKind::NotFound, false), 3);
        assert_eq!(error_code(ErrorKind::Failed, false), 1);
        assert_eq!(error_code(ErrorKind::Interrupted, false), 130);
        assert_eq!(bad_flags_code(false), 2);
    }
}
