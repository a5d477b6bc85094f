//! Running the real `efsctl` binary against the emulator in a clean environment, and reading
//! what it did: exit code, stdout, stderr, with assertions that print both streams on failure.

use std::io::Read;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use super::{endpoint, proxy};

/// How long one `efsctl` run may take before the test fails instead of hanging.
const RUN_TIMEOUT: Duration = Duration::from_secs(120);

/// A deployment name unique within this test run and across concurrent runs (pid), e.g.
/// `up-4242-7`.
pub fn unique_name(prefix: &str) -> String {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    format!("{prefix}-{}-{n}", std::process::id())
}

/// One finished `efsctl` run.
#[derive(Debug)]
pub struct Run {
    pub args: Vec<String>,
    /// Exit code; -1 if killed by a signal.
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn describe(&self) -> String {
        format!(
            "efsctl {}\nexit code: {}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        )
    }

    /// Panics, printing both streams, unless the exit code is `code`.
    #[track_caller]
    pub fn code(&self, code: i32) -> &Self {
        assert_eq!(self.code, code, "unexpected exit code\n{}", self.describe());
        self
    }

    #[track_caller]
    pub fn success(&self) -> &Self {
        self.code(0)
    }

    /// Panics unless stderr contains every one of `parts`.
    #[track_caller]
    pub fn stderr_has(&self, parts: &[&str]) -> &Self {
        for p in parts {
            assert!(
                self.stderr.contains(p),
                "stderr lacks {p:?}\n{}",
                self.describe()
            );
        }
        self
    }

    /// Panics unless stdout contains every one of `parts`.
    #[track_caller]
    pub fn stdout_has(&self, parts: &[&str]) -> &Self {
        for p in parts {
            assert!(
                self.stdout.contains(p),
                "stdout lacks {p:?}\n{}",
                self.describe()
            );
        }
        self
    }

    /// Stdout parsed as one JSON document.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", self.describe()))
    }
}

/// Runs `efsctl ARGS` in a fresh empty directory (so no stray efsctl.yaml is read).
pub fn efsctl(args: &[&str]) -> Run {
    let dir = tempfile::tempdir().expect("temp dir");
    efsctl_in(dir.path(), args)
}

/// Runs `efsctl ARGS` in `dir` against the emulator, with an environment holding nothing but
/// the emulator's endpoint, test credentials and the region: no profile, no ~/.aws files, no
/// instance metadata, stdin not a terminal.
pub fn efsctl_in(dir: &Path, args: &[&str]) -> Run {
    efsctl_env(dir, &[], args)
}

/// [`efsctl_in`] with extra environment variables set last, so they win: e.g.
/// `("AWS_ENDPOINT_URL", proxy_url)` to send requests through a proxy, or `AWS_MAX_ATTEMPTS`.
pub fn efsctl_env(dir: &Path, env: &[(&str, &str)], args: &[&str]) -> Run {
    let home = tempfile::tempdir().expect("temp dir");
    let mut child = proxy::child::command(dir, home.path(), endpoint(), env, args)
        .spawn()
        .expect("cannot run the efsctl binary");
    let out = drain(child.stdout.take().expect("piped"));
    let err = drain(child.stderr.take().expect("piped"));
    let deadline = Instant::now() + RUN_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for efsctl") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!(
                "efsctl {} still running after {RUN_TIMEOUT:?}; killed.\n--- stderr ---\n{}",
                args.join(" "),
                err.join().unwrap_or_default()
            );
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    Run {
        args: args.iter().map(|a| a.to_string()).collect(),
        code: status.code().unwrap_or(-1),
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
    }
}

fn drain(mut pipe: impl Read + Send + 'static) -> std::thread::JoinHandle<String> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        let _ = pipe.read_to_end(&mut bytes);
        String::from_utf8_lossy(&bytes).into_owned()
    })
}
