//! The candidate list as CSV for the project officer's spreadsheet: the
//! same rows, in the same order, as the table of the territory's page.

use std::io;
use tpe_shared::desk::Candidate;
use tpe_shared::links::phone_display;

pub const HEADER: [&str; 12] = [
    "rang",
    "points",
    "lieu",
    "adresse",
    "commune",
    "distance_km",
    "besoins",
    "raisons",
    "telephone",
    "courriel",
    "site_web",
    "offre_entreprises",
];

pub fn candidates(list: &[Candidate<'_>]) -> io::Result<Vec<u8>> {
    // A UTF-8 BOM so that a spreadsheet opened by double click reads accents.
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = ::csv::WriterBuilder::new()
            .delimiter(b';')
            .from_writer(&mut out);
        w.write_record(HEADER).map_err(io::Error::other)?;
        for (i, c) in list.iter().enumerate() {
            let v = c.venue;
            let reasons: Vec<String> = c
                .reasons
                .iter()
                .map(|r| format!("{} ({})", r.full(), signed(r.points)))
                .collect();
            w.write_record([
                (i + 1).to_string(),
                c.points.to_string(),
                cell(&v.nom),
                cell(&v.adresse),
                cell(&v.commune),
                c.distance_km.map(|k| format!("{k:.1}")).unwrap_or_default(),
                c.needs.join(", "),
                cell(&reasons.join(" | ")),
                v.telephone
                    .as_deref()
                    .map(phone_display)
                    .unwrap_or_default(),
                cell(v.courriels.first().map_or("", String::as_str)),
                cell(v.site_web.first().map_or("", String::as_str)),
                if c.curated { "oui" } else { "non" }.to_string(),
            ])
            .map_err(io::Error::other)?;
        }
        w.flush()?;
    }
    Ok(out)
}

/// "+3", "−2", "0": the points of a reason as the page writes them.
pub fn signed(points: i32) -> String {
    match points {
        p if p > 0 => format!("+{p}"),
        p if p < 0 => format!("−{}", -p),
        _ => "0".into(),
    }
}

/// Text from open data, made inert for spreadsheets: a cell that starts
/// like a formula (`=`, `+`, `-`, `@`, tab, carriage return) is prefixed
/// with an apostrophe, so that a hostile record cannot run a formula on
/// the project officer's computer.
fn cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_formula_in_a_venue_name_stays_text() {
        assert_eq!(
            cell("=HYPERLINK(\"http://x\")"),
            "'=HYPERLINK(\"http://x\")"
        );
        assert_eq!(cell("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(cell("Médiathèque"), "Médiathèque");
    }
}
