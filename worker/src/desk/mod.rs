//! The pilot's desk: static French pages the worker writes beside the
//! snapshots at every publish (`tableau-de-bord/`), for the association's
//! project officer. Every figure and reason comes from `tpe_shared::desk`,
//! the snapshots and the run's report; this module only lays them out.

mod csv;
mod map;
mod page;
mod quality;
mod shared;

use crate::publish::atomic::write_atomic;
use crate::report::Report;
use chrono::{DateTime, FixedOffset};
use std::io;
use std::path::{Path, PathBuf};
use tpe_shared::communes::CommuneIndex;
use tpe_shared::desk::{self, CandidateRules};
use tpe_shared::model::TerritorySnapshot;
use tpe_shared::questionnaire::Questionnaire;
use tpe_shared::stats::Aggregate;

/// The folder of the desk inside `output_dir`.
pub const DIR: &str = "tableau-de-bord";
const CSS: &str = include_str!("desk.css");

/// What the desk is built from.
pub struct DeskInput<'a> {
    pub snapshots: &'a [TerritorySnapshot],
    pub report: &'a Report,
    pub generated_at: DateTime<FixedOffset>,
    pub stale_after_months: u32,
    /// The shared results' aggregates, when a statistics store exists.
    pub stats: Option<&'a Aggregate>,
}

/// The candidate rules shipped with `tpe-shared`.
pub fn rules() -> Result<CandidateRules, toml::de::Error> {
    toml::from_str(desk::RULES_TOML)
}

/// Writes the index, one page and one CSV per territory, and the style
/// sheet. Returns the files written.
pub fn write(output_dir: &Path, input: &DeskInput<'_>) -> io::Result<Vec<PathBuf>> {
    let rules = rules().map_err(|e| io::Error::other(format!("desk-rules.toml: {e}")))?;
    let q = Questionnaire::embedded();
    let communes = CommuneIndex::embedded();
    let dir = output_dir.join(DIR);
    std::fs::create_dir_all(&dir)?;
    let mut written = Vec::new();
    let mut put = |name: &str, bytes: &[u8]| -> io::Result<()> {
        let path = dir.join(name);
        write_atomic(&path, bytes)?;
        written.push(path);
        Ok(())
    };
    put("desk.css", CSS.as_bytes())?;
    let mut summaries = Vec::new();
    for snap in input.snapshots {
        let scoring = desk::candidate::Scoring {
            questionnaire: q,
            rules: &rules,
            communes,
            centre: snap.territory.centre,
            today: input.generated_at.date_naive(),
            stale_after_months: input.stale_after_months,
        };
        let candidates = desk::rank(&scoring, &snap.venues);
        let coverage = desk::coverage(q, snap, communes, input.generated_at.date_naive());
        let quality = quality::of(snap, input, communes);
        // The latest three months of this territory, newest first.
        let months: Option<Vec<_>> = input.stats.map(|a| {
            let mut m: Vec<_> = a
                .months
                .values()
                .filter(|m| m.territory == snap.territory.id)
                .collect();
            m.reverse();
            m.truncate(3);
            m
        });
        let t = page::Territory {
            stats: months,
            snapshot: snap,
            candidates: &candidates,
            coverage: &coverage,
            quality: &quality,
            communes,
            generated_at: input.generated_at,
        };
        let id = &snap.territory.id;
        put(
            &format!("{id}.html"),
            page::territory(&t).into_string().as_bytes(),
        )?;
        put(
            &format!("candidats-{id}.csv"),
            &csv::candidates(&candidates)?,
        )?;
        summaries.push(page::summary(&t));
    }
    let index = page::index(&summaries, input);
    put("index.html", index.into_string().as_bytes())?;
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;
    use tpe_shared::geo::GeoPoint;
    use tpe_shared::model::{Territory, Venue};

    /// A hostile venue name is text on the page and in the CSV, never
    /// markup or a formula.
    #[test]
    fn a_hostile_venue_name_is_text_on_the_page_and_in_the_csv() {
        let now = chrono::DateTime::parse_from_rfc3339("2026-12-03T09:00:00+01:00").unwrap();
        let centre = GeoPoint::new(50.2910, 2.7775);
        let territory = Territory {
            id: "arras".into(),
            name: "Arras".into(),
            insee: "62041".into(),
            centre,
            radius_km: 20.0,
            communes: Vec::new(),
            epcis: Vec::new(),
            contacts: Vec::new(),
        };
        let mut snap = TerritorySnapshot::new(territory, now);
        snap.venues.push(Venue {
            id: "s:1".into(),
            nom: "=cmd|'/c calc'!A1 <script>alert(1)</script>".into(),
            adresse: "1 rue A".into(),
            code_postal: "62000".into(),
            commune: "Arras".into(),
            latitude: Some(centre.lat),
            longitude: Some(centre.lon),
            services: vec!["Maîtrise des outils numériques du quotidien".into()],
            ..Venue::default()
        });
        let dir = tempfile::tempdir().unwrap();
        let report = Report::default();
        let written = write(
            dir.path(),
            &DeskInput {
                snapshots: std::slice::from_ref(&snap),
                report: &report,
                generated_at: now,
                stale_after_months: 18,
                stats: None,
            },
        )
        .unwrap();
        assert_eq!(written.len(), 4, "{written:?}");
        let page = std::fs::read_to_string(dir.path().join(DIR).join("arras.html")).unwrap();
        assert!(
            !page.contains("<script>"),
            "markup from data reached the page"
        );
        assert!(page.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        let csv =
            std::fs::read_to_string(dir.path().join(DIR).join("candidats-arras.csv")).unwrap();
        assert!(csv.contains(";'=cmd|"), "{csv}");
    }
}
