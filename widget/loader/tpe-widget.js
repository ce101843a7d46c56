/*! Diagnostic numérique TPE — widget loader (MIT).
 * Reads its configuration from its own <script> tag, then loads the
 * WebAssembly widget asynchronously: it never blocks or breaks the host page.
 * `cargo xtask dist` writes the content-hashed file names into the import below. */
(function () {
  'use strict';
  var script = document.currentScript;
  var api = window.TpeDiagnostic;

  if (!api) {
    // Everything is resolved against the loader's own URL.
    var base = (script && script.src) || document.baseURI;
    var mounted = new WeakMap();
    var loading = null;

    var fail = function (el, reason, error) {
      if (error) console.warn('tpe-widget:', reason, error);
      try {
        el.dispatchEvent(new CustomEvent('tpe:error', {
          bubbles: true, composed: true, detail: { reason: reason }
        }));
      } catch (e) { /* a host listener threw: not our business */ }
    };

    // One glue module and one wasm instance per page, whatever the number
    // of widgets or of copies of this script.
    var load = function () {
      if (!loading) {
        loading = import(new URL('__GLUE__', base).href).then(function (glue) {
          return glue.default({ module_or_path: new URL('__WASM__', base) })
            .then(function () { return glue; });
        }).catch(function (e) {
          loading = null; // a later mount may retry (network back)
          throw e;
        });
      }
      return loading;
    };

    var mount = function (el, options) {
      var o = options || {};
      var handle = el && mounted.get(el);
      if (handle) return handle;
      var app = null;
      var gone = false;
      handle = {
        unmount: function () {
          gone = true;
          if (el) mounted.delete(el);
          if (app) {
            try { app.unmount(); app.free(); } catch (e) { /* already gone */ }
            app = null;
          }
        }
      };
      if (!el || typeof el.attachShadow !== 'function') {
        console.warn('tpe-widget: no container element');
        return handle;
      }
      mounted.set(el, handle);
      load().then(function (glue) {
        if (gone) return;
        app = glue.mount(el, {
          territory: o.territory || '',
          lang: o.lang || document.documentElement.lang || 'fr',
          partner: o.partner || '',
          accent: o.accent || '',
          // A given data URL is read like a link of the page; the default
          // is the `data/` folder next to the `widget/` one.
          dataUrl: o.dataUrl
            ? new URL(o.dataUrl, document.baseURI).href
            : new URL('../data/', base).href
        });
      }).catch(function (e) {
        mounted.delete(el);
        fail(el, 'widget-unavailable', e);
      });
      return handle;
    };

    api = window.TpeDiagnostic = { mount: mount };
  }

  // The script tag itself: mount into data-target, or right after the tag.
  if (!script || !script.hasAttribute('data-territory')) return;
  var d = script.dataset;
  var options = {
    territory: d.territory,
    lang: d.lang,
    partner: d.partner,
    accent: d.accent,
    dataUrl: d.dataUrl
  };
  var start = function () {
    var el = null;
    if (d.target) {
      try { el = document.querySelector(d.target); } catch (e) { el = null; }
      if (!el) { console.warn('tpe-widget: no element matches', d.target); return; }
    } else {
      if (script.tpeContainer) return;
      el = script.tpeContainer = document.createElement('div');
      el.className = 'tpe-diagnostic';
      script.parentNode.insertBefore(el, script.nextSibling);
    }
    api.mount(el, options);
  };
  if (d.target && document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
