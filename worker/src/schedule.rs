//! `run`: stays up and syncs on the config's cron schedule, in Paris time.
//! A tick that comes while a sync is still running is skipped (and
//! counted), never queued: runs cannot pile up. SIGINT/SIGTERM wait for the
//! running sync to finish; its writes are atomic anyway.

use crate::config::Config;
use crate::publish::atomic::write_atomic;
use crate::publish::lock::LockError;
use crate::sync::{self, SyncError, SyncOptions};
use chrono::Utc;
use chrono_tz::Europe::Paris;
use serde::{Deserialize, Serialize};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// Kept in `state_dir/schedule.json` for `/metrics`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScheduleState {
    pub skipped_ticks: u64,
}

/// At most one sync at a time within this process.
#[derive(Clone, Debug, Default)]
pub struct RunGuard {
    running: Arc<AtomicBool>,
}

/// Proof that a sync is running; dropping it frees the guard.
#[derive(Debug)]
pub struct Running {
    running: Arc<AtomicBool>,
}

impl Drop for Running {
    fn drop(&mut self) {
        self.running.store(false, Ordering::SeqCst);
    }
}

impl RunGuard {
    /// `None` when a sync is already running: skip this tick.
    pub fn try_start(&self) -> Option<Running> {
        self.running
            .compare_exchange(false, true, Ordering::SeqCst, Ordering::SeqCst)
            .ok()
            .map(|_| Running {
                running: self.running.clone(),
            })
    }

    pub fn is_running(&self) -> bool {
        self.running.load(Ordering::SeqCst)
    }
}

pub async fn run_forever(cfg: Config) -> anyhow::Result<()> {
    let guard = RunGuard::default();
    let state_path = cfg.state_dir.join("schedule.json");
    let mut state: ScheduleState = crate::publish::read_json(&state_path).unwrap_or_default();
    tracing::info!(schedule = %cfg.schedule_text, "scheduled mode (Europe/Paris)");
    loop {
        let Some(next) = cfg.schedule.upcoming(Paris).next() else {
            anyhow::bail!("the schedule `{}` has no upcoming time", cfg.schedule_text);
        };
        let wait = (next.with_timezone(&Utc) - Utc::now())
            .to_std()
            .unwrap_or(Duration::ZERO);
        tracing::info!(next = %next, "waiting for the next tick");
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = shutdown_signal() => {
                tracing::info!("stopping; letting a running sync finish");
                while guard.is_running() {
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                return Ok(());
            }
        }
        match guard.try_start() {
            Some(running) => {
                let cfg = cfg.clone();
                tokio::spawn(async move {
                    let _running = running;
                    match sync::run(&cfg, &SyncOptions::default()).await {
                        Ok(o) if o.succeeded() => {
                            tracing::info!(duration_ms = o.duration_ms, "scheduled sync done")
                        }
                        Ok(o) => {
                            tracing::error!(failed = ?o.failed_sources, "scheduled sync failed; published data kept")
                        }
                        Err(SyncError::Lock(LockError::Busy(_))) => {
                            tracing::warn!("another process holds the lock; tick skipped")
                        }
                        Err(e) => tracing::error!(error = %e, "scheduled sync failed"),
                    }
                });
            }
            None => {
                state.skipped_ticks += 1;
                tracing::warn!(
                    skipped = state.skipped_ticks,
                    "previous sync still running; tick skipped"
                );
                let saved = serde_json::to_vec(&state)
                    .map_err(std::io::Error::other)
                    .and_then(|b| write_atomic(&state_path, &b));
                if let Err(e) = saved {
                    tracing::warn!(error = %e, "could not save the skipped-tick count");
                }
            }
        }
    }
}

/// Resolves on SIGINT (Ctrl-C) or SIGTERM.
pub async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {}
        _ = term => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_tick_during_a_run_is_skipped_and_the_next_one_runs() {
        let guard = RunGuard::default();
        let first = guard.try_start().expect("idle: the tick runs");
        assert!(guard.try_start().is_none(), "busy: the tick is skipped");
        drop(first);
        assert!(guard.try_start().is_some(), "idle again");
    }
}
