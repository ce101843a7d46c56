//! Any bytes as a France Services CSV: never a panic; every venue that
//! validates is plain text with only web links.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tpe_worker::report::SourceLog;
use tpe_worker::sources::france_services;
use tpe_worker::validate::validate_venue;

fuzz_target!(|data: &[u8]| {
    let (text, _) = tpe_worker::decode::decode(data);
    if let Ok(parsed) = france_services::parse(&text) {
        let mut log = SourceLog::new("fuzz");
        for raw in &parsed.records {
            if let Ok(v) = validate_venue(raw, "fuzz", &mut log) {
                assert!(!v.nom.contains('<') && !v.adresse.contains('>'));
                assert!(v.site_web.iter().all(|u| u.starts_with("http")));
            }
        }
    }
});
