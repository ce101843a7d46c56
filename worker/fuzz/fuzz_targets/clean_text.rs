//! Cleaning any text: never a panic, never markup, never over the cap;
//! links only http(s); France Services day cells never panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tpe_worker::clean::{text::clean_text, url::clean_url};
use tpe_worker::sources::fs_hours;

fuzz_target!(|s: &str| {
    let (out, _) = clean_text(s, 120, true);
    if let Some(out) = out {
        assert!(!out.contains('<') && !out.contains('>'), "{out:?}");
        assert!(out.chars().count() <= 120);
    }
    if let Ok(u) = clean_url(s) {
        assert!(u.starts_with("http://") || u.starts_with("https://"), "{u}");
    }
    let _ = fs_hours::to_osm([Some(s), None, Some(s), None, None, None]);
});
