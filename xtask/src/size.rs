//! `cargo xtask size`: raw, gzip -9 and brotli -q 11 sizes of what a phone
//! downloads (the loader, the wasm-bindgen glue, the wasm, the territory
//! files), printed against the budgets of the widget issue. Figures only: a
//! slow or big build is never a failure here.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::tools::repo_root;

/// Loader budget, gzip.
const LOADER_GZIP: usize = 2 * 1024;
/// Glue + wasm budget, brotli; and the ceiling.
const APP_BROTLI: usize = 150 * 1024;
const APP_CEILING: usize = 250 * 1024;
/// Per territory file, brotli.
const TERRITORY_BROTLI: usize = 60 * 1024;

/// Sizes of one file's bytes.
#[derive(Clone, Copy, Default, Debug, PartialEq, Eq)]
pub struct Sizes {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

impl std::ops::Add for Sizes {
    type Output = Sizes;
    fn add(self, o: Sizes) -> Sizes {
        Sizes {
            raw: self.raw + o.raw,
            gzip: self.gzip + o.gzip,
            brotli: self.brotli + o.brotli,
        }
    }
}

/// `gzip -9` of `bytes`.
pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)
        .and_then(|()| gz.finish())
        .unwrap_or_default()
}

/// `brotli -q 11` of `bytes`.
pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        let _ = w.write_all(bytes);
    }
    br
}

pub fn measure(bytes: &[u8]) -> Sizes {
    Sizes {
        raw: bytes.len(),
        gzip: gzip(bytes).len(),
        brotli: brotli(bytes).len(),
    }
}

fn kb(n: usize) -> String {
    format!("{:.1} KB", n as f64 / 1024.0)
}

fn line(name: &str, s: Sizes, budget: &str) {
    println!(
        "  {name:<34} {:>10} {:>10} {:>10}   {budget}",
        kb(s.raw),
        kb(s.gzip),
        kb(s.brotli)
    );
}

fn verdict(value: usize, budget: usize) -> &'static str {
    if value <= budget {
        "ok"
    } else {
        "OVER"
    }
}

/// The hashed glue and wasm of `www/widget/`, if built.
pub fn built_files(widget_dir: &Path) -> (Option<PathBuf>, Option<PathBuf>) {
    let mut glue = None;
    let mut wasm = None;
    for entry in fs::read_dir(widget_dir).into_iter().flatten().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("tpe-widget.") && name.ends_with(".js") && name != "tpe-widget.js" {
            glue = Some(entry.path());
        } else if name.starts_with("tpe-widget_bg.") && name.ends_with(".wasm") {
            wasm = Some(entry.path());
        }
    }
    (glue, wasm)
}

/// Prints the table; errors only when nothing has been built yet.
pub fn report() -> Result<(), String> {
    let root = repo_root();
    let widget = root.join("www/widget");
    let loader = widget.join("tpe-widget.js");
    let (glue, wasm) = built_files(&widget);
    let (Some(glue), Some(wasm), true) = (glue, wasm, loader.is_file()) else {
        return Err(format!(
            "{} holds no built widget: run `cargo xtask dist` first",
            widget.display()
        ));
    };
    let read = |p: &Path| fs::read(p).map_err(|e| format!("{}: {e}", p.display()));
    let name = |p: &Path| {
        p.file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    };

    println!(
        "  {:<34} {:>10} {:>10} {:>10}   budget",
        "file", "raw", "gzip -9", "brotli 11"
    );
    let l = measure(&read(&loader)?);
    line(
        "tpe-widget.js (loader)",
        l,
        &format!(
            "gzip ≤ {}: {}",
            kb(LOADER_GZIP),
            verdict(l.gzip, LOADER_GZIP)
        ),
    );
    let g = measure(&read(&glue)?);
    line(&name(&glue), g, "");
    let w = measure(&read(&wasm)?);
    line(&name(&wasm), w, "");
    let app = g + w;
    line(
        "glue + wasm",
        app,
        &format!(
            "brotli ≤ {} ({}), ceiling {} ({})",
            kb(APP_BROTLI),
            verdict(app.brotli, APP_BROTLI),
            kb(APP_CEILING),
            verdict(app.brotli, APP_CEILING)
        ),
    );

    let data = root.join("www/data");
    let mut territories: Vec<PathBuf> = fs::read_dir(data.join("territories"))
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    territories.sort();
    for t in territories {
        let s = measure(&read(&t)?);
        line(
            &format!("territories/{}", name(&t)),
            s,
            &format!(
                "brotli ≤ {}: {}",
                kb(TERRITORY_BROTLI),
                verdict(s.brotli, TERRITORY_BROTLI)
            ),
        );
    }
    let communes = data.join("communes-hdf.csv");
    if communes.is_file() {
        line(
            "communes-hdf.csv (fetched once)",
            measure(&read(&communes)?),
            "",
        );
    }
    Ok(())
}

pub fn run(args: &[String]) -> Result<(), String> {
    if let Some(a) = args.first() {
        return Err(format!("`cargo xtask size` takes no argument (got `{a}`)"));
    }
    report()?;
    // The time to `tpe:ready` needs Chromium: measured by the e2e crate's
    // `ready-time` binary, only when the browser is there.
    if std::path::Path::new(crate::tools::CHROMIUM).is_file() {
        println!();
        crate::tools::run(crate::tools::cargo().args([
            "run",
            "--quiet",
            "-p",
            "tpe-e2e",
            "--bin",
            "ready-time",
        ]))?;
    } else {
        println!(
            "time to tpe:ready: not measured ({} missing)",
            crate::tools::CHROMIUM
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_sizes_of_repetitive_text_are_smaller() {
        let text = "Diagnostic numérique TPE ".repeat(200);
        let s = measure(text.as_bytes());
        assert_eq!(s.raw, text.len());
        assert!(s.gzip > 0 && s.gzip < s.raw / 10, "{s:?}");
        assert!(s.brotli > 0 && s.brotli < s.raw / 10, "{s:?}");
    }
}
