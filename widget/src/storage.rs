//! The owner's answers in localStorage, as the portable code.
//!
//! Every access may fail (storage disabled, private mode, a sandboxed
//! iframe): the diagnostic then simply does not resume.

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

pub fn load(key: &str) -> Option<String> {
    local()?.get_item(key).ok()?.filter(|v| !v.is_empty())
}

pub fn save(key: &str, value: &str) {
    if let Some(s) = local() {
        let _ = s.set_item(key, value);
    }
}

pub fn remove(key: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(key);
    }
}
