//! Figures written the way people read them, in French and English.

use crate::hours::OpeningStatus;
use crate::i18n::{pick, Lang};
use crate::model::Aid;
use chrono::{Datelike, NaiveDateTime, Timelike, Weekday};

/// "2,3 km" / "2.3 km"; "350 m" under one kilometre.
pub fn distance(km: f64, lang: Lang) -> String {
    if km < 1.0 {
        return format!("{} m", ((km * 1000.0) / 10.0).round() as i64 * 10);
    }
    let s = if km < 10.0 {
        format!("{km:.1}")
    } else {
        format!("{:.0}", km)
    };
    match lang {
        Lang::Fr => format!("{} km", s.replace('.', ",")),
        Lang::En => format!("{s} km"),
    }
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

/// "Ouvert jusqu'à 12h00", "Fermé · ouvre demain à 9h00", "Horaires à vérifier".
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
        } => {
            let days = (next.date() - now.date()).num_days();
            let when = match days {
                0 => pick(lang, "aujourd'hui", "today").to_string(),
                1 => pick(lang, "demain", "tomorrow").to_string(),
                _ => weekday(next.weekday(), lang).to_string(),
            };
            match lang {
                Lang::Fr => format!("Fermé maintenant · ouvre {when} à {}", clock(next, lang)),
                Lang::En => format!("Closed now · opens {when} at {}", clock(next, lang)),
            }
        }
        OpeningStatus::Closed { next_opening: None } => {
            pick(lang, "Fermé cette semaine", "Closed this week").to_string()
        }
        OpeningStatus::Unknown => pick(
            lang,
            "Horaires à vérifier par téléphone",
            "Check the hours by phone",
        )
        .to_string(),
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
    }
}
