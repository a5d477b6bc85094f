//! `efsctl iam-policy`: the least-privilege IAM policy a Ray node's role needs to mount the
//! deployment's file system, built from its ARN (and its access points' ARNs) as EFS reports
//! them. Reads only.

use std::process::ExitCode;

use super::{emit, Session};
use crate::cli::{GlobalArgs, IamPolicyArgs};
use crate::config::Loaded;
use crate::error::{Error, Result};
use crate::model::identity_policy;
use crate::observe::{observe, Scope};
use crate::render::report::IamPolicyReport;

pub async fn run(global: &GlobalArgs, loaded: &Loaded, args: &IamPolicyArgs) -> Result<ExitCode> {
    let name = loaded.name(args.name.name.as_deref())?;
    let session = Session::connect(loaded).await?;
    let found = observe(&session.cloud, &name, Scope::Mounting).await?;
    let Some(fs) = &found.observed.file_system else {
        return Err(Error::not_found(format!(
            "deployment {name} has no file system in {} (create it with `efsctl up --name {name}`)",
            session.region
        )));
    };
    let arn = fs.arn.clone().ok_or_else(|| {
        Error::failed(format!(
            "EFS did not report the ARN of file system {}; cannot name it in a policy",
            fs.id
        ))
    })?;
    let mut ap_arns = Vec::new();
    for wanted in &args.access_points {
        let ap = found
            .observed
            .access_points
            .iter()
            .find(|ap| ap.name.as_deref() == Some(wanted.as_str()))
            .ok_or_else(|| {
                Error::usage(format!(
                    "--access-point {wanted:?}: deployment {name} has no such access point"
                ))
            })?;
        ap_arns.push(ap.arn.clone());
    }
    let document = identity_policy(name.as_str(), &arn, &ap_arns, args.read_only, args.root);
    emit(global, &IamPolicyReport { document })?;
    Ok(ExitCode::SUCCESS)
}
