//! `efsctl status`: what exists for a deployment. Exits 3 when nothing does.

use std::process::ExitCode;

use serde_json::json;

use super::{emit, warn, Session};
use crate::cli::{GlobalArgs, NameArgs};
use crate::config::Loaded;
use crate::error::{Error, Result};
use crate::observe::{foreign_message, observe};
use crate::render::{self, tables};

pub async fn run(global: &GlobalArgs, loaded: &Loaded, args: &NameArgs) -> Result<ExitCode> {
    let name = loaded.name(args.name.as_deref())?;
    let session = Session::connect(loaded).await?;
    let found = observe(&session.cloud, &name, true).await?;
    if let Some(fs) = &found.foreign {
        warn(&foreign_message(fs, &name));
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
    let region = session.region.as_str();
    emit(
        global,
        || {
            let mut out = format!("Deployment {name} in {region}\n");
            match &observed.file_system {
                Some(fs) => out.push_str(&tables::deployment(
                    fs,
                    region,
                    observed.security_groups.first(),
                    None,
                    &observed.mount_targets,
                )),
                None => out.push_str("File system: none (partially torn down? run `efsctl up` or `efsctl teardown`)\n"),
            }
            if observed.file_system.is_some() && observed.mount_targets.is_empty() {
                out.push_str("Mount targets: none\n");
            }
            for g in observed
                .security_groups
                .iter()
                .skip(usize::from(observed.file_system.is_some()))
            {
                out.push_str(&format!(
                    "Security group {} in {} ({} rules)\n",
                    g.id,
                    g.vpc_id,
                    g.ingress.len()
                ));
            }
            out
        },
        || {
            render::json(&json!({
                "name": name.as_str(),
                "region": region,
                "file_system_id": observed.file_system.as_ref().map(|f| &f.id),
                "dns_name": observed.file_system.as_ref().map(|f| f.dns_name(region)),
                "file_system": observed.file_system,
                "mount_targets": observed.mount_targets,
                "security_groups": observed.security_groups,
            }))
        },
    )?;
    Ok(ExitCode::SUCCESS)
}
