//! `cargo xtask bench-worker`: the worker against a pandas baseline on a
//! national-scale file. Prints figures; passes or fails nothing.
//!
//! 1. generates N venue rows (default 1,000,000) in the national standard's CSV
//!    (`worker/benches/baseline.py generate`);
//! 2. builds `tpe-worker` with the `worker-release` profile (speed, not size);
//! 3. reads the file once (both programs then find it in the page cache),
//!    runs `tpe-worker sync` on it for the three pilot territories, then again
//!    (nothing changed: the refresh a scheduled run does most days);
//! 4. runs the pandas baseline (`baseline.py run`) on the same file;
//! 5. prints rows/s and peak RSS of both, and the ratio.
//!
//! pandas goes into the `tools/venv` virtual environment the tests also use.

use std::fs;
use std::path::Path;
use std::process::Command;

use crate::tools::{self, repo_root};

const USAGE: &str = "usage: cargo xtask bench-worker [--rows N]

Generates N venue rows (default 1000000) in the national venue standard, times
`tpe-worker sync` on them (and an unchanged refresh), then the pandas baseline
worker/benches/baseline.py, and prints rows/s, peak RSS and the ratio.";

/// Runs `cmd` under Python's `resource` module: (wall seconds, peak RSS in MiB, stdout).
fn measured(python: &Path, cmd: &[&str]) -> Result<(f64, f64, String), String> {
    const WRAPPER: &str = "import resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
secs = time.perf_counter() - t
sys.stderr.write(p.stderr[-4000:])
if p.returncode != 0:
    sys.exit(p.returncode)
rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f'{secs:.4f} {rss:.1f}')
print(p.stdout)";
    let mut c = Command::new(python);
    c.arg("-c").arg(WRAPPER).args(cmd).current_dir(repo_root());
    let out = tools::capture(&mut c)?;
    let (first, rest) = out.split_once('\n').unwrap_or((&out, ""));
    let mut nums = first.split_whitespace().map(str::parse::<f64>);
    match (nums.next(), nums.next()) {
        (Some(Ok(secs)), Some(Ok(rss))) => Ok((secs, rss, rest.to_string())),
        _ => Err(format!(
            "could not read the measurement of {cmd:?}: {first}"
        )),
    }
}

pub fn run(args: &[String]) -> Result<(), String> {
    let mut rows: u64 = 1_000_000;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--rows" => {
                rows = it
                    .next()
                    .and_then(|n| n.parse().ok())
                    .ok_or("--rows needs a number")?
            }
            "-h" | "--help" => {
                println!("{USAGE}");
                return Ok(());
            }
            other => return Err(format!("unexpected argument `{other}`\n\n{USAGE}")),
        }
    }
    let root = repo_root();
    let work = tools::target_dir().join("bench-worker");
    fs::create_dir_all(&work).map_err(|e| format!("creating {}: {e}", work.display()))?;
    let python = tools::ensure_python_venv(&["pandas>=2,<3"])?;
    let script = root.join("worker/benches/baseline.py");
    let csv = work.join(format!("venues-{rows}.csv"));
    if !csv.is_file() {
        println!("==> generating {rows} rows into {}", csv.display());
        tools::run(
            Command::new(&python)
                .arg(&script)
                .args(["generate", &rows.to_string()])
                .arg(&csv),
        )?;
    }
    let size_mb = fs::metadata(&csv)
        .map(|m| m.len() as f64 / 1e6)
        .unwrap_or(0.0);

    println!("==> building tpe-worker (profile worker-release)");
    tools::run(tools::cargo().args(["build", "--profile", "worker-release", "-p", "tpe-worker"]))?;
    let worker = tools::built_binary("worker-release", "tpe-worker");

    let config = work.join("bench.toml");
    let _ = fs::remove_dir_all(work.join("out"));
    let _ = fs::remove_dir_all(work.join("state"));
    let toml = format!(
        "output_dir = \"out\"\nstate_dir = \"state\"\nschedule = \"0 0 4 * * *\"\nmax_shrink_percent = 30\n\n\
         [[territories]]\nid = \"soissons\"\nname = \"Soissons\"\ninsee = \"02722\"\nradius_km = 20\n\n\
         [[territories]]\nid = \"arras\"\nname = \"Arras\"\ninsee = \"62041\"\nradius_km = 20\n\n\
         [[territories]]\nid = \"calais\"\nname = \"Calais\"\ninsee = \"62193\"\nradius_km = 20\n\n\
         [[sources]]\nid = \"national\"\nkind = \"mediation-numerique\"\nurl = \"{}\"\nformat = \"csv\"\nmax_bytes = 4000000000\n",
        csv.display()
    );
    fs::write(&config, toml).map_err(|e| format!("writing {}: {e}", config.display()))?;
    let (w, c) = (worker.to_string_lossy(), config.to_string_lossy());
    let sync = [w.as_ref(), "sync", "--config", c.as_ref()];

    // pandas always ran second, on a file the worker had just read; after a
    // build the worker met it on disk (1.8 s instead of 1.2). Both now start
    // with it in the page cache.
    println!("==> reading the file once, so that both programs find it in memory");
    let mut file = fs::File::open(&csv).map_err(|e| format!("opening {}: {e}", csv.display()))?;
    std::io::copy(&mut file, &mut std::io::sink())
        .map_err(|e| format!("reading {}: {e}", csv.display()))?;
    println!("==> tpe-worker sync on {rows} rows ({size_mb:.0} MB)");
    let (w_secs, w_rss, w_out) = measured(&python, &sync)?;
    print!("{w_out}");
    println!("==> tpe-worker sync again, nothing changed");
    let (u_secs, _, _) = measured(&python, &sync)?;

    println!("==> pandas baseline on the same file");
    let out_dir = work.join("baseline-out");
    let (py, sc, cs, od) = (
        python.to_string_lossy(),
        script.to_string_lossy(),
        csv.to_string_lossy(),
        out_dir.to_string_lossy(),
    );
    let (_, b_rss, b_out) = measured(
        &python,
        &[py.as_ref(), sc.as_ref(), "run", cs.as_ref(), od.as_ref()],
    )?;
    // The baseline times itself (without the interpreter's start-up).
    let b_secs = b_out
        .split_whitespace()
        .find_map(|f| f.strip_prefix("seconds="))
        .and_then(|s| s.parse::<f64>().ok())
        .ok_or_else(|| format!("the baseline printed no timing: {b_out}"))?;

    let rate = |secs: f64| rows as f64 / secs;
    println!();
    println!(
        "{:<32} {:>10} {:>12} {:>14}",
        "", "seconds", "rows/s", "peak RSS MiB"
    );
    println!(
        "{:<32} {:>10.2} {:>12.0} {:>14.0}",
        "tpe-worker sync",
        w_secs,
        rate(w_secs),
        w_rss
    );
    println!(
        "{:<32} {:>10.2} {:>12.0} {:>14.0}",
        "pandas baseline",
        b_secs,
        rate(b_secs),
        b_rss
    );
    println!("{:<32} {:>10.3}", "tpe-worker unchanged refresh", u_secs);
    println!();
    println!(
        "worker / baseline speed: {:.1}× (target ≥ 10×); worker peak RSS {:.0} MiB (target ≤ 200); unchanged refresh {:.0} ms (target ≤ 50)",
        b_secs / w_secs,
        w_rss,
        u_secs * 1000.0
    );
    Ok(())
}
