//! The result as plain text: to copy, print or e-mail to oneself.

use crate::duties::AppliedDuty;
use crate::format;
use crate::hours::OpeningStatus;
use crate::i18n::{long_date, pick, Lang};
use crate::pathway::{Adviser, Pathway};
use crate::priorities::Priority;
use crate::questionnaire::{Chamber, Questionnaire};
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

/// A plain-text summary, readable in an e-mail or on paper: dated, with the
/// legal duties first, and opening hours as a week (a copy is read later, so
/// "open now" would be wrong by then).
pub fn summary(input: &SummaryInput<'_>, lang: Lang) -> String {
    let q = input.questionnaire;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}",
        pick(lang, "Mon diagnostic numérique", "My digital check-up")
    );
    let _ = writeln!(
        out,
        "{} {}",
        pick(lang, "Fait le", "Done on"),
        long_date(input.now.date(), lang)
    );
    let _ = writeln!(out);

    let duties: Vec<&AppliedDuty> = input.diagnosis.duties.iter().collect();
    if !duties.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            pick(
                lang,
                "Obligations qui me concernent\u{a0}:",
                "Legal duties that concern me:"
            )
        );
        for d in duties {
            let _ = writeln!(out, "- {}", d.statement(q, lang));
            let _ = writeln!(
                out,
                "  {} — {}",
                d.status_label(q, lang),
                d.next_step(q, lang)
            );
            if let Some(url) = d.source_url(q) {
                let _ = writeln!(out, "  {url}");
            }
        }
        let _ = writeln!(out);
    }

    let _ = writeln!(
        out,
        "{}",
        pick(lang, "Où j'en suis\u{a0}:", "Where I stand:")
    );
    for d in &input.diagnosis.dimensions {
        let title = q.dimension(&d.dimension).map_or("", |x| x.title.get(lang));
        let level = match (d.level, d.score) {
            (Some(l), Some(s)) => format!("{} ({}/100)", l.label(lang), crate::format::fixed0(s)),
            _ => pick(
                lang,
                "à voir avec un conseiller",
                "to go through with an adviser",
            )
            .to_string(),
        };
        let _ = writeln!(out, "- {title}{}{level}", crate::i18n::colon(lang));
    }

    let _ = writeln!(out);
    if !input.diagnosis.reliable(q) {
        let _ = writeln!(out, "{}", too_few_answers(lang));
    } else if input.priorities.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            pick(
                lang,
                "Bravo\u{a0}: rien d'urgent à faire.",
                "Well done: nothing urgent to do."
            )
        );
    } else {
        let _ = writeln!(
            out,
            "{}",
            pick(
                lang,
                "Mes priorités pour les 3 prochains mois\u{a0}:",
                "My priorities for the next 3 months:"
            )
        );
    }
    for (i, p) in input.priorities.iter().enumerate() {
        let _ = writeln!(out, "{}. {}", i + 1, p.action(q, lang));
        for next in p.then(q, lang) {
            let _ = writeln!(out, "   {} {next}", pick(lang, "Ensuite\u{a0}:", "Then:"));
        }
        let _ = writeln!(
            out,
            "   {} {}",
            pick(lang, "Pourquoi\u{a0}:", "Why:"),
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
                pick(lang, "Près de chez moi\u{a0}:", "Near me:"),
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
            if let Some(note) = v.twin_note(lang) {
                let _ = writeln!(out, "     {note}");
            }
            match &venue.schedule {
                Some(week) => {
                    let week = format::week(week, lang).join(pick(lang, "\u{a0}; ", "; "));
                    let _ = writeln!(out, "     {week}");
                }
                None => {
                    let _ = writeln!(
                        out,
                        "     {}",
                        format::opening(OpeningStatus::Unknown, input.now, lang)
                    );
                }
            }
        }
        for m in &step.aids {
            let mut line = format!(
                "   {} {}",
                pick(lang, "Aide possible\u{a0}:", "Possible aid:"),
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
                    pick(lang, "à vérifier\u{a0}:", "to check:"),
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
                pick(lang, "À savoir\u{a0}:", "Good to know:"),
                n.explain(lang)
            );
        }
        let _ = writeln!(
            out,
            "   {} {}",
            pick(lang, "Qui appeler\u{a0}:", "Who to call:"),
            adviser(&step.adviser, lang)
        );
        if let Some(c) = step.also_call {
            let mut line = c.name.clone();
            if let Some(tel) = &c.phone {
                let _ = write!(line, ", {} {tel}", pick(lang, "tél.", "tel."));
            }
            let _ = writeln!(
                out,
                "   {} {line}",
                pick(lang, "Ou appeler\u{a0}:", "Or call:")
            );
        }
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
                "À vérifier avec un conseiller\u{a0}:",
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
            pick(lang, "Revoir ce résultat\u{a0}:", "See this result again:")
        );
    }
    out
}

/// Said instead of priorities when too few questions were answered for a
/// ranking to mean anything.
pub fn too_few_answers(lang: Lang) -> &'static str {
    pick(
        lang,
        "Répondez à quelques questions de plus pour des priorités fiables\u{a0}: avec si peu de réponses, nous ne pouvons pas dire par quoi commencer.",
        "Answer a few more questions for reliable priorities: with so few answers we cannot tell where to start.",
    )
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
        Adviser::Accountant => pick(
            lang,
            "votre expert-comptable\u{a0}; si vous n'en avez pas, votre chambre consulaire (CCI ou CMA) peut vous orienter",
            "your accountant; if you have none, your chamber (CCI or CMA) can point you to one",
        )
        .to_string(),
        Adviser::Mediation => pick(
            lang,
            "un conseiller numérique, dans l'un des lieux ci-dessus",
            "a digital adviser, at one of the places above",
        )
        .to_string(),
        Adviser::ChamberElsewhere(Chamber::Cma) => pick(
            lang,
            "la chambre de métiers et de l'artisanat (CMA) de votre département",
            "the Chamber of Trades and Crafts (CMA) of your department",
        )
        .to_string(),
        Adviser::ChamberElsewhere(_) => pick(
            lang,
            "la chambre de commerce et d'industrie (CCI) de votre département",
            "the Chamber of Commerce and Industry (CCI) of your department",
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
    use crate::scoring::tests::{answer_all, q, worst};
    use crate::scoring::{diagnose, Answers};

    #[test]
    fn the_summary_names_levels_priorities_places_aids_and_advisers() {
        let mut answers = answer_all(worst);
        answers.profile = shop("2-4", "62041");
        answers
            .responses
            .insert("sec_scam".into(), "dont_know".into());
        let d = diagnose(q(), &answers, now().date());
        let ps = priorities(q(), &d, &answers);
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

    /// The summary of these answers when the local data could not be loaded.
    fn without_pathway(answers: &Answers, lang: Lang) -> String {
        let d = diagnose(q(), answers, now().date());
        let ps = priorities(q(), &d, answers);
        let input = SummaryInput {
            questionnaire: q(),
            diagnosis: &d,
            priorities: &ps,
            pathway: None,
            now: now(),
            reopen_link: None,
        };
        summary(&input, lang)
    }

    #[test]
    fn without_local_data_the_summary_still_gives_levels_and_priorities() {
        let mut answers = answer_all(worst);
        answers
            .responses
            .insert("vis_google".into(), "dont_know".into());
        let fr = without_pathway(&answers, Lang::Fr);
        assert!(fr.contains("Mes priorités"), "{fr}");
    }

    #[test]
    fn the_summary_is_dated_and_starts_with_the_duties() {
        let mut answers = answer_all(worst);
        answers.responses.insert("inv_ready".into(), "no".into());
        let fr = without_pathway(&answers, Lang::Fr);
        let date = long_date(now().date(), Lang::Fr);
        assert!(fr.contains(&format!("Fait le {date}")), "{fr}");
        let duties = fr
            .find("Obligations qui me concernent")
            .expect("duties block");
        let priorities = fr.find("Mes priorités").expect("priorities");
        assert!(duties < priorities, "{fr}");
        assert!(fr.contains("Depuis le 1er septembre 2026"), "{fr}");
    }

    #[test]
    fn with_almost_no_answer_the_summary_gives_no_priority() {
        let mut answers = Answers::default();
        answers.responses.insert("vis_google".into(), "no".into());
        let d = diagnose(q(), &answers, now().date());
        let ps = priorities(q(), &d, &answers);
        assert!(ps.is_empty());
        let input = SummaryInput {
            questionnaire: q(),
            diagnosis: &d,
            priorities: &ps,
            pathway: None,
            now: now(),
            reopen_link: None,
        };
        let fr = summary(&input, Lang::Fr);
        assert!(fr.contains(too_few_answers(Lang::Fr)), "{fr}");
        assert!(!fr.contains("Bravo"), "{fr}");
    }
}
