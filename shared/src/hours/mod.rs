//! Opening hours as a compact week, and "open now" / "next opening".
//!
//! The worker parses the OSM `opening_hours` string once (feature
//! `osm-hours`) and publishes this compact form beside the raw string; the
//! widget answers from it, so the OSM parser never ships to a phone.
//!
//! On French public holidays ([`holidays`]) a venue is closed unless its
//! hours say otherwise (the OSM `PH` rule, carried into the compact week).

pub mod holidays;

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Weekday};
use holidays::is_public_holiday;
use serde::{Deserialize, Serialize};

const MINUTES_PER_DAY: u16 = 24 * 60;

/// Opening intervals per weekday, Monday first, in minutes since midnight
/// (`end` may exceed 1440 for hours that run past midnight).
///
/// Published as a JSON array of 7 days, plus an 8th entry with the hours on
/// public holidays when the venue opens on them.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "Vec<Vec<[u16; 2]>>", into = "Vec<Vec<[u16; 2]>>")]
pub struct WeeklySchedule {
    pub days: [Vec<[u16; 2]>; 7],
    /// Hours on public holidays (OSM `PH`); `None`: closed on them.
    pub public_holidays: Option<Vec<[u16; 2]>>,
}

impl From<WeeklySchedule> for Vec<Vec<[u16; 2]>> {
    fn from(s: WeeklySchedule) -> Self {
        let mut out: Vec<Vec<[u16; 2]>> = s.days.into_iter().collect();
        out.extend(s.public_holidays.filter(|ph| !ph.is_empty()));
        out
    }
}

impl TryFrom<Vec<Vec<[u16; 2]>>> for WeeklySchedule {
    type Error = String;

    fn try_from(mut v: Vec<Vec<[u16; 2]>>) -> Result<Self, Self::Error> {
        let public_holidays = match v.len() {
            7 => None,
            8 => v.pop().filter(|ph| !ph.is_empty()),
            n => {
                return Err(format!(
                    "a week has 7 days (8 with public holidays), not {n}"
                ))
            }
        };
        let days: [Vec<[u16; 2]>; 7] = v.try_into().map_err(|_| "a week has 7 days".to_string())?;
        Ok(WeeklySchedule {
            days,
            public_holidays,
        })
    }
}

/// What a venue's hours say at a given moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OpeningStatus {
    /// Open now, until this time today (or past midnight).
    OpenNow { until: NaiveDateTime },
    /// Closed now; opens next at this moment, if within the coming week.
    Closed { next_opening: Option<NaiveDateTime> },
    /// Today is a public holiday and the venue does not open on them.
    ClosedHoliday { next_opening: Option<NaiveDateTime> },
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
        crate::sort::sort_by(day, &|a, b| a.cmp(b));
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
        for iv in self.on(yesterday) {
            if iv[1] > MINUTES_PER_DAY && minute < iv[1] - MINUTES_PER_DAY {
                return OpeningStatus::OpenNow {
                    until: at(yesterday, iv[1]),
                };
            }
        }
        for iv in self.on(today) {
            if iv[0] <= minute && minute < iv[1] {
                return OpeningStatus::OpenNow {
                    until: at(today, iv[1]),
                };
            }
        }
        let next_opening = self.next_opening_after(now);
        if is_public_holiday(today) && self.public_holidays.is_none() {
            OpeningStatus::ClosedHoliday { next_opening }
        } else {
            OpeningStatus::Closed { next_opening }
        }
    }

    fn next_opening_after(&self, now: NaiveDateTime) -> Option<NaiveDateTime> {
        let minute = (now.hour() * 60 + now.minute()) as u16;
        // Two weeks ahead: a holiday may close the only opening of a week.
        (0..=14).find_map(|offset| {
            let date = now.date() + Duration::days(offset);
            self.on(date)
                .iter()
                .find(|iv| offset > 0 || iv[0] > minute)
                .map(|iv| at(date, iv[0]))
        })
    }

    /// The intervals of a given date: its weekday's, or the public-holiday
    /// ones on a holiday.
    pub fn on(&self, date: NaiveDate) -> &[[u16; 2]] {
        if is_public_holiday(date) {
            return self.public_holidays.as_deref().unwrap_or(&[]);
        }
        self.day(date.weekday())
    }

    /// The intervals of a weekday, ignoring holidays.
    pub fn day(&self, weekday: Weekday) -> &[[u16; 2]] {
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
    fn christmas_day_is_closed() {
        // 2026-12-25 is a Friday: the office would open at 9:00.
        assert_eq!(
            office().status_at(dt("2026-12-25 10:00")),
            OpeningStatus::ClosedHoliday {
                next_opening: Some(dt("2026-12-26 09:00"))
            }
        );
    }

    #[test]
    fn new_year_and_bastille_day_are_closed_and_skipped() {
        // 2027-01-01 is a Friday; the next opening is Saturday morning.
        assert!(matches!(
            office().status_at(dt("2027-01-01 10:00")),
            OpeningStatus::ClosedHoliday { .. }
        ));
        // The evening before 14 July 2027 (a Wednesday): next opening is the 15th.
        assert_eq!(
            office().status_at(dt("2027-07-13 18:00")),
            OpeningStatus::Closed {
                next_opening: Some(dt("2027-07-15 09:00"))
            }
        );
    }

    #[test]
    fn a_venue_that_opens_on_public_holidays_is_open() {
        let mut s = office();
        s.public_holidays = Some(vec![[600, 720]]);
        assert_eq!(
            s.status_at(dt("2026-12-25 10:30")),
            OpeningStatus::OpenNow {
                until: dt("2026-12-25 12:00")
            }
        );
        let json = serde_json::to_string(&s).unwrap();
        assert!(json.ends_with(",[[600,720]]]"), "{json}");
        let back: WeeklySchedule = serde_json::from_str(&json).unwrap();
        assert_eq!(back, s);
    }

    #[test]
    fn a_week_of_the_wrong_length_is_refused() {
        assert!(serde_json::from_str::<WeeklySchedule>("[[],[],[]]").is_err());
    }

    #[test]
    fn the_compact_form_is_small_json() {
        let json = serde_json::to_string(&office()).unwrap();
        assert!(json.starts_with("[[[540,720],[840,1020]]"), "{json}");
        let back: WeeklySchedule = serde_json::from_str(&json).unwrap();
        assert_eq!(back, office());
    }
}
