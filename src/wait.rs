//! Polling until AWS reports the state we need: capped exponential backoff with jitter, and a
//! timeout whose error names the resource and the state it was stuck in.
//!
//! Throttling and transient faults of each describe call are retried by the SDK; this module only
//! decides how often to ask and when to give up.

use std::future::Future;
use std::time::Duration;

use tokio::time::Instant;

use crate::error::{Error, Result};

/// Consecutive polls that do not find a resource efsctl made or saw before it counts as deleted
/// (by a concurrent `teardown`): EFS's describes are read-after-write consistent, so a few polls
/// (about 3 s) are plenty, where waiting on would only end at the timeout.
pub const GONE_AFTER_MISSES: u32 = 5;

/// How often to ask: starts fast (quick AWS operations answer at once), grows by 30% each time
/// up to a cap of 2 s. The cap bounds how late efsctl sees a change: a mount target that takes
/// a minute on AWS is seen within about 2 s of it (under 1.05x of the floor), at the cost of
/// about 35 cheap describes instead of a dozen; one that is ready after a few seconds is seen
/// within a second of it.
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    pub initial: Duration,
    pub max: Duration,
    pub factor: f64,
}

impl Backoff {
    pub const POLL: Backoff = Backoff {
        initial: Duration::from_millis(250),
        max: Duration::from_secs(2),
        factor: 1.3,
    };

    /// The n-th delay (0-based) before jitter.
    pub fn delay(&self, attempt: u32) -> Duration {
        let grown = self.initial.as_secs_f64() * self.factor.powi(attempt.min(64) as i32);
        Duration::from_secs_f64(grown.min(self.max.as_secs_f64()))
    }

    /// The n-th delay with ±20% jitter, so concurrent pollers do not ask in lockstep.
    pub fn jittered(&self, attempt: u32) -> Duration {
        self.delay(attempt).mul_f64(0.8 + 0.4 * fastrand::f64())
    }
}

/// One poll's answer.
pub enum Poll<T> {
    Ready(T),
    /// Not yet; the state observed, for progress and for the timeout message.
    Pending(String),
}

/// Calls `probe` until it is ready, or fails with an error naming `what` and the last state.
pub async fn until<T, F, Fut>(
    what: &str,
    timeout: Duration,
    backoff: Backoff,
    mut probe: F,
) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Poll<T>>>,
{
    let started = Instant::now();
    let mut attempt = 0;
    loop {
        let state = match probe().await? {
            Poll::Ready(value) => return Ok(value),
            Poll::Pending(state) => state,
        };
        let elapsed = started.elapsed();
        if elapsed >= timeout {
            return Err(Error::failed(format!(
                "timed out after {} waiting for {what}: still {state}; re-run the command to keep waiting \
                 (or raise --timeout)",
                humantime::format_duration(Duration::from_secs(elapsed.as_secs()))
            )));
        }
        let pause = backoff.jittered(attempt).min(timeout - elapsed);
        tokio::time::sleep(pause).await;
        attempt += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[test]
    fn delays_grow_and_are_capped() {
        let b = Backoff {
            initial: Duration::from_millis(100),
            max: Duration::from_secs(1),
            factor: 2.0,
        };
        assert_eq!(b.delay(0), Duration::from_millis(100));
        assert_eq!(b.delay(3), Duration::from_millis(800));
        assert_eq!(b.delay(10), Duration::from_secs(1));
        for n in 0..20 {
            let j = b.jittered(n);
            assert!(j >= b.delay(n).mul_f64(0.8) && j <= b.delay(n).mul_f64(1.2));
        }
    }

    #[tokio::test(start_paused = true)]
    async fn returns_once_ready() {
        let calls = AtomicU32::new(0);
        let value = until("thing", Duration::from_secs(60), Backoff::POLL, || async {
            let n = calls.fetch_add(1, Ordering::SeqCst);
            Ok(if n < 3 {
                Poll::Pending("creating".into())
            } else {
                Poll::Ready(n)
            })
        })
        .await
        .unwrap();
        assert_eq!(value, 3);
    }

    #[tokio::test(start_paused = true)]
    async fn timeout_names_the_resource_and_its_state() {
        let err = until::<(), _, _>(
            "mount target fsmt-1 (us-east-1a)",
            Duration::from_secs(30),
            Backoff::POLL,
            || async { Ok(Poll::Pending("creating".into())) },
        )
        .await
        .unwrap_err();
        assert!(
            err.message.contains("mount target fsmt-1 (us-east-1a)"),
            "{}",
            err.message
        );
        assert!(err.message.contains("still creating"), "{}", err.message);
        assert!(err.message.contains("30s"), "{}", err.message);
    }
}
