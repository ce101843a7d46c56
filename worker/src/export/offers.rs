//! The curated business offer has no column in the national standard: it
//! goes into a companion CSV keyed by the venue's id, so a national
//! consumer can join it when it wants and the standard file stays valid.

use tpe_shared::model::BusinessOffer;

/// The companion file's columns (documented in the README).
pub const COLUMNS: [&str; 5] = ["id", "topics", "contact", "note", "source_url"];

/// One row: the venue id, the questionnaire dimensions `|`-joined, the
/// generic business contact, the note and where the fact was published.
pub fn row(venue_id: &str, offer: &BusinessOffer) -> [String; 5] {
    [
        venue_id.to_string(),
        offer.topics.join("|"),
        offer.contact.clone().unwrap_or_default(),
        offer.note.clone().unwrap_or_default(),
        offer.source_url.clone().unwrap_or_default(),
    ]
}

/// `export.csv` → `export.offres-entreprises.csv` (a name without `.csv`
/// gets the suffix appended).
pub fn path_for(out: &std::path::Path) -> std::path::PathBuf {
    let name = out
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let stem = name.strip_suffix(".csv").unwrap_or(&name);
    out.with_file_name(format!("{stem}.offres-entreprises.csv"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_offers_file_sits_beside_the_export() {
        assert_eq!(
            path_for(Path::new("/tmp/lieux.csv")),
            Path::new("/tmp/lieux.offres-entreprises.csv")
        );
        assert_eq!(
            path_for(Path::new("out")),
            Path::new("out.offres-entreprises.csv")
        );
    }
}
