//! Opening hours as a compact week, and "open now" / "next opening".
//!
//! The worker parses the OSM `opening_hours` string once (feature
//! `osm-hours`) and publishes this compact form beside the raw string; the
//! widget answers from it, so the OSM parser never ships to a phone.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use serde::{Deserialize, Serialize};

const MINUTES_PER_DAY: u16 = 24 * 60;

/// Opening intervals per weekday, Monday first, in minutes since midnight
/// (`end` may exceed 1440 for hours that run past midnight).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct WeeklySchedule {
    pub days: [Vec<[u16; 2]>; 7],
}

/// What a venue's hours say at a given moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpeningStatus {
    /// Open now, until this time today (or past midnight).
    OpenNow { until: NaiveDateTime },
    /// Closed now; opens next at this moment, if within the coming week.
    Closed { next_opening: Option<NaiveDateTime> },
    /// No hours, or hours that could not be read: ask the venue.
    Unknown,
}

impl WeeklySchedule {
    /// True when the week has no opening at all.
    pub fn is_empty(&self) -> bool {
        self.days.iter().all(Vec::is_empty)
    }

    /// Adds an interval to a day, keeping the day sorted and merged.
    pub fn add(&mut self, weekday: Weekday, start: u16, end: u16) {
        if end <= start {
            return;
        }
        let day = &mut self.days[weekday.num_days_from_monday() as usize];
        day.push([start, end]);
        day.sort_unstable();
        let mut merged: Vec<[u16; 2]> = Vec::with_capacity(day.len());
        for iv in day.drain(..) {
            match merged.last_mut() {
                Some(last) if iv[0] <= last[1] => last[1] = last[1].max(iv[1]),
                _ => merged.push(iv),
            }
        }
        *day = merged;
    }

    /// Status at `now`, a local time in the venue's time zone.
    pub fn status_at(&self, now: NaiveDateTime) -> OpeningStatus {
        if self.is_empty() {
            return OpeningStatus::Unknown;
        }
        let today = now.date();
        let minute = (now.hour() * 60 + now.minute()) as u16;
        // Yesterday's intervals may run past midnight into today.
        let yesterday = today - Duration::days(1);
        for iv in self.day(yesterday.weekday()) {
            if iv[1] > MINUTES_PER_DAY && minute < iv[1] - MINUTES_PER_DAY {
                return OpeningStatus::OpenNow {
                    until: at(yesterday, iv[1]),
                };
            }
        }
        for iv in self.day(today.weekday()) {
            if iv[0] <= minute && minute < iv[1] {
                return OpeningStatus::OpenNow {
                    until: at(today, iv[1]),
                };
            }
        }
        OpeningStatus::Closed {
            next_opening: self.next_opening_after(now),
        }
    }

    fn next_opening_after(&self, now: NaiveDateTime) -> Option<NaiveDateTime> {
        let minute = (now.hour() * 60 + now.minute()) as u16;
        (0..=7).find_map(|offset| {
            let date = now.date() + Duration::days(offset);
            self.day(date.weekday())
                .iter()
                .find(|iv| offset > 0 || iv[0] > minute)
                .map(|iv| at(date, iv[0]))
        })
    }

    fn day(&self, weekday: Weekday) -> &[[u16; 2]] {
        &self.days[weekday.num_days_from_monday() as usize]
    }
}

fn at(date: NaiveDate, minutes: u16) -> NaiveDateTime {
    let midnight = date.and_time(NaiveTime::MIN);
    midnight + Duration::minutes(i64::from(minutes))
}

#[cfg(feature = "osm-hours")]
mod osm;
#[cfg(feature = "osm-hours")]
pub use osm::HoursError;

#[cfg(test)]
mod tests {
    use super::*;

    fn dt(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    /// Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00
    fn office() -> WeeklySchedule {
        let mut s = WeeklySchedule::default();
        for d in [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ] {
            s.add(d, 540, 720);
            s.add(d, 840, 1020);
        }
        s.add(Weekday::Sat, 540, 720);
        s
    }

    #[test]
    fn open_on_a_weekday_morning_until_noon() {
        // 2026-11-30 is a Monday.
        assert_eq!(
            office().status_at(dt("2026-11-30 10:15")),
            OpeningStatus::OpenNow {
                until: dt("2026-11-30 12:00")
            }
        );
    }

    #[test]
    fn closed_at_lunch_reopens_in_the_afternoon() {
        assert_eq!(
            office().status_at(dt("2026-11-30 12:00")),
            OpeningStatus::Closed {
                next_opening: Some(dt("2026-11-30 14:00"))
            }
        );
    }

    #[test]
    fn closed_on_saturday_afternoon_reopens_on_monday() {
        assert_eq!(
            office().status_at(dt("2026-12-05 15:00")),
            OpeningStatus::Closed {
                next_opening: Some(dt("2026-12-07 09:00"))
            }
        );
    }

    #[test]
    fn a_venue_without_hours_is_unknown_not_closed() {
        assert_eq!(
            WeeklySchedule::default().status_at(dt("2026-11-30 10:00")),
            OpeningStatus::Unknown
        );
    }

    #[test]
    fn late_opening_runs_past_midnight() {
        let mut s = WeeklySchedule::default();
        s.add(Weekday::Fri, 20 * 60, 26 * 60);
        // 2026-12-05 01:00 is Saturday night, still Friday's evening.
        assert_eq!(
            s.status_at(dt("2026-12-05 01:00")),
            OpeningStatus::OpenNow {
                until: dt("2026-12-05 02:00")
            }
        );
    }

    #[test]
    fn overlapping_intervals_are_merged() {
        let mut s = WeeklySchedule::default();
        s.add(Weekday::Mon, 540, 720);
        s.add(Weekday::Mon, 700, 800);
        s.add(Weekday::Mon, 300, 200);
        assert_eq!(s.days[0], vec![[540, 800]]);
    }

    #[test]
    fn the_compact_form_is_small_json() {
        let json = serde_json::to_string(&office()).unwrap();
        assert!(json.starts_with("[[[540,720],[840,1020]]"), "{json}");
        let back: WeeklySchedule = serde_json::from_str(&json).unwrap();
        assert_eq!(back, office());
    }
}
