//! A fault-injecting HTTP proxy between efsctl and moto, so tests see what real AWS does and moto
//! does not: throttling, 5xx answers, dropped connections (before and after the request took
//! effect), latency, slow lifecycles (see [`lifecycle`]), and a process killed between two steps.
//!
//! efsctl reaches it through `AWS_ENDPOINT_URL`, like any endpoint. It runs on its own thread and
//! runtime so plain `#[test]` functions can drive child processes synchronously. Every request is
//! logged (service, operation, status, fault) so tests can count calls. Random faults come from
//! a seeded RNG: the same seed makes the same choices for the same sequence of requests.

pub mod child;
pub mod lifecycle;
pub mod wire;

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::{Request, Response};
use hyper_util::client::legacy::{connect::HttpConnector, Client};
use hyper_util::rt::TokioExecutor;

pub use lifecycle::Lifecycle;
pub use wire::{Fault, Service};

use lifecycle::{Seen, Tracker};

use super::http_server::{serve, Running};

/// What the proxy does to traffic. `Default` forwards everything untouched.
#[derive(Debug, Clone)]
pub struct ProxyConfig {
    pub seed: u64,
    /// Share of requests (0.0-1.0) answered with one of `faults`, chosen at random.
    pub fault_rate: f64,
    pub faults: Vec<Fault>,
    /// Only these operations get random faults (empty: all).
    pub fault_operations: Vec<String>,
    /// Each request is delayed by this fixed duration (a network round trip)...
    pub latency: Duration,
    /// ...plus a random duration up to this.
    pub max_latency: Duration,
    pub lifecycle: Lifecycle,
}

impl Default for ProxyConfig {
    fn default() -> Self {
        ProxyConfig {
            seed: 0,
            fault_rate: 0.0,
            faults: Fault::ALL.to_vec(),
            fault_operations: Vec::new(),
            latency: Duration::ZERO,
            max_latency: Duration::ZERO,
            lifecycle: Lifecycle::default(),
        }
    }
}

/// One request as the proxy handled it.
#[derive(Debug, Clone)]
pub struct Logged {
    pub service: Service,
    pub operation: String,
    /// HTTP status sent back; 0 when the connection was dropped instead.
    pub status: u16,
    pub fault: Option<Fault>,
    /// Answered by the simulated lifecycle rather than moto (e.g. DependencyViolation).
    pub simulated: bool,
    /// When the request reached the proxy (for timelines: which calls ran one after another).
    pub received: Instant,
}

struct State {
    config: ProxyConfig,
    rng: fastrand::Rng,
    log: Vec<Logged>,
    seen: HashMap<String, usize>,
    /// (operation, n-th occurrence counted from 1) -> fault, injected exactly once.
    scripted: HashMap<(String, usize), Fault>,
    /// After the response to (operation, n-th) is sent, hold every later request.
    hold_after: Option<(String, usize)>,
    held: bool,
    tracker: Tracker,
}

/// A running proxy; stops when dropped.
pub struct Proxy {
    pub addr: SocketAddr,
    state: Arc<Mutex<State>>,
    release: Arc<tokio::sync::Notify>,
    _server: Running,
}

#[derive(Debug)]
struct Dropped;
impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by the test proxy")
    }
}
impl std::error::Error for Dropped {}

type Reply = Result<Response<Full<Bytes>>, Dropped>;

impl Proxy {
    /// Starts a proxy in front of `upstream` (e.g. "http://127.0.0.1:5000").
    pub fn start(upstream: &str, config: ProxyConfig) -> Proxy {
        let state = Arc::new(Mutex::new(State {
            rng: fastrand::Rng::with_seed(config.seed),
            config,
            log: Vec::new(),
            seen: HashMap::new(),
            scripted: HashMap::new(),
            hold_after: None,
            held: false,
            tracker: Tracker::default(),
        }));
        let release = Arc::new(tokio::sync::Notify::new());
        let upstream = upstream.trim_end_matches('/').to_string();
        let (st, rel) = (state.clone(), release.clone());
        let server = serve(2, move || {
            // The client lives on the server's runtime, where its connections are driven.
            let client: Client<HttpConnector, Full<Bytes>> =
                Client::builder(TokioExecutor::new()).build_http();
            move |req| {
                handle(
                    req,
                    st.clone(),
                    rel.clone(),
                    client.clone(),
                    upstream.clone(),
                )
            }
        });
        Proxy {
            addr: server.addr,
            state,
            release,
            _server: server,
        }
    }

    /// The URL to give efsctl as AWS_ENDPOINT_URL.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn with<T>(&self, f: impl FnOnce(&mut State) -> T) -> T {
        f(&mut self.state.lock().unwrap())
    }

    /// Answers the `nth` (from 1) request of `operation` with `fault`, whatever the random rate.
    pub fn inject(&self, operation: &str, nth: usize, fault: Fault) {
        self.with(|s| s.scripted.insert((operation.to_string(), nth), fault));
    }

    /// After the response to the `nth` `operation` is sent, holds every later request
    /// unanswered until [`Proxy::release`]: the client is frozen just past that step.
    pub fn hold_after(&self, operation: &str, nth: usize) {
        self.with(|s| s.hold_after = Some((operation.to_string(), nth)));
    }

    pub fn is_held(&self) -> bool {
        self.with(|s| s.held)
    }

    /// Waits until the hold point is reached; false on timeout.
    pub fn wait_held(&self, timeout: Duration) -> bool {
        let deadline = Instant::now() + timeout;
        while Instant::now() < deadline {
            if self.is_held() {
                return true;
            }
            std::thread::sleep(Duration::from_millis(10));
        }
        false
    }

    /// Ends a hold: held requests are dropped (their client is usually dead by now; they must
    /// not reach moto late), later ones flow again.
    pub fn release(&self) {
        self.with(|s| {
            s.held = false;
            s.hold_after = None;
        });
        self.release.notify_waiters();
    }

    /// Replaces the random-fault settings (e.g. off for a clean-up run).
    pub fn set_faults(&self, rate: f64, faults: &[Fault]) {
        self.with(|s| {
            s.config.fault_rate = rate;
            s.config.faults = faults.to_vec();
        });
    }

    pub fn set_lifecycle(&self, lifecycle: Lifecycle) {
        self.with(|s| s.config.lifecycle = lifecycle);
    }

    pub fn log(&self) -> Vec<Logged> {
        self.with(|s| s.log.clone())
    }

    pub fn clear_log(&self) {
        self.with(|s| s.log.clear());
    }

    /// Requests of `operation` so far (faulted ones included).
    pub fn calls(&self, operation: &str) -> usize {
        self.with(|s| s.log.iter().filter(|l| l.operation == operation).count())
    }

    pub fn total_calls(&self) -> usize {
        self.with(|s| s.log.len())
    }

    pub fn faults_injected(&self) -> usize {
        self.with(|s| s.log.iter().filter(|l| l.fault.is_some()).count())
    }
}

async fn handle(
    req: Request<Incoming>,
    state: Arc<Mutex<State>>,
    release: Arc<tokio::sync::Notify>,
    client: Client<HttpConnector, Full<Bytes>>,
    upstream: String,
) -> Reply {
    let (parts, body) = req.into_parts();
    let body = body.collect().await.map_err(|_| Dropped)?.to_bytes();
    let path = parts.uri.path().to_string();
    let query = parts.uri.query().unwrap_or("").to_string();
    let target = parts
        .headers
        .get("x-amz-target")
        .and_then(|v| v.to_str().ok());
    let received = Instant::now();
    let (service, operation) = wire::classify(&parts.method, &path, target, &body);
    let seen = Seen {
        operation: &operation,
        path: &path,
        query: &query,
        body: &body,
    };

    // Frozen at a step boundary: never answer, never forward.
    let notified = release.notified();
    if state.lock().unwrap().held {
        notified.await;
        return Err(Dropped);
    }

    let (fault, latency, nth) = {
        let mut s = state.lock().unwrap();
        let nth = {
            let n = s.seen.entry(operation.clone()).or_insert(0);
            *n += 1;
            *n
        };
        let s = &mut *s;
        let scripted = s.scripted.remove(&(operation.clone(), nth));
        let eligible =
            s.config.fault_operations.is_empty() || s.config.fault_operations.contains(&operation);
        let random = (eligible && !s.config.faults.is_empty() && s.rng.f64() < s.config.fault_rate)
            .then(|| s.config.faults[s.rng.usize(..s.config.faults.len())]);
        let latency = s.config.latency + s.config.max_latency.mul_f64(s.rng.f64());
        (scripted.or(random), latency, nth)
    };
    if !latency.is_zero() {
        tokio::time::sleep(latency).await;
    }
    let log = |status: u16, fault: Option<Fault>, simulated: bool| {
        state.lock().unwrap().log.push(Logged {
            service,
            operation: operation.clone(),
            status,
            fault,
            simulated,
            received,
        });
    };

    if let Some(f) = fault.filter(|f| *f != Fault::ResetAfter) {
        log(0, Some(f), false);
        return match f.response(service) {
            Some(resp) => {
                state.lock().unwrap().log.last_mut().unwrap().status = resp.status().as_u16();
                Ok(resp)
            }
            None => Err(Dropped),
        };
    }
    let refusal = {
        let s = state.lock().unwrap();
        s.tracker.refuse(&s.config.lifecycle, &seen, Instant::now())
    };
    let response = match refusal {
        Some(resp) => {
            log(resp.status().as_u16(), None, true);
            resp
        }
        None => {
            let (status, headers, body) = forward(&client, &upstream, &parts, body.clone()).await?;
            let body = {
                let mut s = state.lock().unwrap();
                let s = &mut *s;
                s.tracker
                    .observe(&s.config.lifecycle, &seen, status, body, Instant::now())
            };
            if fault == Some(Fault::ResetAfter) {
                log(0, fault, false);
                hold_if_due(&state, &operation, nth);
                return Err(Dropped);
            }
            log(status, None, false);
            let mut resp = Response::builder().status(status);
            for (k, v) in headers.iter() {
                if k != "content-length" && k != "transfer-encoding" {
                    resp = resp.header(k, v);
                }
            }
            resp.body(Full::new(body)).map_err(|_| Dropped)?
        }
    };
    hold_if_due(&state, &operation, nth);
    Ok(response)
}

/// Starts holding once the hold point's request has been through moto (answered or not).
fn hold_if_due(state: &Mutex<State>, operation: &str, nth: usize) {
    let mut s = state.lock().unwrap();
    if s.hold_after
        .as_ref()
        .is_some_and(|(op, n)| op == operation && *n == nth)
    {
        s.held = true;
    }
}

async fn forward(
    client: &Client<HttpConnector, Full<Bytes>>,
    upstream: &str,
    parts: &hyper::http::request::Parts,
    body: Bytes,
) -> Result<(u16, hyper::HeaderMap, Bytes), Dropped> {
    let uri = format!(
        "{upstream}{}",
        parts
            .uri
            .path_and_query()
            .map(|p| p.as_str())
            .unwrap_or("/")
    );
    let mut req = Request::builder().method(parts.method.clone()).uri(uri);
    for (k, v) in parts.headers.iter() {
        req = req.header(k, v);
    }
    let req = req.body(Full::new(body)).map_err(|_| Dropped)?;
    let resp = client.request(req).await.map_err(|_| Dropped)?;
    let (parts, body) = resp.into_parts();
    let body = body.collect().await.map_err(|_| Dropped)?.to_bytes();
    Ok((parts.status.as_u16(), parts.headers, body))
}
