//! Events on the host element, for the host page's analytics.
//!
//! They bubble and cross the shadow boundary (`composed`), and never carry
//! personal data: step numbers, levels, error reasons only. Details are
//! built as plain JS objects (not through `serde_json::Value`, whose
//! serializer would add about 10 KB to the wasm).

use crate::config::Config;
use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

/// A JS object from (key, value) pairs.
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&o, &JsValue::from_str(k), v);
    }
    o.into()
}

/// Dispatches `name` with `detail` on the widget's host element; the
/// detail carries `partner` (`data-partner`) when the snippet gave one.
pub fn dispatch(config: &Config, name: &str, detail: JsValue) {
    if let Some(partner) = &config.partner {
        let _ = js_sys::Reflect::set(&detail, &"partner".into(), &JsValue::from_str(partner));
    }
    let host: &Element = &config.host;
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(&detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        // A listener of the host page that throws must not break the widget.
        let _ = host.dispatch_event(&event);
    }
}

/// `tpe:error` with a reason such as `data-unavailable`, plus the one
/// console warning the widget allows itself.
pub fn error(config: &Config, reason: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!(
        "tpe-widget: local data not loaded ({reason})"
    )));
    dispatch(
        config,
        "tpe:error",
        object(&[("reason", JsValue::from_str(reason))]),
    );
}
