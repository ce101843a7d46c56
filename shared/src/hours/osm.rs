//! Reading OSM `opening_hours` strings (feature `osm-hours`, worker only).

use super::WeeklySchedule;
use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use compact_calendar::CompactCalendar;
use opening_hours::{Context, ContextHolidays, OpeningHours, RuleKind};
use std::sync::Arc;
use thiserror::Error;

/// Why an `opening_hours` string gave no usable week.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[non_exhaustive]
pub enum HoursError {
    #[error("opening hours are empty")]
    Empty,
    #[error("opening hours are not in the OpenStreetMap format: {0}")]
    Syntax(String),
    #[error("opening hours give no opening in the week of {0}")]
    NeverOpen(NaiveDate),
}

impl WeeklySchedule {
    /// Evaluates `raw` over the week (Monday to Sunday) that contains
    /// `week_of`, usually the day the worker publishes. Rules tied to dates
    /// (holidays, months) are taken as they stand that week.
    pub fn from_osm(raw: &str, week_of: NaiveDate) -> Result<WeeklySchedule, HoursError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(HoursError::Empty);
        }
        let oh: OpeningHours =
            raw.parse()
                .map_err(|e: <OpeningHours as std::str::FromStr>::Err| {
                    HoursError::Syntax(e.to_string().lines().next().unwrap_or("").to_string())
                })?;
        let monday = week_of - Duration::days(i64::from(week_of.weekday().num_days_from_monday()));
        let mut week = WeeklySchedule::default();
        for offset in 0..7 {
            let day = monday + Duration::days(offset);
            for [start, end] in open_intervals(&oh, day) {
                week.add(day.weekday(), start, end);
            }
        }
        if week.is_empty() {
            return Err(HoursError::NeverOpen(monday));
        }
        week.public_holidays = public_holiday_hours(raw, oh, monday);
        Ok(week)
    }
}

/// The open intervals of one day, in minutes since midnight.
fn open_intervals<L: opening_hours::localization::Localize<DateTime = NaiveDateTime>>(
    oh: &OpeningHours<L>,
    day: NaiveDate,
) -> Vec<[u16; 2]> {
    let from = day.and_time(NaiveTime::MIN);
    let to = from + Duration::days(1);
    let minutes = |t: NaiveDateTime| -> u16 {
        if t >= to {
            24 * 60
        } else {
            (t.hour() * 60 + t.minute()) as u16
        }
    };
    oh.iter_range(from, to)
        .filter(|range| range.kind == RuleKind::Open)
        .map(|range| [minutes(range.range.start), minutes(range.range.end)])
        .filter(|[start, end]| end > start)
        .collect()
}

/// The hours on public holidays, only when the string has a `PH` rule that
/// opens: without one, French venues are taken as closed on holidays (OSM
/// itself would apply the weekday's hours). Evaluated on a Wednesday made a
/// holiday for the purpose.
fn public_holiday_hours(raw: &str, oh: OpeningHours, monday: NaiveDate) -> Option<Vec<[u16; 2]>> {
    let mentions_ph = raw
        .split(|c: char| !c.is_ascii_alphanumeric())
        .any(|token| token == "PH");
    if !mentions_ph {
        return None;
    }
    let wednesday = monday + Duration::days(i64::from(Weekday::Wed.num_days_from_monday()));
    let calendar: CompactCalendar = std::iter::once(wednesday).collect();
    let holidays = ContextHolidays::new(Arc::new(calendar), Arc::default());
    let oh = oh.with_context(Context::default().with_holidays(holidays));
    let hours = open_intervals(&oh, wednesday);
    (!hours.is_empty()).then_some(hours)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::hours::OpeningStatus;
    use chrono::NaiveDateTime;

    fn week_of() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 29).unwrap()
    }

    #[test]
    fn a_france_services_week_becomes_compact() {
        let s =
            WeeklySchedule::from_osm("Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00", week_of())
                .unwrap();
        assert_eq!(s.days[0], vec![[540, 720], [840, 1020]]);
        assert_eq!(s.days[5], vec![[540, 720]]);
        assert!(s.days[6].is_empty());
    }

    #[test]
    fn open_now_and_next_opening_from_parsed_hours() {
        let s = WeeklySchedule::from_osm("Tu,Th 08:30-12:00", week_of()).unwrap();
        let at = |t| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M").unwrap();
        assert_eq!(
            s.status_at(at("2026-12-01 09:00")),
            OpeningStatus::OpenNow {
                until: at("2026-12-01 12:00")
            }
        );
        assert_eq!(
            s.status_at(at("2026-12-01 13:00")),
            OpeningStatus::Closed {
                next_opening: Some(at("2026-12-03 08:30"))
            }
        );
    }

    #[test]
    fn broken_hours_from_real_files_are_a_typed_error() {
        for raw in [
            "Th 08:30-12:00-13:30",
            "Mo-Fr 09:00-12:00-14:00",
            "Mo,Tu 08:30",
            "09:00 - 12:00 / 14:00 - 17:00",
        ] {
            assert!(
                matches!(
                    WeeklySchedule::from_osm(raw, week_of()),
                    Err(HoursError::Syntax(_))
                ),
                "{raw}"
            );
        }
        assert_eq!(
            WeeklySchedule::from_osm("  ", week_of()),
            Err(HoursError::Empty)
        );
    }

    #[test]
    fn hours_that_never_open_say_so() {
        assert!(matches!(
            WeeklySchedule::from_osm("off", week_of()),
            Err(HoursError::NeverOpen(_))
        ));
    }

    #[test]
    fn the_public_holiday_rule_is_carried_into_the_week() {
        let s = WeeklySchedule::from_osm("Mo-Sa 09:00-18:00; PH 10:00-12:00", week_of()).unwrap();
        assert_eq!(s.public_holidays, Some(vec![[600, 720]]));
        assert_eq!(s.days[2], vec![[540, 1080]], "an ordinary Wednesday");
        let closed = WeeklySchedule::from_osm("Mo-Sa 09:00-18:00; PH off", week_of()).unwrap();
        assert_eq!(closed.public_holidays, None);
        let silent = WeeklySchedule::from_osm("Mo-Sa 09:00-18:00", week_of()).unwrap();
        assert_eq!(
            silent.public_holidays, None,
            "no PH rule: closed on holidays"
        );
        let with_days = WeeklySchedule::from_osm("Mo-Fr,PH 08:00-12:00", week_of()).unwrap();
        assert_eq!(with_days.public_holidays, Some(vec![[480, 720]]));
    }

    #[test]
    fn round_the_clock_is_open_every_day() {
        let s = WeeklySchedule::from_osm("24/7", week_of()).unwrap();
        assert!(s.days.iter().all(|d| d == &vec![[0, 1440]]));
    }
}
