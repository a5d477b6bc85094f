//! `efsctl status`: what exists for a deployment. Exits 3 when nothing does.

use std::process::ExitCode;

use super::{emit, warn, Session};
use crate::cli::{GlobalArgs, NameArgs};
use crate::config::Loaded;
use crate::deployment::foreign_file_system_message;
use crate::error::{Error, Result};
use crate::observe::{observe, Scope};
use crate::render::report::StatusReport;

pub async fn run(global: &GlobalArgs, loaded: &Loaded, args: &NameArgs) -> Result<ExitCode> {
    let name = loaded.name(args.name.as_deref())?;
    let session = Session::connect(loaded).await?;
    let found = observe(&session.cloud, &name, Scope::Everything).await?;
    if let Some(fs) = &found.foreign {
        warn(&foreign_file_system_message(fs, name.as_str()));
    }
    let observed = &found.observed;
    if observed.is_empty() {
        return Err(Error::not_found(format!(
            "deployment {name} not found in {}: no file system with creation token {} and no security group \
             tagged for it (create it with `efsctl up --name {name}`)",
            session.region,
            name.creation_token()
        )));
    }
    emit(
        global,
        &StatusReport::new(name.as_str(), &session.region, observed),
    )?;
    Ok(ExitCode::SUCCESS)
}
