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

    // Shown in the container until the widget mounts (the shadow root then
    // hides it), and on failure with a link the partner chose.
    var words = {
      fr: ['Votre diagnostic numérique', 'Chargement…',
        'Le diagnostic ne peut pas s\u2019afficher ici pour le moment.', 'L\u2019ouvrir sur une autre page'],
      en: ['Your digital check-up', 'Loading…',
        'The check-up cannot be shown here right now.', 'Open it on another page']
    };
    var note = function (el, lang, failed, fallback) {
      var t = words[String(lang).slice(0, 2) === 'en' ? 'en' : 'fr'];
      var p = el.tpeNote || (el.tpeNote = el.appendChild(document.createElement('p')));
      p.className = 'tpe-loading';
      p.setAttribute('role', 'status');
      p.textContent = failed ? t[2] + ' ' : t[0] + ' \u2014 ' + t[1];
      if (failed && /^https?:/.test(fallback.protocol)) {
        var a = p.appendChild(document.createElement('a'));
        a.href = fallback.href;
        a.textContent = t[3];
      }
    };

    // The glue and the wasm are checked against the integrity values this
    // loader was built with: the glue by a fetch with `integrity` before it
    // is imported, the wasm compiled only from its verified response.
    var verified = function (url, sri) {
      return fetch(url, { integrity: sri }).then(function (r) {
        if (!r.ok) throw new Error(url + ': HTTP ' + r.status);
        return r;
      });
    };

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
        var glueUrl = new URL('__GLUE__', base).href;
        // The wasm is fetched at once, beside the glue, not after it; a
        // failure is reported below, once the glue asks for it.
        var wasm = verified(new URL('__WASM__', base).href, '__WASM_SRI__');
        wasm.catch(function () {});
        loading = verified(glueUrl, '__GLUE_SRI__').then(function () {
          return import(glueUrl);
        }).then(function (glue) {
          return glue.default({ module_or_path: wasm })
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
      var lang = o.lang || document.documentElement.lang || 'fr';
      var fallback;
      try {
        fallback = new URL(o.fallbackUrl || '../index.html', o.fallbackUrl ? document.baseURI : base);
      } catch (e) { fallback = new URL('../index.html', base); }
      note(el, lang, false);
      load().then(function (glue) {
        if (gone) return;
        app = glue.mount(el, {
          territory: o.territory || '',
          lang: lang,
          partner: o.partner || '',
          partnerName: o.partnerName || '',
          accent: o.accent || '',
          statsUrl: o.statsUrl ? new URL(o.statsUrl, document.baseURI).href : '',
          // A given data URL is read like a link of the page; the default
          // is the `data/` folder next to the `widget/` one.
          dataUrl: o.dataUrl
            ? new URL(o.dataUrl, document.baseURI).href
            : new URL('../data/', base).href
        });
      }).catch(function (e) {
        mounted.delete(el);
        note(el, lang, true, fallback);
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
    partnerName: d.partnerName,
    accent: d.accent,
    statsUrl: d.statsUrl,
    dataUrl: d.dataUrl,
    fallbackUrl: d.fallbackUrl
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
