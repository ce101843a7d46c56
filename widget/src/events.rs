//! Events on the host element, for the host page's analytics.
//!
//! They bubble and cross the shadow boundary (`composed`), and never carry
//! personal data: step numbers, levels, error reasons only.

use wasm_bindgen::JsValue;
use web_sys::{CustomEvent, CustomEventInit, Element};

/// Dispatches `name` with `detail` (a JSON value) on `host`.
pub fn dispatch(host: &Element, name: &str, detail: serde_json::Value) {
    let detail = js_sys::JSON::parse(&detail.to_string()).unwrap_or(JsValue::NULL);
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
pub fn error(host: &Element, reason: &str) {
    web_sys::console::warn_1(&JsValue::from_str(&format!(
        "tpe-widget: local data not loaded ({reason})"
    )));
    dispatch(host, "tpe:error", serde_json::json!({ "reason": reason }));
}
