//! What the host page asked for, read once at mount time.

use tpe_shared::Lang;
use wasm_bindgen::JsValue;

/// The widget's configuration: the script tag's `data-*` attributes or the
/// options of `TpeDiagnostic.mount`, as the loader passes them.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// The container; events are dispatched on it.
    pub host: web_sys::Element,
    pub territory: String,
    /// Where `manifest.json` lives, ending with `/`.
    pub data_url: String,
    /// The partner id (`cci`, `cma`…), used to name who to contact when
    /// the local data is unavailable.
    pub partner: Option<String>,
    /// The requested accent colour, unchecked: `contrast::readable_accent`
    /// decides what is actually used.
    pub accent: Option<String>,
    pub lang: Lang,
    /// The partner's statistics collector (`data-stats-url`): only then is
    /// the owner offered to share an anonymous result.
    pub stats_url: Option<String>,
    /// Who receives a shared result, in words (`data-partner-name`): said in
    /// the consent panel beside the collector's address.
    pub partner_name: Option<String>,
}

impl Config {
    pub fn read(host: web_sys::Element, options: &JsValue) -> Config {
        let get = |key: &str| {
            js_sys::Reflect::get(options, &JsValue::from_str(key))
                .ok()
                .and_then(|v| v.as_string())
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        // data-lang, else the host page's <html lang>, else French.
        let lang = get("lang")
            .as_deref()
            .and_then(Lang::from_tag)
            .or_else(|| {
                let html = web_sys::window()?.document()?.document_element()?;
                Lang::from_tag(&html.get_attribute("lang")?)
            })
            .unwrap_or_default();
        let mut data_url = get("dataUrl").unwrap_or_else(|| "../data/".into());
        if !data_url.ends_with('/') {
            data_url.push('/');
        }
        Config {
            host,
            territory: get("territory").unwrap_or_default().to_ascii_lowercase(),
            data_url,
            partner: get("partner"),
            accent: get("accent"),
            lang,
            stats_url: get("statsUrl").map(|u| u.trim_end_matches('/').to_string()),
            partner_name: get("partnerName"),
        }
    }

    /// Where a shared result would go: the partner's name if given, and the
    /// collector's host (the page's own host for a relative address).
    pub fn recipient(&self) -> Option<String> {
        let url = self.stats_url.as_deref()?;
        let host = tpe_shared::links::host_of(url)
            .map(str::to_string)
            .or_else(|| {
                web_sys::window()?
                    .location()
                    .host()
                    .ok()
                    .filter(|h| !h.is_empty())
            })?;
        Some(match &self.partner_name {
            Some(name) => format!("{name} ({host})"),
            None => host,
        })
    }

    /// The localStorage key of the saved answers: one per territory, so two
    /// partner sites of one origin do not mix their owners' answers.
    pub fn answers_key(&self) -> String {
        format!("tpe:{}:answers", self.territory)
    }

    /// The day the owner shared a result ("2026-12-03"), or "no" when they
    /// declined: the consent panel is never shown twice.
    pub fn shared_key(&self) -> String {
        format!("tpe:{}:shared", self.territory)
    }

    /// Set once the outcome question was answered or "Ne plus me demander".
    pub fn outcome_key(&self) -> String {
        format!("tpe:{}:outcome", self.territory)
    }

    /// Where the step the owner left off is kept, beside the answers.
    pub fn step_key(&self) -> String {
        format!("tpe:{}:step", self.territory)
    }
}
