/* The newsroom's script: the editor's live preview, rendered by the
   server with the same Markdown renderer as the site; Ctrl+S (Cmd+S)
   saves; leaving the page with unsaved changes asks first. */
(function () {
  'use strict';
  function setupPreview() {
    var form = document.querySelector('[data-editor]');
    if (!form) return;
    var source = form.querySelector('[data-preview-source]');
    var target = form.querySelector('[data-preview]');
    var csrf = form.querySelector('input[name=csrf]');
    if (!source || !target || !csrf || !window.fetch) return;
    var timer, controller;
    function render() {
      if (controller) controller.abort();
      controller = window.AbortController ? new AbortController() : null;
      var body = new URLSearchParams();
      body.set('csrf', csrf.value);
      body.set('body_markdown', source.value);
      fetch('/admin/preview', { method: 'POST', body: body, credentials: 'same-origin',
        signal: controller ? controller.signal : undefined })
        .then(function (r) { return r.ok ? r.text() : Promise.reject(new Error(String(r.status))); })
        .then(function (html) {
          /* The server's renderer drops raw HTML and unsafe links: safe to show. */
          var doc = new DOMParser().parseFromString('<div>' + html + '</div>', 'text/html');
          target.replaceChildren.apply(target, Array.prototype.slice.call(doc.body.firstChild.childNodes));
        })
        .catch(function () { /* a newer preview replaced this one, or the network failed */ });
    }
    source.addEventListener('input', function () {
      clearTimeout(timer);
      timer = setTimeout(render, 300);
    });
    render();
  }
  function setupKeeping() {
    var form = document.querySelector('[data-editor]');
    if (!form) return;
    var dirty = false, leaving = false;
    form.addEventListener('input', function () { dirty = true; });
    form.addEventListener('change', function () { dirty = true; });
    form.addEventListener('submit', function () { leaving = true; });
    window.addEventListener('beforeunload', function (e) {
      if (!dirty || leaving) return;
      e.preventDefault();
      e.returnValue = '';
    });
    document.addEventListener('keydown', function (e) {
      if ((e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 's' || e.key === 'S')) {
        var save = form.querySelector('button[name=action][value=save]');
        if (!save) return;
        e.preventDefault();
        if (form.requestSubmit) form.requestSubmit(save);
        else save.click();
      }
    });
  }
  /* The images page: "Copy Markdown" puts an image's Markdown on the
     clipboard (without script, the field can be selected and copied). */
  function setupCopy() {
    var buttons = document.querySelectorAll('[data-copy-markdown]');
    for (var i = 0; i < buttons.length; i++) {
      var button = buttons[i];
      if (!navigator.clipboard) continue;
      button.hidden = false;
      button.addEventListener('click', function (e) {
        var b = e.currentTarget;
        var field = document.getElementById(b.getAttribute('data-copy-markdown'));
        navigator.clipboard.writeText(field.value).then(function () { b.textContent = 'Copied'; },
          function () { field.select(); });
      });
    }
  }
  function setup() {
    setupPreview();
    setupKeeping();
    setupCopy();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setup);
  else setup();
})();
