//! Links and the clock, as the browser gives them. Which links are safe is
//! decided in `tpe_shared::links`.

pub use tpe_shared::links::{mailto, phone_display, tel, web};

use chrono::{NaiveDate, NaiveDateTime};

/// A `mailto:` with no recipient: the owner sends the summary to themself.
pub fn mailto_self(subject: &str, body: &str) -> String {
    format!(
        "mailto:?subject={}&body={}",
        js_sys::encode_uri_component(subject),
        js_sys::encode_uri_component(body)
    )
}

/// The browser's local date and time: decides "open now" and deadlines.
pub fn now() -> NaiveDateTime {
    let d = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
        .and_then(|day| day.and_hms_opt(d.get_hours(), d.get_minutes(), d.get_seconds()))
        .unwrap_or_default()
}
