//! Waiting between attempts: exponential backoff with full jitter (a random
//! wait between 0 and the exponential cap, so many workers do not retry in
//! step), or what the server asked for in `Retry-After`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// The wait before attempt `attempt + 1` (attempt counts from 1).
pub fn delay(
    attempt: u32,
    base: Duration,
    max: Duration,
    retry_after: Option<Duration>,
) -> Duration {
    if let Some(wait) = retry_after {
        return wait.min(max.max(base));
    }
    let cap = base
        .saturating_mul(1u32 << attempt.saturating_sub(1).min(16))
        .min(max);
    let nanos = cap.as_nanos() as u64;
    if nanos == 0 {
        return Duration::ZERO;
    }
    Duration::from_nanos(random() % (nanos + 1))
}

/// `Retry-After` as seconds or an HTTP date.
pub fn parse_retry_after(value: &str) -> Option<Duration> {
    let v = value.trim();
    if let Ok(secs) = v.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let when = chrono::DateTime::parse_from_rfc2822(v).ok()?;
    let secs = (when.timestamp() - chrono::Utc::now().timestamp()).max(0) as u64;
    Some(Duration::from_secs(secs))
}

/// A small xorshift seeded from the clock: jitter needs spread, not
/// cryptographic quality, and this saves a dependency.
fn random() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static STATE: AtomicU64 = AtomicU64::new(0);
    let mut x = STATE.load(Ordering::Relaxed);
    if x == 0 {
        x = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0x9E37_79B9)
            | 1;
    }
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    STATE.store(x, Ordering::Relaxed);
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jitter_stays_under_the_exponential_cap() {
        let base = Duration::from_millis(100);
        let max = Duration::from_secs(1);
        for attempt in 1..=6 {
            let cap = (base * 2u32.pow(attempt - 1)).min(max);
            for _ in 0..50 {
                assert!(delay(attempt, base, max, None) <= cap);
            }
        }
    }

    #[test]
    fn retry_after_wins_but_is_capped() {
        let d = delay(
            1,
            Duration::from_millis(100),
            Duration::from_secs(30),
            parse_retry_after("2"),
        );
        assert_eq!(d, Duration::from_secs(2));
        let d = delay(
            1,
            Duration::from_millis(100),
            Duration::from_secs(30),
            parse_retry_after("3600"),
        );
        assert_eq!(d, Duration::from_secs(30));
        assert_eq!(
            parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT"),
            Some(Duration::ZERO)
        );
        assert_eq!(parse_retry_after("soon"), None);
    }
}
