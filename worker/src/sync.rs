//! One run: fetch every source, fall back to its last good data when it
//! fails, validate, assemble per territory and publish. A failing source
//! never stops the others, and never removes what was published.

use crate::area::Relevance;
use crate::assemble;
use crate::config::{Config, Location};
use crate::fetch::state::SourceState;
use crate::fetch::{FetchSettings, Fetcher, Origin};
use crate::ingest::{ingest, IngestContext, SourceData};
use crate::publish::atomic::write_atomic;
use crate::publish::lock::{LockError, RunLock};
use crate::publish::{PublishError, PublishOptions, PublishOutcome, Publisher};
use crate::report::{Action, LeftOutCount, Report, SourceOutcome, TerritoryOutcome};
use crate::time::now_paris;
use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use std::time::Instant;
use thiserror::Error;
use tpe_shared::model::{Manifest, ManifestSource, SourceInfo, SourceStatus, TerritorySnapshot};
use tpe_shared::pathway::stale_since;

#[derive(Debug, Error)]
pub enum SyncError {
    #[error(transparent)]
    Lock(#[from] LockError),
    #[error(transparent)]
    Publish(#[from] PublishError),
    #[error(transparent)]
    Object(#[from] crate::publish::object::ObjectPublishError),
}

/// What the caller asked for.
#[derive(Clone, Debug, Default)]
pub struct SyncOptions {
    pub force: bool,
    /// Validate only: no lock, nothing written (not even source state).
    pub dry_run: bool,
    pub fetch: FetchSettings,
    pub progress: Progress,
    #[doc(hidden)]
    pub crash_after_temp: bool,
}

/// A step of a run, for a progress display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step<'a> {
    /// `total` steps are coming: each source, then publishing.
    Start {
        total: usize,
    },
    Fetching(&'a str),
    Reading(&'a str),
    Publishing,
    Done,
}

type StepFn = dyn Fn(Step) + Send + Sync;

/// Called as a run advances; the binary draws a progress bar with it.
#[derive(Clone, Default)]
pub struct Progress(Option<std::sync::Arc<StepFn>>);

impl Progress {
    pub fn new(f: impl Fn(Step) + Send + Sync + 'static) -> Progress {
        Progress(Some(std::sync::Arc::new(f)))
    }

    fn step(&self, s: Step) {
        if let Some(f) = &self.0 {
            f(s);
        }
    }
}

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Progress(on)"
        } else {
            "Progress(off)"
        })
    }
}

/// How a run went.
#[derive(Debug)]
pub struct SyncOutcome {
    pub report: Report,
    pub publish: Option<PublishOutcome>,
    /// The mirror to `output_url`, when the config names one.
    pub object: Option<crate::publish::object::ObjectOutcome>,
    pub failed_sources: Vec<String>,
    pub duration_ms: u64,
}

impl SyncOutcome {
    /// A run "failed" (exit 1) when a source failed or a territory was not
    /// published; what was published before stays either way.
    pub fn succeeded(&self) -> bool {
        self.failed_sources.is_empty() && self.publish.as_ref().is_none_or(|p| p.refused == 0)
    }
}

/// Written to `state_dir/last_run.json` for `/healthz` and `/metrics`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    pub finished_at: Option<DateTime<FixedOffset>>,
    pub last_success_at: Option<DateTime<FixedOffset>>,
    pub success: bool,
    pub duration_ms: u64,
    pub sources: Vec<SourceCounts>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SourceCounts {
    pub id: String,
    pub kept: usize,
    pub rejected: usize,
    pub stale: bool,
    #[serde(default)]
    pub old_records: usize,
}

pub async fn run(cfg: &Config, opts: &SyncOptions) -> Result<SyncOutcome, SyncError> {
    let started = Instant::now();
    let _lock = if opts.dry_run {
        None
    } else {
        Some(RunLock::acquire(&cfg.state_dir)?)
    };
    let now = now_paris();
    let today = now.date_naive();
    let fetcher = Fetcher::new(opts.fetch.clone());

    // 1. Fetch everything first: if nothing changed, there is nothing to do.
    opts.progress.step(Step::Start {
        total: cfg.sources.len() * 2 + 1,
    });
    let mut fetched = Vec::with_capacity(cfg.sources.len());
    for src in &cfg.sources {
        opts.progress.step(Step::Fetching(&src.id));
        let state = SourceState::open(&cfg.state_dir, &src.id);
        let result = fetcher.fetch(src, &state).await;
        let unchanged = result
            .as_ref()
            .is_ok_and(|f| f.origin == Origin::NotModified || state.same_stamp(f.stamp));
        fetched.push((state, result, unchanged));
    }
    // `--force` is a full run and a full publish, even with every source unchanged
    // (e.g. `output_url` now points at an empty bucket).
    if !opts.dry_run && !opts.force && fetched.iter().all(|(_, _, unchanged)| *unchanged) {
        let shas: Vec<String> = fetched.iter().map(|(st, _, _)| archived_sha(st)).collect();
        if let Some(outcome) = unchanged_run(cfg, &inputs_fingerprint(cfg, today, &shas), started) {
            return Ok(outcome);
        }
    }

    // 2. Read and validate each source, or fall back to its last good copy.
    let relevance = Relevance::territories(&cfg.territories);
    let mut ctx = IngestContext::new(today, &relevance);
    let mut report = Report::default();
    let mut failed = Vec::new();
    let mut datas: Vec<(String, SourceData)> = Vec::new();
    let mut manifest_sources = Vec::new();
    let mut infos = Vec::new();
    let mut shas = Vec::new();
    for (src, (mut state, result, unchanged)) in cfg.sources.iter().zip(fetched) {
        opts.progress.step(Step::Reading(&src.id));
        // A body that may be new is copied to the archive while it is read.
        let mut pending = match &result {
            Ok(f) if !unchanged && !opts.dry_run => state.start_archive(&f.body),
            _ => None,
        };
        let fresh = match result {
            Ok(f) => ingest(src, &f.body, &mut ctx)
                .map(|d| (d, f))
                .map_err(|e| e.to_string()),
            Err(e) => Err(e.to_string()),
        };
        let (data, status, fetched_at, error) = match fresh {
            Ok((data, f)) => {
                let unchanged = unchanged || state.same_hash(&data.sha256);
                let previous = state.meta.as_ref().and_then(|m| m.fetched_at);
                let fetched_at = if unchanged {
                    previous.unwrap_or(now)
                } else {
                    now
                };
                if !opts.dry_run {
                    let saved = if unchanged {
                        state.refresh(f.validators.clone(), f.stamp)
                    } else {
                        state.save_good(
                            &f.body,
                            pending.take(),
                            Some(&data.sha256),
                            f.validators.clone(),
                            f.stamp,
                            now,
                        )
                    };
                    if let Err(e) = saved {
                        tracing::warn!(source = %src.id, error = %e, "could not archive the source in state_dir");
                    }
                }
                let status = if unchanged {
                    SourceStatus::NotModified
                } else {
                    SourceStatus::Ok
                };
                tracing::info!(source = %src.id, kept = data.kept, rejected = data.rejected, outside = data.outside, ?status, "source read");
                (data, status, Some(fetched_at), None)
            }
            Err(error) => {
                tracing::error!(source = %src.id, %error, "source failed; using its last good data");
                failed.push(src.id.clone());
                let fallback = state.raw().and_then(|raw| ingest(src, &raw, &mut ctx).ok());
                match fallback {
                    Some(data) => (
                        data,
                        SourceStatus::Stale,
                        state.meta.as_ref().and_then(|m| m.fetched_at),
                        Some(error),
                    ),
                    None => (
                        SourceData::default(),
                        SourceStatus::Failed,
                        None,
                        Some(format!("{error}; no earlier good data")),
                    ),
                }
            }
        };
        // Not kept (unchanged, unusable, or a dry run): the early copy goes.
        if let Some(p) = pending.take() {
            p.discard();
        }
        shas.push(if status == SourceStatus::Failed {
            String::new()
        } else {
            archived_sha(&state)
        });
        let stale = status == SourceStatus::Stale;
        let old_records = data
            .venues
            .iter()
            .filter(|v| stale_since(v, today, cfg.stale_after_months).is_some())
            .count();
        report.sources.push(SourceOutcome {
            id: src.id.clone(),
            status,
            encoding: data.encoding,
            kept: data.kept,
            rejected: data.rejected,
            outside: data.outside,
            stale,
            old_records,
            error,
            fetched_at,
        });
        manifest_sources.push(ManifestSource {
            id: src.id.clone(),
            status,
            fetched_at,
            kept: data.kept,
            rejected: data.rejected,
            stale,
            old_records,
        });
        if let Some(at) = fetched_at {
            infos.push(SourceInfo {
                id: src.id.clone(),
                name: src.name.clone(),
                fetched_at: at,
                licence: src.licence.clone(),
                url: matches!(src.location, Location::Http(_)).then(|| src.url.clone()),
            });
        }
        report.entries.extend(data.log.entries.iter().cloned());
        datas.push((src.id.clone(), data));
    }

    // 3. Merge, cut per territory, publish.
    let refs: Vec<(&str, &SourceData)> = datas.iter().map(|(id, d)| (id.as_str(), d)).collect();
    let (catalogue, entries) = assemble::catalogue(&refs, today);
    // Aids refused at assembly (perimeter unknown even with the overlay)
    // count as rejected by their source.
    for e in entries.iter().filter(|e| e.action == Action::Rejected) {
        for (kept, rejected) in report
            .sources
            .iter_mut()
            .filter(|s| s.id == e.source)
            .map(|s| (&mut s.kept, &mut s.rejected))
            .chain(
                manifest_sources
                    .iter_mut()
                    .filter(|s| s.id == e.source)
                    .map(|s| (&mut s.kept, &mut s.rejected)),
            )
        {
            *kept = kept.saturating_sub(1);
            *rejected += 1;
        }
    }
    report.entries.extend(entries);
    let snapshots: Vec<_> = cfg
        .territories
        .iter()
        .filter_map(|t| assemble::snapshot(&catalogue, t, infos.clone(), now))
        .collect();

    report.left_out = left_out_counts(&snapshots);
    opts.progress.step(Step::Publishing);
    let publish = if opts.dry_run {
        for s in &snapshots {
            report.territories.push(TerritoryOutcome {
                id: s.territory.id.clone(),
                venues: s.venues.len(),
                aids: s.aids.len(),
                published: false,
                note: Some("validate only".into()),
            });
        }
        None
    } else {
        let publisher = Publisher {
            output_dir: &cfg.output_dir,
            state_dir: &cfg.state_dir,
            options: PublishOptions {
                max_shrink_percent: cfg.max_shrink_percent,
                force: opts.force,
                crash_after_temp: opts.crash_after_temp,
            },
        };
        let desk_snapshots = snapshots.clone();
        let desk_stats = crate::collect::report::for_desk(cfg).await;
        let published = publisher.publish(snapshots, manifest_sources, &mut report, now)?;
        // The desk shows this run's data; a failure to write it never
        // undoes the publish.
        let desk = crate::desk::DeskInput {
            snapshots: &desk_snapshots,
            report: &report,
            generated_at: now,
            stale_after_months: cfg.stale_after_months,
            stats: desk_stats.as_ref(),
        };
        match crate::desk::write(&cfg.output_dir, &desk) {
            Ok(files) => tracing::info!(files = files.len(), "desk written"),
            Err(e) => tracing::warn!(error = %e, "could not write the desk"),
        }
        Some(published)
    };
    let object = match (&cfg.output_url, opts.dry_run) {
        (Some(url), false) => Some(publish_to_object_store(cfg, url).await?),
        _ => None,
    };
    opts.progress.step(Step::Done);
    let outcome = SyncOutcome {
        report,
        publish,
        object,
        failed_sources: failed,
        duration_ms: started.elapsed().as_millis() as u64,
    };
    if !opts.dry_run {
        record_run(cfg, &outcome);
        // Only a fully good run may let the next one skip work.
        let fingerprint_path = cfg.state_dir.join("last_inputs");
        let saved = if outcome.succeeded() {
            let fingerprint = inputs_fingerprint(cfg, today, &shas);
            write_atomic(&fingerprint_path, fingerprint.as_bytes())
        } else {
            std::fs::remove_file(&fingerprint_path).or(Ok(()))
        };
        if let Err(e) = saved {
            tracing::warn!(error = %e, "could not record the inputs of this run");
        }
    }
    Ok(outcome)
}

/// How many venues of each snapshot the pathway never proposes, by reason.
fn left_out_counts(snapshots: &[TerritorySnapshot]) -> Vec<LeftOutCount> {
    let q = tpe_shared::questionnaire::Questionnaire::embedded();
    let mut out = Vec::new();
    for s in snapshots {
        let mut counts: std::collections::BTreeMap<String, usize> = Default::default();
        for v in &s.venues {
            if let Some(reason) = tpe_shared::pathway::audience::left_out(q, v) {
                *counts.entry(reason.id().to_string()).or_default() += 1;
            }
        }
        out.extend(counts.into_iter().map(|(reason, venues)| LeftOutCount {
            territory: s.territory.id.clone(),
            reason,
            venues,
        }));
    }
    out
}

/// Mirrors `output_dir` to `output_url`. When it fails, the next run must
/// not be skipped as unchanged: the fingerprint of the last good run goes.
async fn publish_to_object_store(
    cfg: &Config,
    url: &crate::publish::object_url::ObjectUrl,
) -> Result<crate::publish::object::ObjectOutcome, SyncError> {
    use crate::publish::object::{s3_from_env, ObjectPublisher};
    let result = match s3_from_env(url) {
        Ok(store) => {
            ObjectPublisher {
                store,
                url: url.clone(),
            }
            .publish(&cfg.output_dir)
            .await
        }
        Err(e) => Err(e),
    };
    if result.is_err() {
        let _ = std::fs::remove_file(cfg.state_dir.join("last_inputs"));
    }
    Ok(result?)
}

/// What a run depends on: the worker's version, the config, the day (aids
/// expire, hours are read for this week) and every source's content.
fn inputs_fingerprint(cfg: &Config, today: NaiveDate, shas: &[String]) -> String {
    let mut h = Sha256::new();
    h.update(env!("CARGO_PKG_VERSION"));
    h.update(tpe_shared::communes::EMBEDDED_TABLE);
    h.update(std::fs::read(&cfg.path).unwrap_or_default());
    h.update(today.to_string());
    for sha in shas {
        h.update(sha);
        h.update([0]);
    }
    crate::publish::hex(&h.finalize())
}

fn archived_sha(state: &SourceState) -> String {
    state
        .meta
        .as_ref()
        .map(|m| m.sha256.clone())
        .unwrap_or_default()
}

/// Every source unchanged, same config, same day, last run good and its
/// files still in place: nothing to read, nothing to write.
fn unchanged_run(cfg: &Config, fingerprint: &str, started: Instant) -> Option<SyncOutcome> {
    let last = std::fs::read_to_string(cfg.state_dir.join("last_inputs")).ok()?;
    if last != fingerprint {
        return None;
    }
    let manifest: Manifest = crate::publish::read_json(&cfg.output_dir.join("manifest.json"))?;
    let files_ok = manifest.territories.iter().all(|t| {
        std::fs::read(cfg.output_dir.join(&t.file))
            .is_ok_and(|b| crate::fetch::state::sha256_hex(&b) == t.sha256)
    });
    let communes_ok = cfg.output_dir.join(crate::publish::COMMUNES_FILE).is_file();
    if !files_ok || !communes_ok || manifest.territories.len() != cfg.territories.len() {
        return None;
    }
    let mut report = Report::default();
    for s in &manifest.sources {
        report.sources.push(SourceOutcome {
            id: s.id.clone(),
            status: SourceStatus::NotModified,
            encoding: None,
            kept: s.kept,
            rejected: s.rejected,
            outside: 0,
            stale: s.stale,
            old_records: s.old_records,
            error: None,
            fetched_at: s.fetched_at,
        });
    }
    for t in &manifest.territories {
        report.territories.push(TerritoryOutcome {
            id: t.id.clone(),
            venues: t.venues,
            aids: t.aids,
            published: true,
            note: Some("unchanged".into()),
        });
    }
    let outcome = SyncOutcome {
        report,
        publish: Some(PublishOutcome {
            unchanged: manifest.territories.len(),
            ..PublishOutcome::default()
        }),
        object: None,
        failed_sources: Vec::new(),
        duration_ms: started.elapsed().as_millis() as u64,
    };
    record_run(cfg, &outcome);
    tracing::info!("every source unchanged: nothing to do");
    Some(outcome)
}

fn record_run(cfg: &Config, outcome: &SyncOutcome) {
    let path = cfg.state_dir.join("last_run.json");
    let previous: RunRecord = crate::publish::read_json(&path).unwrap_or_default();
    let now = now_paris();
    let success = outcome.succeeded();
    let record = RunRecord {
        finished_at: Some(now),
        last_success_at: if success {
            Some(now)
        } else {
            previous.last_success_at
        },
        success,
        duration_ms: outcome.duration_ms,
        sources: outcome
            .report
            .sources
            .iter()
            .map(|s| SourceCounts {
                id: s.id.clone(),
                kept: s.kept,
                rejected: s.rejected,
                stale: s.stale,
                old_records: s.old_records,
            })
            .collect(),
    };
    let written = serde_json::to_vec_pretty(&record)
        .map_err(std::io::Error::other)
        .and_then(|b| crate::publish::atomic::write_atomic(&path, &b));
    if let Err(e) = written {
        tracing::warn!(error = %e, "could not record the run in state_dir");
    }
}
