//! `tpe-worker`: the command line. Thin on purpose: it parses arguments,
//! sets up logs, calls the library, and turns outcomes into exit codes
//! (0 ok, 1 a run failed, 2 bad config, 3 another run holds the lock).

use anyhow::Context;
use clap::{Parser, Subcommand};
use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use tpe_worker::config::Config;
use tpe_worker::logging::{self, LogFormat};
use tpe_worker::sync::{self, Progress, Step, SyncError, SyncOptions};

#[derive(Parser)]
#[command(
    name = "tpe-worker",
    version,
    about = "Sync worker: open data in, validated per-territory snapshots out."
)]
struct Cli {
    /// Log format on stderr.
    #[arg(long, value_enum, default_value = "text", global = true)]
    log_format: LogFormat,
    /// More detailed logs.
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// One run: fetch, validate, publish.
    Sync {
        #[arg(long)]
        config: PathBuf,
        /// A full run and a full publish: no "every source unchanged" shortcut,
        /// every territory rewritten and mirrored to output_url, even when it
        /// shrank past max_shrink_percent.
        #[arg(long)]
        force: bool,
    },
    /// Fetch and validate, print the report, publish nothing.
    Validate {
        #[arg(long)]
        config: PathBuf,
        /// Print the whole report as JSON on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Stay up and run `sync` on the config's cron schedule (Europe/Paris).
    Run {
        #[arg(long)]
        config: PathBuf,
    },
    /// Serve the published files with /healthz and /metrics.
    Serve {
        #[arg(long)]
        config: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: std::net::SocketAddr,
    },
    /// Collect the anonymous results owners choose to share (a separate
    /// process from `serve`, which stays read-only).
    Collect {
        #[arg(long)]
        config: PathBuf,
        #[arg(long, default_value = "127.0.0.1:8090")]
        addr: std::net::SocketAddr,
    },
    /// Print the aggregates of the shared results, per territory and month
    /// (figures from fewer than 5 records shown as "moins de 5").
    Stats {
        #[arg(long)]
        config: PathBuf,
    },
    /// Export the published venues in a national format (CSV).
    Export {
        #[arg(long)]
        config: PathBuf,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// The CSV to write; the business offers go beside it in
        /// `<name>.offres-entreprises.csv`.
        #[arg(long)]
        out: PathBuf,
    },
}

/// Export formats.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
enum ExportFormat {
    /// The national venue standard v1.0.2 ("lieux de médiation numérique").
    MediationNumerique,
}

const EXIT_FAILED: u8 = 1;
const EXIT_CONFIG: u8 = 2;
const EXIT_LOCKED: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A progress bar for people at a terminal; logs then show warnings only
    // (unless -v), so the two do not fight over the screen.
    let bar = cli.log_format == LogFormat::Text
        && !cli.verbose
        && std::io::stderr().is_terminal()
        && matches!(cli.command, Command::Sync { .. } | Command::Validate { .. });
    logging::init(cli.log_format, cli.verbose, bar);
    let config_path = match &cli.command {
        Command::Sync { config, .. }
        | Command::Validate { config, .. }
        | Command::Run { config }
        | Command::Serve { config, .. }
        | Command::Collect { config, .. }
        | Command::Stats { config }
        | Command::Export { config, .. } => config,
    };
    let cfg = match Config::load(config_path) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("tpe-worker: bad config: {e}");
            return ExitCode::from(EXIT_CONFIG);
        }
    };
    // `export` only reads files: no async runtime needed.
    if let Command::Export { format, out, .. } = &cli.command {
        return export(&cfg, *format, out);
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("tpe-worker: cannot start the async runtime: {e}");
            return ExitCode::from(EXIT_FAILED);
        }
    };
    runtime.block_on(async move {
        match cli.command {
            Command::Sync { force, .. } => {
                one_sync(
                    &cfg,
                    SyncOptions {
                        force,
                        progress: progress_bar(bar),
                        ..SyncOptions::default()
                    },
                    false,
                )
                .await
            }
            Command::Validate { json, .. } => {
                one_sync(
                    &cfg,
                    SyncOptions {
                        dry_run: true,
                        progress: progress_bar(bar),
                        ..SyncOptions::default()
                    },
                    json,
                )
                .await
            }
            Command::Run { .. } => edge(
                tpe_worker::schedule::run_forever(cfg)
                    .await
                    .context("scheduled mode"),
            ),
            Command::Serve { addr, .. } => {
                edge(tpe_worker::serve::serve(cfg, addr).await.context("serve"))
            }
            Command::Collect { addr, .. } => edge(
                tpe_worker::collect::collect(cfg, addr)
                    .await
                    .context("collect"),
            ),
            Command::Stats { .. } => edge(stats(&cfg).await),
            Command::Export { .. } => ExitCode::SUCCESS, // handled above, no runtime needed
        }
    })
}

async fn stats(cfg: &Config) -> anyhow::Result<()> {
    use tpe_worker::collect::{report, store::Store};
    let store = Store::open(&cfg.stats.url)
        .await
        .context("opening the statistics store")?;
    let (aggregate, unreadable) = report::aggregate(&store)
        .await
        .context("reading the statistics")?;
    print!(
        "{}",
        report::text(
            &aggregate,
            tpe_shared::questionnaire::Questionnaire::embedded()
        )
    );
    if unreadable > 0 {
        println!("({unreadable} record(s) of an older schema left out)");
    }
    store.close().await;
    Ok(())
}

async fn one_sync(cfg: &Config, opts: SyncOptions, json: bool) -> ExitCode {
    match sync::run(cfg, &opts).await {
        Ok(outcome) => {
            if json {
                match serde_json::to_string_pretty(&outcome.report) {
                    Ok(s) => println!("{s}"),
                    Err(e) => eprintln!("tpe-worker: cannot print the report: {e}"),
                }
            } else {
                print!("{}", outcome.report.summary());
                if opts.dry_run {
                    for e in &outcome.report.entries {
                        println!(
                            "{:<22} {:<28} {:<14} {}: {}",
                            e.source,
                            e.record_id,
                            format!("{:?}", e.action).to_lowercase(),
                            e.field,
                            e.reason
                        );
                    }
                } else if let Some(p) = &outcome.publish {
                    println!(
                        "published {} file(s), {} unchanged, {} refused, manifest {} — {} ms → {}",
                        p.written,
                        p.unchanged,
                        p.refused,
                        if p.manifest_written {
                            "written"
                        } else {
                            "unchanged"
                        },
                        outcome.duration_ms,
                        std::fs::canonicalize(&cfg.output_dir)
                            .unwrap_or_else(|_| cfg.output_dir.clone())
                            .display()
                    );
                }
                if let (Some(o), Some(url)) = (&outcome.object, &cfg.output_url) {
                    println!(
                        "object storage {url}: {} territory file(s) uploaded, {} already there, manifest {}, {} old object(s) pruned — {} request(s), {} ms",
                        o.uploaded,
                        o.already_there,
                        if o.manifest_written { "written" } else { "unchanged" },
                        o.pruned,
                        o.requests,
                        o.duration_ms
                    );
                }
            }
            if outcome.succeeded() {
                ExitCode::SUCCESS
            } else {
                if !outcome.failed_sources.is_empty() {
                    eprintln!(
                        "tpe-worker: source(s) failed: {} (their last good data was kept)",
                        outcome.failed_sources.join(", ")
                    );
                }
                ExitCode::from(EXIT_FAILED)
            }
        }
        Err(SyncError::Lock(e @ tpe_worker::publish::lock::LockError::Busy(_))) => {
            eprintln!("tpe-worker: {e}");
            ExitCode::from(EXIT_LOCKED)
        }
        Err(e) => edge(Err(anyhow::Error::new(e).context("sync"))),
    }
}

/// `export`: reads the last published snapshots, writes the CSV files.
fn export(cfg: &Config, format: ExportFormat, out: &std::path::Path) -> ExitCode {
    match format {
        ExportFormat::MediationNumerique => {
            let result = tpe_worker::export::export_mediation_numerique(&cfg.output_dir, out)
                .with_context(|| format!("export to {}", out.display()));
            match result {
                Ok(s) => {
                    for why in s.skipped.iter().chain(&s.dropped) {
                        tracing::warn!("export: {why}");
                    }
                    println!(
                        "exported {} venue(s) to {} ({} left out, {} value(s) left empty); {} business offer(s) to {}",
                        s.rows,
                        out.display(),
                        s.skipped.len(),
                        s.dropped.len(),
                        s.offers,
                        s.offers_path.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => edge(Err(e)),
            }
        }
    }
}

/// An indicatif bar on stderr driven by the run's steps, or nothing.
fn progress_bar(on: bool) -> Progress {
    if !on {
        return Progress::default();
    }
    let pb = indicatif::ProgressBar::new(0);
    if let Ok(style) =
        indicatif::ProgressStyle::with_template("{spinner} [{bar:30}] {pos}/{len} {msg}")
    {
        pb.set_style(style.progress_chars("=> "));
    }
    Progress::new(move |step| match step {
        Step::Start { total } => pb.set_length(total as u64),
        Step::Fetching(id) => {
            pb.set_message(format!("fetching {id}"));
            pb.inc(1);
        }
        Step::Reading(id) => {
            pb.set_message(format!("reading {id}"));
            pb.inc(1);
        }
        Step::Publishing => {
            pb.set_message("publishing");
            pb.inc(1);
        }
        Step::Done => pb.finish_and_clear(),
    })
}

/// The binary's edge: one clear line on stderr and exit code 1.
fn edge(result: anyhow::Result<()>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("tpe-worker: {e:#}");
            ExitCode::from(EXIT_FAILED)
        }
    }
}
