//! Running efsctl against an endpoint of the test's choosing (usually a [`super::Proxy`]), and
//! as a child process the test can kill or interrupt half-way.
//!
//! The environment is the same clean one `support::efsctl_in` builds (no profile, no files, no
//! instance metadata); only the endpoint and any extra variables differ.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use crate::support::{Run, REGION};

const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// The clean command: `env` adds or overrides variables (an empty value removes one).
pub fn command(
    dir: &Path,
    home: &Path,
    endpoint: &str,
    env: &[(&str, &str)],
    args: &[&str],
) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_efsctl"));
    cmd.args(args)
        .current_dir(dir)
        .env_clear()
        .env("PATH", std::env::var_os("PATH").unwrap_or_default())
        .env("HOME", home)
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", REGION)
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", home.join("no-config"))
        .env("AWS_SHARED_CREDENTIALS_FILE", home.join("no-credentials"));
    for (k, v) in env {
        if v.is_empty() {
            cmd.env_remove(k);
        } else {
            cmd.env(k, v);
        }
    }
    cmd.stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    cmd
}

/// A running efsctl.
pub struct Spawned {
    args: Vec<String>,
    child: Child,
    out: Option<JoinHandle<String>>,
    err: Option<JoinHandle<String>>,
    pub started: Instant,
    /// The working directory when the runner made it, and HOME: removed when this drops.
    _dirs: (Option<tempfile::TempDir>, tempfile::TempDir),
}

/// Starts `efsctl ARGS` against `endpoint` in a fresh directory.
pub fn spawn_env(endpoint: &str, env: &[(&str, &str)], args: &[&str]) -> Spawned {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().to_path_buf();
    start(&path, Some(dir), endpoint, env, args)
}

/// Starts efsctl in `dir`, keeping `owned_dir` (if the runner made it) alive with the child.
fn start(
    dir: &Path,
    owned_dir: Option<tempfile::TempDir>,
    endpoint: &str,
    env: &[(&str, &str)],
    args: &[&str],
) -> Spawned {
    let home = tempfile::tempdir().expect("temp dir");
    let mut child = command(dir, home.path(), endpoint, env, args)
        .spawn()
        .expect("cannot run the efsctl binary");
    let out = drain(child.stdout.take().expect("piped"));
    let err = drain(child.stderr.take().expect("piped"));
    Spawned {
        args: args.iter().map(|a| a.to_string()).collect(),
        child,
        out: Some(out),
        err: Some(err),
        started: Instant::now(),
        _dirs: (owned_dir, home),
    }
}

pub fn spawn(endpoint: &str, args: &[&str]) -> Spawned {
    spawn_env(endpoint, &[], args)
}

/// Runs `efsctl ARGS` against `endpoint` to completion.
pub fn run_env(endpoint: &str, env: &[(&str, &str)], args: &[&str]) -> Run {
    spawn_env(endpoint, env, args).wait()
}

/// Runs `efsctl ARGS` to completion in `dir` (e.g. one holding an efsctl.yaml).
pub fn run_in(dir: &Path, endpoint: &str, env: &[(&str, &str)], args: &[&str]) -> Run {
    start(dir, None, endpoint, env, args).wait()
}

pub fn run(endpoint: &str, args: &[&str]) -> Run {
    run_env(endpoint, &[], args)
}

impl Spawned {
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Waits for the exit (at most two minutes, then kills and panics).
    pub fn wait(mut self) -> Run {
        let deadline = self.started + RUN_TIMEOUT;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait for efsctl") {
                break status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                let _ = self.child.wait();
                let stderr = self.err.take().map(|h| h.join().unwrap_or_default());
                panic!(
                    "efsctl {} still running after {RUN_TIMEOUT:?}; killed.\n--- stderr ---\n{}",
                    self.args.join(" "),
                    stderr.unwrap_or_default()
                );
            }
            std::thread::sleep(Duration::from_millis(10));
        };
        Run {
            args: std::mem::take(&mut self.args),
            code: status.code().unwrap_or(-1),
            stdout: self
                .out
                .take()
                .map(|h| h.join().unwrap_or_default())
                .unwrap_or_default(),
            stderr: self
                .err
                .take()
                .map(|h| h.join().unwrap_or_default())
                .unwrap_or_default(),
        }
    }

    /// SIGKILL: the process gets no chance to clean up, like a CI runner that is cancelled.
    pub fn kill(mut self) -> Run {
        self.child.kill().expect("kill efsctl");
        self.wait()
    }

    /// SIGINT, as Ctrl-C in a terminal sends, then waits for the exit.
    pub fn interrupt(self) -> Run {
        let status = Command::new("kill")
            .args(["-INT", &self.pid().to_string()])
            .status()
            .expect("run kill");
        assert!(status.success(), "kill -INT failed");
        self.wait()
    }
}

fn drain(mut pipe: impl std::io::Read + Send + 'static) -> JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}
