//! French public holidays ("jours fériés"), which public services and most
//! digital-mediation venues close on.
//!
//! The national list (Code du travail, art. L3133-1): 1 January, Easter
//! Monday, 1 May, 8 May, Ascension Day, Whit Monday, 14 July, 15 August,
//! 1 November, 11 November and 25 December. Good Friday and 26 December
//! are holidays only in Alsace-Moselle, outside the territories served.

use chrono::{Datelike, Duration, NaiveDate};

/// Easter Sunday of a Gregorian year (the anonymous "Meeus/Jones/Butcher"
/// computus).
pub fn easter_sunday(year: i32) -> Option<NaiveDate> {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, u32::try_from(month).ok()?, u32::try_from(day).ok()?)
}

/// Whether `date` is a public holiday in mainland France.
pub fn is_public_holiday(date: NaiveDate) -> bool {
    let fixed = matches!(
        (date.month(), date.day()),
        (1, 1) | (5, 1) | (5, 8) | (7, 14) | (8, 15) | (11, 1) | (11, 11) | (12, 25)
    );
    if fixed {
        return true;
    }
    let Some(easter) = easter_sunday(date.year()) else {
        return false;
    };
    // Easter Monday, Ascension (Thursday, 39 days after), Whit Monday (50).
    [1, 39, 50]
        .iter()
        .any(|&days| easter + Duration::days(days) == date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn easter_falls_on_the_published_sundays() {
        // Dates published in every French calendar.
        for (y, m, d) in [
            (2024, 3, 31),
            (2025, 4, 20),
            (2026, 4, 5),
            (2027, 3, 28),
            (2038, 4, 25),
        ] {
            assert_eq!(easter_sunday(y), Some(day(y, m, d)), "{y}");
        }
    }

    #[test]
    fn christmas_new_year_and_bastille_day_are_holidays() {
        assert!(is_public_holiday(day(2026, 12, 25)));
        assert!(is_public_holiday(day(2027, 1, 1)));
        assert!(is_public_holiday(day(2027, 7, 14)));
        assert!(!is_public_holiday(day(2026, 12, 24)));
        assert!(
            !is_public_holiday(day(2026, 12, 26)),
            "only in Alsace-Moselle"
        );
    }

    #[test]
    fn the_easter_based_holidays_of_2027() {
        assert!(is_public_holiday(day(2027, 3, 29)), "Easter Monday");
        assert!(is_public_holiday(day(2027, 5, 6)), "Ascension");
        assert!(is_public_holiday(day(2027, 5, 17)), "Whit Monday");
        assert!(
            !is_public_holiday(day(2027, 3, 26)),
            "Good Friday is not one here"
        );
        assert!(
            !is_public_holiday(day(2027, 3, 28)),
            "Easter Sunday is a Sunday"
        );
    }

    #[test]
    fn a_year_has_eleven_holidays() {
        let first = day(2027, 1, 1);
        let count = (0..365)
            .filter(|&n| is_public_holiday(first + Duration::days(n)))
            .count();
        assert_eq!(count, 11);
    }
}
