/* Gazette reader script: night theme, text size, copy link, print, the
   search overlay, the endless feed, the galleries' lightbox, embeds
   loaded on request and the most-read tabs. No framework, no trackers;
   every page reads fully without it. */
(function () {
  'use strict';
  var root = document.documentElement;

  function store(key, value) {
    try { localStorage.setItem(key, value); } catch (e) { /* private mode */ }
  }

  /* Night theme: the reader's choice wins over prefers-color-scheme. */
  function isDark() {
    var chosen = root.getAttribute('data-theme');
    if (chosen) return chosen === 'dark';
    return window.matchMedia && window.matchMedia('(prefers-color-scheme: dark)').matches;
  }
  function setupTheme() {
    var buttons = document.querySelectorAll('[data-theme-toggle]');
    function sync() {
      for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute('aria-pressed', String(isDark()));
    }
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener('click', function () {
        var next = isDark() ? 'light' : 'dark';
        root.setAttribute('data-theme', next);
        store('gazette-theme', next);
        sync();
      });
    }
    sync();
  }

  /* Text size: five steps, 2 is the default. */
  function setupTextSize() {
    var buttons = document.querySelectorAll('[data-size-step]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener('click', function (event) {
        var step = Number(event.currentTarget.getAttribute('data-size-step'));
        var current = Number(root.getAttribute('data-text-size') || 2);
        var next = Math.max(0, Math.min(4, current + step));
        root.setAttribute('data-text-size', String(next));
        store('gazette-text-size', String(next));
      });
    }
  }

  var toastTimer;
  function toast(message) {
    var el = document.querySelector('[data-toast]');
    if (!el) return;
    el.textContent = message;
    el.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { el.hidden = true; }, 2500);
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) return navigator.clipboard.writeText(text);
    return new Promise(function (resolve, reject) {
      var area = document.createElement('textarea');
      area.value = text;
      area.setAttribute('readonly', '');
      area.style.position = 'fixed';
      area.style.opacity = '0';
      document.body.appendChild(area);
      area.select();
      var ok = document.execCommand('copy');
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error('copy failed'));
    });
  }

  function setupShare() {
    var copy = document.querySelectorAll('[data-copy-link]');
    for (var i = 0; i < copy.length; i++) {
      copy[i].addEventListener('click', function (event) {
        var button = event.currentTarget;
        copyText(button.getAttribute('data-url')).then(function () {
          toast(button.getAttribute('data-copied'));
        }, function () {
          window.prompt('', button.getAttribute('data-url'));
        });
      });
    }
    var print = document.querySelectorAll('[data-print]');
    for (var j = 0; j < print.length; j++) {
      print[j].addEventListener('click', function () { window.print(); });
    }
  }

  /* Search overlay: the header's search link opens it; without script the
     link leads to the search page. */
  function setupSearch() {
    var dialog = document.getElementById('search-dialog');
    if (!dialog || typeof dialog.showModal !== 'function') return;
    var openers = document.querySelectorAll('[data-search-open]');
    for (var i = 0; i < openers.length; i++) {
      openers[i].addEventListener('click', function (event) {
        event.preventDefault();
        dialog.showModal();
        var input = dialog.querySelector('input[name=q]');
        if (input) input.focus();
      });
    }
    setupSuggestions(dialog);
    var close = dialog.querySelector('[data-search-close]');
    if (close) close.addEventListener('click', function () { dialog.close(); });
    dialog.addEventListener('click', function (event) {
      if (event.target === dialog) dialog.close();
    });
    /* One Escape closes the overlay, even when the search field would
       otherwise use it to clear itself first. */
    dialog.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') {
        event.preventDefault();
        dialog.close();
      }
    }, true);
  }

  /* The overlay's first results as the reader types, from search.json. */
  function setupSuggestions(dialog) {
    var form = dialog.querySelector('form');
    var input = dialog.querySelector('input[name=q]');
    var box = dialog.querySelector('[data-search-results]');
    if (!form || !input || !box || !window.fetch) return;
    var timer, controller;
    function clear() { while (box.firstChild) box.removeChild(box.firstChild); }
    function show(data, query) {
      clear();
      var list = document.createElement('ul');
      data.results.forEach(function (r) {
        var li = document.createElement('li');
        var meta = document.createElement('span');
        meta.className = 'kicker';
        meta.textContent = r.category;
        var a = document.createElement('a');
        a.href = r.url;
        a.textContent = r.title;
        li.appendChild(meta);
        li.appendChild(document.createTextNode(' '));
        li.appendChild(a);
        list.appendChild(li);
      });
      var all = document.createElement('a');
      all.className = 'search-all';
      all.href = form.getAttribute('action') + '?q=' + encodeURIComponent(query);
      all.textContent = box.getAttribute('data-all').replace('%d', data.total);
      if (data.results.length) box.appendChild(list);
      var p = document.createElement('p');
      if (data.results.length) p.appendChild(all);
      else p.textContent = box.getAttribute('data-none');
      box.appendChild(p);
    }
    input.addEventListener('input', function () {
      clearTimeout(timer);
      var query = input.value.trim();
      if (query.length < 2) { clear(); return; }
      timer = setTimeout(function () {
        if (controller) controller.abort();
        controller = window.AbortController ? new AbortController() : null;
        var url = form.getAttribute('action') + '.json?limit=5&q=' + encodeURIComponent(query);
        fetch(url, controller ? { signal: controller.signal } : {}).then(function (response) {
          return response.ok ? response.json() : null;
        }).then(function (data) {
          if (data && input.value.trim() === query) show(data, query);
        }).catch(function () { /* a newer query replaced this one */ });
      }, 250);
    });
  }

  /* Endless feed: when the "More" link comes into view, fetch the next
     items and append them; the link stays a plain link without script. */
  function setupFeed() {
    var list = document.querySelector('[data-feed]');
    var more = document.querySelector('.feed-more');
    if (!list || !more || !('IntersectionObserver' in window) || !window.fetch) return;
    var link = more.querySelector('[data-feed-next]');
    var loading = more.querySelector('[data-feed-loading]');
    var busy = false;

    function load() {
      if (busy || !link) return;
      busy = true;
      link.hidden = true;
      if (loading) loading.hidden = false;
      var url = link.getAttribute('href');
      url += (url.indexOf('?') < 0 ? '?' : '&') + 'fragment=1';
      fetch(url, { credentials: 'same-origin' }).then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.text();
      }).then(function (html) {
        var tpl = document.createElement('template');
        tpl.innerHTML = html;
        var items = tpl.content.querySelectorAll('li.card');
        for (var i = 0; i < items.length; i++) list.appendChild(items[i]);
        var next = tpl.content.querySelector('[data-feed-next]');
        if (next) {
          link.setAttribute('href', next.getAttribute('href'));
          link.hidden = false;
        } else {
          observer.disconnect();
          more.parentNode.removeChild(more);
          link = null;
        }
      }).catch(function () {
        if (link) link.hidden = false; /* the reader can still follow it */
      }).then(function () {
        if (loading) loading.hidden = true;
        busy = false;
      });
    }

    var observer = new IntersectionObserver(function (entries) {
      for (var i = 0; i < entries.length; i++) if (entries[i].isIntersecting) load();
    }, { rootMargin: '400px 0px' });
    observer.observe(more);
  }

  /* Embeds: the provider's frame is made only when the reader presses the
     placeholder's button; nothing is asked of the provider before. Each
     kind: [sandbox, allow]. */
  var frames = {
    youtube: ['allow-scripts allow-same-origin allow-presentation allow-popups', 'encrypted-media; picture-in-picture; fullscreen'],
    other: ['allow-scripts allow-same-origin allow-popups allow-popups-to-escape-sandbox', '']
  };
  /* The embeds' buttons inside root (the page, or an update the live
     blog brought in). */
  function setupEmbeds(root) {
    var buttons = (root || document).querySelectorAll('[data-embed-load]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener('click', function (event) {
        var box = event.currentTarget.parentNode;
        var src = box.getAttribute('data-src') || '';
        if (src.indexOf('https://') !== 0) return;
        var rule = frames[box.getAttribute('data-embed')] || frames.other;
        var frame = document.createElement('iframe');
        frame.src = src;
        frame.title = box.getAttribute('data-title') || '';
        frame.setAttribute('sandbox', rule[0]);
        if (rule[1]) frame.setAttribute('allow', rule[1]);
        frame.setAttribute('referrerpolicy', 'strict-origin-when-cross-origin');
        var provider = box.querySelector('.embed-provider');
        if (provider) box.removeChild(provider);
        box.removeChild(event.currentTarget);
        box.insertBefore(frame, box.firstChild);
        box.classList.add('embed-loaded');
        frame.focus();
      });
    }
  }

  /* Galleries: a picture opens in a modal lightbox with its large variant
     and caption; previous and next (buttons, arrow keys, a swipe); Escape
     closes and focus goes back to the picture. Without script each picture
     is a link to its largest variant. Button names come from the page. */
  function setupGalleries() {
    var body = document.querySelector('[data-lightbox-close]');
    var galleries = document.querySelectorAll('[data-gallery]');
    var dialog = document.createElement('dialog');
    if (!body || !galleries.length || typeof dialog.showModal !== 'function') return;
    dialog.className = 'lightbox';
    dialog.innerHTML = '<figure><img alt=""><figcaption></figcaption></figure>' +
      '<button type="button" class="lightbox-prev">\u2039</button><button type="button" class="lightbox-next">\u203a</button>' +
      '<button type="button" class="lightbox-close">\u00d7</button>';
    var img = dialog.querySelector('img'), caption = dialog.querySelector('figcaption');
    var names = { 'lightbox-prev': 'data-lightbox-previous', 'lightbox-next': 'data-lightbox-next', 'lightbox-close': 'data-lightbox-close' };
    Object.keys(names).forEach(function (name) {
      dialog.querySelector('.' + name).setAttribute('aria-label', body.getAttribute(names[name]));
    });
    document.body.appendChild(dialog);
    var links = [], at = 0, opener = null, touchX = null;
    function show(i) {
      at = (i + links.length) % links.length;
      var link = links[at], figure = link.parentNode, thumb = link.querySelector('img');
      var text = figure.querySelector('figcaption');
      img.src = link.getAttribute('href');
      img.alt = thumb ? thumb.alt : '';
      caption.textContent = text ? text.textContent : '';
      caption.hidden = !text;
      dialog.setAttribute('aria-label', img.alt);
    }
    dialog.querySelector('.lightbox-prev').addEventListener('click', function () { show(at - 1); });
    dialog.querySelector('.lightbox-next').addEventListener('click', function () { show(at + 1); });
    dialog.querySelector('.lightbox-close').addEventListener('click', function () { dialog.close(); });
    dialog.addEventListener('keydown', function (event) {
      if (event.key === 'ArrowLeft') show(at - 1);
      else if (event.key === 'ArrowRight') show(at + 1);
    });
    dialog.addEventListener('touchstart', function (event) { touchX = event.touches[0].clientX; }, { passive: true });
    dialog.addEventListener('touchend', function (event) {
      var dx = touchX === null ? 0 : event.changedTouches[0].clientX - touchX;
      touchX = null;
      if (Math.abs(dx) > 40) show(dx < 0 ? at + 1 : at - 1);
    });
    dialog.addEventListener('close', function () { if (opener) opener.focus(); });
    Array.prototype.forEach.call(galleries, function (gallery) {
      var own = Array.prototype.slice.call(gallery.querySelectorAll('.gallery-link'));
      own.forEach(function (link, i) {
        link.addEventListener('click', function (event) {
          event.preventDefault();
          links = own;
          opener = link;
          show(i);
          dialog.showModal();
          dialog.querySelector('.lightbox-close').focus();
        });
      });
    });
  }

  /* The breaking-news banner: dismissed, it stays away for that story
     (the boot script hides it before it is drawn on the next pages); the
     last few stories dismissed are remembered. */
  function setupBreaking() {
    var banner = document.querySelector('[data-breaking]');
    var close = banner && banner.querySelector('[data-breaking-close]');
    if (!close) return;
    close.addEventListener('click', function () {
      var id = banner.getAttribute('data-breaking');
      try {
        var kept = (localStorage.getItem('gazette-breaking-dismissed') || '').split(' ').filter(Boolean);
        if (kept.indexOf(id) < 0) kept.push(id);
        localStorage.setItem('gazette-breaking-dismissed', kept.slice(-20).join(' '));
      } catch (e) { /* private mode: hidden for this page only */ }
      document.documentElement.classList.add('breaking-dismissed');
      var main = document.getElementById('main');
      if (main) { main.setAttribute('tabindex', '-1'); main.focus(); }
    });
  }

  /* The phone menu (a <details>): Escape closes it and gives the focus
     back to its button; a tap or click outside closes it too. */
  function setupPhoneMenu() {
    var menu = document.querySelector('[data-phone-menu]');
    if (!menu) return;
    var summary = menu.querySelector('summary');
    document.addEventListener('keydown', function (e) {
      if (e.key === 'Escape' && menu.open) {
        menu.open = false;
        summary.focus();
      }
    });
    document.addEventListener('click', function (e) {
      if (menu.open && !menu.contains(e.target)) menu.open = false;
    });
  }

  /* Tabs (the most-read switch): without the script, links to the panels
     that :target shows; with it, the WAI-ARIA tabs pattern (one tab stop,
     arrow keys, Home and End move between tabs, the other panels hidden). */
  function setupTabs() {
    var blocks = document.querySelectorAll('[data-tabs]');
    Array.prototype.forEach.call(blocks, function (block, n) {
      var list = block.querySelector('[data-tablist]');
      var tabs = block.querySelectorAll('[data-tab]');
      var panels = [];
      for (var i = 0; i < tabs.length; i++) {
        var panel = document.getElementById(tabs[i].getAttribute('href').slice(1));
        if (!panel) return;
        panels.push(panel);
      }
      list.setAttribute('role', 'tablist');
      if (block.getAttribute('aria-labelledby')) list.setAttribute('aria-labelledby', block.getAttribute('aria-labelledby'));
      function select(k, focus) {
        for (var i = 0; i < tabs.length; i++) {
          var on = i === k;
          tabs[i].setAttribute('aria-selected', String(on));
          tabs[i].tabIndex = on ? 0 : -1;
          panels[i].hidden = !on;
        }
        if (focus) tabs[k].focus();
      }
      var chosen = 0;
      for (var i = 0; i < tabs.length; i++) {
        var tab = tabs[i];
        tab.parentNode.setAttribute('role', 'presentation');
        tab.setAttribute('role', 'tab');
        if (!tab.id) tab.id = 'tab-' + n + '-' + i;
        tab.setAttribute('aria-controls', panels[i].id);
        panels[i].setAttribute('role', 'tabpanel');
        panels[i].setAttribute('aria-labelledby', tab.id);
        panels[i].tabIndex = 0;
        if (location.hash === '#' + panels[i].id) chosen = i;
        tab.addEventListener('click', function (event) {
          event.preventDefault();
          select(Array.prototype.indexOf.call(tabs, event.currentTarget), false);
        });
        tab.addEventListener('keydown', function (event) {
          var k = Array.prototype.indexOf.call(tabs, event.currentTarget), to = -1;
          if (event.key === 'ArrowRight') to = (k + 1) % tabs.length;
          else if (event.key === 'ArrowLeft') to = (k + tabs.length - 1) % tabs.length;
          else if (event.key === 'Home') to = 0;
          else if (event.key === 'End') to = tabs.length - 1;
          if (to < 0) return;
          event.preventDefault();
          select(to, true);
        });
      }
      block.classList.add('tabs-ready');
      select(chosen, false);
    });
  }

  /* A live blog left open: every data-live-seconds it asks the one
     address all its readers ask (data-live-poll), with If-None-Match so
     that nothing new is a 304. New updates wait behind an "N new updates"
     button, so the page never moves under the reader; corrections and
     deletions of the updates shown apply in place. It stops while the tab
     is hidden and for good once the coverage has ended. Without the
     script, a reload shows the same. */
  function setupLive() {
    var live = document.querySelector('[data-live]');
    if (!live || !live.hasAttribute('data-live-open') || !window.fetch) return;
    var url = live.getAttribute('data-live-poll');
    var seconds = Number(live.getAttribute('data-live-seconds')) || 20;
    var list = live.querySelector('[data-live-updates]');
    var box = live.querySelector('[data-live-new]');
    var button = live.querySelector('[data-live-show]');
    var tpl = live.querySelector('[data-live-template]');
    var lang = document.documentElement.lang || 'en';
    var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(lang) : null;
    var clock = null;
    try {
      clock = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
                                              timeZone: live.getAttribute('data-live-timezone') || undefined });
    } catch (e) { clock = null; }
    var etag = null, timer = null, pending = [], stopped = false;

    function hhmm(iso) {
      var d = new Date(iso);
      return clock ? clock.format(d) : iso.slice(11, 16);
    }
    function shown(id) { return list.querySelector('[data-update-id="' + id + '"]'); }
    function fill(node, u) {
      node.id = 'update-' + u.id;
      node.setAttribute('data-update-id', String(u.id));
      node.classList.toggle('is-pinned', !!u.pinned);
      var pin = node.querySelector('.live-pinned');
      if (pin) pin.hidden = !u.pinned;
      var link = node.querySelector('.live-update-time');
      link.setAttribute('href', '#update-' + u.id);
      var time = link.querySelector('time');
      time.setAttribute('datetime', u.published);
      time.textContent = hhmm(u.published);
      var corrected = node.querySelector('.live-corrected');
      if (corrected && u.corrected) {
        corrected.hidden = false;
        var when = corrected.querySelector('time');
        when.setAttribute('datetime', u.corrected);
        when.textContent = hhmm(u.corrected);
      }
      var title = node.querySelector('.live-update-title');
      if (title) { title.textContent = u.title; title.hidden = !u.title; }
      /* Our own Markdown renderer's sanitised HTML, as the page has it. */
      var body = node.querySelector('.live-update-body');
      body.innerHTML = u.body_html;
      setupEmbeds(body);
      var author = node.querySelector('.live-update-author');
      if (author) { author.textContent = u.author; author.hidden = !u.author; }
      node.setAttribute('data-corrected', u.corrected || '');
    }
    function make(u) {
      var node = tpl.content.querySelector('.live-update').cloneNode(true);
      fill(node, u);
      return node;
    }
    function label(n) {
      var form = rules ? rules.select(n) : (n === 1 ? 'one' : 'other');
      var text = live.getAttribute(form === 'one' ? 'data-live-one' : form === 'few' ? 'data-live-few' : 'data-live-many');
      return text.replace(/\d+/, String(n));
    }
    function apply(data) {
      var updates = data.live.updates, oldest = Infinity, seen = {};
      for (var i = 0; i < updates.length; i++) {
        var u = updates[i], node = shown(u.id);
        seen[u.id] = true;
        if (u.id < oldest) oldest = u.id;
        if (node) {
          if ((node.getAttribute('data-corrected') || '') !== (u.corrected || '') ||
              node.classList.contains('is-pinned') !== !!u.pinned)
            node.parentNode.replaceChild(make(u), node);
        } else if (!pending.some(function (p) { return p.id === u.id; })) {
          pending.push(u);
        }
      }
      /* Gone from the newest: deleted. */
      pending = pending.filter(function (p) { return seen[p.id]; });
      Array.prototype.forEach.call(list.querySelectorAll('[data-update-id]'), function (node) {
        var id = Number(node.getAttribute('data-update-id'));
        if (id > oldest && !seen[id]) node.parentNode.removeChild(node);
      });
      if (pending.length) {
        button.textContent = label(pending.length);
        box.hidden = false;
      } else {
        box.hidden = true;
      }
      if (!data.live.open) stop();
    }
    function poll() {
      timer = null;
      if (stopped || document.hidden) return;
      var headers = etag ? { 'If-None-Match': etag } : {};
      fetch(url, { cache: 'no-store', headers: headers }).then(function (response) {
        if (response.status === 304) return null;
        if (!response.ok) throw new Error('HTTP ' + response.status);
        etag = response.headers.get('ETag');
        return response.json();
      }).then(function (data) {
        if (data && data.live) apply(data);
      }).catch(function () { /* the next round tries again */ }).then(schedule);
    }
    function schedule() {
      if (!stopped && !timer && !document.hidden) timer = setTimeout(poll, seconds * 1000);
    }
    function stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    }
    button.addEventListener('click', function () {
      if (!pending.length) return;
      /* What the reader sees stays where it is: the list's top keeps its
         place on the screen while the button goes and the updates come
         in below the pinned one (the script anchors it, not the browser). */
      var before = list.getBoundingClientRect().top;
      var anchor = list.firstElementChild;
      while (anchor && anchor.classList.contains('is-pinned')) anchor = anchor.nextElementSibling;
      pending.sort(function (a, b) { return b.id - a.id; });
      var first = null;
      pending.forEach(function (u) {
        var node = make(u);
        if (u.pinned) {
          Array.prototype.forEach.call(list.querySelectorAll('.is-pinned'), function (old) {
            old.classList.remove('is-pinned');
            var pin = old.querySelector('.live-pinned');
            if (pin) pin.parentNode.removeChild(pin);
          });
        }
        list.insertBefore(node, anchor);
        if (!first) first = node;
      });
      pending = [];
      box.hidden = true;
      var empty = live.querySelector('[data-live-empty]');
      if (empty) empty.hidden = true;
      window.scrollBy(0, list.getBoundingClientRect().top - before);
      first.setAttribute('tabindex', '-1');
      first.focus({ preventScroll: true });
    });
    document.addEventListener('visibilitychange', function () {
      if (document.hidden) {
        if (timer) clearTimeout(timer);
        timer = null;
      } else {
        poll();
      }
    });
    schedule();
  }

  function start() {
    setupPhoneMenu();
    setupBreaking();
    setupTheme();
    setupTabs();
    setupTextSize();
    setupShare();
    setupSearch();
    setupFeed();
    setupEmbeds();
    setupGalleries();
    setupLive();
  }
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
