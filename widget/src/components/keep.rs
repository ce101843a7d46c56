//! Keep the result: print it, copy the summary, e-mail it to oneself, or
//! keep a link that reopens it (answers in the URL fragment only).

use crate::app::use_ctx;
use crate::links;
use crate::text::ui;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlTextAreaElement;
use yew::prelude::*;

#[derive(Properties, PartialEq)]
pub struct KeepProps {
    pub summary: AttrValue,
    pub reopen: AttrValue,
}

#[derive(Clone, Copy, PartialEq)]
enum Copy {
    Idle,
    Done,
    /// The clipboard API is missing or refused: show the text to copy by hand.
    Manual,
}

/// `navigator.clipboard.writeText(text)`, if the browser offers it here
/// (it needs a secure context).
fn clipboard_write(text: &str) -> Option<js_sys::Promise> {
    let navigator = web_sys::window()?.navigator();
    let clipboard = js_sys::Reflect::get(&navigator, &JsValue::from_str("clipboard")).ok()?;
    let write = js_sys::Reflect::get(&clipboard, &JsValue::from_str("writeText")).ok()?;
    let write = write.dyn_into::<js_sys::Function>().ok()?;
    write
        .call1(&clipboard, &JsValue::from_str(text))
        .ok()?
        .dyn_into::<js_sys::Promise>()
        .ok()
}

#[component]
pub fn Keep(props: &KeepProps) -> Html {
    let ctx = use_ctx();
    let t = ui(ctx.state.lang);
    let copy = use_state(|| Copy::Idle);
    let area = use_node_ref();

    let on_print = Callback::from(|_: MouseEvent| {
        if let Some(w) = web_sys::window() {
            let _ = w.print();
        }
    });
    let on_copy = {
        let copy = copy.clone();
        let text = props.summary.to_string();
        Callback::from(move |_: MouseEvent| match clipboard_write(&text) {
            Some(promise) => {
                let copy = copy.clone();
                yew::platform::spawn_local(async move {
                    let done = wasm_bindgen_futures::JsFuture::from(promise).await.is_ok();
                    copy.set(if done { Copy::Done } else { Copy::Manual });
                });
            }
            None => copy.set(Copy::Manual),
        })
    };
    {
        // The manual fallback: select the text so a single Ctrl+C copies it.
        let area = area.clone();
        use_effect_with(*copy, move |c| {
            if *c == Copy::Manual {
                if let Some(a) = area.cast::<HtmlTextAreaElement>() {
                    let _ = a.focus();
                    a.select();
                }
            }
        });
    }

    let mailto = links::mailto_self(t.email_subject, &props.summary);
    html! {
        <section class="tpe-keep">
            <h3>{ t.keep_title }</h3>
            <div class="tpe-actions tpe-no-print">
                <button type="button" class="tpe-print" onclick={on_print}>{ t.print }</button>
                <button type="button" class="tpe-copy" onclick={on_copy}>{ t.copy }</button>
                <a class="tpe-email tpe-button" href={mailto}>{ t.email }</a>
                <a class="tpe-reopen tpe-button" href={props.reopen.clone()}>{ t.reopen }</a>
            </div>
            <p class="tpe-hint tpe-no-print">{ t.reopen_note }</p>
            <p class="tpe-copy-status tpe-no-print" role="status">
                { match *copy {
                    Copy::Idle => "",
                    Copy::Done => t.copied,
                    Copy::Manual => t.copy_fallback,
                } }
            </p>
            if *copy == Copy::Manual {
                <label class="tpe-label tpe-no-print">
                    { t.summary_label }
                    <textarea class="tpe-summary" readonly=true rows="12" ref={area}
                        value={props.summary.clone()} />
                </label>
            }
        </section>
    }
}
