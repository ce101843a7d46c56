//! Reading the dates the worker writes (`2026-12-03`,
//! `2026-12-03T08:11:00+01:00`) without chrono's general parser, which
//! would add about 14 KB to the widget. Used by the model's `Deserialize`;
//! serialising stays chrono's (the same ISO forms).

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime};
use serde::{de::Error, Deserialize, Deserializer};

fn number(s: &str) -> Option<u32> {
    (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        .then(|| s.parse().ok())
        .flatten()
}

/// `YYYY-MM-DD`.
pub fn date(s: &str) -> Option<NaiveDate> {
    let s = s.as_bytes();
    if s.len() != 10 || s[4] != b'-' || s[7] != b'-' {
        return None;
    }
    let text = std::str::from_utf8(s).ok()?;
    NaiveDate::from_ymd_opt(
        number(&text[..4])? as i32,
        number(&text[5..7])?,
        number(&text[8..10])?,
    )
}

/// `YYYY-MM-DD HH:MM:SS` or with a `T`; seconds optional.
pub fn date_time(s: &str) -> Option<NaiveDateTime> {
    let day = date(s.get(..10)?)?;
    let rest = s.get(10..)?;
    let rest = rest.strip_prefix([' ', 'T'])?;
    let (h, rest) = rest.split_once(':')?;
    let (m, sec) = match rest.split_once(':') {
        Some((m, sec)) => (m, sec),
        None => (rest, "00"),
    };
    if h.len() != 2 || m.len() != 2 {
        return None;
    }
    // Fractions of a second are kept (published copies are named by the
    // millisecond), up to the nanosecond.
    let (sec, nanos) = match sec.split_once('.') {
        Some((s, f)) if !f.is_empty() && f.len() <= 9 => {
            (s, number(f)? * 10u32.pow(9 - f.len() as u32))
        }
        Some(_) => return None,
        None => (sec, 0),
    };
    if sec.len() != 2 {
        return None;
    }
    let time = NaiveTime::from_hms_nano_opt(number(h)?, number(m)?, number(sec)?, nanos)?;
    Some(day.and_time(time))
}

/// RFC 3339 with a numeric offset or `Z`.
pub fn rfc3339(s: &str) -> Option<DateTime<FixedOffset>> {
    let (local, offset) = if let Some(local) = s.strip_suffix('Z') {
        (local, 0)
    } else {
        let at = s.len().checked_sub(6)?;
        let (local, tz) = (s.get(..at)?, s.get(at..)?);
        let sign = match tz.as_bytes().first()? {
            b'+' => 1,
            b'-' => -1,
            _ => return None,
        };
        let (h, m) = tz[1..].split_once(':')?;
        (local, sign * (number(h)? * 3600 + number(m)? * 60) as i32)
    };
    let naive = date_time(local)?;
    naive
        .and_local_timezone(FixedOffset::east_opt(offset)?)
        .single()
}

fn text<'de, D: Deserializer<'de>>(d: D) -> Result<std::borrow::Cow<'de, str>, D::Error> {
    <std::borrow::Cow<'de, str>>::deserialize(d)
}

pub fn de_date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
    let s = text(d)?;
    date(&s).ok_or_else(|| D::Error::custom(format!("not a date (YYYY-MM-DD): {s}")))
}

pub fn de_opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
    match <Option<std::borrow::Cow<'de, str>>>::deserialize(d)? {
        None => Ok(None),
        Some(s) => date(&s)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("not a date (YYYY-MM-DD): {s}"))),
    }
}

pub fn de_time<'de, D: Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
    let s = text(d)?;
    rfc3339(&s).ok_or_else(|| D::Error::custom(format!("not an RFC 3339 time: {s}")))
}

pub fn de_opt_time<'de, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<DateTime<FixedOffset>>, D::Error> {
    match <Option<std::borrow::Cow<'de, str>>>::deserialize(d)? {
        None => Ok(None),
        Some(s) => rfc3339(&s)
            .map(Some)
            .ok_or_else(|| D::Error::custom(format!("not an RFC 3339 time: {s}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_worker_writes_reads_back_as_chrono_would() {
        for s in [
            "2026-12-03T08:11:00+01:00",
            "2024-08-01T00:00:00Z",
            "2026-06-30T23:59:59.5-02:30",
            "2026-12-03T13:29:07.123456789+01:00",
        ] {
            assert_eq!(rfc3339(s), DateTime::parse_from_rfc3339(s).ok(), "{s}");
        }
        let d = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        assert_eq!(date("2026-02-28"), Some(d));
        assert_eq!(date(&d.to_string()), Some(d));
        assert_eq!(
            date_time("2026-12-03 09:55:07"),
            NaiveDateTime::parse_from_str("2026-12-03 09:55:07", "%Y-%m-%d %H:%M:%S").ok()
        );
    }

    #[test]
    fn malformed_dates_are_refused() {
        for s in [
            "2026-02-30",
            "2026-2-3",
            "26-12-03",
            "2026/12/03",
            "2026-12-03x",
            "",
            "２０２６-12-03",
        ] {
            assert_eq!(date(s), None, "{s:?}");
        }
        for s in [
            "2026-12-03T25:00:00+01:00",
            "2026-12-03T08:00:00+1:00",
            "2026-12-03",
            "2026-12-03T08:00:00",
        ] {
            assert_eq!(rfc3339(s), None, "{s:?}");
        }
    }
}
