// The web teams' page: builds the snippet from the form, shows the loader's
// SRI hash from widget/integrity.json, and previews the widget live.
(function () {
  'use strict';
  var form = document.getElementById('config');
  var snippet = document.getElementById('snippet');
  var preview = document.getElementById('preview');
  var integrity = null;
  var handle = null;

  function value(id) { return document.getElementById(id).value.trim(); }

  function base() {
    var b = value('base') || new URL('.', document.baseURI).href;
    return b.endsWith('/') ? b : b + '/';
  }

  function render() {
    var lines = [
      '<div id="diagnostic-tpe"></div>',
      '<script async src="' + base() + 'widget/tpe-widget.js"' + (integrity ? '\n        integrity="' + integrity + '" crossorigin="anonymous"' : ''),
      '        data-territory="' + value('territory') + '" data-target="#diagnostic-tpe"' + (value('lang') ? ' data-lang="' + value('lang') + '"' : ''),
      '        data-partner="' + value('partner').replace(/[^\w-]/g, '') + '" data-accent="' + value('accent') + '"',
      '        data-data-url="' + base() + 'data/"></' + 'script>'
    ];
    snippet.textContent = lines.join('\n');
    mountPreview();
  }

  function mountPreview() {
    if (!window.TpeDiagnostic) return;
    if (handle) handle.unmount();
    preview.textContent = '';
    var host = document.createElement('div');
    preview.appendChild(host);
    handle = window.TpeDiagnostic.mount(host, {
      territory: value('territory'),
      lang: value('lang') || document.documentElement.lang,
      partner: value('partner'),
      accent: value('accent'),
      dataUrl: new URL('data/', document.baseURI).href
    });
  }

  fetch('widget/integrity.json').then(function (r) { return r.ok ? r.json() : null; })
    .then(function (j) { integrity = j && j['tpe-widget.js']; render(); })
    .catch(function () { render(); });

  form.addEventListener('input', render);
  form.addEventListener('change', render);
  window.addEventListener('load', mountPreview);

  document.getElementById('copy').addEventListener('click', function () {
    var status = document.getElementById('copy-status');
    navigator.clipboard.writeText(snippet.textContent).then(
      function () { status.textContent = 'Code copié.'; },
      function () { status.textContent = 'Sélectionnez le code et copiez-le (Ctrl+C).'; });
  });
  render();
})();
