//! Loads the published data: the manifest, the territory snapshot and the
//! commune table, each with a 10 s timeout.
//!
//! The questionnaire never waits for them; only the results use them, and a
//! failure turns into a plain message there, one `tpe:error` event and one
//! console warning — never an exception in the host page.

use crate::config::Config;
use crate::events;
use futures::future::{select, Either};
use gloo_net::http::Request;
use gloo_timers::future::TimeoutFuture;
use std::rc::Rc;
use tpe_shared::communes::CommuneIndex;
use tpe_shared::model::{Manifest, TerritorySnapshot, SCHEMA_VERSION};
use yew::prelude::*;

const TIMEOUT_MS: u32 = 10_000;

/// A value being fetched.
#[derive(Clone, Debug)]
pub enum Load<T> {
    Loading,
    Ready(Rc<T>),
    /// The `tpe:error` reason.
    Failed(&'static str),
}

impl<T> PartialEq for Load<T> {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Load::Loading, Load::Loading) => true,
            (Load::Ready(a), Load::Ready(b)) => Rc::ptr_eq(a, b),
            (Load::Failed(a), Load::Failed(b)) => a == b,
            _ => false,
        }
    }
}

impl<T> Load<T> {
    pub fn ready(&self) -> Option<&T> {
        match self {
            Load::Ready(v) => Some(v),
            _ => None,
        }
    }
}

/// Everything fetched for one widget.
#[derive(Clone, Debug, PartialEq)]
pub struct Data {
    pub manifest: Load<Manifest>,
    pub snapshot: Load<TerritorySnapshot>,
    /// Not fatal when missing: distances are then measured from the
    /// territory's centre.
    pub communes: Load<CommuneIndex>,
}

/// Starts the downloads once, when the widget mounts; the commune table
/// (≈ 45 KB brotli) only when `want_communes` turns true — once the owner has
/// started — and once the data folder has answered, so that a visitor who
/// only looks, or a missing data folder, costs no more than the manifest.
#[hook]
pub fn use_data(config: Rc<Config>, want_communes: bool) -> Data {
    let manifest = use_state(|| Load::Loading);
    let snapshot = use_state(|| Load::Loading);
    let communes = use_state(|| Load::Loading);
    {
        let (manifest, snapshot, communes) = (manifest.clone(), snapshot.clone(), communes.clone());
        let config = config.clone();
        use_effect_with((), move |_| {
            yew::platform::spawn_local(async move {
                let c = config;
                let loaded = load_manifest(&c).await;
                let file = match loaded {
                    Ok((m, file)) => {
                        manifest.set(Load::Ready(Rc::new(m)));
                        file
                    }
                    Err(reason) => {
                        events::error(&c, reason);
                        snapshot.set(Load::Failed(reason));
                        communes.set(Load::Failed(reason));
                        return;
                    }
                };
                match load_snapshot(&c, &file).await {
                    Ok(s) => snapshot.set(Load::Ready(Rc::new(s))),
                    Err(reason) => {
                        events::error(&c, reason);
                        snapshot.set(Load::Failed(reason));
                    }
                }
            });
        });
    }
    {
        let started = use_mut_ref(|| false);
        let communes = communes.clone();
        let manifest_ready = manifest.ready().is_some();
        use_effect_with((want_communes, manifest_ready), move |&(want, ready)| {
            if want && ready && !std::mem::replace(&mut *started.borrow_mut(), true) {
                yew::platform::spawn_local(async move {
                    let url = format!("{}communes-hdf.csv", config.data_url);
                    let index = get_text(&url)
                        .await
                        .and_then(|t| CommuneIndex::parse(&t).map_err(|_| "data-malformed"));
                    communes.set(match index {
                        Ok(i) => Load::Ready(Rc::new(i)),
                        Err(reason) => Load::Failed(reason),
                    });
                });
            }
        });
    }
    Data {
        manifest: (*manifest).clone(),
        snapshot: (*snapshot).clone(),
        communes: (*communes).clone(),
    }
}

/// The manifest, and the file of the configured territory.
async fn load_manifest(config: &Config) -> Result<(Manifest, String), &'static str> {
    let text = get_text(&format!("{}manifest.json", config.data_url)).await?;
    let manifest: Manifest = tpe_shared::json::decode(&text).map_err(|_| "data-malformed")?;
    if manifest.schema_version != SCHEMA_VERSION {
        return Err("data-malformed");
    }
    let file = manifest
        .territories
        .iter()
        .find(|t| t.id == config.territory)
        .ok_or("unknown-territory")?
        .file
        .trim_start_matches('/')
        .to_string();
    Ok((manifest, file))
}

async fn load_snapshot(config: &Config, file: &str) -> Result<TerritorySnapshot, &'static str> {
    let text = get_text(&format!("{}{file}", config.data_url)).await?;
    let snapshot: TerritorySnapshot =
        tpe_shared::json::decode(&text).map_err(|_| "data-malformed")?;
    if snapshot.schema_version != SCHEMA_VERSION {
        return Err("data-malformed");
    }
    Ok(snapshot)
}

/// GET `url` as text; `data-unavailable` for a network error or a non-2xx
/// status, `timeout` after 10 s.
async fn get_text(url: &str) -> Result<String, &'static str> {
    let fetch = async {
        let response = Request::get(url)
            .send()
            .await
            .map_err(|_| "data-unavailable")?;
        if !response.ok() {
            return Err("data-unavailable");
        }
        response.text().await.map_err(|_| "data-unavailable")
    };
    match select(Box::pin(fetch), TimeoutFuture::new(TIMEOUT_MS)).await {
        Either::Left((result, _)) => result,
        Either::Right(_) => Err("timeout"),
    }
}
