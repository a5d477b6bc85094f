//! Fitting the shell and the editor: completion scripts (clap_complete), man pages
//! (clap_mangen), and the JSON Schema of efsctl.yaml. All generated from the clap definitions
//! and the config types, so they cannot drift from the tool.

use std::process::ExitCode;

use clap::CommandFactory;

use crate::cli::{Cli, CompletionsArgs, ManArgs};
use crate::error::{Error, Result};

pub fn completions(args: &CompletionsArgs) -> Result<ExitCode> {
    let mut cmd = Cli::command();
    let mut out = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "efsctl", &mut out);
    write_stdout(&out)
}

/// `efsctl.1`, and `efsctl-<command>.1` for each command.
pub fn man(args: &ManArgs) -> Result<ExitCode> {
    let dir = &args.out;
    std::fs::create_dir_all(dir)
        .map_err(|e| Error::failed(format!("cannot create {}: {e}", dir.display())))?;
    let cmd = Cli::command();
    let mut pages = vec![("efsctl".to_string(), cmd.clone())];
    for sub in cmd.get_subcommands() {
        let name = format!("efsctl-{}", sub.get_name());
        pages.push((name.clone(), sub.clone().name(name)));
    }
    let mut written = Vec::new();
    for (name, page) in pages {
        let mut buffer = Vec::new();
        clap_mangen::Man::new(page)
            .render(&mut buffer)
            .map_err(|e| Error::failed(format!("cannot render the {name} page: {e}")))?;
        let path = dir.join(format!("{name}.1"));
        crate::atomic_write::write(&path, &buffer)?;
        written.push(path.display().to_string());
    }
    write_stdout(format!("Wrote {} man pages to {}\n", written.len(), dir.display()).as_bytes())
}

pub fn schema() -> Result<ExitCode> {
    write_stdout(crate::config::schema::text().as_bytes())
}

fn write_stdout(bytes: &[u8]) -> Result<ExitCode> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|_| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(Error::failed(format!("cannot write output: {e}"))),
        Ok(()) => Ok(ExitCode::SUCCESS),
    }
}
