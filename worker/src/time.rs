//! The worker's clock: everything dated is dated in Europe/Paris, where the
//! venues and the business owners are.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use chrono_tz::Europe::Paris;

/// Now, as a Paris-offset timestamp (what the published files carry).
pub fn now_paris() -> DateTime<FixedOffset> {
    Utc::now().with_timezone(&Paris).fixed_offset()
}

/// Today's date in Paris.
pub fn today_paris() -> NaiveDate {
    now_paris().date_naive()
}
