//! `tpe-worker stats`: the aggregates of the stored records, per territory
//! and month, every figure through the small-cell rule of `tpe-shared`.

use super::store::{Store, StoreError};
use std::fmt::Write as _;
use tpe_shared::questionnaire::Questionnaire;
use tpe_shared::stats::{cell, Aggregate, HelpKind, Helped, Outcome, SharedResult};
use tpe_shared::Lang;

/// The aggregates for the desk, when a store exists: a SQLite file is
/// never created by a sync, and a store that cannot be read only leaves
/// the desk without them (with a warning).
pub async fn for_desk(cfg: &crate::config::Config) -> Option<Aggregate> {
    let url = &cfg.stats.url;
    if let Some(file) = url.strip_prefix("sqlite://") {
        let file = file.split('?').next().unwrap_or(file);
        if !std::path::Path::new(file).is_file() {
            return None;
        }
    }
    let store = match Store::open(url).await {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error = %e, "the desk is written without the shared results");
            return None;
        }
    };
    let read = aggregate(&store).await;
    store.close().await;
    match read {
        Ok((a, _)) => Some(a),
        Err(e) => {
            tracing::warn!(error = %e, "the desk is written without the shared results");
            None
        }
    }
}

/// Reads every record; those that no longer parse (an older schema) are
/// counted and left out.
pub async fn aggregate(store: &Store) -> Result<(Aggregate, usize), StoreError> {
    let mut a = Aggregate::default();
    let mut unreadable = 0;
    for (kind, body) in store.bodies().await? {
        let ok = match kind.as_str() {
            "result" => serde_json::from_str::<SharedResult>(&body)
                .map(|r| a.add_result(&r))
                .is_ok(),
            "outcome" => serde_json::from_str::<Outcome>(&body)
                .map(|o| a.add_outcome(&o))
                .is_ok(),
            _ => false,
        };
        unreadable += usize::from(!ok);
    }
    Ok((a, unreadable))
}

pub fn helped_fr(h: Helped) -> &'static str {
    match h {
        Helped::Yes => "aidé",
        Helped::NotYet => "pas encore",
        Helped::No => "non",
    }
}

pub fn by_fr(k: Option<HelpKind>) -> &'static str {
    match k {
        Some(HelpKind::Venue) => "par un lieu du parcours",
        Some(HelpKind::Chamber) => "par la chambre",
        Some(HelpKind::Accountant) => "par le comptable",
        Some(HelpKind::Other) => "par quelqu'un d'autre",
        None => "sans préciser",
    }
}

/// The aggregates as text (French, the association's language).
pub fn text(a: &Aggregate, q: &Questionnaire) -> String {
    let mut out = String::new();
    if a.months.is_empty() {
        out.push_str("Aucun résultat partagé pour l'instant.\n");
    }
    let short = |d: &str| {
        q.dimension(d)
            .map_or(d.to_string(), |x| x.short.fr.to_lowercase())
    };
    for m in a.months.values() {
        let _ = writeln!(
            out,
            "{} — {} : {} diagnostic(s) partagé(s), {} suite(s)",
            m.territory,
            m.month,
            m.shared_cell().fr(),
            cell(m.outcomes).fr()
        );
        for d in &q.dimensions {
            let cells: Vec<String> = m
                .level_cells(&d.id)
                .into_iter()
                .map(|(l, c)| format!("{} {}", l.label(Lang::Fr).to_lowercase(), c.fr()))
                .collect();
            let _ = writeln!(out, "  {:<12} {}", d.short.fr, cells.join(" · "));
        }
        let top: Vec<String> = m
            .top_priorities()
            .iter()
            .map(|(d, n)| format!("{} {n}", short(d)))
            .collect();
        let _ = writeln!(
            out,
            "  priorités les plus fréquentes : {}",
            if top.is_empty() {
                "moins de 5 chacune".to_string()
            } else {
                top.join(", ")
            }
        );
        for (duty, n) in &m.duties {
            let c = cell(*n);
            let share = c
                .share_of(m.shared_cell())
                .map_or(String::new(), |p| format!(" ({p} %)"));
            let _ = writeln!(out, "  obligation {duty} : {}{share}", c.fr());
        }
        for ((h, k), n) in &m.helped {
            let _ = writeln!(out, "  {} {} : {}", helped_fr(*h), by_fr(*k), cell(*n).fr());
        }
    }
    out
}
