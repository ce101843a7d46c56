//! France Services hours: one column per day, Monday to Saturday, written
//! `09:00 - 12:00 / 14:00 - 17:00` (2024) or `09:00-12:00/14:00-17:00` and
//! `-` (2022). Turned into one OSM `opening_hours` string, days with equal
//! hours grouped (`Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00`).

const DAYS: [&str; 6] = ["Mo", "Tu", "We", "Th", "Fr", "Sa"];

/// Why a day's cell could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BadCell {
    pub day: &'static str,
    pub value: String,
}

/// Builds the OSM string from the six day cells. `Ok(None)` when no day
/// has hours. A cell that is not a list of `HH:MM - HH:MM` ranges makes
/// the whole week unreadable rather than wrong.
pub fn to_osm(cells: [Option<&str>; 6]) -> Result<Option<String>, BadCell> {
    let mut per_day: Vec<(usize, String)> = Vec::new();
    for (i, cell) in cells.iter().enumerate() {
        let Some(cell) = cell.map(str::trim).filter(|c| !c.is_empty() && *c != "-") else {
            continue;
        };
        let ranges = parse_cell(cell).ok_or_else(|| BadCell {
            day: DAYS[i],
            value: cell.to_string(),
        })?;
        if !ranges.is_empty() {
            per_day.push((i, ranges.join(",")));
        }
    }
    if per_day.is_empty() {
        return Ok(None);
    }
    // Group consecutive days with the same ranges: Mo-Fr, or Mo,We.
    let mut rules: Vec<(Vec<usize>, String)> = Vec::new();
    for (day, ranges) in per_day {
        match rules.iter_mut().find(|(_, r)| *r == ranges) {
            Some((days, _)) => days.push(day),
            None => rules.push((vec![day], ranges)),
        }
    }
    let parts: Vec<String> = rules
        .into_iter()
        .map(|(days, ranges)| format!("{} {ranges}", day_selector(&days)))
        .collect();
    Ok(Some(parts.join("; ")))
}

fn day_selector(days: &[usize]) -> String {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for &d in days {
        match spans.last_mut() {
            Some((_, end)) if *end + 1 == d => *end = d,
            _ => spans.push((d, d)),
        }
    }
    spans
        .iter()
        .map(|&(a, b)| match b - a {
            0 => DAYS[a].to_string(),
            1 => format!("{},{}", DAYS[a], DAYS[b]),
            _ => format!("{}-{}", DAYS[a], DAYS[b]),
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// `09:00 - 12:00 / 14:00 - 17:00` → `["09:00-12:00", "14:00-17:00"]`.
fn parse_cell(cell: &str) -> Option<Vec<String>> {
    cell.split(['/', ',', ';'])
        .map(str::trim)
        .filter(|r| !r.is_empty() && *r != "-")
        .map(|range| {
            let (a, b) = range.split_once('-')?;
            let (a, b) = (time(a)?, time(b)?);
            (a < b).then(|| format!("{}-{}", fmt(a), fmt(b)))
        })
        .collect()
}

/// `9:00`, `09:00`, `09h00`, `9h` → minutes since midnight.
fn time(s: &str) -> Option<u16> {
    let s = s.trim().to_ascii_lowercase().replace('h', ":");
    let (h, m) = s.split_once(':').unwrap_or((&s, "0"));
    let m = if m.is_empty() { "0" } else { m };
    let (h, m): (u16, u16) = (h.trim().parse().ok()?, m.trim().parse().ok()?);
    (h <= 24 && m < 60 && h * 60 + m <= 1440).then_some(h * 60 + m)
}

fn fmt(min: u16) -> String {
    format!("{:02}:{:02}", min / 60, min % 60)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_vintages_and_the_dash_become_osm() {
        let week = "08:45 - 12:00 / 13:30 - 18:00";
        assert_eq!(
            to_osm([
                Some(week),
                Some(week),
                Some(week),
                Some(week),
                Some(week),
                None
            ])
            .unwrap()
            .as_deref(),
            Some("Mo-Fr 08:45-12:00,13:30-18:00")
        );
        let old = "09:00-12:00/14:00-17:00";
        assert_eq!(
            to_osm([
                Some(old),
                Some("-"),
                Some(old),
                Some(""),
                Some("09:00-12:00"),
                Some("09:30 - 16:30")
            ])
            .unwrap()
            .as_deref(),
            Some("Mo,We 09:00-12:00,14:00-17:00; Fr 09:00-12:00; Sa 09:30-16:30")
        );
        assert_eq!(
            to_osm([Some("-"), None, None, None, None, Some(" ")]),
            Ok(None)
        );
    }

    #[test]
    fn every_converted_week_is_read_by_the_osm_parser() {
        let osm = to_osm([
            Some("9h-12h"),
            Some("09:00 - 12:00 / 14:00 - 17:00"),
            None,
            None,
            None,
            None,
        ])
        .unwrap()
        .unwrap();
        assert_eq!(osm, "Mo 09:00-12:00; Tu 09:00-12:00,14:00-17:00");
        let week = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert!(tpe_shared::hours::WeeklySchedule::from_osm(&osm, week).is_ok());
    }

    #[test]
    fn free_text_in_a_day_cell_is_an_error_not_a_guess() {
        assert_eq!(
            to_osm([Some("sur rendez-vous"), None, None, None, None, None]),
            Err(BadCell {
                day: "Mo",
                value: "sur rendez-vous".into()
            })
        );
        assert!(to_osm([Some("14:00 - 09:00"), None, None, None, None, None]).is_err());
    }
}
