//! The collector against a real SQLite file on disk, over real HTTP on
//! 127.0.0.1: what it accepts, what it refuses and with which status, the
//! rate limit, 1,000 records from 20 clients, and a restart during writes.

use std::net::SocketAddr;
use std::path::Path;
use std::time::{Duration, Instant};
use tpe_worker::collect::{app, report, store, store::Store};
use tpe_worker::config::Config;
use tpe_worker::time::now_paris;

const PARTNER: &str = "https://www.cci-artois.example";

fn config(dir: &Path, per_minute: u32) -> Config {
    let text = format!(
        "output_dir = \"out\"\nstate_dir = \"state\"\nstats_origins = [\"{PARTNER}\"]\n\
         stats_per_minute = {per_minute}\n\
         [[territories]]\nid = \"arras\"\nname = \"Arras\"\ninsee = \"62041\"\nradius_km = 20\n"
    );
    Config::parse(&dir.join("config.toml"), &text).expect("test config")
}

struct Collector {
    base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    task: tokio::task::JoinHandle<()>,
    store: Store,
}

impl Collector {
    async fn start(cfg: &Config) -> Collector {
        let store = Store::open(&cfg.stats.url).await.expect("store opens");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let router = app(cfg, store.clone());
        let task = tokio::spawn(async move {
            axum::serve(
                listener,
                router.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await
            .unwrap();
        });
        Collector {
            base,
            stop: Some(stop),
            task,
            store,
        }
    }

    /// Stops as an operator's restart does: requests in flight finish.
    async fn stop(mut self) -> Store {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
        let _ = self.task.await;
        self.store
    }
}

fn week() -> String {
    tpe_shared::stats::iso_week(now_paris().date_naive())
}

fn result_json() -> serde_json::Value {
    serde_json::json!({
        "schema": 1,
        "territory": "arras",
        "partner": "cci-artois",
        "trade": "commerce",
        "headcount": "2-4",
        "levels": { "selling": "first_steps", "security": "on_the_way" },
        "priorities": ["selling", "invoicing", "security"],
        "duties": [],
        "opened": { "venues": ["france-services:1940"], "aids": ["aden"], "advisers": ["cci"] },
        "week": week(),
    })
}

async fn post(
    client: &reqwest::Client,
    url: &str,
    origin: Option<&str>,
    body: String,
) -> reqwest::Response {
    let mut r = client
        .post(url)
        .header("content-type", "application/json")
        .body(body);
    if let Some(o) = origin {
        r = r.header("origin", o);
    }
    r.send().await.expect("the collector answers")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_record_is_stored_and_anything_else_refused_with_a_clear_status() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), 100);
    let c = Collector::start(&cfg).await;
    let client = reqwest::Client::new();
    let url = format!("{}/v1/results", c.base);

    let ok = post(&client, &url, Some(PARTNER), result_json().to_string()).await;
    assert_eq!(ok.status(), 202);
    assert_eq!(
        ok.headers()["access-control-allow-origin"],
        PARTNER,
        "the partner's page may read the answer"
    );

    // An answer or a commune slipped in: the schema refuses the whole record.
    let mut extra = result_json();
    extra["commune"] = "62041".into();
    let r = post(&client, &url, Some(PARTNER), extra.to_string()).await;
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("unknown field `commune`"));
    // A value the widget cannot send.
    let mut wrong = result_json();
    wrong["trade"] = "espion".into();
    let r = post(&client, &url, Some(PARTNER), wrong.to_string()).await;
    assert_eq!(r.status(), 422);
    assert_eq!(r.text().await.unwrap(), "trade: unknown value");
    // Over 2 KB.
    let mut big = result_json();
    big["opened"]["aids"] = serde_json::json!(vec!["a".repeat(90); 25]);
    assert!(big.to_string().len() > 2048);
    let r = post(&client, &url, Some(PARTNER), big.to_string()).await;
    assert_eq!(r.status(), 413);
    // Another site, or no site at all.
    let r = post(
        &client,
        &url,
        Some("https://evil.example"),
        result_json().to_string(),
    )
    .await;
    assert_eq!(r.status(), 403);
    assert!(r.headers().get("access-control-allow-origin").is_none());
    let r = post(&client, &url, None, result_json().to_string()).await;
    assert_eq!(r.status(), 403);
    // The browser's preflight: allowed for the partner only.
    let pre = client
        .request(reqwest::Method::OPTIONS, &url)
        .header("origin", PARTNER)
        .header("access-control-request-method", "POST")
        .send()
        .await
        .unwrap();
    assert_eq!(pre.status(), 204);
    assert_eq!(pre.headers()["access-control-allow-methods"], "POST");
    let outcome = serde_json::json!({
        "schema": 1, "territory": "arras", "helped": "not_yet", "by": ["venue"], "week": week(),
    });
    let r = post(
        &client,
        &format!("{}/v1/outcomes", c.base),
        Some(PARTNER),
        outcome.to_string(),
    )
    .await;
    assert_eq!(r.status(), 202);

    let store = c.stop().await;
    assert_eq!(store.count().await.unwrap(), 2, "only the two good records");
    let (agg, unreadable) = report::aggregate(&store).await.unwrap();
    assert_eq!(unreadable, 0);
    let text = report::text(&agg, tpe_shared::questionnaire::Questionnaire::embedded());
    assert!(
        text.contains("moins de 5 diagnostic(s) partagé(s)"),
        "{text}"
    );
    assert!(
        !text.contains(" 1 "),
        "a count of one is never printed: {text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_burst_beyond_the_limit_is_told_to_wait() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), 5);
    let c = Collector::start(&cfg).await;
    let client = reqwest::Client::new();
    let url = format!("{}/v1/results", c.base);
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let r = post(&client, &url, Some(PARTNER), result_json().to_string()).await;
        if r.status() == 429 {
            assert_eq!(r.headers()["retry-after"], "60");
        }
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, [202, 202, 202, 202, 202, 429, 429, 429]);
    let store = c.stop().await;
    assert_eq!(store.count().await.unwrap(), 5);
}

/// Sends `n` records from `clients` concurrent clients; returns the
/// latencies of the accepted ones and the statuses of the others.
async fn load(base: &str, clients: usize, n: usize) -> (Vec<Duration>, Vec<u16>) {
    let body = result_json().to_string();
    let mut tasks = Vec::new();
    for _ in 0..clients {
        let (url, body) = (format!("{base}/v1/results"), body.clone());
        tasks.push(tokio::spawn(async move {
            let client = reqwest::Client::new();
            let mut lat = Vec::new();
            let mut other = Vec::new();
            for _ in 0..n / clients {
                let t = Instant::now();
                match client
                    .post(&url)
                    .header("origin", PARTNER)
                    .body(body.clone())
                    .send()
                    .await
                {
                    Ok(r) if r.status() == 202 => lat.push(t.elapsed()),
                    Ok(r) => other.push(r.status().as_u16()),
                    Err(_) => other.push(0),
                }
            }
            (lat, other)
        }));
    }
    let mut lat = Vec::new();
    let mut other = Vec::new();
    for t in tasks {
        let (l, o) = t.await.unwrap();
        lat.extend(l);
        other.extend(o);
    }
    (lat, other)
}

fn rss_kb() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_records_from_twenty_clients_are_all_stored_once() {
    let dir = tempfile::tempdir().unwrap();
    let cfg = config(dir.path(), 100_000);
    let c = Collector::start(&cfg).await;
    let started = Instant::now();
    let (mut lat, other) = load(&c.base, 20, 1000).await;
    let elapsed = started.elapsed();
    assert!(other.is_empty(), "refused or lost: {other:?}");
    assert_eq!(lat.len(), 1000);
    let store = c.stop().await;
    assert_eq!(
        store.count().await.unwrap(),
        1000,
        "none lost, none doubled"
    );
    lat.sort();
    eprintln!(
        "collector, SQLite: 1000 records from 20 clients in {:.2} s = {:.0} records/s, p50 {} ms, p99 {} ms, peak RSS of the test process {} MB",
        elapsed.as_secs_f64(),
        1000.0 / elapsed.as_secs_f64(),
        lat[500].as_millis(),
        lat[989].as_millis(),
        rss_kb().unwrap_or(0) / 1024
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restart_during_writes_loses_no_acknowledged_record() {
    let dir = tempfile::tempdir().unwrap();
    restart_during_writes(&config(dir.path(), 100_000)).await;
}

/// Stops the collector as an operator's restart does, while 10 clients
/// write; every acknowledged record is stored once, and a new process on
/// the same store goes on.
async fn restart_during_writes(cfg: &Config) {
    let cfg = cfg.clone();
    let first = Collector::start(&cfg).await;
    let start_count = first.store.count().await.unwrap() as usize;
    let base = first.base.clone();
    let writers = tokio::spawn(async move { load(&base, 10, 3000).await });
    // Let some records in, then restart as an operator would.
    while (first.store.count().await.unwrap() as usize) < start_count + 100 {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    let store = first.stop().await;
    let (before, refused) = writers.await.unwrap();
    assert!(
        refused.iter().all(|s| *s == 0),
        "after the stop requests fail to connect, they are not half-stored: {refused:?}"
    );
    let stored = store.count().await.unwrap() as usize - start_count;
    assert_eq!(stored, before.len(), "every 202 is in the store, once");
    eprintln!(
        "restart: {} records acknowledged before the stop, {} failed to connect after it",
        before.len(),
        refused.len()
    );
    assert!(
        !before.is_empty() && !refused.is_empty(),
        "the stop came during the writes"
    );
    store.close().await;

    // The new process reopens the same file and goes on.
    let second = Collector::start(&cfg).await;
    let (after, other) = load(&second.base, 10, 100).await;
    assert!(other.is_empty(), "{other:?}");
    let store = second.stop().await;
    assert_eq!(
        store.count().await.unwrap() as usize - start_count,
        before.len() + after.len()
    );
}

// ------------------------------------------------------------- PostgreSQL

/// A throw-away PostgreSQL server (Debian's `postgresql` package) in a
/// temporary folder, on a free port of 127.0.0.1, stopped on drop. As root
/// it runs as the `postgres` user, since the server refuses root.
struct Postgres {
    dir: tempfile::TempDir,
    bin: std::path::PathBuf,
    port: u16,
    as_postgres: bool,
}

fn postgres_bin() -> std::path::PathBuf {
    let on_path = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>());
    let debian = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path().join("bin"));
    on_path
        .chain(debian)
        .find(|d| d.join("initdb").is_file() && d.join("postgres").is_file())
        // /usr/local/bin may hold links: the server's own folder has pg_ctl too.
        .and_then(|d| std::fs::canonicalize(d.join("initdb")).ok())
        .and_then(|initdb| initdb.parent().map(Path::to_path_buf))
        .expect(
            "PostgreSQL is needed for these tests: install Debian's package (apt-get install postgresql)",
        )
}

impl Postgres {
    fn command(&self, program: &str) -> std::process::Command {
        let exe = self.bin.join(program);
        if self.as_postgres {
            let mut c = std::process::Command::new("runuser");
            c.args(["-u", "postgres", "--"]).arg(exe);
            c
        } else {
            std::process::Command::new(exe)
        }
    }

    fn start() -> Postgres {
        let dir = tempfile::tempdir().unwrap();
        let as_postgres = is_root();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let pg = Postgres {
            bin: postgres_bin(),
            dir,
            port,
            as_postgres,
        };
        let data = pg.dir.path().join("data");
        if as_postgres {
            let status = std::process::Command::new("chown")
                .args(["-R", "postgres"])
                .arg(pg.dir.path())
                .status()
                .unwrap();
            assert!(status.success());
        }
        let out = pg
            .command("initdb")
            .args(["-A", "trust", "-U", "tpe", "-D"])
            .arg(&data)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "initdb: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let out = pg
            .command("pg_ctl")
            .arg("-D")
            .arg(&data)
            .args(["-w", "-l"])
            .arg(pg.dir.path().join("log"))
            .arg("-o")
            .arg(format!(
                "-p {port} -c listen_addresses=127.0.0.1 -k {}",
                pg.dir.path().display()
            ))
            .arg("start")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "pg_ctl start: {}{}",
            String::from_utf8_lossy(&out.stdout),
            std::fs::read_to_string(pg.dir.path().join("log")).unwrap_or_default()
        );
        pg
    }

    fn url(&self) -> String {
        format!("postgres://tpe@127.0.0.1:{}/postgres", self.port)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.dir.path().join("data"))
            .args(["-m", "immediate", "stop"])
            .output();
    }
}

fn is_root() -> bool {
    // SAFETY-free: read the effective uid from /proc rather than libc.
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .and_then(|l| l.split_whitespace().nth(2).map(|u| u == "0"))
        })
        .unwrap_or(false)
}

/// The same collector with `stats_url = "postgres://…"`: migrations, the
/// strict schema and 1,000 concurrent records, against a real server.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn postgresql_takes_the_same_records_as_sqlite() {
    let pg = Postgres::start();
    let dir = tempfile::tempdir().unwrap();
    let mut cfg = config(dir.path(), 100_000);
    cfg.stats.url = pg.url();
    let c = Collector::start(&cfg).await;
    let client = reqwest::Client::new();
    let mut extra = result_json();
    extra["answers"] = serde_json::json!({"sel_site": "yes"});
    let r = post(
        &client,
        &format!("{}/v1/results", c.base),
        Some(PARTNER),
        extra.to_string(),
    )
    .await;
    assert_eq!(r.status(), 422);
    let started = Instant::now();
    let (mut lat, other) = load(&c.base, 20, 1000).await;
    let elapsed = started.elapsed();
    assert!(other.is_empty(), "{other:?}");
    let store = c.stop().await;
    assert_eq!(
        store.count().await.unwrap(),
        1000,
        "none lost, none doubled"
    );
    store.close().await;
    // A second collector on the same database does not migrate twice.
    let again = Store::open(&cfg.stats.url).await.expect("reopens");
    assert_eq!(again.count().await.unwrap(), 1000);
    again.close().await;
    // And a restart during writes loses nothing acknowledged here either.
    restart_during_writes(&cfg).await;
    lat.sort();
    eprintln!(
        "collector, PostgreSQL: 1000 records from 20 clients in {:.2} s = {:.0} records/s, p99 {} ms",
        elapsed.as_secs_f64(),
        1000.0 / elapsed.as_secs_f64(),
        lat[989].as_millis()
    );
}

// ------------------------------------------------------------------ desk

/// A seeded store and a real sync of the shipped data: the desk of Arras
/// shows the month's aggregates, and no count under 5 anywhere.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_shows_the_shared_results_with_small_cells_hidden() {
    use tpe_shared::scoring::Level;
    use tpe_shared::stats::{Opened, SharedResult, STATS_SCHEMA};
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut cfg = Config::load(&root.join("config/default.toml")).unwrap();
    cfg.output_dir = dir.path().join("out");
    cfg.state_dir = dir.path().join("state");
    cfg.www_dir = None;
    cfg.stats.url = format!(
        "sqlite://{}?mode=rwc",
        dir.path().join("state/stats.sqlite").display()
    );
    let store = Store::open(&cfg.stats.url).await.unwrap();
    let today = now_paris().date_naive();
    // In each demo territory, 11 owners. Selling: 8 « Premiers pas », 3
    // « En route » (hidden, and the 8 that would give them back too).
    // Security: 6 and 5, both shown. Calais gets only 3 owners.
    for (territory, owners) in [("soissons", 11), ("arras", 11), ("calais", 3)] {
        for i in 0..owners {
            let r = SharedResult {
                schema: STATS_SCHEMA,
                territory: territory.into(),
                partner: None,
                trade: None,
                headcount: None,
                levels: [
                    (
                        "selling".to_string(),
                        if i < 8 {
                            Level::FirstSteps
                        } else {
                            Level::OnTheWay
                        },
                    ),
                    (
                        "security".to_string(),
                        if i < 6 {
                            Level::FirstSteps
                        } else {
                            Level::AtEase
                        },
                    ),
                ]
                .into(),
                priorities: vec!["selling".into()],
                duties: vec![],
                opened: Opened::default(),
                week: week(),
            };
            store
                .insert(store::Kind::Result, territory, &r.week, today, &r.to_json())
                .await
                .unwrap();
        }
    }
    store.close().await;

    tpe_worker::sync::run(&cfg, &tpe_worker::sync::SyncOptions::default())
        .await
        .unwrap();
    for territory in ["soissons", "arras"] {
        let page = std::fs::read_to_string(
            cfg.output_dir
                .join(format!("tableau-de-bord/{territory}.html")),
        )
        .unwrap();
        assert!(page.contains("Résultats partagés par les chefs d'entreprise"));
        assert!(
            page.contains(": 11 diagnostic(s) partagé(s)"),
            "{territory}: the month's total"
        );
        assert!(page.contains("Priorités les plus fréquentes : vente (11)"));
        let selling = page
            .split("class=\"levels-table\"")
            .nth(1)
            .expect("the levels table")
            .split("<th scope=\"row\">Vente</th>")
            .nth(1)
            .and_then(|rest| rest.split("</tr>").next())
            .expect("the selling row of the levels table");
        assert_eq!(
            selling.matches("moins de 5").count(),
            4,
            "{territory}: {selling}"
        );
        assert_eq!(
            page.matches("<rect class=\"lv").count(),
            2,
            "{territory}: bars for the two security levels only, none from hidden counts"
        );
    }
    // Three owners in Calais: even the total is « moins de 5 », no bar.
    let calais =
        std::fs::read_to_string(cfg.output_dir.join("tableau-de-bord/calais.html")).unwrap();
    assert!(calais.contains(": moins de 5 diagnostic(s) partagé(s)"));
    assert_eq!(calais.matches("<rect class=\"lv").count(), 0);
}
