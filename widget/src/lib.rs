//! The embeddable diagnostic widget: a yew application mounted in an open
//! shadow root of the host element.
//!
//! The JS loader (`loader/tpe-widget.js`) reads the script tag, loads this
//! module once per page and calls [`mount`] for each container. The widget
//! only renders: every decision comes from `tpe-shared`.

mod app;
mod components;
mod config;
mod events;
mod hooks;
mod links;
mod shadow;
mod state;
mod storage;
mod text;

use config::Config;
use std::rc::Rc;
use wasm_bindgen::prelude::*;

/// A mounted widget, returned to the loader so the host page can remove it.
#[wasm_bindgen]
pub struct Mounted {
    app: Option<yew::AppHandle<app::App>>,
    root: web_sys::Element,
}

#[wasm_bindgen]
impl Mounted {
    /// Removes the widget; the host element stays (its shadow root is reused
    /// by a later mount, since a shadow root cannot be detached).
    pub fn unmount(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
        self.root.remove();
    }
}

/// Mounts the widget into `host` with the loader's options
/// (`territory`, `lang`, `partner`, `accent`, `dataUrl`).
#[wasm_bindgen]
pub fn mount(host: web_sys::Element, options: JsValue) -> Result<Mounted, JsValue> {
    let config = Config::read(host, &options);
    let root = shadow::prepare(&config)?;
    let app = yew::Renderer::<app::App>::with_root_and_props(
        root.clone(),
        app::AppProps {
            config: Rc::new(config),
        },
    )
    .render();
    Ok(Mounted {
        app: Some(app),
        root,
    })
}

/// The developer page's fixture must stay readable by this widget version.
#[cfg(test)]
mod fixture_tests {
    use tpe_shared::communes::CommuneIndex;
    use tpe_shared::model::{Manifest, TerritorySnapshot, SCHEMA_VERSION};

    const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../www/dev/data/");

    fn read(name: &str) -> String {
        std::fs::read_to_string(format!("{DATA}{name}")).unwrap()
    }

    #[test]
    fn the_dev_fixture_parses_with_the_shared_types() {
        let manifest: Manifest = tpe_shared::json::decode(&read("manifest.json")).unwrap();
        assert_eq!(manifest.schema_version, SCHEMA_VERSION);
        let arras = manifest
            .territories
            .iter()
            .find(|t| t.id == "arras")
            .unwrap();
        let snapshot: TerritorySnapshot = tpe_shared::json::decode(&read(&arras.file)).unwrap();
        assert_eq!(snapshot.schema_version, SCHEMA_VERSION);
        assert_eq!(snapshot.venues.len(), arras.venues);
        assert_eq!(snapshot.aids.len(), arras.aids);
        let communes = CommuneIndex::parse(&read("communes-hdf.csv")).unwrap();
        assert_eq!(
            communes.by_insee(&snapshot.territory.insee).unwrap().name,
            "Arras"
        );
    }
}
