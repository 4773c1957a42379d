/* The newsroom's script: the editor's live preview, rendered by the
   server with the same Markdown renderer as the site; Ctrl+S (Cmd+S)
   saves; leaving the page with unsaved changes asks first; and the
   editor never loses work: every change is kept in this browser
   (localStorage) and autosaved to the server as the person's draft, the
   editor offers either back when it opens, and it tells who else has the
   article open (presence, with "Take over"). Everything reads and writes
   the form's fields by name, so a richer body editor that keeps the
   body's textarea up to date works unchanged. */
(function () {
  'use strict';
  /* ---- The newsroom's words in the person's language: the server puts
     them on <body data-texts> (src/newsroom/admin_texts.c); English is the
     fallback. "forms" is the plural form for n = 0..199 (beyond: for
     100 + n % 100). ---- */
  var texts = null;
  function words() {
    if (texts) return texts;
    try { texts = JSON.parse(document.body.getAttribute('data-texts') || '{}') || {}; } catch (e) { texts = {}; }
    return texts;
  }
  function has(o, k) { return !!o && Object.prototype.hasOwnProperty.call(o, k); }
  function t(text) {
    var d = words();
    return (has(d.texts, text) && d.texts[text]) || text;
  }
  function tn(one, other, n) {
    var d = words(), forms = has(d.plurals, one) ? d.plurals[one] : null, english = n === 1 ? one : other;
    if (!forms || typeof d.forms !== 'string') return english;
    var at = Math.abs(Math.trunc(n));
    return forms[Number(d.forms[at < 200 ? at : 100 + (at % 100)])] || english;
  }
  /* A text with its %s and %d replaced by the arguments after it, in order. */
  function fill(text) {
    var args = Array.prototype.slice.call(arguments, 1), i = 0;
    return String(text).replace(/%([sd%])/g, function (m, c) { return c === '%' ? '%' : String(i < args.length ? args[i++] : ''); });
  }
  /* The page's language, for dates. */
  function locale() { return document.documentElement.lang || 'en'; }

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
  function setupKeeping(editor) {
    var form = document.querySelector('[data-editor]');
    if (!form) return;
    var dirty = false, leaving = false;
    form.addEventListener('input', function () { dirty = true; });
    form.addEventListener('change', function () { dirty = true; });
    form.addEventListener('submit', function (e) {
      /* Someone else took the article over: saving replaces their work. */
      if (editor && editor.takenOver && !window.confirm(editor.takenOver + ' ' +
          t('Save anyway and replace what they save?'))) {
        e.preventDefault();
        return;
      }
      leaving = true;
    });
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
  /* ---- The editor's fields, by name. ---- */

  /* Fields that are the page's, not the writer's. */
  var NOT_TEXT = { csrf: 1, version: 1, revision: 1, action: 1 };

  function textField(el) {
    return el.name && !NOT_TEXT[el.name] && el.type !== 'file' && el.type !== 'submit' &&
      el.type !== 'button' && !el.disabled;
  }

  /* Every field of the form as {name: value} (a checkbox only when ticked). */
  function readFields(form) {
    var out = {};
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!textField(el)) return;
      if ((el.type === 'checkbox' || el.type === 'radio') && !el.checked) return;
      out[el.name] = el.value.replace(/\r\n?/g, '\n');
    });
    return out;
  }

  /* True when two sets of fields say the same (a missing field is empty). */
  function sameFields(a, b) {
    var names = Object.keys(a).concat(Object.keys(b));
    for (var i = 0; i < names.length; i++) {
      var x = (a[names[i]] || '').replace(/\r\n?/g, '\n'), y = (b[names[i]] || '').replace(/\r\n?/g, '\n');
      if (x !== y) return false;
    }
    return true;
  }

  /* Puts fields into the form and tells whoever listens (a rich editor). */
  function fillFields(form, fields) {
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!textField(el)) return;
      var value = Object.prototype.hasOwnProperty.call(fields, el.name) ? String(fields[el.name]) : '';
      if (el.type === 'checkbox' || el.type === 'radio') el.checked = value !== '' && value === el.value;
      else if (el.tagName === 'SELECT' && !Array.prototype.some.call(el.options, function (o) { return o.value === value; })) return;
      else el.value = value;
      el.dispatchEvent(new Event('input', { bubbles: true }));
      el.dispatchEvent(new Event('change', { bubbles: true }));
    });
  }

  /* "14:02" (or the day, when not today) in the site's time zone. */
  function clock(ms, zone) {
    var options = { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' };
    if (new Date(ms).toDateString() !== new Date().toDateString()) options = { day: 'numeric', month: 'long' };
    /* English as the site writes it ("14 February"); other languages by their own rules. */
    var lang = locale() === 'en' ? 'en-GB' : locale();
    try { return new Intl.DateTimeFormat(lang, Object.assign({ timeZone: zone || undefined }, options)).format(ms); }
    catch (e) { return new Intl.DateTimeFormat(lang, options).format(ms); }
  }

  /* ---- The browser's copy: every change, in localStorage. ---- */

  function localKey(form) {
    return 'gazette-draft:' + form.getAttribute('data-user') + ':' + (form.getAttribute('data-article') || 'new');
  }

  function readLocal(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || 'null'); } catch (e) { return null; }
  }

  function writeLocal(key, copy) {
    try { window.localStorage.setItem(key, JSON.stringify(copy)); return true; } catch (e) { return false; }
  }

  function dropLocal(key) {
    try { window.localStorage.removeItem(key); } catch (e) { /* nothing kept */ }
  }

  /* ---- Autosave to the server, with a status line. ---- */

  /* The status line says text; with link, text's "%s" is a link there
     ("sign in again"). */
  function setStatus(editor, text, warn, link) {
    var line = editor.status;
    if (!line) return;
    line.classList.toggle('nr-warn', !!warn);
    if (!link) {
      line.textContent = text;
      return;
    }
    var at = text.indexOf('%s');
    line.textContent = at < 0 ? text + ' ' : text.slice(0, at);
    var a = document.createElement('a');
    a.href = link;
    a.target = '_blank';
    a.rel = 'opener';
    a.textContent = t('sign in again');
    line.appendChild(a);
    if (at >= 0) line.appendChild(document.createTextNode(text.slice(at + 2)));
  }

  /* The form's fields, CSRF token and version, as the draft route takes them. */
  function draftBody(editor) {
    var body = new URLSearchParams();
    var fields = readFields(editor.form);
    Object.keys(fields).forEach(function (k) { body.set(k, fields[k]); });
    body.set('csrf', editor.csrf());
    var version = editor.form.querySelector('input[name=version]');
    if (version) body.set('version', version.value);
    return body;
  }

  function signedOut(editor) {
    editor.signedOut = true;
    var here = location.pathname;
    setStatus(editor, t('Signed out: your text is kept in this browser; %s.'), true,
      '/admin/login?next=' + encodeURIComponent(here));
    waitForLogin(editor);
  }

  /* After a login elsewhere (the link opens a new tab): the new session's
     token goes into the page's forms and autosave carries on. */
  function waitForLogin(editor) {
    if (editor.loginTimer) return;
    function check() {
      fetch('/admin/session', { credentials: 'same-origin', redirect: 'manual' })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (who) {
          if (!who || String(who.user_id) !== editor.form.getAttribute('data-user')) return;
          clearInterval(editor.loginTimer);
          editor.loginTimer = null;
          editor.signedOut = false;
          Array.prototype.forEach.call(document.querySelectorAll('input[name=csrf]'), function (el) {
            el.value = who.csrf;
          });
          editor.pending = true;
          saveNow(editor);
        })
        .catch(function () { /* still offline */ });
    }
    editor.loginTimer = setInterval(check, 3000);
    window.addEventListener('focus', check);
  }

  function saveNow(editor) {
    clearTimeout(editor.idleTimer);
    clearTimeout(editor.longTimer);
    editor.idleTimer = editor.longTimer = null;
    if (!editor.pending || editor.leaving || editor.signedOut) return;
    editor.pending = false;
    fetch(editor.draftUrl, { method: 'POST', body: draftBody(editor), credentials: 'same-origin' })
      .then(function (r) {
        if (r.status === 403) return signedOut(editor);
        return r.json().then(function (answer) {
          if (r.ok) setStatus(editor, fill(t('Draft saved %s'), clock(answer.saved_at * 1000, editor.zone)));
          else setStatus(editor, (answer && answer.error) || t('The server did not keep the draft; it is kept in this browser.'), true);
        });
      })
      .catch(function () {
        editor.pending = true;
        setStatus(editor, t('Offline: kept in this browser'), true);
      });
  }

  /* 2 s after the last change, and at least every 10 s while typing on. */
  function changed(editor) {
    editor.pending = true;
    var copy = { fields: readFields(editor.form), saved_at: Date.now(), base_version: editor.version() };
    if (!writeLocal(editor.key, copy) && !navigator.onLine) setStatus(editor, t('Offline, and this browser cannot keep the text'), true);
    clearTimeout(editor.idleTimer);
    editor.idleTimer = setTimeout(function () { saveNow(editor); }, 2000);
    if (!editor.longTimer) editor.longTimer = setTimeout(function () { saveNow(editor); }, 10000);
  }

  /* Leaving (a closed tab, another page, the phone's app switcher): the last
     changes go as a beacon, which outlives the page. */
  function saveOnLeaving(editor) {
    if (!editor.pending || editor.leaving || editor.signedOut) return;
    var body = draftBody(editor);
    if (navigator.sendBeacon && navigator.sendBeacon(editor.draftUrl, body)) editor.pending = false;
    else fetch(editor.draftUrl, { method: 'POST', body: body, credentials: 'same-origin', keepalive: true })
      .catch(function () { /* the browser's copy has it */ });
  }

  function setupAutosave(editor) {
    var form = editor.form;
    form.addEventListener('input', function () { changed(editor); });
    form.addEventListener('change', function () { changed(editor); });
    form.addEventListener('submit', function (e) {
      setTimeout(function () {
        if (e.defaultPrevented) return;
        editor.leaving = true;
        clearTimeout(editor.idleTimer);
        clearTimeout(editor.longTimer);
        /* Kept until the editor comes back saying it saved. */
        var copy = readLocal(editor.key) || { fields: readFields(form), saved_at: Date.now(), base_version: editor.version() };
        copy.submitted = true;
        writeLocal(editor.key, copy);
      }, 0);
    });
    window.addEventListener('pagehide', function () { saveOnLeaving(editor); });
    document.addEventListener('visibilitychange', function () {
      if (document.visibilityState === 'hidden') saveOnLeaving(editor);
    });
    window.addEventListener('online', function () { saveNow(editor); });
  }

  /* ---- Restore: the newest unsaved work, from the server or this browser. ---- */

  function setupRestore(editor) {
    var form = editor.form, banner = document.querySelector('[data-restore]');
    var local = readLocal(editor.key);
    if (form.hasAttribute('data-just-saved')) {
      /* Saved for real: the copy that went with the save has done its work. */
      if (local && local.submitted) dropLocal(editor.key);
      var fresh = 'gazette-draft:' + form.getAttribute('data-user') + ':new', kept = readLocal(fresh);
      if (kept && kept.submitted) dropLocal(fresh);
      local = readLocal(editor.key);
    }
    if (!banner) return;
    var shown = readFields(form), offer = null, server = null;
    try { server = JSON.parse(form.getAttribute('data-server-draft') || 'null'); } catch (e) { server = null; }
    if (server && server.fields && !sameFields(server.fields, shown))
      offer = { fields: server.fields, at: server.saved_at * 1000, base: server.base_version, source: t('saved on the server') };
    if (local && local.fields && !sameFields(local.fields, shown) && (!offer || local.saved_at > offer.at) &&
        !(server && sameFields(local.fields, server.fields) && !offer))
      offer = { fields: local.fields, at: local.saved_at, base: local.base_version, source: t('this browser') };
    if (!offer) {
      banner.hidden = true;
      return;
    }
    banner.querySelector('[data-restore-time]').textContent = clock(offer.at, editor.zone);
    banner.querySelector('[data-restore-source]').textContent = offer.source;
    banner.hidden = false;
    banner.querySelector('[data-restore-apply]').addEventListener('click', function (e) {
      e.preventDefault();
      fillFields(form, offer.fields);
      /* Saved at the version it was written against: a save after someone
         else's shows the conflict instead of replacing their work. */
      var version = form.querySelector('input[name=version]');
      if (version && offer.base) version.value = String(offer.base);
      banner.hidden = true;
    });
    banner.querySelector('[data-restore-discard]').addEventListener('click', function (e) {
      e.preventDefault();
      dropLocal(editor.key);
      var body = new URLSearchParams();
      body.set('csrf', editor.csrf());
      fetch(form.getAttribute('data-draft-url') + '/discard', { method: 'POST', body: body,
        credentials: 'same-origin', redirect: 'manual' }).catch(function () { /* offered again next time */ });
      banner.hidden = true;
    });
  }

  /* ---- Presence: who else has the article open, and "Take over". ---- */

  function tabId() {
    var bytes = new Uint8Array(12);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ('0' + b.toString(16)).slice(-2); }).join('');
  }

  function showPresence(editor, answer) {
    var box = document.querySelector('[data-presence]');
    if (!box) return;
    var text = box.querySelector('[data-presence-text]'), take = box.querySelector('[data-take-over]');
    var others = answer.others || [], holder = null, people = [], sameUser = false;
    others.forEach(function (o) {
      if (o.holder) holder = o;
      if (o.you) sameUser = true;
      else if (people.indexOf(o.name) < 0) people.push(o.name);
    });
    if (editor.wasHolder && !answer.holder && holder) {
      var at = clock(holder.held_since * 1000, editor.zone);
      editor.takenOver = holder.you ? fill(t('You took over editing at %s in another tab; your text is kept as a draft.'), at)
        : fill(t('%s took over editing at %s; your text is kept as a draft.'), holder.name, at);
    }
    if (answer.holder) editor.takenOver = null;
    editor.wasHolder = answer.holder;
    var lines = [];
    if (editor.takenOver) lines.push(editor.takenOver);
    else if (people.length) lines.push(fill(tn('%s is editing this article.', '%s are editing this article.', people.length), people.join(', ')));
    if (sameUser && !editor.takenOver) lines.push(t('You have this article open in another tab.'));
    text.textContent = lines.join(' ');
    box.hidden = lines.length === 0;
    take.hidden = answer.holder || others.length === 0;
  }

  function beat(editor, takeOver) {
    var body = new URLSearchParams();
    body.set('csrf', editor.csrf());
    body.set('tab', editor.tab);
    if (takeOver) body.set('take_over', '1');
    clearTimeout(editor.beatTimer);
    return fetch(editor.presenceUrl, { method: 'POST', body: body, credentials: 'same-origin' })
      .then(function (r) {
        if (r.status === 403) { signedOut(editor); return null; }
        return r.ok ? r.json() : null;
      })
      .then(function (answer) {
        var next = 10;
        if (answer) {
          showPresence(editor, answer);
          next = answer.next_seconds || 10;
        }
        editor.beatTimer = setTimeout(function () { beat(editor, false); }, next * 1000);
      })
      .catch(function () {
        editor.beatTimer = setTimeout(function () { beat(editor, false); }, 10000);
      });
  }

  function setupPresence(editor) {
    editor.presenceUrl = editor.form.getAttribute('data-presence-url');
    if (!editor.presenceUrl || !window.crypto || !window.crypto.getRandomValues) return;
    editor.tab = tabId();
    var take = document.querySelector('[data-take-over]');
    if (take) take.addEventListener('click', function () { beat(editor, true); });
    window.addEventListener('pagehide', function () {
      var body = new URLSearchParams();
      body.set('csrf', editor.csrf());
      body.set('tab', editor.tab);
      body.set('leave', '1');
      if (navigator.sendBeacon) navigator.sendBeacon(editor.presenceUrl, body);
    });
    beat(editor, false);
  }

  /* The editor's state, shared by autosave, restore and presence. */
  function editorState() {
    var form = document.querySelector('[data-editor]');
    if (!form || !form.getAttribute('data-draft-url') || !window.fetch || !window.URLSearchParams) return null;
    var csrf = form.querySelector('input[name=csrf]');
    return {
      form: form,
      draftUrl: form.getAttribute('data-draft-url'),
      zone: form.getAttribute('data-timezone'),
      key: localKey(form),
      status: document.querySelector('[data-autosave-status]'),
      csrf: function () { return csrf ? csrf.value : ''; },
      version: function () {
        var v = form.querySelector('input[name=version]');
        return v ? Number(v.value) : 0;
      },
      pending: false, leaving: false, signedOut: false, takenOver: null, wasHolder: false
    };
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
        navigator.clipboard.writeText(field.value).then(function () { b.textContent = t('Copied'); },
          function () { field.select(); });
      });
    }
  }
  /* The editor's authors: the textarea (one name a line, what the server
     reads) becomes an ordered list with a field to add a name (from the
     profiles' datalist, or a new one), and buttons to move each up or
     down and remove it; every change is written back to the textarea,
     which autosave and the form send, and a draft put back into the
     textarea redraws the list. */
  function setupAuthors() {
    var field = document.querySelector('[data-authors-field]');
    if (!field) return;
    var box = field.closest('[data-authors]');
    var names = function () {
      return field.value.split(/[\n,]/).map(function (s) { return s.trim(); }).filter(Boolean);
    };
    var list = document.createElement('ol');
    list.className = 'nr-author-list';
    list.setAttribute('aria-label', t('Authors, in order'));
    var add = document.createElement('input');
    add.id = 'f-author-add';
    add.setAttribute('list', field.getAttribute('data-authors-list'));
    add.setAttribute('aria-label', t('Add an author by name'));
    add.placeholder = t('Add an author by name');
    add.maxLength = 200;
    var addButton = document.createElement('button');
    addButton.type = 'button';
    addButton.textContent = t('Add author');
    var status = document.createElement('p');
    status.className = 'visually-hidden';
    status.setAttribute('role', 'status');
    var writing = false;
    function write(list_, focusAt, focusWhat) {
      field.value = list_.join('\n');
      writing = true;
      field.dispatchEvent(new Event('input', { bubbles: true }));
      writing = false;
      draw(focusAt, focusWhat);
    }
    function button(text, label, onClick) {
      var b = document.createElement('button');
      b.type = 'button';
      b.textContent = text;
      b.setAttribute('aria-label', label);
      b.addEventListener('click', onClick);
      return b;
    }
    function draw(focusAt, focusWhat) {
      var current = names();
      list.textContent = '';
      current.forEach(function (name, i) {
        var item = document.createElement('li');
        var text = document.createElement('span');
        text.textContent = name;
        item.appendChild(text);
        var up = button('↑', fill(t('Move %s up'), name), function () {
          var l = names(); l.splice(i - 1, 0, l.splice(i, 1)[0]); write(l, i - 1, 'up');
          status.textContent = fill(t('%s moved up'), name);
        });
        up.disabled = i === 0;
        var down = button('↓', fill(t('Move %s down'), name), function () {
          var l = names(); l.splice(i + 1, 0, l.splice(i, 1)[0]); write(l, i + 1, 'down');
          status.textContent = fill(t('%s moved down'), name);
        });
        down.disabled = i === current.length - 1;
        var remove = button(t('Remove'), fill(t('Remove %s'), name), function () {
          var l = names(); l.splice(i, 1); write(l, -1);
          status.textContent = fill(t('%s removed'), name);
          add.focus();
        });
        up.dataset.role = 'up';
        down.dataset.role = 'down';
        [up, down, remove].forEach(function (b) { item.appendChild(b); });
        list.appendChild(item);
      });
      if (focusAt >= 0 && list.children[focusAt]) {
        var target = list.children[focusAt].querySelector('[data-role="' + focusWhat + '"]');
        if (!target || target.disabled) target = list.children[focusAt].querySelector('button:not([disabled])');
        if (target) target.focus();
      }
    }
    function addName() {
      var name = add.value.trim();
      if (!name) return;
      var l = names();
      if (l.indexOf(name) < 0 && l.length < 10) l.push(name);
      add.value = '';
      write(l, -1);
      status.textContent = fill(t('%s added'), name);
    }
    add.addEventListener('keydown', function (e) {
      if (e.key === 'Enter') { e.preventDefault(); addName(); }
    });
    addButton.addEventListener('click', addName);
    field.addEventListener('input', function () { if (!writing) draw(-1); });
    field.hidden = true;
    box.querySelector('label[for="f-authors"]').setAttribute('for', 'f-author-add');
    var row = document.createElement('div');
    row.className = 'nr-author-add';
    row.appendChild(add);
    row.appendChild(addButton);
    box.appendChild(list);
    box.appendChild(row);
    box.appendChild(status);
    draw(-1);
  }

  /* The editor's "Search and social" fieldset: the character counts of
     the SEO title and description, and the search result and social card
     previews, follow what is typed, by the server's rules (admin_seo.c):
     the override, else the article's own title, lead and lead image;
     results cut the title at about 60 characters, descriptions at 155. */
  function setupSeo() {
    var box = document.querySelector('[data-seo]');
    var form = box && box.closest('form');
    if (!form) return;
    function field(name) { return form.elements.namedItem(name); }
    function value(name) { var el = field(name); return el ? el.value.trim() : ''; }
    function chars(text) { return Array.from(text).length; }
    function shorten(text, max) {
      var points = Array.from(text);
      return points.length > max ? points.slice(0, max).join('') + '\u2026' : text;
    }
    function show(name, text) {
      var el = box.querySelector('[data-seo-' + name + ']');
      if (el) el.textContent = text;
    }
    function chosenSrc(name) {
      var select = field(name);
      var option = select && select.options[select.selectedIndex];
      return option ? option.getAttribute('data-src') || '' : '';
    }
    function host(url) {
      try { return new URL(url).hostname; } catch (e) { return url.replace(/^[a-z]+:\/\//i, '').split(/[/?#:]/)[0]; }
    }
    function update() {
      Array.prototype.forEach.call(box.querySelectorAll('[data-seo-count]'), function (input) {
        var shown = Number(input.getAttribute('data-seo-count'));
        var counter = box.querySelector('[data-count-of="' + input.id + '"]');
        if (!counter) return;
        var n = chars(input.value);
        counter.querySelector('[data-count]').textContent = String(n);
        counter.classList.toggle('nr-charcount-long', n > shown);
      });
      var siteName = box.getAttribute('data-site-name') || '';
      var title = value('seo_title') || value('title');
      var description = value('seo_description') || value('subtitle') || value('title');
      var url = value('canonical_url') || box.getAttribute('data-own-url') || '';
      show('result-title', shorten(title + ' \u2014 ' + siteName, 60));
      show('result-url', url);
      show('result-description', shorten(description, 155));
      show('card-title', title);
      show('card-description', shorten(description, 155));
      show('card-host', host(url));
      var src = chosenSrc('social_image_id') || chosenSrc('lead_image_id');
      var image = box.querySelector('[data-seo-card-image]');
      var none = box.querySelector('[data-seo-card-noimage]');
      if (image) {
        if (src) image.setAttribute('src', src);
        else image.removeAttribute('src');
        image.hidden = !src;
      }
      if (none) none.hidden = !!src;
    }
    form.addEventListener('input', update);
    form.addEventListener('change', update);
    update();
  }
  /* Forms that undo what cannot be undone ask first (data-confirm: the
     question); without script they submit as they are. */
  function setupConfirm() {
    var forms = document.querySelectorAll('form[data-confirm]');
    for (var i = 0; i < forms.length; i++) {
      forms[i].addEventListener('submit', function (e) {
        if (!window.confirm(this.getAttribute('data-confirm'))) e.preventDefault();
      });
    }
  }
  function setup() {
    var editor = editorState();
    setupConfirm();
    setupPreview();
    setupSeo();
    setupCopy();
    setupAuthors();
    setupKeeping(editor);
    if (!editor) return;
    setupRestore(editor);
    setupAutosave(editor);
    setupPresence(editor);
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setup);
  else setup();
})();
