//! Turns `questionnaire.toml` (the file partners review) into JSON at build
//! time, so the wasm widget embeds it without carrying a TOML parser.

use std::{env, fs, path::PathBuf};

fn main() {
    let src = "questionnaire.toml";
    println!("cargo:rerun-if-changed={src}");
    let text = fs::read_to_string(src).expect("read questionnaire.toml");
    let value: toml::Value = match toml::from_str(&text) {
        Ok(v) => v,
        Err(e) => panic!("questionnaire.toml is not valid TOML: {e}"),
    };
    let json = serde_json::to_string(&value).expect("questionnaire as JSON");
    let out = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR")).join("questionnaire.json");
    fs::write(out, json).expect("write questionnaire.json");
}
