//! One function per command. Each loads settings, connects, and hands the work to the
//! read -> plan -> apply -> render pipeline; none holds logic of its own beyond wiring.
//! `main` calls [`run`], and [`report`] or [`refused_flags`] when it fails: nothing else
//! imports this module.

mod audit;
mod compose_gen;
mod export;
mod iam_policy;
mod init;
mod plan;
mod prepare;
mod prices;
mod shell;
mod status;
mod teardown;
mod up;

use std::fmt::Display;
use std::io::Write;
use std::process::ExitCode;

use serde::Serialize;

use crate::aws::{sdk_config, SdkCloud};
use crate::cli::{Cli, Command, GlobalArgs, OutputFormat};
use crate::config::Loaded;
use crate::error::{Error, Result};

/// Runs the command on a tokio runtime.
pub fn run(cli: Cli) -> Result<ExitCode> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::failed(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(run_until_interrupted(cli))
}

/// Prints the error once on stderr; its exit code (always 1 under `--detailed-exitcode`).
pub fn report(err: &Error, detailed_exitcode: bool) -> ExitCode {
    crate::render::line_to_stderr(&format!("error: {err}"));
    ExitCode::from(plan::error_code(err.kind, detailed_exitcode))
}

/// clap refused the command line (or answered --help / --version): print what it says; exit 0
/// for help and version, else bad input.
pub fn refused_flags(refusal: &clap::Error) -> ExitCode {
    let _ = refusal.print();
    if !refusal.use_stderr() {
        return ExitCode::SUCCESS;
    }
    let detailed = std::env::args_os().any(|a| a == "--detailed-exitcode");
    ExitCode::from(plan::bad_flags_code(detailed))
}

/// Ctrl-C stops the command with exit code 130 and a hint on how to resume.
async fn run_until_interrupted(cli: Cli) -> Result<ExitCode> {
    let resume_hint = match &cli.command {
        Command::Up(_) => "nothing is lost: run the same `efsctl up` again to resume",
        Command::Teardown(_) => "run the same `efsctl teardown` again to finish",
        Command::Status(_)
        | Command::Plan(_)
        | Command::ComposeGen(_)
        | Command::IamPolicy(_)
        | Command::Export(_)
        | Command::Init(_)
        | Command::Completions(_)
        | Command::Man(_)
        | Command::Schema
        | Command::Prices(_)
        | Command::Audit(_) => "nothing was changed",
    };
    tokio::select! {
        result = dispatch(cli) => result,
        _ = tokio::signal::ctrl_c() => Err(Error::interrupted(format!("interrupted; {resume_hint}"))),
    }
}

async fn dispatch(cli: Cli) -> Result<ExitCode> {
    // These describe efsctl itself: no config file, no AWS.
    match &cli.command {
        Command::Completions(args) => return shell::completions(args),
        Command::Man(args) => return shell::man(args),
        Command::Schema => return shell::schema(),
        _ => {}
    }
    let loaded = Loaded::load(&cli.global)?;
    match cli.command {
        Command::Up(args) => up::run(&cli.global, &loaded, &args).await,
        Command::Plan(args) => plan::run(&cli.global, &loaded, &args).await,
        Command::Status(args) => status::run(&cli.global, &loaded, &args).await,
        Command::Audit(args) => audit::run(&cli.global, &loaded, &args).await,
        Command::Teardown(args) => teardown::run(&cli.global, &loaded, &args).await,
        Command::ComposeGen(args) => compose_gen::run(&cli.global, &loaded, &args).await,
        Command::IamPolicy(args) => iam_policy::run(&cli.global, &loaded, &args).await,
        Command::Init(args) => init::run(&cli.global, &loaded, &args).await,
        Command::Export(args) => export::run(&cli.global, &loaded, &args).await,
        Command::Prices(args) => prices::run(&cli.global, &loaded, &args).await,
        Command::Completions(_) | Command::Man(_) | Command::Schema => {
            unreachable!("answered before loading the config")
        }
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

/// Writes a command's result to stdout: its table, or with `-o json` its JSON document.
pub(crate) fn emit<R: Serialize + Display>(global: &GlobalArgs, report: &R) -> Result<()> {
    let text = match global.output {
        OutputFormat::Table => report.to_string(),
        OutputFormat::Json => crate::render::json(report),
    };
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        // The reader has gone (`efsctl status | head -1`): it asked for no more, which is not
        // a failure of the command (as ripgrep treats it).
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|e| Error::failed(format!("cannot write output: {e}"))),
    }
}

/// A generated file: written atomically to `out` when given; then the report (which says
/// where it went, or holds the text) goes to stdout.
pub(crate) fn deliver<R: Serialize + Display>(
    global: &GlobalArgs,
    out: Option<&std::path::Path>,
    text: &str,
    report: &R,
) -> Result<()> {
    if let Some(out) = out {
        crate::atomic_write::write(out, text.as_bytes())?;
    }
    emit(global, report)
}

/// Warnings go to stderr, one line each, whatever the output format.
pub(crate) fn warn(message: &str) {
    crate::render::line_to_stderr(&format!("warning: {message}"));
}
