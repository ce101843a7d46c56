//! Where shared records live: SQLite in `state_dir` by default (WAL, one
//! transaction per record), PostgreSQL for several collector instances.
//! The same migrations for both; only the body the collector re-wrote from
//! the checked record is stored, with its territory, week and the day it
//! arrived (for retention). No address, no time finer than the day.

use chrono::NaiveDate;
use sqlx::any::AnyPoolOptions;
use sqlx::AnyPool;
use sqlx::Row;

/// Applied in order, each once; recorded in `stats_migrations`.
const MIGRATIONS: &[&str] = &[
    "CREATE TABLE stats_records (kind TEXT NOT NULL, territory TEXT NOT NULL, \
     week TEXT NOT NULL, received_on TEXT NOT NULL, body TEXT NOT NULL)",
    "CREATE INDEX stats_records_received ON stats_records (received_on)",
];

#[derive(Debug, thiserror::Error)]
#[error("statistics store: {0}")]
pub struct StoreError(#[from] sqlx::Error);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Result,
    Outcome,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Result => "result",
            Kind::Outcome => "outcome",
        }
    }
}

#[derive(Clone)]
pub struct Store {
    pool: AnyPool,
}

impl Store {
    pub async fn open(url: &str) -> Result<Store, StoreError> {
        sqlx::any::install_default_drivers();
        let sqlite = url.starts_with("sqlite:");
        if let Some(file) = url.strip_prefix("sqlite://") {
            let file = file.split('?').next().unwrap_or(file);
            if let Some(dir) = std::path::Path::new(file).parent() {
                std::fs::create_dir_all(dir).map_err(|e| StoreError(sqlx::Error::Io(e)))?;
            }
        }
        let pool = AnyPoolOptions::new()
            .max_connections(if sqlite { 4 } else { 8 })
            .after_connect(move |conn, _| {
                Box::pin(async move {
                    if sqlite {
                        // Writers wait for each other instead of failing.
                        sqlx::query("PRAGMA busy_timeout = 10000")
                            .execute(&mut *conn)
                            .await?;
                    }
                    Ok(())
                })
            })
            .connect(url)
            .await?;
        if sqlite {
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
        }
        let store = Store { pool };
        store.migrate().await?;
        Ok(store)
    }

    async fn migrate(&self) -> Result<(), StoreError> {
        sqlx::query("CREATE TABLE IF NOT EXISTS stats_migrations (version INTEGER NOT NULL)")
            .execute(&self.pool)
            .await?;
        let done: i64 = sqlx::query("SELECT COUNT(*) FROM stats_migrations")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?;
        for (i, sql) in MIGRATIONS.iter().enumerate().skip(done.max(0) as usize) {
            let mut tx = self.pool.begin().await?;
            sqlx::query(sql).execute(&mut *tx).await?;
            sqlx::query("INSERT INTO stats_migrations (version) VALUES ($1)")
                .bind(i as i64 + 1)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
        }
        Ok(())
    }

    /// One record, in its own transaction: either it is there or it is not.
    pub async fn insert(
        &self,
        kind: Kind,
        territory: &str,
        week: &str,
        received_on: NaiveDate,
        body: &str,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO stats_records (kind, territory, week, received_on, body) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(kind.as_str())
        .bind(territory)
        .bind(week)
        .bind(received_on.to_string())
        .bind(body)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Removes records received before `before`; returns how many.
    pub async fn purge(&self, before: NaiveDate) -> Result<u64, StoreError> {
        let done = sqlx::query("DELETE FROM stats_records WHERE received_on < $1")
            .bind(before.to_string())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// Every record's kind and body, for the aggregates.
    pub async fn bodies(&self) -> Result<Vec<(String, String)>, StoreError> {
        let rows = sqlx::query("SELECT kind, body FROM stats_records")
            .fetch_all(&self.pool)
            .await?;
        rows.iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
            .collect::<Result<_, sqlx::Error>>()
            .map_err(StoreError)
    }

    pub async fn count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query("SELECT COUNT(*) FROM stats_records")
            .fetch_one(&self.pool)
            .await?
            .try_get(0)?)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}
