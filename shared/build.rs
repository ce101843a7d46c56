//! Packs `questionnaire.toml` (the file partners review) at build time, so
//! the wasm widget embeds it without a TOML or JSON parser and without field
//! names: the fields in the order of `packed_layout.rs`.

use std::{env, fs, path::PathBuf};

#[path = "src/french_spacing.rs"]
mod french_spacing;

#[path = "packed_layout.rs"]
mod packed_layout;

use packed_layout::{Missing, K, LAYOUT};

/// Writes `value` as `kind`: the compact form the widget reads without a
/// parser or field names (`src/questionnaire/packed.rs`).
fn pack(value: Option<&toml::Value>, kind: K, missing: Missing, at: &str, out: &mut Vec<u8>) {
    let uint = |mut n: u64, out: &mut Vec<u8>| loop {
        let byte = (n & 0x7f) as u8;
        n >>= 7;
        if n == 0 {
            out.push(byte);
            break;
        }
        out.push(byte | 0x80);
    };
    let Some(value) = value else {
        match (missing, kind) {
            (Missing::Required, _) => panic!("questionnaire.toml: `{at}` is missing"),
            (Missing::Uint(n), _) => uint(n, out),
            (Missing::Empty, K::Opt(_) | K::Bool) => out.push(0),
            (Missing::Empty, K::List(_)) => uint(0, out),
            (Missing::Empty, _) => panic!("`{at}`: no empty value for this kind"),
        }
        return;
    };
    let bad = |what: &str| -> ! { panic!("questionnaire.toml: `{at}` should be {what}") };
    match kind {
        K::Str => {
            // Ended by a NUL rather than led by a length: brotli then sees
            // plain text (measured: 13.0 KB instead of 14.0 KB).
            let s = value.as_str().unwrap_or_else(|| bad("a string"));
            if s.contains('\0') {
                bad("a string without NUL");
            }
            out.extend_from_slice(s.as_bytes());
            out.push(0);
        }
        K::Text => {
            for lang in ["fr", "en"] {
                let at = format!("{at}.{lang}");
                pack(value.get(lang), K::Str, Missing::Required, &at, out);
            }
        }
        K::Uint => {
            let n = value
                .as_integer()
                .filter(|n| *n >= 0)
                .unwrap_or_else(|| bad("a whole number"));
            uint(n as u64, out);
        }
        K::Float => {
            let x = value
                .as_float()
                .or_else(|| value.as_integer().map(|n| n as f64))
                .unwrap_or_else(|| bad("a number"));
            out.extend_from_slice(&x.to_le_bytes());
        }
        K::Bool => out.push(u8::from(
            value.as_bool().unwrap_or_else(|| bad("true or false")),
        )),
        K::Opt(inner) => {
            out.push(1);
            pack(Some(value), *inner, Missing::Required, at, out);
        }
        K::List(item) => {
            let items = value.as_array().unwrap_or_else(|| bad("a list"));
            uint(items.len() as u64, out);
            for (i, v) in items.iter().enumerate() {
                pack(
                    Some(v),
                    *item,
                    Missing::Required,
                    &format!("{at}[{i}]"),
                    out,
                );
            }
        }
        K::Obj(name) => {
            let table = value.as_table().unwrap_or_else(|| bad("a table"));
            let fields = LAYOUT
                .iter()
                .find(|(n, _)| *n == name)
                .unwrap_or_else(|| panic!("packed_layout.rs: no type {name}"))
                .1;
            for key in table.keys() {
                if !fields.iter().any(|(f, _, _)| f == key) {
                    panic!("questionnaire.toml: `{at}.{key}` is not a field of {name}");
                }
            }
            for (field, kind, missing) in fields {
                pack(
                    table.get(*field),
                    *kind,
                    *missing,
                    &format!("{at}.{field}"),
                    out,
                );
            }
        }
    }
}

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
    println!("cargo:rerun-if-changed=packed_layout.rs");
    let out_dir = PathBuf::from(env::var("OUT_DIR").expect("OUT_DIR"));
    let mut packed = Vec::new();
    pack(
        Some(&value),
        K::Obj("Questionnaire"),
        Missing::Required,
        "",
        &mut packed,
    );
    fs::write(out_dir.join("questionnaire.bin"), packed).expect("write questionnaire.bin");
    // The same texts as JSON, for the tests that read every French text.
    let json = serde_json::to_string(&value).expect("questionnaire as JSON");
    fs::write(out_dir.join("questionnaire.json"), json).expect("write questionnaire.json");
}
