//! A loopback HTTP/1 server on a thread and runtime of its own, so plain `#[test]` functions
//! (which drive child processes synchronously) can run one beside them: the fault proxy and the
//! Price List stand-in both use it. It stops when the returned [`Running`] is dropped.

use std::future::Future;
use std::net::SocketAddr;

use bytes::Bytes;
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;

/// A server that runs until this is dropped.
pub struct Running {
    pub addr: SocketAddr,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

/// Serves every connection with `handle`, on `threads` worker threads. `make_handler` runs once
/// on the server's runtime (e.g. to build an HTTP client bound to it).
pub fn serve<M, H, F, E>(threads: usize, make_handler: M) -> Running
where
    M: FnOnce() -> H + Send + 'static,
    H: Fn(Request<Incoming>) -> F + Clone + Send + 'static,
    F: Future<Output = Result<Response<Full<Bytes>>, E>> + Send + 'static,
    E: Into<Box<dyn std::error::Error + Send + Sync>> + 'static,
{
    let (shutdown, mut stop) = tokio::sync::oneshot::channel::<()>();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
    listener
        .set_nonblocking(true)
        .expect("nonblocking listener");
    let addr = listener.local_addr().expect("server address");
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .enable_all()
            .build()
            .expect("server runtime");
        rt.block_on(async move {
            let listener = tokio::net::TcpListener::from_std(listener).expect("tokio listener");
            let handle = make_handler();
            loop {
                let stream = tokio::select! {
                    accepted = listener.accept() => match accepted {
                        Ok((stream, _)) => stream,
                        Err(_) => continue,
                    },
                    _ = &mut stop => break,
                };
                let handle = handle.clone();
                tokio::spawn(async move {
                    let _ = http1::Builder::new()
                        .serve_connection(TokioIo::new(stream), service_fn(handle))
                        .await;
                });
            }
        });
    });
    Running {
        addr,
        _shutdown: shutdown,
    }
}
