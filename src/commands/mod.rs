//! One function per command. Each loads settings, connects, and hands the work to the
//! observe -> plan -> apply -> render pipeline; none holds logic of its own beyond wiring.

mod compose_gen;
pub mod plan;
mod prices;
mod status;
mod teardown;
mod up;

use std::io::Write;
use std::process::ExitCode;

use crate::aws::{sdk_config, SdkCloud};
use crate::cli::{Cli, Command, GlobalArgs, OutputFormat};
use crate::config::Loaded;
use crate::error::{Error, Result};

/// Runs the command; Ctrl-C stops it with exit code 130 and a hint on how to resume.
pub async fn run(cli: Cli) -> Result<ExitCode> {
    let resume_hint = match &cli.command {
        Command::Up(_) => "nothing is lost: run the same `efsctl up` again to resume",
        Command::Teardown(_) => "run the same `efsctl teardown` again to finish",
        Command::Status(_) | Command::Plan(_) | Command::ComposeGen(_) | Command::Prices(_) => {
            "nothing was changed"
        }
    };
    tokio::select! {
        result = dispatch(cli) => result,
        _ = tokio::signal::ctrl_c() => Err(Error::interrupted(format!("interrupted; {resume_hint}"))),
    }
}

async fn dispatch(cli: Cli) -> Result<ExitCode> {
    let loaded = Loaded::load(&cli.global)?;
    match cli.command {
        Command::Up(args) => up::run(&cli.global, &loaded, &args).await,
        Command::Plan(args) => plan::run(&cli.global, &loaded, &args).await,
        Command::Status(args) => status::run(&cli.global, &loaded, &args).await,
        Command::Teardown(args) => teardown::run(&cli.global, &loaded, &args).await,
        Command::ComposeGen(args) => compose_gen::run(&cli.global, &loaded, &args).await,
        Command::Prices(args) => prices::run(&cli.global, &loaded, &args).await,
    }
}

/// An AWS connection for a command: the cloud adapter and the resolved region.
pub(crate) struct Session {
    pub cloud: SdkCloud,
    pub region: String,
    /// For clients beyond EFS/EC2/KMS (the Price List API), sharing credentials and settings.
    pub config: aws_config::SdkConfig,
}

impl Session {
    pub async fn connect(loaded: &Loaded) -> Result<Session> {
        let (config, region) = sdk_config::load(&loaded.aws).await?;
        Ok(Session {
            cloud: SdkCloud::new(&config),
            region,
            config,
        })
    }
}

/// Writes a command's result to stdout in the chosen format.
pub(crate) fn emit(
    global: &GlobalArgs,
    table: impl FnOnce() -> String,
    json: impl FnOnce() -> String,
) -> Result<()> {
    let text = match global.output {
        OutputFormat::Table => table(),
        OutputFormat::Json => json(),
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        // The reader has gone (`efsctl status | head -1`): it asked for no more, which is not
        // a failure of the command (as ripgrep treats it).
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| Error::failed(format!("cannot write output: {e}"))),
    }
}

/// A generated file: written atomically to `out` when given (stdout then shows `summary`),
/// else printed; with `-o json`, stdout is `json` either way.
pub(crate) fn deliver(
    global: &GlobalArgs,
    out: Option<&std::path::Path>,
    text: &str,
    summary: impl FnOnce(&std::path::Path) -> String,
    json: impl FnOnce() -> String,
) -> Result<()> {
    if let Some(out) = out {
        crate::atomic_write::write(out, text.as_bytes())?;
    }
    emit(
        global,
        || match out {
            Some(out) => summary(out),
            None => text.to_string(),
        },
        json,
    )
}

/// Warnings go to stderr, one line each, whatever the output format.
pub(crate) fn warn(message: &str) {
    crate::render::line_to_stderr(&format!("warning: {message}"));
}
