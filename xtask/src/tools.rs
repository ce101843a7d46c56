//! Finding, checking and installing the tools the tasks need, and running child processes.
//!
//! Every `ensure_*` function first checks whether the tool is already there, and installs it
//! only when it is missing (or at the wrong version). What is installed, and from where:
//!
//! | tool | check | install |
//! | --- | --- | --- |
//! | wasm32 target | `rustup target list --installed` | `rustup target add wasm32-unknown-unknown` |
//! | wasm-bindgen CLI | `wasm-bindgen --version` (PATH, then `~/.cargo/bin`) | `cargo install wasm-bindgen-cli --version <Cargo.lock version>` |
//! | Chromium, chromedriver | `/usr/bin/chromium`, `/usr/bin/chromedriver` | `apt-get install -y chromium chromium-driver` (as root) |
//! | PostgreSQL server | `/usr/lib/postgresql/*/bin/initdb` | `apt-get install -y postgresql` (as root) |
//! | wasm-opt | `tools/node_modules/.bin/wasm-opt --version` | `npm install --prefix tools binaryen@132.0.0` |

use std::ffi::OsStr;
use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// The binaryen release whose `wasm-opt` we use. Debian's `binaryen` (108) cannot parse what
/// current rustc emits (reference types, `table.fill`), so it comes from npm instead.
pub const BINARYEN_VERSION: &str = "132.0.0";
/// The JavaScript minifier the glue goes through (exact version: the same
/// input gives the same bytes, so the published hash is reproducible).
pub const TERSER_VERSION: &str = "5.51.4";

/// Debian packages that provide [`CHROMIUM`] and [`CHROMEDRIVER`].
pub const CHROMIUM_PACKAGES: [&str; 2] = ["chromium", "chromium-driver"];
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// The repository root: the parent of the xtask crate.
pub fn repo_root() -> PathBuf {
    let xtask_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask_dir
        .parent()
        .expect("xtask lives in a folder of the repository")
        .to_path_buf()
}

/// The cargo that runs us (`cargo xtask` sets `CARGO`), so that child builds use the same
/// toolchain; plain `cargo` from PATH otherwise.
/// Cargo's target folder: `CARGO_TARGET_DIR` when set (relative to the
/// repository, where every cargo command of the tasks runs), else `target/`.
pub fn target_dir() -> PathBuf {
    target_dir_from(&repo_root(), std::env::var_os("CARGO_TARGET_DIR"))
}

fn target_dir_from(root: &Path, env: Option<std::ffi::OsString>) -> PathBuf {
    match env.filter(|d| !d.is_empty()) {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// A binary cargo built with `profile` (`debug`, `release`, `worker-release`).
pub fn built_binary(profile: &str, name: &str) -> PathBuf {
    target_dir().join(profile).join(name)
}

pub fn cargo() -> Command {
    let mut cmd = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(repo_root());
    cmd
}

/// The command line as a user would type it, for messages.
pub fn command_line(cmd: &Command) -> String {
    let program = cmd.get_program();
    // Show `cargo`, not the toolchain's absolute path that `CARGO` holds.
    let program = if Path::new(program).file_name() == Some(OsStr::new("cargo")) {
        "cargo".to_string()
    } else {
        program.to_string_lossy().into_owned()
    };
    let mut line = program;
    for arg in cmd.get_args() {
        let arg = arg.to_string_lossy();
        line.push(' ');
        if arg.is_empty() || arg.contains(|c: char| c.is_whitespace() || "\"'$`\\".contains(c)) {
            line.push('\'');
            line.push_str(&arg.replace('\'', r"'\''"));
            line.push('\'');
        } else {
            line.push_str(&arg);
        }
    }
    line
}

fn spawn_error(cmd: &Command, e: std::io::Error) -> String {
    if e.kind() == ErrorKind::NotFound {
        format!(
            "`{}`: `{}` was not found on PATH",
            command_line(cmd),
            cmd.get_program().to_string_lossy()
        )
    } else {
        format!("`{}` could not start: {e}", command_line(cmd))
    }
}

/// Runs `cmd` with inherited stdin, stdout and stderr; a non-zero exit is an error that names
/// the command line.
pub fn run(cmd: &mut Command) -> Result<(), String> {
    let status = cmd.status().map_err(|e| spawn_error(cmd, e))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{}` failed ({status})", command_line(cmd)))
    }
}

/// Runs `cmd` and returns its standard output; standard error goes to ours.
pub fn capture(cmd: &mut Command) -> Result<String, String> {
    let output = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| spawn_error(cmd, e))?;
    if output.status.success() {
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    } else {
        Err(format!(
            "`{}` failed ({})",
            command_line(cmd),
            output.status
        ))
    }
}

/// Like [`capture`], but `None` when the program is missing or fails, with its standard error
/// discarded (for "is it here?" checks, whose failure only means "install it").
pub fn probe(cmd: &mut Command) -> Option<String> {
    let output = cmd
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    output
        .status
        .success()
        .then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

// ---------------------------------------------------------------------------------------------
// wasm32 target

/// Makes sure the active toolchain can build for `wasm32-unknown-unknown`, adding the target
/// through rustup when it is missing.
pub fn ensure_wasm_target() -> Result<(), String> {
    let mut list = Command::new("rustup");
    list.args(["target", "list", "--installed"]);
    match list.stdin(Stdio::null()).stderr(Stdio::inherit()).output() {
        Ok(output) if output.status.success() => {
            let installed = String::from_utf8_lossy(&output.stdout);
            if installed.lines().any(|l| l.trim() == WASM_TARGET) {
                println!("{WASM_TARGET}: installed");
                return Ok(());
            }
            println!("{WASM_TARGET}: missing, adding it with rustup");
            run(Command::new("rustup").args(["target", "add", WASM_TARGET]))
        }
        Ok(output) => Err(format!(
            "`{}` failed ({})",
            command_line(&list),
            output.status
        )),
        Err(e) if e.kind() == ErrorKind::NotFound => {
            // A toolchain without rustup: look for the target's standard library in the sysroot.
            let sysroot = capture(Command::new("rustc").args(["--print", "sysroot"]))?;
            let lib = Path::new(sysroot.trim())
                .join("lib/rustlib")
                .join(WASM_TARGET);
            if lib.is_dir() {
                println!("{WASM_TARGET}: installed ({})", lib.display());
                Ok(())
            } else {
                Err(format!(
                    "the Rust standard library for {WASM_TARGET} is missing ({} does not exist) \
                     and rustup is not available to add it: install Rust with rustup \
                     (https://rustup.rs), then run `rustup target add {WASM_TARGET}`",
                    lib.display()
                ))
            }
        }
        Err(e) => Err(spawn_error(&list, e)),
    }
}

// ---------------------------------------------------------------------------------------------
// wasm-bindgen CLI

/// The version of the `wasm-bindgen` package recorded in Cargo.lock text, if any. The CLI must
/// match it exactly ("schema version … must exactly match"). Should the lock ever hold several
/// versions, the first one listed is returned.
pub fn wasm_bindgen_version_from_lock(lock_text: &str) -> Option<String> {
    let mut in_package = false;
    let mut name: Option<&str> = None;
    let mut version: Option<&str> = None;
    for line in lock_text.lines().map(str::trim) {
        if line.starts_with('[') {
            if in_package && name == Some("wasm-bindgen") {
                if let Some(v) = version {
                    return Some(v.to_string());
                }
            }
            in_package = line == "[[package]]";
            name = None;
            version = None;
        } else if in_package {
            if let Some(v) = toml_string_value(line, "name") {
                name = Some(v);
            } else if let Some(v) = toml_string_value(line, "version") {
                version = Some(v);
            }
        }
    }
    if in_package && name == Some("wasm-bindgen") {
        return version.map(str::to_string);
    }
    None
}

/// `key = "value"` → `value` (the simple form Cargo.lock uses).
fn toml_string_value<'a>(line: &'a str, key: &str) -> Option<&'a str> {
    let rest = line
        .strip_prefix(key)?
        .trim_start()
        .strip_prefix('=')?
        .trim();
    rest.strip_prefix('"')?.strip_suffix('"')
}

/// `wasm-bindgen 0.2.130` (what `wasm-bindgen --version` prints) → `0.2.130`.
fn wasm_bindgen_cli_version(version_output: &str) -> Option<&str> {
    let mut words = version_output.split_whitespace();
    (words.next()? == "wasm-bindgen").then_some(())?;
    words.next()
}

/// The `wasm-bindgen` CLI at exactly `version`: on PATH, else in `$CARGO_HOME/bin`
/// (`~/.cargo/bin`), else installed with `cargo install wasm-bindgen-cli --version <version>`
/// (without `--locked`: the CLI's own lockfile names a crate version the registry lacks).
/// Returns the program to run.
pub fn ensure_wasm_bindgen_cli(version: &str) -> Result<PathBuf, String> {
    let cargo_bin = cargo_home().map(|home| home.join("bin").join("wasm-bindgen"));
    let mut candidates = vec![PathBuf::from("wasm-bindgen")];
    candidates.extend(cargo_bin.clone());
    for candidate in &candidates {
        let found = probe(Command::new(candidate).arg("--version"));
        match found.as_deref().and_then(wasm_bindgen_cli_version) {
            Some(v) if v == version => {
                println!("wasm-bindgen {v}: {}", candidate.display());
                return Ok(candidate.clone());
            }
            Some(v) => println!(
                "wasm-bindgen {v} at {} does not match {version} (Cargo.lock)",
                candidate.display()
            ),
            None => {}
        }
    }
    println!("wasm-bindgen-cli {version}: installing with cargo install (about 2 minutes)");
    run(cargo().args(["install", "wasm-bindgen-cli", "--version", version]))?;
    for candidate in cargo_bin.iter().chain(candidates.first()) {
        let found = probe(Command::new(candidate).arg("--version"));
        if found.as_deref().and_then(wasm_bindgen_cli_version) == Some(version) {
            return Ok(candidate.clone());
        }
    }
    Err(format!(
        "wasm-bindgen-cli {version} was installed but `wasm-bindgen --version` does not report \
         it; check that {} holds it",
        cargo_bin.map_or("$CARGO_HOME/bin".into(), |p| p.display().to_string())
    ))
}

fn cargo_home() -> Option<PathBuf> {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| Path::new(&home).join(".cargo")))
}

// ---------------------------------------------------------------------------------------------
// Chromium and chromedriver

/// Paths of the browser and its WebDriver.
#[derive(Debug, Clone)]
pub struct Chromium {
    pub browser: PathBuf,
    pub driver: PathBuf,
}

/// Chromium and chromedriver from Debian (`/usr/bin/chromium`, `/usr/bin/chromedriver`). When
/// either is missing and we run as root, installs the `chromium` and `chromium-driver`
/// packages with apt-get; otherwise fails naming them.
pub fn ensure_chromium() -> Result<Chromium, String> {
    let found = || {
        let (browser, driver) = (Path::new(CHROMIUM), Path::new(CHROMEDRIVER));
        (browser.is_file() && driver.is_file()).then(|| Chromium {
            browser: browser.to_path_buf(),
            driver: driver.to_path_buf(),
        })
    };
    if let Some(chromium) = found() {
        println!("chromium: {CHROMIUM}, chromedriver: {CHROMEDRIVER}");
        return Ok(chromium);
    }
    let packages = CHROMIUM_PACKAGES.join(" ");
    if !is_root() {
        return Err(format!(
            "{CHROMIUM} and {CHROMEDRIVER} are needed; install them with \
             `sudo apt-get update && sudo apt-get install -y {packages}`"
        ));
    }
    println!("chromium: missing, installing the Debian packages {packages}");
    run(Command::new("apt-get")
        .arg("update")
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    run(Command::new("apt-get")
        .args(["install", "-y"])
        .args(CHROMIUM_PACKAGES)
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    found().ok_or_else(|| {
        format!("apt-get installed {packages} but {CHROMIUM} or {CHROMEDRIVER} is still missing")
    })
}

/// The folder of Debian's PostgreSQL server binaries (`/usr/lib/postgresql/<major>/bin`),
/// for the collector's tests against a real server. Installs the `postgresql` package
/// with apt-get when missing and running as root; otherwise fails naming it.
pub fn ensure_postgresql() -> Result<PathBuf, String> {
    let found = || {
        std::fs::read_dir("/usr/lib/postgresql")
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path().join("bin"))
            .find(|bin| bin.join("initdb").is_file() && bin.join("pg_ctl").is_file())
    };
    if let Some(bin) = found() {
        println!("postgresql: {}", bin.display());
        return Ok(bin);
    }
    if !is_root() {
        return Err(
            "PostgreSQL is needed by the collector's tests; install it with \
             `sudo apt-get update && sudo apt-get install -y postgresql`"
                .into(),
        );
    }
    println!("postgresql: missing, installing the Debian package postgresql");
    run(Command::new("apt-get")
        .arg("update")
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    run(Command::new("apt-get")
        .args(["install", "-y", "postgresql"])
        .env("DEBIAN_FRONTEND", "noninteractive"))?;
    found().ok_or_else(|| "apt-get installed postgresql but no initdb was found".into())
}

fn is_root() -> bool {
    probe(Command::new("id").arg("-u")).is_some_and(|uid| uid.trim() == "0")
}

// ---------------------------------------------------------------------------------------------
// wasm-opt (binaryen, from npm)

/// `wasm-opt version 132 (version_132)` → `132`.
fn binaryen_major(version_output: &str) -> Option<u32> {
    let rest = version_output.trim().strip_prefix("wasm-opt version ")?;
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    digits.parse().ok()
}

/// `wasm-opt` from the npm package `binaryen@132.0.0`, installed into `tools_dir`
/// (`tools/` at the repository root) with npm when missing. Returns the program to run.
pub fn ensure_wasm_opt(tools_dir: &Path) -> Result<PathBuf, String> {
    let wasm_opt = tools_dir.join("node_modules/.bin/wasm-opt");
    let wanted: u32 = BINARYEN_VERSION
        .split('.')
        .next()
        .and_then(|major| major.parse().ok())
        .expect("BINARYEN_VERSION starts with a number");
    let version = || {
        probe(Command::new(&wasm_opt).arg("--version"))
            .as_deref()
            .and_then(binaryen_major)
    };
    if version() == Some(wanted) {
        println!("wasm-opt {wanted}: {}", wasm_opt.display());
        return Ok(wasm_opt);
    }
    if probe(Command::new("npm").arg("--version")).is_none() {
        return Err(format!(
            "wasm-opt (binaryen {BINARYEN_VERSION}) comes from npm, and npm was not found: \
             install Node.js and npm (Debian: `apt-get install -y nodejs npm`)"
        ));
    }
    npm_install(tools_dir, &format!("binaryen@{BINARYEN_VERSION}"))?;
    match version() {
        Some(v) if v == wanted => Ok(wasm_opt),
        other => Err(format!(
            "after `npm install`, {} reports version {other:?}, not {wanted}",
            wasm_opt.display()
        )),
    }
}

/// `npm install <package>@<exact version>` into `tools_dir`.
fn npm_install(tools_dir: &Path, package: &str) -> Result<(), String> {
    println!("installing {package} from npm into {}", tools_dir.display());
    run(Command::new("npm")
        .arg("install")
        .arg("--prefix")
        .arg(tools_dir)
        .args([package, "--save-exact", "--no-audit", "--no-fund"]))
}

/// `terser` at [`TERSER_VERSION`] in `tools/node_modules`, installed with npm
/// when missing (npm is already needed for binaryen).
pub fn ensure_terser(tools_dir: &Path) -> Result<PathBuf, String> {
    let terser = tools_dir.join("node_modules/.bin/terser");
    let version = || probe(Command::new(&terser).arg("--version"));
    let wanted = format!("terser {TERSER_VERSION}");
    if version().is_some_and(|v| v.trim() == wanted) {
        return Ok(terser);
    }
    npm_install(tools_dir, &format!("terser@{TERSER_VERSION}"))?;
    match version() {
        Some(v) if v.trim() == wanted => Ok(terser),
        other => Err(format!(
            "after `npm install`, {} reports {other:?}, not {wanted}",
            terser.display()
        )),
    }
}

// ---------------------------------------------------------------------------------------------
// Python tools (virtual environment)

/// The `tools/venv` virtual environment (created with `python3 -m venv` when missing) with
/// `packages` installed by pip; returns its Python.
pub fn ensure_python_venv(packages: &[&str]) -> Result<PathBuf, String> {
    let venv = repo_root().join("tools/venv");
    let python = venv.join("bin/python");
    if !python.is_file() {
        println!("python: creating {}", venv.display());
        run(Command::new("python3").args(["-m", "venv"]).arg(&venv))?;
    }
    run(Command::new(venv.join("bin/pip"))
        .args(["install", "--quiet", "--disable-pip-version-check"])
        .args(packages))?;
    Ok(python)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_target_folder_follows_cargo_target_dir() {
        let root = Path::new("/repo");
        assert_eq!(target_dir_from(root, None), Path::new("/repo/target"));
        assert_eq!(
            target_dir_from(root, Some("".into())),
            Path::new("/repo/target")
        );
        assert_eq!(
            target_dir_from(root, Some("build/cache".into())),
            Path::new("/repo/build/cache")
        );
        assert_eq!(
            target_dir_from(root, Some("/var/cache/cargo".into())),
            Path::new("/var/cache/cargo")
        );
    }

    const LOCK: &str = r#"# This file is automatically @generated by Cargo.
# It is not intended for manual editing.
version = 4

[[package]]
name = "wasm-bindgen"
version = "0.2.130"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "0123"
dependencies = [
 "cfg-if",
 "once_cell",
 "wasm-bindgen-macro",
]

[[package]]
name = "wasm-bindgen-macro"
version = "0.2.131"
source = "registry+https://github.com/rust-lang/crates.io-index"
"#;

    #[test]
    fn lock_version_of_wasm_bindgen() {
        assert_eq!(
            wasm_bindgen_version_from_lock(LOCK).as_deref(),
            Some("0.2.130")
        );
    }

    #[test]
    fn lock_version_ignores_similar_names_and_dependency_lists() {
        let lock = r#"
[[package]]
name = "tpe-widget"
version = "0.1.0"
dependencies = [
 "wasm-bindgen",
]

[[package]]
name = "wasm-bindgen-futures"
version = "0.4.50"
"#;
        assert_eq!(wasm_bindgen_version_from_lock(lock), None);
    }

    #[test]
    fn lock_version_when_wasm_bindgen_is_the_last_package() {
        let lock = "[[package]]\nname = \"a\"\nversion = \"1.0.0\"\n\n\
                    [[package]]\nversion = \"0.2.99\"\nname = \"wasm-bindgen\"\n";
        assert_eq!(
            wasm_bindgen_version_from_lock(lock).as_deref(),
            Some("0.2.99")
        );
    }

    #[test]
    fn lock_version_of_the_current_workspace_lock_parses() {
        // Whatever the lock holds today, parsing it must not panic, and a version, if found,
        // looks like one.
        let text = std::fs::read_to_string(repo_root().join("Cargo.lock")).unwrap_or_default();
        if let Some(v) = wasm_bindgen_version_from_lock(&text) {
            assert!(v.split('.').count() >= 3, "{v}");
        }
    }

    #[test]
    fn cli_version_output() {
        assert_eq!(
            wasm_bindgen_cli_version("wasm-bindgen 0.2.130\n"),
            Some("0.2.130")
        );
        assert_eq!(wasm_bindgen_cli_version("something 1.0"), None);
        assert_eq!(wasm_bindgen_cli_version(""), None);
    }

    #[test]
    fn binaryen_version_output() {
        assert_eq!(
            binaryen_major("wasm-opt version 132 (version_132)\n"),
            Some(132)
        );
        assert_eq!(binaryen_major("wasm-opt version 108"), Some(108));
        assert_eq!(binaryen_major("wasm-opt"), None);
    }

    #[test]
    fn command_lines_are_readable() {
        let mut cmd = Command::new("/home/u/.rustup/toolchains/x/bin/cargo");
        cmd.args(["clippy", "--", "-D", "warnings", "a b", "it's"]);
        assert_eq!(
            command_line(&cmd),
            r"cargo clippy -- -D warnings 'a b' 'it'\''s'"
        );
    }

    #[test]
    fn repo_root_holds_the_workspace() {
        assert!(repo_root().join("Cargo.toml").is_file());
        assert!(repo_root().join("xtask").is_dir());
    }

    #[test]
    fn run_reports_failures_with_the_command_line() {
        let err = run(Command::new("false").arg("--flag")).unwrap_err();
        assert!(err.contains("`false --flag` failed"), "{err}");
        let err = run(&mut Command::new("no-such-program-xtask")).unwrap_err();
        assert!(err.contains("not found"), "{err}");
    }
}
