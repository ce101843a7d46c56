//! Any bytes as the curated TOML or CSV: never a panic.
#![no_main]
use libfuzzer_sys::fuzz_target;
use tpe_worker::sources::curated;

fuzz_target!(|data: &[u8]| {
    let (text, _) = tpe_worker::decode::decode(data);
    let _ = curated::parse(&text);
    let _ = curated::parse_offers_csv(&text);
});
