//! Running commands for measurement: wall time with no polling slack, and peak memory from
//! `wait4`'s rusage (the only way to get a child's own peak RSS without sampling).

use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

/// One finished run: wall time, peak resident set, exit status.
pub struct Measured {
    pub wall: Duration,
    pub max_rss_kib: i64,
    pub status: ExitStatus,
    pub stderr: String,
}

/// Runs `cmd` to completion with stdout discarded, measuring wall time and peak RSS.
pub fn measure(mut cmd: Command) -> Measured {
    let stderr_file = tempfile::NamedTempFile::new().expect("temp file");
    cmd.stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr_file.reopen().expect("reopen"));
    let started = Instant::now();
    let child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: rusage is plain old data; wait4 fills it for our own child, which we reap here
    // instead of through `Child::wait` (the Child is forgotten so it does not reap twice).
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    let rc = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let wall = started.elapsed();
    std::mem::forget(child);
    assert_eq!(rc, pid, "wait4 failed for {cmd:?}");
    Measured {
        wall,
        max_rss_kib: usage.ru_maxrss,
        status: ExitStatus::from_raw(status),
        stderr: std::fs::read_to_string(stderr_file.path()).unwrap_or_default(),
    }
}

/// `efsctl ARGS` against `endpoint`, with a clean AWS environment, in `dir`.
pub fn efsctl(endpoint: &str, dir: &Path, args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_efsctl"));
    cmd.args(args).current_dir(dir);
    aws_env(&mut cmd, endpoint);
    cmd
}

/// A baseline script from `bench/` with the AWS CLI on PATH.
pub fn awscli_script(endpoint: &str, script: &str, args: &[&str]) -> Command {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cmd = Command::new(root.join("bench").join(script));
    cmd.args(args);
    aws_env(&mut cmd, endpoint);
    let awscli = std::env::var("EFSCTL_AWSCLI_BIN")
        .unwrap_or_else(|_| root.join(".venv-bench/bin").display().to_string());
    cmd.env(
        "PATH",
        format!("{awscli}:{}", std::env::var("PATH").unwrap_or_default()),
    );
    cmd
}

fn aws_env(cmd: &mut Command, endpoint: &str) {
    cmd.env_remove("AWS_PROFILE")
        .env("AWS_ENDPOINT_URL", endpoint)
        .env("AWS_ACCESS_KEY_ID", "bench")
        .env("AWS_SECRET_ACCESS_KEY", "bench")
        .env("AWS_REGION", "us-east-1")
        .env("AWS_DEFAULT_REGION", "us-east-1")
        .env("AWS_EC2_METADATA_DISABLED", "true")
        .env("AWS_CONFIG_FILE", "/nonexistent/efsctl-bench-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/efsctl-bench-credentials",
        );
}

/// Runs and insists on success, printing stderr otherwise.
pub fn must(cmd: Command) -> Measured {
    let what = format!("{cmd:?}");
    let m = measure(cmd);
    assert!(
        m.status.success(),
        "{what} failed ({}):\n{}",
        m.status,
        m.stderr
    );
    m
}

pub fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

pub fn median_u(mut v: Vec<usize>) -> usize {
    v.sort();
    v[v.len() / 2]
}

pub fn secs(d: Duration) -> String {
    if d < Duration::from_millis(100) {
        format!("{:.2} ms", d.as_secs_f64() * 1000.0)
    } else {
        format!("{:.2} s", d.as_secs_f64())
    }
}
