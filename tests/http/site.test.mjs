// HTTP tests of the reader site: every element of the article page, the
// home, category and author pages, the endless feed, views, 404s, assets,
// escaping of hostile input, and valid HTML. Runs against GAZETTE_BIN.
import { parse } from 'node-html-parser';
import { HtmlValidate } from 'html-validate';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors } from '../lib/server.mjs';
import { wireArticles } from '../lib/wire.mjs';
import path from 'node:path';
import net from 'node:net';

suite('http site');
let site, server, base;

async function get(pathname, init = {}) {
  const res = await fetch(base + pathname, { redirect: 'manual', ...init });
  const text = await res.text();
  return { res, text, doc: parse(text) };
}

const ARTICLE = '/en/politics/fixture-bridge-opens';

test('/ redirects to the default edition', async () => {
  const { res } = await get('/');
  assert.equal(res.status, 302);
  assert.equal(res.headers.get('location'), '/en/');
});

test('/en redirects to /en/', async () => {
  const { res } = await get('/en');
  assert.equal(res.status, 301);
  assert.equal(res.headers.get('location'), '/en/');
});

test('home page: lead story, latest news and category sections', async () => {
  const { res, doc } = await get('/en/');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /text\/html; charset=utf-8/);
  assert.equal(doc.querySelector('html').getAttribute('lang'), 'en');
  assert.equal(doc.querySelector('title').text, 'Test Herald');
  assert.ok(doc.querySelector('.lead-story h2 a'), 'lead story');
  assert.ok(doc.querySelectorAll('.latest-list li').length >= 5, 'latest news');
  const sections = doc.querySelectorAll('.home-section .section-title a').map(a => a.text);
  assert.ok(sections.includes('Politics') && sections.includes('Economy'), sections.join(','));
  assert.equal(doc.querySelector('link[rel=canonical]').getAttribute('href'), 'https://news.example.com/en/');
});

test('the lead story is the newest article', async () => {
  const { doc } = await get('/en/');
  const lead = doc.querySelector('.lead-story time').getAttribute('datetime');
  for (const t of doc.querySelectorAll('.latest-list time')) assert.ok(t.getAttribute('datetime') <= lead);
});

test('header: logo, navigation, social and app links, theme toggle, editions, search', async () => {
  const { doc } = await get(ARTICLE);
  const header = doc.querySelector('header.masthead');
  assert.equal(header.querySelector('.logo').text, 'Test Herald');
  const nav = header.querySelectorAll('nav.sections a').map(a => a.getAttribute('href'));
  assert.ok(nav.includes('/en/politics/') && nav.includes('/en/culture/'));
  const links = header.querySelectorAll('.header-social a').map(a => a.getAttribute('href'));
  for (const want of ['https://twitter.com/testherald', 'https://www.youtube.com/@testherald',
    'https://www.instagram.com/testherald', 'https://www.facebook.com/testherald', 'https://t.me/testherald',
    'https://apps.apple.com/app/test-herald/id1', 'https://play.google.com/store/apps/details?id=com.testherald'])
    assert.ok(links.includes(want), 'missing ' + want);
  assert.ok(header.querySelector('[data-theme-toggle]'), 'night theme toggle');
  const editions = header.querySelectorAll('.editions a');
  assert.deepEqual(editions.map(a => a.getAttribute('hreflang')), ['en', 'ru']);
  assert.equal(editions[1].getAttribute('href'), '/ru/');
  assert.equal(header.querySelector('[data-search-open]').getAttribute('href'), '/en/search');
  const form = doc.querySelector('#search-dialog form');
  assert.equal(form.getAttribute('action'), '/en/search');
  assert.equal(form.querySelector('input').getAttribute('name'), 'q');
  assert.equal(doc.querySelector('#search-dialog label').text, 'What are you looking for?');
});

test('article: category label, text size controls, title, lead, date, body, byline', async () => {
  const { res, doc } = await get(ARTICLE);
  assert.equal(res.status, 200);
  const art = doc.querySelector('article.article');
  const kicker = art.querySelector('.kicker');
  assert.equal(kicker.text, 'Politics');
  assert.equal(kicker.getAttribute('href'), '/en/politics/');
  // Seen as A- and A+; named "A- Smaller text" and "A+ Larger text" (the
  // accessible name starts with what is seen).
  const sizes = art.querySelectorAll('[data-size-step]').map(b => b.childNodes[0].text);
  assert.deepEqual(sizes, ['A-', 'A+']);
  assert.deepEqual(art.querySelectorAll('[data-size-step] .visually-hidden').map(s => s.text.trim()), ['Smaller text', 'Larger text']);
  assert.equal(art.querySelector('h1').text, 'Fixture bridge opens over the Kura');
  assert.equal(art.querySelector('.lead').text, 'The fixture lead: a short summary of the story under the title.');
  const time = art.querySelector('.article-meta time');
  assert.equal(time.text, '14 February 2026 16:50');
  assert.equal(time.getAttribute('datetime'), '2026-02-14T16:50:00+04:00');
  const body = art.querySelector('.article-body');
  assert.match(body.innerHTML, /<p>The first paragraph of the fixture article.<\/p>/);
  assert.match(body.innerHTML, /<h2>A subheading<\/h2>/);
  assert.match(body.innerHTML, /<a href="https:\/\/example.com\/report">a safe link<\/a>/);
  assert.equal(art.querySelector('.byline').text, 'Fixture Reporter');
  assert.deepEqual(art.querySelectorAll('.tags li').map(li => li.text), ['bridge', 'kura']);
});

test('article: dates are shown in the site timezone whatever the offset written', async () => {
  const { doc } = await get('/en/society/hostile-article');
  // 2026-03-01T10:00:00Z is 14:00 in Baku (UTC+4).
  assert.equal(doc.querySelector('.article-meta time').text, '1 March 2026 14:00');
});

test('article: share block links carry the canonical URL, URL-encoded', async () => {
  const { doc } = await get(ARTICLE);
  const share = doc.querySelector('.share');
  assert.equal(share.querySelector('h2').text, 'Liked the story? Share it on social media!');
  const canonical = 'https://news.example.com/en/politics/fixture-bridge-opens';
  const enc = encodeURIComponent(canonical);
  const hrefs = share.querySelectorAll('a').map(a => a.getAttribute('href'));
  assert.ok(hrefs.some(h => h.startsWith('https://twitter.com/intent/tweet?url=' + enc)), 'X');
  assert.ok(hrefs.includes('https://www.facebook.com/sharer/sharer.php?u=' + enc), 'Facebook');
  assert.ok(hrefs.some(h => h.startsWith('https://t.me/share/url?url=' + enc)), 'Telegram');
  assert.ok(hrefs.some(h => h.startsWith('https://wa.me/?text=') && h.includes(enc)), 'WhatsApp');
  assert.ok(hrefs.some(h => h.startsWith('mailto:?subject=') && h.endsWith('&body=' + enc)), 'e-mail');
  assert.ok(share.querySelector('[data-print]'), 'print button');
  const copy = share.querySelector('[data-copy-link]');
  assert.equal(copy.getAttribute('data-url'), canonical);
  assert.equal(copy.getAttribute('data-copied'), 'Link copied');
  assert.match(copy.text, /Copy link/);
  assert.equal(doc.querySelector('link[rel=canonical]').getAttribute('href'), canonical);
});

test('article: YouTube call to action, title and meta description', async () => {
  const { doc } = await get(ARTICLE);
  const cta = doc.querySelector('.youtube-cta');
  assert.match(cta.text, /Follow us on YouTube/);
  assert.equal(cta.getAttribute('href'), 'https://www.youtube.com/@testherald');
  assert.equal(doc.querySelector('title').text, 'Fixture bridge opens over the Kura — Test Herald');
  assert.equal(doc.querySelector('meta[name=description]').getAttribute('content'),
    'The fixture lead: a short summary of the story under the title.');
});

test('article: the category block lists older stories of the category', async () => {
  const { doc } = await get('/en/wire/wire-story-40');
  const more = doc.querySelector('section.more');
  assert.equal(more.querySelector('h2').text.trim(), 'Wire');
  const items = more.querySelectorAll('li.card');
  assert.equal(items.length, 6);
  const mine = doc.querySelector('.article-meta time').getAttribute('datetime');
  for (const li of items) assert.ok(li.querySelector('time').getAttribute('datetime') < mine);
  const next = more.querySelector('[data-feed-next]');
  assert.match(next.getAttribute('href'), /^\/en\/wire\/\?older=\d+-\d+$/);
  assert.equal(more.querySelector('[data-feed-loading]').text, 'Loading…');
});

test('article: footer with attribution, copyright year and social links', async () => {
  const { doc } = await get(ARTICLE);
  const footer = doc.querySelector('footer');
  assert.equal(footer.querySelector('.attribution').text, 'Reprints are allowed only with a hyperlink to Test Herald.');
  assert.equal(footer.querySelector('.copyright').text, `© ${new Date().getFullYear()} Test Herald`);
  assert.equal(footer.querySelectorAll('.social-links a').length, 5);
  assert.equal(footer.querySelectorAll('.app-links a').length, 2);
});

test('the endless feed: older pages chain without gaps or repeats', async () => {
  const seen = [];
  let { doc } = await get('/en/wire/wire-story-45');
  for (const li of doc.querySelectorAll('section.more li.card h3 a')) seen.push(li.text);
  let next = doc.querySelector('section.more [data-feed-next]')?.getAttribute('href');
  let rounds = 0;
  while (next && rounds++ < 10) {
    const frag = await get(next + '&fragment=1');
    assert.equal(frag.res.status, 200);
    assert.ok(!frag.text.includes('<html'), 'a fragment is not a whole page');
    for (const a of frag.doc.querySelectorAll('li.card h3 a')) seen.push(a.text);
    next = frag.doc.querySelector('[data-feed-next]')?.getAttribute('href');
  }
  const want = [];
  for (let i = 44; i >= 1; i--) want.push(`Wire story number ${i}`);
  assert.deepEqual(seen, want);
});

test('the feed without JavaScript: the More link is a full page', async () => {
  const { doc } = await get('/en/wire/wire-story-45');
  const next = doc.querySelector('section.more [data-feed-next]').getAttribute('href');
  const page = await get(next);
  assert.equal(page.res.status, 200);
  assert.ok(page.doc.querySelector('html'));
  assert.equal(page.doc.querySelector('li.card h3 a').text, 'Wire story number 38');
  assert.equal(page.doc.querySelector('meta[name=robots]').getAttribute('content'), 'noindex');
});

test('category page: name, description, newest first, 20 per page', async () => {
  const { res, doc } = await get('/en/wire/');
  assert.equal(res.status, 200);
  assert.equal(doc.querySelector('h1').text, 'Wire');
  const times = doc.querySelectorAll('ul.feed li.card time').map(t => t.getAttribute('datetime'));
  assert.equal(times.length, 20);
  assert.deepEqual([...times].sort().reverse(), times);
  assert.equal(doc.querySelector('[data-feed-next]').getAttribute('href'), '/en/wire/?page=2');
  const politics = await get('/en/politics/');
  assert.equal(politics.doc.querySelector('.section-description').text,
    'Parliament, government and the decisions that shape public life.');
  assert.ok(politics.doc.querySelector('nav.sections a[aria-current=page]').getAttribute('href') === '/en/politics/');
});

test('category pages ?page=N: further pages, the last one, then 404', async () => {
  const p2 = await get('/en/wire/?page=2');
  assert.equal(p2.res.status, 200);
  assert.equal(p2.doc.querySelectorAll('ul.feed li.card').length, 20);
  assert.equal(p2.doc.querySelector('ul.feed li.card h3 a').text, 'Wire story number 25');
  assert.equal(p2.doc.querySelector('link[rel=canonical]').getAttribute('href'), 'https://news.example.com/en/wire/?page=2');
  assert.equal(p2.doc.querySelector('a[rel=prev]').getAttribute('href'), '/en/wire/');
  const p3 = await get('/en/wire/?page=3');
  assert.equal(p3.doc.querySelectorAll('ul.feed li.card').length, 5);
  assert.equal(p3.doc.querySelector('[data-feed-next]'), null);
  assert.equal((await get('/en/wire/?page=4')).res.status, 404);
  for (const bad of ['?page=0', '?page=-1', '?page=abc', '?page=1e3', '?older=junk', '?older=1-2&page=2'])
    assert.equal((await get('/en/wire/' + bad)).res.status, 404, bad);
});

// Every card of an author's page and of the pages after it, following ?page=N.
async function authorCards(pathname) {
  const cards = [];
  for (let next = pathname, pages = 0; next && pages < 20; pages++) {
    const { res, doc } = await get(next);
    assert.equal(res.status, 200, next);
    cards.push(...doc.querySelectorAll('ul.feed li.card').map(li => ({
      url: li.querySelector('h3 a').getAttribute('href'), date: li.querySelector('time').getAttribute('datetime') })));
    next = doc.querySelector('[data-feed-next]')?.getAttribute('href');
  }
  return cards;
}

test('author page: the byline under a story leads to that byline\'s stories in the edition, newest first', async () => {
  const { doc } = await get(ARTICLE);
  const byline = doc.querySelector('.byline a[rel=author]');
  assert.equal(byline.text, 'Fixture Reporter');
  assert.equal(byline.getAttribute('href'), '/en/author/fixture-reporter');
  const page = await get('/en/author/fixture-reporter');
  assert.equal(page.res.status, 200);
  assert.equal(page.doc.querySelector('h1').text, 'Fixture Reporter');
  assert.equal(page.doc.querySelector('title').text, 'Fixture Reporter — Test Herald');
  assert.equal(page.doc.querySelector('link[rel=canonical]').getAttribute('href'), 'https://news.example.com/en/author/fixture-reporter');
  assert.deepEqual(page.doc.querySelectorAll('ul.feed li.card h3 a').map(a => a.getAttribute('href')), [ARTICLE]);
  assert.equal(page.doc.querySelector('.section-count').text, '1 article');
  // Stories without a byline carry the site's name: the 45 wire stories,
  // but never the draft or the embargoed story.
  const cards = await authorCards('/en/author/test-herald');
  assert.ok(cards.length >= 45, `${cards.length} stories`);
  assert.equal(new Set(cards.map(c => c.url)).size, cards.length, 'no story twice');
  assert.deepEqual(cards.map(c => c.date), [...cards.map(c => c.date)].sort().reverse(), 'newest first');
  for (let i = 1; i <= 45; i++) assert.ok(cards.some(c => c.url === `/en/wire/wire-story-${i}`), `wire story ${i}`);
  assert.ok(!cards.some(c => /secret-draft|embargoed-story/.test(c.url)), 'no draft, nothing embargoed');
  const first = await get('/en/author/test-herald');
  assert.equal(first.doc.querySelector('.section-count').text, `${cards.length} articles`);
  assert.equal(first.doc.querySelectorAll('ul.feed li.card').length, 20);
  for (const url of cards.slice(0, 3).map(c => c.url)) assert.equal((await get(url)).doc.querySelector('.byline').text, 'Test Herald', url);
  const p2 = await get('/en/author/test-herald?page=2');
  assert.equal(p2.doc.querySelector('link[rel=canonical]').getAttribute('href'), 'https://news.example.com/en/author/test-herald?page=2');
  assert.equal(p2.doc.querySelector('a[rel=prev]').getAttribute('href'), '/en/author/test-herald');
  assert.equal(p2.doc.querySelector('title').text, 'Test Herald — Page 2 — Test Herald');
  // Cyrillic bylines are transliterated, like slugs; hostile ones are text.
  const ru = await get('/ru/politics/novyy-most-cherez-kuru');
  const ruAuthor = ru.doc.querySelector('.byline a')?.getAttribute('href');
  assert.equal(ruAuthor, '/ru/author/redaktsiya');
  assert.equal((await get(ruAuthor)).doc.querySelector('h1').text, 'Редакция');
  const hostile = await get('/en/author/svg-onload-alert-2');
  assert.equal(hostile.res.status, 200);
  assert.equal(hostile.doc.querySelector('h1').text, '"><svg onload=alert(2)>');
  assert.ok(!hostile.text.includes('<svg onload'), 'escaped');
});

test('author page: the endless feed by cursor, and 404 for no such byline, edition or page', async () => {
  const all = (await authorCards('/en/author/test-herald')).map(c => c.url);
  const seen = [];
  let next = '/en/author/test-herald?older=9999999999-1', rounds = 0;
  const whole = await get(next);
  assert.equal(whole.doc.querySelector('meta[name=robots]').getAttribute('content'), 'noindex');
  while (next && rounds++ < 10) {
    const frag = await get(next + '&fragment=1');
    assert.equal(frag.res.status, 200, next);
    assert.ok(!frag.text.includes('<html'), 'a fragment is not a whole page');
    seen.push(...frag.doc.querySelectorAll('li.card h3 a').map(a => a.getAttribute('href')));
    next = frag.doc.querySelector('[data-feed-next]')?.getAttribute('href');
    if (next) assert.match(next, /^\/en\/author\/test-herald\?older=\d+-\d+$/);
  }
  assert.deepEqual(seen, all, 'the cursor pages hold what the numbered pages hold');
  const last = Math.ceil(all.length / 20);
  for (const p of ['/en/author/nobody-by-this-name', '/ru/author/fixture-reporter', `/en/author/test-herald?page=${last + 1}`,
    '/en/author/test-herald?page=0', '/en/author/test-herald?older=junk', '/en/author/Fixture-Reporter',
    '/en/author/fixture-reporter/', '/en/author/', '/xx/author/fixture-reporter'])
    assert.equal((await get(p)).res.status, 404, p);
});

test('views: counted for GET, not for HEAD nor robots, never backwards', async () => {
  // Pages come from the page cache with a count up to a minute old; the
  // live count is the API's.
  const page = '/en/culture/baku-jazz-week-forty-concerts';
  const id = (await get(page)).doc.querySelector('[data-article-id]')?.getAttribute('data-article-id')
    ?? (await (await fetch(base + '/api/v1/en/articles?category=culture&limit=50')).json()).articles.find(a => a.url.endsWith(page)).id;
  const live = async () => (await (await fetch(`${base}/api/v1/en/articles/${id}/views`)).json()).views;
  const first = await live();
  assert.ok(first >= 1);
  await get(page);
  assert.equal(await live(), first + 1);
  const head = await fetch(base + page, { method: 'HEAD' });
  assert.equal(head.status, 200);
  for (const ua of ['Googlebot/2.1 (+http://www.google.com/bot.html)', 'Mozilla/5.0 (compatible; bingbot/2.0)', 'SuperCrawler/1.0', 'Some-Spider'])
    await get(page, { headers: { 'user-agent': ua } });
  assert.equal(await live(), first + 1);
  await get(page);
  assert.equal(await live(), first + 2);
  const shown = Number((await get(page)).doc.querySelector('[data-views]').text);
  assert.ok(shown >= 1 && shown <= first + 3, 'the page shows a count, at most a minute old');
  const label = (await get('/en/culture/baku-jazz-week-forty-concerts')).doc.querySelector('.views').text;
  assert.match(label, /Views: \d+/);
});

test('404: unknown paths get the styled page with status 404', async () => {
  for (const p of ['/nope', '/en/no-such-category/', '/en/politics/no-such-article', '/xx/', '/en/politics/a/b',
    '/en/Politics/', '/en/politics/UPPER', '/en/politics/secret-draft', '/en/politics/embargoed-story',
    '/en/search/', '/static/nothing.css', '/en//politics/', '/en/politics/bad%00slug']) {
    const { res, doc } = await get(p);
    assert.equal(res.status, 404, p);
    assert.equal(doc.querySelector('h1').text, 'Page not found', p);
    assert.ok(doc.querySelector('header.masthead'), 'styled: ' + p);
    assert.equal(doc.querySelector('meta[name=robots]').getAttribute('content'), 'noindex');
  }
});

test('drafts and embargoed articles stay out of lists', async () => {
  const { text } = await get('/en/politics/');
  assert.ok(!text.includes('A draft nobody should see'));
  assert.ok(!text.includes('An embargoed story from the future'));
});

test('an article asked for under the wrong category redirects to its address', async () => {
  const { res } = await get('/en/economy/fixture-bridge-opens');
  assert.equal(res.status, 301);
  assert.equal(res.headers.get('location'), ARTICLE);
  const slash = await get(ARTICLE + '/');
  assert.equal(slash.res.status, 301);
  assert.equal(slash.res.headers.get('location'), ARTICLE);
});

test('editions: the Russian article lives under /ru/ with a transliterated slug', async () => {
  const { res, doc } = await get('/ru/politics/novyy-most-cherez-kuru');
  assert.equal(res.status, 200);
  assert.equal(doc.querySelector('html').getAttribute('lang'), 'ru');
  assert.equal(doc.querySelector('h1').text, 'Новый мост через Куру');
  assert.equal(doc.querySelector('.kicker').text, 'Политика');
  assert.equal(doc.querySelector('.article-meta time').text, '15 февраля 2026 09:30');
  assert.equal((await get('/en/politics/novyy-most-cherez-kuru')).res.status, 404);
});

test('static assets: hashed names, long caching, ETag and 304', async () => {
  const { doc } = await get('/en/');
  const css = doc.querySelector('link[rel=stylesheet]').getAttribute('href');
  const js = doc.querySelector('script[src]').getAttribute('src');
  assert.match(css, /^\/static\/gazette\.[0-9a-f]{10}\.css$/);
  assert.match(js, /^\/static\/gazette\.[0-9a-f]{10}\.js$/);
  const res = await fetch(base + css);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/css; charset=utf-8');
  assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
  const body = await res.text();
  assert.match(body, /@media print/);
  const again = await fetch(base + css, { headers: { 'if-none-match': res.headers.get('etag') } });
  assert.equal(again.status, 304);
});

test('pages send security headers and a CSP that allows only our scripts', async () => {
  const { res, doc } = await get(ARTICLE);
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const csp = res.headers.get('content-security-policy');
  assert.match(csp, /script-src 'self' 'sha256-[A-Za-z0-9+/=]+'/);
  assert.match(csp, /object-src 'none'/);
  // The inline boot script is the one the hash allows.
  // (JSON-LD blocks are data, not scripts: CSP does not apply to them.)
  const inline = doc.querySelectorAll('script').find(s => !s.getAttribute('src') && s.getAttribute('type') !== 'application/ld+json').text;
  const { createHash } = await import('node:crypto');
  const hash = createHash('sha256').update(inline).digest('base64');
  assert.ok(csp.includes(`'sha256-${hash}'`), 'hash of the inline script');
});

test('hostile titles, leads, bylines, tags and bodies are escaped everywhere', async () => {
  for (const p of ['/en/society/hostile-article', '/en/society/', '/en/']) {
    const { text } = await get(p);
    assert.ok(!/<script>alert/i.test(text), p + ': script tag');
    const parsed = parse(text);
    for (const el of parsed.querySelectorAll('*')) {
      for (const name of Object.keys(el.attributes)) assert.ok(!/^on/i.test(name), `${p}: <${el.tagName} ${name}>`);
      for (const attr of ['href', 'src', 'action']) {
        const v = el.getAttribute(attr);
        if (v) assert.ok(!/^\s*(javascript|data|vbscript):/i.test(v), `${p}: ${attr}=${v}`);
      }
    }
    const scripts = parsed.querySelectorAll('script').filter(sc => !sc.getAttribute('src'));
    assert.equal(scripts.filter(sc => sc.getAttribute('type') !== 'application/ld+json').length, 1, p + ': only the boot script is inline');
    for (const ld of scripts.filter(sc => sc.getAttribute('type') === 'application/ld+json')) {
      assert.ok(!ld.innerHTML.includes('<'), p + ': no < in JSON-LD');
      JSON.parse(ld.innerHTML);
    }
    assert.equal(parsed.querySelectorAll('svg').length, parsed.querySelectorAll('svg').filter(x => !x.closest('main') || x.querySelector('use')).length, p + ': no injected svg');
    assert.ok(!/javascript:/i.test(text), p + ': javascript: URL');
    assert.ok(!/<iframe/i.test(text), p + ': iframe');
    assert.ok(!/data:text\/html/i.test(text), p + ': data: URL');
    assert.ok(!text.includes('<b>tag</b>'), p + ': raw tag');
  }
  const { doc, text } = await get('/en/society/hostile-article');
  assert.equal(doc.querySelector('h1').text, '<script>alert("title")</script> & "Quotes" in a title');
  assert.ok(text.includes('&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; &amp; &quot;Quotes&quot;'));
  assert.equal(doc.querySelector('.lead').text, '<img src=x onerror=alert(1)> lead');
  assert.equal(doc.querySelector('.byline').text, '"><svg onload=alert(2)>');
  assert.deepEqual(doc.querySelectorAll('.tags li').map(l => l.text), ['<b>tag</b>', 'safe']);
  const body = doc.querySelector('.article-body');
  assert.match(body.text, /click me/);
  assert.match(body.text, /Before the script\./);
  assert.match(body.text, /After the script\./);
  assert.equal(body.querySelectorAll('a').length, 0, 'no unsafe link survives');
});

test('the HTML of every page kind is valid HTML5', async () => {
  const validator = new HtmlValidate({
    extends: ['html-validate:recommended'],
    rules: {
      'no-trailing-whitespace': 'off', 'attribute-boolean-style': 'off', 'void-style': 'off',
      'no-inline-style': 'off', 'long-title': 'off',
    },
  });
  for (const p of ['/en/', '/en/politics/', '/en/wire/?page=2', ARTICLE, '/en/society/hostile-article', '/nope',
    '/en/author/test-herald?page=2', '/en/author/svg-onload-alert-2']) {
    const { text } = await get(p);
    const report = await validator.validateString(text);
    const messages = report.results.flatMap(r => r.messages).map(m => `${m.ruleId}: ${m.message} (line ${m.line})`);
    assert.deepEqual(messages, [], p);
  }
});

test('methods other than GET and HEAD get 405', async () => {
  const res = await fetch(base + '/en/', { method: 'POST', body: 'x=1' });
  assert.equal(res.status, 405);
  assert.equal(res.headers.get('allow'), 'GET, HEAD');
});

test('malformed and oversized requests are refused and the server keeps serving', async () => {
  const raw = (payload) => new Promise((resolve) => {
    const u = new URL(base);
    const sock = net.connect(Number(u.port), u.hostname, () => sock.end(payload));
    let data = '';
    sock.on('data', d => { data += d; });
    sock.on('close', () => resolve(data));
    sock.on('error', () => resolve(data));
  });
  const garbage = await raw('THIS IS NOT HTTP\r\n\r\n');
  assert.match(garbage, /^HTTP\/1\.[01] 4\d\d/);
  const huge = await raw(`GET /en/ HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(200000)}\r\n\r\n`);
  assert.match(huge, /^HTTP\/1\.[01] 4\d\d/);
  const body = await fetch(base + '/en/', { method: 'POST', body: 'x'.repeat(3 * 1024 * 1024) }).catch(e => e);
  assert.ok(body instanceof Error || body.status === 413 || body.status === 405);
  const ok = await get('/en/');
  assert.equal(ok.res.status, 200);
});

// Found by the request fuzz target: libmicrohttpd hands over a multipart
// part without a name with a NULL name, and looking a field up then read it.
test('a form part without a name is no field, and the server keeps serving', async () => {
  const body = '--XyZ\r\nContent-Type: text/plain\r\n\r\nno name\r\n' +
    '--XyZ\r\nContent-&isposition: form-data; name="csrf"\r\n\r\nx\r\n--XyZ--\r\n';
  const res = await fetch(base + '/admin/login', {
    method: 'POST', redirect: 'manual', body,
    headers: { 'content-type': 'multipart/form-data; boundary=XyZ' },
  });
  assert.ok(res.status >= 200 && res.status < 500, `status ${res.status}`);
  await res.text();
  const ok = await get('/en/');
  assert.equal(ok.res.status, 200);
});

test('SIGTERM stops the server cleanly and no count is lost', async () => {
  const page = '/en/sport/baku-marathon-record-entries';
  const id = (await (await fetch(base + '/api/v1/en/articles?category=sport&limit=50')).json()).articles.find(a => a.url.endsWith(page)).id;
  const live = async () => (await (await fetch(`${base}/api/v1/en/articles/${id}/views`)).json()).views;
  // Served from the page cache after the first: every one still counts.
  await Promise.all(Array.from({ length: 200 }, () => get(page)));
  const last = await live();
  assert.ok(last >= 200);
  const stopped = await server.stop();
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.match(stopped.stderr, /stopped cleanly/);
  assert.deepEqual(sanitizerErrors(stopped.stderr), []);
  server = await serve(site);
  base = server.base;
  const head = await fetch(base + page, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(await live(), last);
  const shown = Number((await get(page, { headers: { 'user-agent': 'Googlebot' } })).doc.querySelector('[data-views]').text);
  assert.equal(shown, last, 'a fresh server shows the stored count');
});

const failed = await run({
  before: async () => {
    site = makeSite({ imports: [path.resolve('fixtures/articles'), wireArticles()] });
    server = await serve(site);
    base = server.base;
  },
  after: async () => {
    const stopped = await server.stop();
    const errs = sanitizerErrors(stopped.stderr);
    site.remove();
    if (stopped.code !== 0 || errs.length) throw new Error(`server exit ${stopped.code}: ${errs.join(' | ') || stopped.stderr.slice(-500)}`);
  },
});
process.exitCode = failed ? 1 : 0;
