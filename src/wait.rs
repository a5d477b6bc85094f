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

/// How often to ask: a fixed share of the time waited so far, between a floor and a cap. How
/// late efsctl sees a change is then at most that share of the wait (plus jitter): a mount
/// target that is ready after 3 s is seen within about 0.4 s, one that takes a minute on AWS
/// within 2 s (the cap), so a wait never costs more than ~1.1x what AWS takes, at about 50 cheap
/// describes for a one-minute wait. (Growing the interval per attempt instead made it about a
/// third of the time waited: ~1 s late on a 3 s wait.)
#[derive(Debug, Clone, Copy)]
pub struct Backoff {
    /// The shortest interval (quick operations answer at once).
    pub min: Duration,
    /// The longest interval.
    pub max: Duration,
    /// The interval as a share of the time waited so far.
    pub share: f64,
}

impl Backoff {
    pub const POLL: Backoff = Backoff {
        min: Duration::from_millis(200),
        max: Duration::from_secs(2),
        share: 0.1,
    };

    /// The interval after waiting `waited`, before jitter.
    pub fn delay(&self, waited: Duration) -> Duration {
        waited.mul_f64(self.share).clamp(self.min, self.max)
    }

    /// The interval with ±20% jitter, so concurrent pollers do not ask in lockstep.
    pub fn jittered(&self, waited: Duration) -> Duration {
        self.delay(waited).mul_f64(0.8 + 0.4 * fastrand::f64())
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
        let pause = backoff.jittered(elapsed).min(timeout - elapsed);
        tokio::time::sleep(pause).await;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicU32, Ordering};

    #[test]
    fn the_interval_is_a_share_of_the_wait_between_floor_and_cap() {
        let b = Backoff::POLL;
        let s = Duration::from_secs;
        assert_eq!(b.delay(Duration::ZERO), Duration::from_millis(200));
        assert_eq!(b.delay(s(1)), Duration::from_millis(200));
        assert_eq!(b.delay(s(3)), Duration::from_millis(300));
        assert_eq!(b.delay(s(15)), Duration::from_millis(1500));
        assert_eq!(b.delay(s(60)), s(2));
        for waited in [0, 1, 3, 15, 60, 600] {
            let d = b.delay(s(waited));
            let j = b.jittered(s(waited));
            assert!(j >= d.mul_f64(0.8) && j <= d.mul_f64(1.2));
        }
    }

    /// Polls of a one-minute wait: enough to see the change within ~2 s, few enough to be cheap.
    #[tokio::test(start_paused = true)]
    async fn a_one_minute_wait_is_seen_within_the_cap_in_about_fifty_polls() {
        let calls = AtomicU32::new(0);
        let started = Instant::now();
        let ready_at = Duration::from_secs(60);
        until("thing", Duration::from_secs(600), Backoff::POLL, || async {
            calls.fetch_add(1, Ordering::SeqCst);
            Ok(if started.elapsed() >= ready_at {
                Poll::Ready(())
            } else {
                Poll::Pending("creating".into())
            })
        })
        .await
        .unwrap();
        let late = started.elapsed() - ready_at;
        assert!(late <= Duration::from_millis(2400), "seen {late:?} late");
        let n = calls.load(Ordering::SeqCst);
        assert!((30..=70).contains(&n), "{n} polls");
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
