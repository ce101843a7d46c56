//! Any bytes as aid API pages: never a panic; summaries have no markup.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tpe_worker::report::SourceLog;
use tpe_worker::sources::aides_territoires;
use tpe_worker::validate::{validate_aid, AidContext};

fuzz_target!(|data: &[u8]| {
    let (text, _) = tpe_worker::decode::decode(data);
    let _ = aides_territoires::next_page(&text);
    if let Ok(parsed) = aides_territoires::parse(&text) {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let ctx = AidContext { source: "fuzz", site: "https://aides-territoires.beta.gouv.fr", today };
        let mut log = SourceLog::new("fuzz");
        for raw in &parsed.records {
            if let Ok(a) = validate_aid(raw, &ctx, &mut log) {
                assert!(!a.aid.summary.contains('<'));
            }
        }
    }
});
