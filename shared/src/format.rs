//! Figures written the way people read them, in French and English.

use crate::hours::{OpeningStatus, WeeklySchedule};
use crate::i18n::{long_date, pick, Lang};
use crate::model::{Aid, SourceInfo};
use chrono::{Datelike, NaiveDateTime, Timelike, Weekday};

/// "2,3 km" / "2.3 km"; "350 m" under one kilometre.
pub fn distance(km: f64, lang: Lang) -> String {
    if km < 1.0 {
        return format!("{} m", ((km * 1000.0) / 10.0).round() as i64 * 10);
    }
    let s = if km < 10.0 { fixed1(km) } else { fixed0(km) };
    match lang {
        Lang::Fr => format!("{} km", s.replace('.', ",")),
        Lang::En => format!("{s} km"),
    }
}

/// `x` rounded to one decimal, with a point ("-3.27" → "-3.3"). Integer
/// arithmetic: the float formatter would add about 10 KB to the widget.
pub fn fixed1(x: f64) -> String {
    let tenths = (x * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    let t = tenths.unsigned_abs();
    format!("{sign}{}.{}", t / 10, t % 10)
}

/// `x` rounded to a whole number.
pub fn fixed0(x: f64) -> String {
    (x.round() as i64).to_string()
}

/// A sum in euros: "12 000 €" / "€12,000".
pub fn euros(n: u32, lang: Lang) -> String {
    let digits = n.to_string();
    let sep = pick(lang, "\u{202f}", ",");
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push_str(sep);
        }
        grouped.push(c);
    }
    match lang {
        Lang::Fr => format!("{grouped}\u{a0}€"),
        Lang::En => format!("€{grouped}"),
    }
}

/// What an aid gives: rate and amount, whatever is known.
pub fn aid_amount(aid: &Aid, lang: Lang) -> Option<String> {
    let rate = aid.rate_percent.and_then(|r| match (r.min, r.max) {
        (Some(a), Some(b)) if a != b => Some(match lang {
            Lang::Fr => format!("{a} à {b}\u{a0}%"),
            Lang::En => format!("{a}–{b}%"),
        }),
        (_, Some(x)) | (Some(x), None) => Some(match lang {
            Lang::Fr => format!("{x}\u{a0}%"),
            Lang::En => format!("{x}%"),
        }),
        (None, None) => None,
    });
    let amount = aid.amount_eur.and_then(|a| match (a.min, a.max) {
        (Some(lo), Some(hi)) => Some(match lang {
            Lang::Fr => format!("de {} à {}", euros(lo, lang), euros(hi, lang)),
            Lang::En => format!("{} to {}", euros(lo, lang), euros(hi, lang)),
        }),
        (None, Some(hi)) => Some(format!(
            "{} {}",
            pick(lang, "jusqu'à", "up to"),
            euros(hi, lang)
        )),
        (Some(lo), None) => Some(format!(
            "{} {}",
            pick(lang, "à partir de", "from"),
            euros(lo, lang)
        )),
        (None, None) => None,
    });
    match (rate, amount) {
        (Some(r), Some(a)) => Some(format!("{r}, {a}")),
        (r, a) => r.or(a),
    }
}

fn weekday(d: Weekday, lang: Lang) -> &'static str {
    match d {
        Weekday::Mon => pick(lang, "lundi", "Monday"),
        Weekday::Tue => pick(lang, "mardi", "Tuesday"),
        Weekday::Wed => pick(lang, "mercredi", "Wednesday"),
        Weekday::Thu => pick(lang, "jeudi", "Thursday"),
        Weekday::Fri => pick(lang, "vendredi", "Friday"),
        Weekday::Sat => pick(lang, "samedi", "Saturday"),
        Weekday::Sun => pick(lang, "dimanche", "Sunday"),
    }
}

fn clock(t: NaiveDateTime, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("{}h{:02}", t.hour(), t.minute()),
        Lang::En => format!("{}:{:02}", t.hour(), t.minute()),
    }
}

/// When the next opening is, from now: "aujourd'hui", "demain", "jeudi",
/// or a date beyond the coming week.
fn when(next: NaiveDateTime, now: NaiveDateTime, lang: Lang) -> String {
    match (next.date() - now.date()).num_days() {
        0 => pick(lang, "aujourd'hui", "today").to_string(),
        1 => pick(lang, "demain", "tomorrow").to_string(),
        2..=6 => weekday(next.weekday(), lang).to_string(),
        _ => match lang {
            Lang::Fr => format!("le {}", long_date(next.date(), lang)),
            Lang::En => format!("on {}", long_date(next.date(), lang)),
        },
    }
}

fn opens(next: NaiveDateTime, now: NaiveDateTime, lang: Lang) -> String {
    match lang {
        Lang::Fr => format!("ouvre {} à {}", when(next, now, lang), clock(next, lang)),
        Lang::En => format!("opens {} at {}", when(next, now, lang), clock(next, lang)),
    }
}

/// "Ouvert maintenant, jusqu'à 12h00", "Fermé maintenant · ouvre demain à
/// 9h00", "Fermé aujourd'hui (jour férié) · …", "Horaires non publiés".
pub fn opening(status: OpeningStatus, now: NaiveDateTime, lang: Lang) -> String {
    match status {
        OpeningStatus::OpenNow { until } => {
            format!(
                "{} {}",
                pick(lang, "Ouvert maintenant, jusqu'à", "Open now, until"),
                clock(until, lang)
            )
        }
        OpeningStatus::Closed {
            next_opening: Some(next),
        } => format!(
            "{} · {}",
            pick(lang, "Fermé maintenant", "Closed now"),
            opens(next, now, lang)
        ),
        OpeningStatus::ClosedHoliday { next_opening } => {
            let closed = pick(
                lang,
                "Fermé aujourd'hui (jour férié)",
                "Closed today (public holiday)",
            );
            match next_opening {
                Some(next) => format!("{closed} · {}", opens(next, now, lang)),
                None => closed.to_string(),
            }
        }
        OpeningStatus::Closed { next_opening: None } => pick(
            lang,
            "Fermé dans les deux semaines à venir",
            "Closed for the next two weeks",
        )
        .to_string(),
        OpeningStatus::Unknown => {
            pick(lang, "Horaires non publiés", "Opening hours not published").to_string()
        }
    }
}

fn short_weekday(d: Weekday, lang: Lang) -> &'static str {
    match d {
        Weekday::Mon => pick(lang, "lun.", "Mon"),
        Weekday::Tue => pick(lang, "mar.", "Tue"),
        Weekday::Wed => pick(lang, "mer.", "Wed"),
        Weekday::Thu => pick(lang, "jeu.", "Thu"),
        Weekday::Fri => pick(lang, "ven.", "Fri"),
        Weekday::Sat => pick(lang, "sam.", "Sat"),
        Weekday::Sun => pick(lang, "dim.", "Sun"),
    }
}

fn minutes(m: u16, lang: Lang) -> String {
    let (h, min) = ((m / 60) % 24, m % 60);
    match lang {
        Lang::Fr => format!("{h}h{min:02}"),
        Lang::En => format!("{h}:{min:02}"),
    }
}

fn intervals(list: &[[u16; 2]], lang: Lang) -> String {
    list.iter()
        .map(|[a, b]| format!("{}–{}", minutes(*a, lang), minutes(*b, lang)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The week in a few lines, consecutive days with the same hours grouped:
/// "lun.–ven. : 9h00–12h00, 14h00–17h00", then the public holidays. For
/// print, where "open now" would be stale by the time it is read.
pub fn week(schedule: &WeeklySchedule, lang: Lang) -> Vec<String> {
    const DAYS: [Weekday; 7] = [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ];
    let colon = crate::i18n::colon(lang);
    let mut lines = Vec::new();
    let mut i = 0;
    while i < 7 {
        let mut j = i;
        while j + 1 < 7 && schedule.days[j + 1] == schedule.days[i] {
            j += 1;
        }
        if !schedule.days[i].is_empty() {
            let days = if i == j {
                short_weekday(DAYS[i], lang).to_string()
            } else {
                format!(
                    "{}–{}",
                    short_weekday(DAYS[i], lang),
                    short_weekday(DAYS[j], lang)
                )
            };
            lines.push(format!(
                "{days}{colon}{}",
                intervals(&schedule.days[i], lang)
            ));
        }
        i = j + 1;
    }
    lines.push(match &schedule.public_holidays {
        Some(ph) => format!(
            "{}{colon}{}",
            pick(lang, "jours fériés", "public holidays"),
            intervals(ph, lang)
        ),
        None => pick(lang, "fermé les jours fériés", "closed on public holidays").to_string(),
    });
    lines
}

/// The data credits, in one sentence: each source's name and licence as
/// the snapshot names them, then the commune table's.
pub fn credits(sources: &[SourceInfo], lang: Lang) -> String {
    let list: Vec<String> = sources
        .iter()
        .map(|s| {
            let name = s.name.clone().unwrap_or_else(|| match s.id.as_str() {
                "curated" => pick(
                    lang,
                    "informations locales tenues par l'opérateur",
                    "local information kept by the operator",
                )
                .to_string(),
                other => other.to_string(),
            });
            match &s.licence {
                Some(l) => format!("{name} ({l})"),
                None => name,
            }
        })
        .collect();
    let communes = pick(
        lang,
        "communes\u{a0}: COG 2024 et base des codes postaux de La Poste (ODbL 1.0), découpage administratif d'Etalab (MIT)",
        "towns: COG 2024 and La Poste's postcode base (ODbL 1.0), Etalab's administrative boundaries (MIT)",
    );
    match lang {
        Lang::Fr => format!(
            "Sources\u{a0}: {}\u{a0}; {communes}.",
            list.join("\u{a0}; ")
        ),
        Lang::En => format!("Sources: {}; {communes}.", list.join("; ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AmountRange, RateRange};

    fn at(s: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn fixed_points_round_like_the_float_formatter() {
        // Away from half-way values (there, this rounds away from zero).
        for x in [0.0, 0.04, 0.06, 2.34, 9.96, 130.06, -3.27, -0.04, 1234.56] {
            assert_eq!(fixed1(x), format!("{x:.1}").replace("-0.0", "0.0"), "{x}");
            assert_eq!(fixed0(x), format!("{x:.0}").replace("-0", "0"), "{x}");
        }
    }

    #[test]
    fn distances_read_naturally() {
        assert_eq!(distance(0.347, Lang::Fr), "350 m");
        assert_eq!(distance(2.34, Lang::Fr), "2,3 km");
        assert_eq!(distance(2.34, Lang::En), "2.3 km");
        assert_eq!(distance(17.6, Lang::Fr), "18 km");
    }

    #[test]
    fn aid_amounts_read_naturally() {
        let aid = Aid {
            rate_percent: Some(RateRange {
                min: Some(40),
                max: Some(40),
            }),
            amount_eur: Some(AmountRange {
                min: Some(1200),
                max: Some(12000),
            }),
            ..Aid::default()
        };
        assert_eq!(
            aid_amount(&aid, Lang::Fr).unwrap(),
            "40\u{a0}%, de 1\u{202f}200\u{a0}€ à 12\u{202f}000\u{a0}€"
        );
        assert_eq!(
            aid_amount(&aid, Lang::En).unwrap(),
            "40%, €1,200 to €12,000"
        );
        assert_eq!(aid_amount(&Aid::default(), Lang::Fr), None);
    }

    #[test]
    fn opening_says_when_to_come() {
        let now = at("2026-11-30 18:00");
        let s = OpeningStatus::Closed {
            next_opening: Some(at("2026-12-01 09:00")),
        };
        assert_eq!(
            opening(s, now, Lang::Fr),
            "Fermé maintenant · ouvre demain à 9h00"
        );
        let s = OpeningStatus::Closed {
            next_opening: Some(at("2026-12-03 14:30")),
        };
        assert_eq!(
            opening(s, now, Lang::En),
            "Closed now · opens Thursday at 14:30"
        );
        let s = OpeningStatus::OpenNow {
            until: at("2026-11-30 19:00"),
        };
        assert_eq!(
            opening(s, now, Lang::Fr),
            "Ouvert maintenant, jusqu'à 19h00"
        );
        let s = OpeningStatus::ClosedHoliday {
            next_opening: Some(at("2026-12-26 09:00")),
        };
        assert_eq!(
            opening(s, at("2026-12-25 10:00"), Lang::Fr),
            "Fermé aujourd'hui (jour férié) · ouvre demain à 9h00"
        );
        let s = OpeningStatus::Closed {
            next_opening: Some(at("2026-12-08 09:00")),
        };
        assert_eq!(
            opening(s, now, Lang::Fr),
            "Fermé maintenant · ouvre le 8 décembre 2026 à 9h00"
        );
        assert_eq!(
            opening(OpeningStatus::Unknown, now, Lang::Fr),
            "Horaires non publiés"
        );
    }

    #[test]
    fn the_week_is_written_for_print() {
        let mut s = WeeklySchedule::default();
        for d in 0..5 {
            s.days[d] = vec![[540, 720], [840, 1020]];
        }
        s.days[5] = vec![[540, 720]];
        assert_eq!(
            week(&s, Lang::Fr),
            [
                "lun.–ven.\u{a0}: 9h00–12h00, 14h00–17h00",
                "sam.\u{a0}: 9h00–12h00",
                "fermé les jours fériés"
            ]
        );
        s.public_holidays = Some(vec![[600, 720]]);
        assert_eq!(week(&s, Lang::En)[2], "public holidays: 10:00–12:00");
    }

    #[test]
    fn credits_name_each_source_with_its_licence() {
        let at = chrono::DateTime::parse_from_rfc3339("2026-12-03T08:00:00+01:00").unwrap();
        let sources = vec![
            SourceInfo {
                id: "france-services".into(),
                name: Some("ANCT – France services (2024-08-01)".into()),
                fetched_at: at,
                licence: Some("Licence Ouverte 2.0".into()),
                url: None,
            },
            SourceInfo {
                id: "curated".into(),
                name: None,
                fetched_at: at,
                licence: None,
                url: None,
            },
        ];
        let fr = credits(&sources, Lang::Fr);
        assert!(fr.starts_with("Sources\u{a0}: ANCT – France services (2024-08-01) (Licence Ouverte 2.0)\u{a0}; informations locales"), "{fr}");
        assert!(fr.contains("ODbL 1.0"), "{fr}");
        let en = credits(&sources, Lang::En);
        assert!(en.starts_with("Sources: ANCT"), "{en}");
        assert!(!en.contains(" ; "), "{en}");
    }
}
