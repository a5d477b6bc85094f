//! The emulator every integration test talks to: moto in server mode, started once per test
//! binary on a free loopback port, and stopped when the test process exits however it exits.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::{Mutex, OnceLock};
use std::time::{Duration, Instant};

/// The running emulator. Statics are never dropped, so moto is not killed from here: it runs
/// under a small watchdog that kills it when its stdin (held here) closes, which the OS does
/// when the test process exits, however it exits.
struct Emulator {
    url: String,
    _watchdog: Mutex<(Child, ChildStdin)>,
}

static EMULATOR: OnceLock<Emulator> = OnceLock::new();

/// Runs moto (argv[1:]) and kills it when stdin reaches end of file, i.e. when the test process
/// is gone; exits with moto's status if moto stops first (e.g. its port was taken).
const WATCHDOG: &str = r#"
import os, subprocess, sys, threading
moto = subprocess.Popen(sys.argv[1:], stdin=subprocess.DEVNULL,
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
def watch():
    sys.stdin.buffer.read()
    moto.terminate()
    try:
        moto.wait(5)
    except Exception:
        moto.kill()
threading.Thread(target=watch, daemon=True).start()
os._exit(moto.wait() % 256)  # not sys.exit: the reader thread holds stdin
"#;

/// The emulator's URL, e.g. `http://127.0.0.1:40123`. Starts moto on first call.
pub fn endpoint() -> &'static str {
    &EMULATOR.get_or_init(start_emulator).url
}

/// The one entry point to the emulator: `scripts/emulator.sh --port PORT` (moto with efsctl's
/// EFS extension, scripts/emulator/). `EFSCTL_EMULATOR` may name another script taking `--port`.
fn moto_server() -> PathBuf {
    let path = std::env::var_os("EFSCTL_EMULATOR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts/emulator.sh"));
    if !path.is_file() {
        panic!(
            "the emulator is not at {}: set EFSCTL_EMULATOR or restore scripts/emulator.sh",
            path.display()
        );
    }
    let venv = std::env::var_os("EFSCTL_VENV")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join(".venv"));
    if !venv.join("bin/moto_server").is_file() {
        panic!(
            "moto is not installed in {}: run `make moto` (make test does) or set EFSCTL_VENV",
            venv.display()
        );
    }
    path
}

fn start_emulator() -> Emulator {
    let server = moto_server();
    // The free port is released before moto binds it; if something else takes it meanwhile,
    // moto exits at once and another port is tried.
    for _ in 0..3 {
        if let Some(emulator) = try_start(&server) {
            return emulator;
        }
    }
    panic!(
        "the emulator ({}) exited at start three times",
        server.display()
    );
}

fn try_start(server: &Path) -> Option<Emulator> {
    // A free port: bind port 0, read what the OS chose, release it for moto.
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("cannot find a free loopback port")
        .port();
    let mut child = Command::new("python3")
        .arg("-c")
        .arg(WATCHDOG)
        .arg(server)
        .args(["--port", &port.to_string()])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {} via python3: {e}", server.display()));
    let stdin = child.stdin.take().expect("stdin is piped");
    let deadline = Instant::now() + Duration::from_secs(60);
    while !answers_http(port) {
        if let Ok(Some(_)) = child.try_wait() {
            return None;
        }
        if Instant::now() > deadline {
            panic!(
                "the emulator ({}) did not answer on port {port} within 60s",
                server.display()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    Some(Emulator {
        url: format!("http://127.0.0.1:{port}"),
        _watchdog: Mutex::new((child, stdin)),
    })
}

fn answers_http(port: u16) -> bool {
    let Ok(mut stream) = TcpStream::connect(("127.0.0.1", port)) else {
        return false;
    };
    let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
    let request = "GET /moto-api/ HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
    if stream.write_all(request.as_bytes()).is_err() {
        return false;
    }
    let mut head = [0u8; 5];
    stream.read_exact(&mut head).is_ok() && &head == b"HTTP/"
}
