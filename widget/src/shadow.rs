//! The shadow root and its one constructable stylesheet.
//!
//! Styles are never inline (`<style>` or `style=""`): a host page with
//! `style-src 'self'` would block them. A constructable stylesheet adopted by
//! the shadow root is not subject to that directive, and `:host { all:
//! initial }` keeps the host page's CSS out.

use crate::config::Config;
use tpe_shared::contrast::readable_accent;
use wasm_bindgen::JsValue;
use web_sys::{CssStyleSheet, ShadowRootInit, ShadowRootMode};

const CSS: &str = include_str!("style.css");

/// Attaches (or reuses) the open shadow root of the host, adopts the
/// stylesheet with the partner's readable accent, and returns a fresh
/// `<div class="tpe" lang="…">` to mount yew into.
pub fn prepare(config: &Config) -> Result<web_sys::Element, JsValue> {
    let host = &config.host;
    let shadow = match host.shadow_root() {
        Some(root) => root,
        None => host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open))?,
    };
    // A previous mount of the same host leaves nothing behind.
    while let Some(child) = shadow.first_child() {
        shadow.remove_child(&child)?;
    }
    let sheet = CssStyleSheet::new()?;
    sheet.replace_sync(CSS)?;
    let accent = readable_accent(config.accent.as_deref()).to_hex();
    // `to_hex` only ever yields `#rrggbb`: nothing from the host page reaches CSS.
    // Last, so that it overrides the stylesheet's default accent.
    let end = sheet.css_rules()?.length();
    sheet.insert_rule_with_index(&format!(":host {{ --tpe-accent: {accent}; }}"), end)?;
    shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));

    let document = host
        .owner_document()
        .ok_or_else(|| JsValue::from_str("host element has no document"))?;
    let root = document.create_element("div")?;
    root.set_class_name("tpe");
    root.set_attribute("lang", config.lang.tag())?;
    shadow.append_child(&root)?;
    Ok(root)
}
