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

/// The time in France (Europe/Paris), whatever the device's time zone: the
/// venues' hours and the deadlines are French times. Falls back to the
/// device's local time if the browser cannot convert.
pub fn now() -> NaiveDateTime {
    let d = js_sys::Date::new_0();
    paris(&d).unwrap_or_else(|| {
        NaiveDate::from_ymd_opt(d.get_full_year() as i32, d.get_month() + 1, d.get_date())
            .and_then(|day| day.and_hms_opt(d.get_hours(), d.get_minutes(), d.get_seconds()))
            .unwrap_or_default()
    })
}

/// "2026-12-03 09:55:00" from `Intl` in the Swedish locale, which writes ISO dates.
fn paris(d: &js_sys::Date) -> Option<NaiveDateTime> {
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"timeZone".into(), &"Europe/Paris".into()).ok()?;
    js_sys::Reflect::set(&options, &"hourCycle".into(), &"h23".into()).ok()?;
    let text = String::from(d.to_locale_string("sv-SE", &options));
    tpe_shared::dates::date_time(text.trim())
}
