//! The `efsctl` binary: parse, run, print the error once, exit with its code.

use std::process::ExitCode;

use clap::Parser;
use efsctl::cli::Cli;
use efsctl::commands;

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(refused) => return commands::refused_flags(&refused),
    };
    let detailed_exitcode = cli.command.detailed_exitcode();
    match commands::run(cli) {
        Ok(code) => code,
        Err(err) => commands::report(&err, detailed_exitcode),
    }
}
