//! `cargo xtask dist`: builds the widget into `www/widget/`.
//!
//! 1. release build of `tpe-widget` for wasm32 (size-tuned profile);
//! 2. `wasm-bindgen --target web` with the CLI at the Cargo.lock version;
//! 3. `wasm-opt -Oz` (binaryen 132 from npm: Debian's cannot read current rustc output),
//!    and the glue minified by terser (from npm too);
//! 4. content-hashed names for the glue and the wasm (cacheable for a year), the
//!    hand-written loader `tpe-widget.js` (stable name) pointing at them, and
//!    `integrity.json` with SRI hashes (sha384) for the web teams' snippet.
//!
//! Older hashed files are removed, so the folder holds exactly one build.
//!
//! The widget does not compile in the commune table (150 KB): it fetches
//! `communes-hdf.csv` next to `manifest.json`, where the worker publishes it.

use std::fs;
use std::path::Path;
use std::process::Command;

use base64::Engine;
use sha2::{Digest, Sha256, Sha384};

use crate::size;
use crate::tools::{self, repo_root, WASM_TARGET};

const LOADER_SOURCE: &str = "widget/loader/tpe-widget.js";

/// The first 10 hex digits of the SHA-256: enough to tell builds apart.
fn content_hash(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .take(5)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A Subresource Integrity value: `sha384-<base64>`.
fn sri(bytes: &[u8]) -> String {
    format!(
        "sha384-{}",
        base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
    )
}

/// The loader with the hashed file names and their integrity values
/// substituted; fails if the source lost a placeholder (the built loader
/// would then load nothing, or check nothing).
fn loader(source: &str, glue: &str, wasm: &str, sris: [&str; 2]) -> Result<String, String> {
    let placeholders = ["__GLUE__", "__WASM__", "__GLUE_SRI__", "__WASM_SRI__"];
    if let Some(missing) = placeholders.iter().find(|p| !source.contains(**p)) {
        return Err(format!(
            "{LOADER_SOURCE} must contain the placeholder {missing} (and __GLUE__, __WASM__, __GLUE_SRI__, __WASM_SRI__)"
        ));
    }
    // Comment lines and indentation are for readers of the source, not for
    // every page load: the built loader keeps its licence header only.
    let compact: String = source
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(compact
        .replace("__GLUE_SRI__", sris[0])
        .replace("__WASM_SRI__", sris[1])
        .replace("__GLUE__", glue)
        .replace("__WASM__", wasm))
}

/// A hashed glue or wasm file, or one of its precompressed variants.
fn is_hashed_output(name: &str) -> bool {
    let name = name
        .strip_suffix(".br")
        .or_else(|| name.strip_suffix(".gz"))
        .unwrap_or(name);
    (name.starts_with("tpe-widget.") && name.ends_with(".js") && name != "tpe-widget.js")
        || (name.starts_with("tpe-widget_bg.") && name.ends_with(".wasm"))
}

/// `name` and its `.br` and `.gz` variants, which `tpe-worker serve` (and any
/// server configured for precompressed files) sends to browsers that accept them.
fn write_with_variants(dir: &Path, name: &str, bytes: &[u8]) -> Result<(), String> {
    write(&dir.join(name), bytes)?;
    write(&dir.join(format!("{name}.br")), &size::brotli(bytes))?;
    write(&dir.join(format!("{name}.gz")), &size::gzip(bytes))
}

fn write(path: &Path, bytes: &[u8]) -> Result<(), String> {
    fs::write(path, bytes).map_err(|e| format!("writing {}: {e}", path.display()))
}

pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(a) = args.first() {
        return Err(format!("`cargo xtask dist` takes no argument (got `{a}`)"));
    }
    let root = repo_root();
    tools::ensure_wasm_target()?;
    tools::run(tools::cargo().args([
        "build",
        "--release",
        "--target",
        WASM_TARGET,
        "-p",
        "tpe-widget",
    ]))?;

    let lock = fs::read_to_string(root.join("Cargo.lock"))
        .map_err(|e| format!("reading Cargo.lock: {e}"))?;
    let version = tools::wasm_bindgen_version_from_lock(&lock)
        .ok_or("Cargo.lock names no wasm-bindgen version")?;
    let bindgen = tools::ensure_wasm_bindgen_cli(&version)?;
    let wasm_opt = tools::ensure_wasm_opt(&root.join("tools"))?;

    let target = tools::target_dir();
    let work = target.join("tpe-widget-dist");
    let _ = fs::remove_dir_all(&work);
    fs::create_dir_all(&work).map_err(|e| format!("creating {}: {e}", work.display()))?;
    let input = target.join(WASM_TARGET).join("release/tpe_widget.wasm");
    tools::run(
        Command::new(&bindgen)
            .args([
                "--target",
                "web",
                "--no-typescript",
                "--out-name",
                "tpe-widget",
            ])
            .arg("--out-dir")
            .arg(&work)
            .arg(&input),
    )?;
    let bound = work.join("tpe-widget_bg.wasm");
    let optimised = work.join("tpe-widget_bg.opt.wasm");
    tools::run(
        Command::new(&wasm_opt)
            .arg("-Oz")
            .arg(&bound)
            .arg("-o")
            .arg(&optimised),
    )?;

    // The glue is mostly the names of the browser functions the wasm calls:
    // minified (names of the module's own exports and of the import object
    // are kept, terser never renames properties) it is 25 % lighter.
    let terser = tools::ensure_terser(&root.join("tools"))?;
    let minified = work.join("tpe-widget.min.js");
    tools::run(
        Command::new(&terser)
            .arg(work.join("tpe-widget.js"))
            .args(["--module", "--compress", "--mangle", "--output"])
            .arg(&minified),
    )?;

    let read = |p: &Path| fs::read(p).map_err(|e| format!("reading {}: {e}", p.display()));
    let glue = read(&minified)?;
    let wasm = read(&optimised)?;
    let glue_name = format!("tpe-widget.{}.js", content_hash(&glue));
    let wasm_name = format!("tpe-widget_bg.{}.wasm", content_hash(&wasm));
    let source = fs::read_to_string(root.join(LOADER_SOURCE))
        .map_err(|e| format!("reading {LOADER_SOURCE}: {e}"))?;
    let loader = loader(&source, &glue_name, &wasm_name, [&sri(&glue), &sri(&wasm)])?;

    let out = root.join("www/widget");
    fs::create_dir_all(&out).map_err(|e| format!("creating {}: {e}", out.display()))?;
    for entry in fs::read_dir(&out).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let current = [&glue_name, &wasm_name].iter().any(|keep| {
            name == **keep || name == format!("{keep}.br") || name == format!("{keep}.gz")
        });
        if is_hashed_output(&name) && !current {
            let _ = fs::remove_file(entry.path());
        }
    }
    write_with_variants(&out, &glue_name, &glue)?;
    write_with_variants(&out, &wasm_name, &wasm)?;
    write_with_variants(&out, "tpe-widget.js", loader.as_bytes())?;
    let integrity = format!(
        "{{\n  \"tpe-widget.js\": \"{}\",\n  \"{glue_name}\": \"{}\",\n  \"{wasm_name}\": \"{}\"\n}}\n",
        sri(loader.as_bytes()),
        sri(&glue),
        sri(&wasm)
    );
    write(&out.join("integrity.json"), integrity.as_bytes())?;

    println!("\nwidget built into {}:", out.display());
    size::report()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hashes_are_ten_hex_digits_and_follow_the_content() {
        let a = content_hash(b"one");
        assert_eq!(a.len(), 10);
        assert!(a.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_ne!(a, content_hash(b"two"));
    }

    #[test]
    fn sri_is_sha384_in_base64() {
        // `printf '' | openssl dgst -sha384 -binary | base64`
        assert_eq!(
            sri(b""),
            "sha384-OLBgp1GsljhM2TJ+sbHjaiH9txEUvgdDTAzHv2P24donTt6/529l+9Ua0vFImLlb"
        );
    }

    #[test]
    fn the_loader_gets_the_hashed_names() {
        let out = loader(
            "import('__GLUE__'); x('__WASM__', '__GLUE_SRI__', '__WASM_SRI__')",
            "g.1.js",
            "w.2.wasm",
            ["sha384-g", "sha384-w"],
        )
        .unwrap();
        assert_eq!(
            out,
            "import('g.1.js'); x('w.2.wasm', 'sha384-g', 'sha384-w')"
        );
        assert!(loader("no placeholders", "a", "b", ["", ""]).is_err());
        assert!(loader("import('__GLUE__'); x('__WASM__')", "a", "b", ["", ""]).is_err());
    }

    #[test]
    fn only_hashed_outputs_are_cleaned_up() {
        assert!(is_hashed_output("tpe-widget.0123456789.js"));
        assert!(is_hashed_output("tpe-widget_bg.0123456789.wasm"));
        assert!(!is_hashed_output("tpe-widget.js"));
        assert!(!is_hashed_output("integrity.json"));
        assert!(is_hashed_output("tpe-widget_bg.0123456789.wasm.br"));
        assert!(is_hashed_output("tpe-widget.0123456789.js.gz"));
        assert!(!is_hashed_output("tpe-widget.js.br"));
    }

    #[test]
    fn the_loader_source_has_its_placeholders() {
        let source = fs::read_to_string(repo_root().join(LOADER_SOURCE)).unwrap();
        assert!(loader(&source, "a.js", "b.wasm", ["s1", "s2"]).is_ok());
    }
}
