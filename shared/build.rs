//! Turns `questionnaire.toml` (the file partners review) into JSON at build
//! time, so the wasm widget embeds it without carrying a TOML parser.

use std::{env, fs, path::PathBuf};

#[path = "src/french_spacing.rs"]
mod french_spacing;

/// Every French text (`fr = "…"`) with French spacing.
fn french(value: &mut toml::Value) {
    match value {
        toml::Value::Table(t) => {
            for (k, v) in t.iter_mut() {
                match v {
                    toml::Value::String(s) if k == "fr" => *s = french_spacing::apply(s),
                    v => french(v),
                }
            }
        }
        toml::Value::Array(a) => a.iter_mut().for_each(french),
        _ => {}
    }
}

fn main() {
    let src = "questionnaire.toml";
    println!("cargo:rerun-if-changed={src}");
    println!("cargo:rerun-if-changed=src/french_spacing.rs");
    let text = fs::read_to_string(src).expect("read questionnaire.toml");
    let mut value: toml::Value = match toml::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("questionnaire.toml is not valid TOML: {e}"),
    };
    french(&mut value);
    let json = serde_json::to_string(&value).expect("questionnaire as JSON");
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR")).join("questionnaire.json");
    fs::write(out, json).expect("write questionnaire.json");
}
