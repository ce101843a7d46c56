//! Any bytes as a venue-standard CSV or JSON (v1 or v0): never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tpe_worker::report::SourceLog;
use tpe_worker::sources::mediation_numerique;
use tpe_worker::validate::validate_venue;

fuzz_target!(|data: &[u8]| {
    let (text, _) = tpe_worker::decode::decode(data);
    let mut log = SourceLog::new("fuzz");
    for parsed in [mediation_numerique::parse_csv(&text), mediation_numerique::parse_json(&text)]
        .into_iter()
        .flatten()
    {
        for raw in &parsed.records {
            if let Ok(v) = validate_venue(raw, "fuzz", &mut log) {
                assert!(v.prise_rdv.iter().all(|u| u.starts_with("http")));
            }
        }
    }
});
