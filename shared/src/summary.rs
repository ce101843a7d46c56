//! The result as plain text: to copy, print or e-mail to oneself.

use crate::format;
use crate::i18n::{pick, Lang};
use crate::pathway::{Adviser, Pathway};
use crate::priorities::Priority;
use crate::questionnaire::Questionnaire;
use crate::scoring::Diagnosis;
use chrono::NaiveDateTime;
use std::fmt::Write;

/// What a summary is made of.
pub struct SummaryInput<'a> {
    pub questionnaire: &'a Questionnaire,
    pub diagnosis: &'a Diagnosis,
    pub priorities: &'a [Priority],
    /// Absent when the local data could not be loaded.
    pub pathway: Option<&'a Pathway<'a>>,
    pub now: NaiveDateTime,
    /// A link that reopens the result, if the caller has one.
    pub reopen_link: Option<&'a str>,
}

/// A plain-text summary, readable in an e-mail or on paper.
pub fn summary(input: &SummaryInput<'_>, lang: Lang) -> String {
    let q = input.questionnaire;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        pick(lang, "Mon diagnostic numérique", "My digital check-up")
    );
    let _ = writeln!(out);
    let _ = writeln!(out, "{}", pick(lang, "Où j'en suis :", "Where I stand:"));
    for d in &input.diagnosis.dimensions {
        let title = q.dimension(&d.dimension).map_or("", |x| x.title.get(lang));
        let level = match (d.level, d.score) {
            (Some(l), Some(s)) => format!("{} ({:.0}/100)", l.label(lang), s),
            _ => pick(
                lang,
                "à voir avec un conseiller",
                "to go through with an adviser",
            )
            .to_string(),
        };
        let _ = writeln!(out, "- {title} : {level}");
    }

    let _ = writeln!(out);
    if input.priorities.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            pick(
                lang,
                "Bravo : rien d'urgent à faire.",
                "Well done: nothing urgent to do."
            )
        );
    } else {
        let _ = writeln!(
            out,
            "{}",
            pick(
                lang,
                "Mes priorités pour les 3 prochains mois :",
                "My priorities for the next 3 months:"
            )
        );
    }
    for (i, p) in input.priorities.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, p.action(q, lang));
        let _ = writeln!(
            out,
            "   {} {}",
            pick(lang, "Pourquoi :", "Why:"),
            p.why(q, lang)
        );
        let Some(step) = input
            .pathway
            .and_then(|pw| pw.steps.iter().find(|s| s.dimension == p.dimension))
        else {
            continue;
        };
        for v in &step.venues {
            let venue = v.venue;
            let mut line = format!(
                "   {} {}, {} {} {}",
                pick(lang, "Près de chez moi :", "Near me:"),
                venue.nom,
                venue.adresse,
                venue.code_postal,
                venue.commune
            );
            if let Some(km) = v.distance_km {
                let _ = write!(line, " ({})", format::distance(km, lang));
            }
            if let Some(tel) = &venue.telephone {
                let _ = write!(line, ", {} {tel}", pick(lang, "tél.", "tel."));
            }
            let _ = writeln!(out, "{line}");
            let _ = writeln!(out, "     {}", format::opening(v.opening, input.now, lang));
        }
        for m in &step.aids {
            let mut line = format!(
                "   {} {}",
                pick(lang, "Aide possible :", "Possible aid:"),
                m.aid.name
            );
            if let Some(amount) = format::aid_amount(m.aid, lang) {
                let _ = write!(line, " ({amount})");
            }
            if !m.to_check.is_empty() {
                let checks: Vec<String> = m.to_check.iter().map(|c| c.describe(lang)).collect();
                let _ = write!(
                    line,
                    " — {} {}",
                    pick(lang, "à vérifier :", "to check:"),
                    checks.join(", ")
                );
            }
            let _ = writeln!(out, "{line}");
            if let Some(url) = &m.aid.origin_url {
                let _ = writeln!(out, "     {url}");
            }
        }
        for n in &step.near_misses {
            let _ = writeln!(
                out,
                "   {} {}",
                pick(lang, "À savoir :", "Good to know:"),
                n.explain(lang)
            );
        }
        let _ = writeln!(
            out,
            "   {} {}",
            pick(lang, "Qui appeler :", "Who to call:"),
            adviser(&step.adviser, lang)
        );
    }

    let to_check: Vec<&str> = input
        .diagnosis
        .dimensions
        .iter()
        .flat_map(|d| d.to_check.iter())
        .filter_map(|id| q.question(id))
        .map(|question| question.text.get(lang))
        .collect();
    if !to_check.is_empty() {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{}",
            pick(
                lang,
                "À vérifier avec un conseiller :",
                "To check with an adviser:"
            )
        );
        for t in to_check {
            let _ = writeln!(out, "- {t}");
        }
    }
    if let Some(link) = input.reopen_link {
        let _ = writeln!(out);
        let _ = writeln!(
            out,
            "{} {link}",
            pick(lang, "Revoir ce résultat :", "See this result again:")
        );
    }
    out
}

/// The adviser in one line.
pub fn adviser(a: &Adviser<'_>, lang: Lang) -> String {
    match a {
        Adviser::Local(c) => {
            let mut s = c.name.clone();
            for extra in [&c.phone, &c.email, &c.url].into_iter().flatten() {
                s.push_str(" · ");
                s.push_str(extra);
            }
            s
        }
        Adviser::National(c) => match &c.url {
            Some(url) => format!("{} · {url}", c.name),
            None => c.name.clone(),
        },
        Adviser::Accountant => pick(lang, "votre expert-comptable", "your accountant").to_string(),
        Adviser::Mediation => pick(
            lang,
            "un conseiller numérique, dans l'un des lieux ci-dessus",
            "a digital adviser, at one of the places above",
        )
        .to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pathway::tests::{aden, communes, now, shop, snapshot, venue};
    use crate::pathway::{build_pathway, PathwayContext};
    use crate::priorities::priorities;
    use crate::scoring::diagnose;
    use crate::scoring::tests::{answer_all, dont_know, q, worst};

    #[test]
    fn the_summary_names_levels_priorities_places_aids_and_advisers() {
        let mut answers = answer_all(worst);
        answers.profile = shop("2-4", "62041");
        answers
            .responses
            .insert("sec_scam".into(), "dont_know".into());
        let d = diagnose(q(), &answers, now().date());
        let ps = priorities(q(), &d, &answers.profile);
        let mut v = venue(
            "v1",
            50.29,
            2.77,
            &[
                "Insertion professionnelle via le numérique",
                "Utilisation sécurisée du numérique",
                "Aide aux démarches administratives",
            ],
        );
        v.nom = "Tiers-lieu de la gare".into();
        v.telephone = Some("+33321000000".into());
        let snap = snapshot(vec![v], vec![aden()]);
        let ctx = PathwayContext {
            questionnaire: q(),
            snapshot: &snap,
            communes: communes(),
            profile: &answers.profile,
            now: now(),
        };
        let pathway = build_pathway(&ctx, &ps);
        let input = SummaryInput {
            questionnaire: q(),
            diagnosis: &d,
            priorities: &ps,
            pathway: Some(&pathway),
            now: now(),
            reopen_link: Some("https://example.org/#r=abc"),
        };
        let fr = summary(&input, Lang::Fr);
        assert!(fr.contains("Premiers pas"), "{fr}");
        assert!(fr.contains("1. "), "{fr}");
        assert!(fr.contains("Tiers-lieu de la gare"), "{fr}");
        assert!(fr.contains("À vérifier avec un conseiller"), "{fr}");
        assert!(fr.contains("https://example.org/#r=abc"));
        let en = summary(&input, Lang::En);
        assert!(en.contains("My priorities for the next 3 months"), "{en}");
        assert!(!en.contains("Pourquoi"), "{en}");
    }

    #[test]
    fn without_local_data_the_summary_still_gives_levels_and_priorities() {
        let answers = answer_all(dont_know);
        let d = diagnose(q(), &answers, now().date());
        let ps = priorities(q(), &d, &answers.profile);
        let input = SummaryInput {
            questionnaire: q(),
            diagnosis: &d,
            priorities: &ps,
            pathway: None,
            now: now(),
            reopen_link: None,
        };
        let fr = summary(&input, Lang::Fr);
        assert!(fr.contains("à voir avec un conseiller"), "{fr}");
        assert!(fr.contains("Mes priorités"), "{fr}");
    }
}
