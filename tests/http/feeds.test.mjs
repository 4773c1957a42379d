// HTTP tests of what machines read: RSS 2.0 and Atom feeds (per edition and
// per category), the sitemap index with its sitemaps, the Google News
// sitemap, robots.txt, OpenGraph/Twitter meta tags and JSON-LD, and HTTP
// caching (ETag, Last-Modified, 304, HEAD, Cache-Control) of every public
// kind of answer. XML is parsed by libxml2 (xmllint): every feed and sitemap
// must be well-formed, and hostile titles (HTML, script, "]]>", "&",
// Cyrillic) must come back exactly, as text, from every format.
// Runs against GAZETTE_BIN.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { suite, test as harnessTest, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, fixtures, gazette } from '../lib/server.mjs';
import { addToken, multipart, request, bakuIso, guarded } from '../lib/newsroom.mjs';

suite('http feeds');

const SITE = 'https://news.example.com';
const HOUR = 3600 * 1000;
const NS = {
  atom: 'http://www.w3.org/2005/Atom', dc: 'http://purl.org/dc/elements/1.1/',
  media: 'http://search.yahoo.com/mrss/', sm: 'http://www.sitemaps.org/schemas/sitemap/0.9',
  xhtml: 'http://www.w3.org/1999/xhtml', news: 'http://www.google.com/schemas/sitemap-news/0.9',
};
const RFC822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} (GMT|[+-]\d{4})$/;
const RSS = 'application/rss+xml; charset=utf-8', ATOM = 'application/atom+xml; charset=utf-8';
const ISO8601 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

// An article whose text is hostile to XML and HTML alike, dated an hour ago.
const HOSTILE = {
  title: `XML ]]> & <b>bold</b> "quoted" 'single' — Привет, мир! <!--<script>alert(11)</script>`,
  lead: 'Lead ]]> & <i>x</i> — Ёлка </script><script>alert(12)</script>',
  author: 'Автор ]]> & <svg onload=alert(13)>',
  tags: ['<x>&"', 'Ёлка'],
};
// The fixture tests/fixtures/articles/hostile.md.
const FIXTURE_HOSTILE = {
  title: '<script>alert("title")</script> & "Quotes" in a title',
  lead: '<img src=x onerror=alert(1)> lead', author: '"><svg onload=alert(2)>',
};
const ARTICLE = '/en/politics/fixture-bridge-opens';

let site, server, base, token, image, imageArticle;
const dirs = [];
// A test whose server, should it die, fails that test and is started again.
const holder = { get server() { return server; }, restart: async () => { server = await serve(site); base = server.base; } };
function test(name, fn) { harnessTest(name, guarded(fn, holder)); }

// ----------------------------------------------------------------- helpers

// One request (node:http, exact bytes): {status, headers, text}.
const get = (p, headers = {}, method = 'GET') => request(base + p, { method, headers });
const local = url => { assert.ok(url.startsWith(SITE + '/'), `absolute on base_url: ${url}`); return url.slice(SITE.length); };

// Parses XML with libxml2 (xmllint --c14n: fails unless well-formed) and
// reads its canonical form into {name, local, ns, attrs, children}.
function parseXml(textIn) {
  const r = spawnSync('xmllint', ['--nonet', '--c14n', '-'], { input: textIn, encoding: 'utf8', maxBuffer: 256 << 20 });
  if (r.status !== 0) throw new Error('not well-formed XML: ' + r.stderr.trim().split('\n').slice(0, 2).join(' '));
  const entities = { lt: '<', gt: '>', amp: '&', quot: '"', '#xD': '\r', '#x9': '\t', '#xA': '\n' };
  const decode = s => s.replace(/&(lt|gt|amp|quot|#xD|#x9|#xA);/g, (_, e) => entities[e]);
  const top = { children: [], scope: {} };
  const stack = [top];
  for (const m of r.stdout.matchAll(/<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<\/[^>]+>|<([^\s>]+)((?:\s+[^\s=]+="[^"]*")*)>|([^<]+)/g)) {
    const parent = stack.at(-1);
    if (m[3] !== undefined) parent.children.push(decode(m[3]));
    else if (m[0].startsWith('</')) stack.pop();
    else if (m[1] !== undefined) {
      const attrs = Object.fromEntries([...m[2].matchAll(/([^\s=]+)="([^"]*)"/g)].map(a => [a[1], decode(a[2])]));
      const scope = { ...parent.scope };
      for (const [k, v] of Object.entries(attrs)) if (k === 'xmlns' || k.startsWith('xmlns:')) scope[k.slice(6)] = v;
      const [prefix, name] = m[1].includes(':') ? m[1].split(':') : ['', m[1]];
      const el = { name: m[1], local: name, ns: scope[prefix] ?? null, attrs, children: [], scope };
      parent.children.push(el);
      stack.push(el);
    }
  }
  return top.children.find(c => typeof c !== 'string');
}
const kids = (el, name, ns = null) => el.children.filter(c => typeof c !== 'string' && c.local === name && c.ns === ns);
const kid = (el, name, ns = null) => kids(el, name, ns)[0];
const text = el => el === undefined ? undefined : el.children.map(c => typeof c === 'string' ? c : text(c)).join('');
const field = (el, name, ns = null) => text(kid(el, name, ns));

// One XPath 1.0 string, evaluated by xmllint itself (a second opinion on the tree above).
function xpath(xml, expr) {
  const r = spawnSync('xmllint', ['--nonet', '--xpath', `string(${expr})`, '-'], { input: xml, encoding: 'utf8' });
  if (r.status !== 0 && r.status !== 10) throw new Error('xmllint --xpath: ' + r.stderr);
  return r.stdout.replace(/\n$/, ''); // xmllint ends what it prints with a newline
}
const xq = s => s.includes("'") ? `"${s}"` : `'${s}'`; // an XPath string literal (s has no both quotes)

// Fetches an XML answer and parses it; checks status and content type.
async function xml(p, type = 'application/xml; charset=utf-8') {
  const r = await get(p);
  assert.equal(r.status, 200, p);
  assert.equal(r.headers['content-type'], type, p);
  assert.match(r.text, /^<\?xml version="1\.0" encoding="UTF-8"\?>/, p + ': XML declaration');
  assert.ok(!/<script/i.test(r.text), p + ': a raw <script in XML');
  return { root: parseXml(r.text), raw: r.text };
}

// Every article of an edition from the public API (newest first), cached.
const apiCache = new Map();
async function apiList(lang, query = '') {
  const key = lang + query;
  if (!apiCache.has(key)) {
    const all = [];
    for (let next = `/api/v1/${lang}/articles?limit=50${query}`; next;) {
      const r = await get(next);
      assert.equal(r.status, 200, next);
      const json = JSON.parse(r.text);
      all.push(...json.articles);
      next = json.next_url && local(json.next_url);
    }
    apiCache.set(key, all);
  }
  return apiCache.get(key);
}

// The page's JSON-LD blocks as a browser reads them: each up to the first </script>.
function jsonLd(html) {
  return [...html.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)].map(m => {
    try { return { raw: m[1], value: JSON.parse(m[1]) }; } catch (e) { throw new Error(`JSON-LD does not parse (${e.message}): ${m[1].slice(0, 200)}`); }
  });
}
const ldOf = (blocks, type) => blocks.map(b => b.value).find(v => v['@type'] === type);

// The content of <meta property|name=key>: all of them (list) or the only one.
const metas = (doc, key) => doc.querySelectorAll('meta').filter(m => (m.getAttribute('property') ?? m.getAttribute('name')) === key).map(m => m.getAttribute('content'));
function meta(doc, key) {
  const all = metas(doc, key);
  assert.ok(all.length <= 1, `one ${key}, not ${all.length}`);
  return all[0];
}

// Front matter written as YAML double-quoted strings (JSON is a subset).
function markdown(dir, name, fields, body = 'Body text of the story.') {
  const lines = Object.entries(fields).map(([k, v]) => `${k}: ${JSON.stringify(v)}`);
  writeFileSync(path.join(dir, name), `---\n${lines.join('\n')}\n---\n${body}\n`);
}

// A body with relative links and an image, and what each must become in a
// feed: absolute, as the article page at /en/politics/relative-links resolves it.
const RELATIVE_BODY = 'See [the map](/media/map.jpg), [the notes](#notes), [an older story](older-story), ' +
  '[the economy](../economy/) and [elsewhere](https://example.org/x?a=1&b=2).\n\n![The quay at dawn](/media/quay-960.jpg)';
const RELATIVE_URLS = [`${SITE}/media/map.jpg`, `${SITE}/en/politics/relative-links#notes`, `${SITE}/en/politics/older-story`,
  `${SITE}/en/economy/`, 'https://example.org/x?a=1&b=2', `${SITE}/media/quay-960.jpg`];

// Every URL of an HTML fragment (href, src, each srcset candidate).
function urlsIn(html) {
  const doc = parse(html);
  return doc.querySelectorAll('[href], [src], [srcset]').flatMap(el => [el.getAttribute('href'), el.getAttribute('src'),
    ...(el.getAttribute('srcset') ?? '').split(',').map(c => c.trim().split(/\s+/)[0])]).filter(Boolean);
}

// --------------------------------------------------------------------- RSS

test('RSS: the edition feed is the 50 newest articles, newest first, with every field', async () => {
  const { root, raw } = await xml('/en/rss.xml', RSS);
  assert.equal(root.name, 'rss');
  assert.equal(root.attrs.version, '2.0');
  const channel = kid(root, 'channel');
  assert.equal(field(channel, 'title'), 'Test Herald');
  assert.equal(field(channel, 'link'), `${SITE}/en/`);
  assert.equal(field(channel, 'description'), 'Test news.');
  assert.equal(field(channel, 'language'), 'en');
  assert.match(field(channel, 'lastBuildDate'), RFC822);
  const self = kid(channel, 'link', NS.atom);
  assert.deepEqual([self.attrs.rel, self.attrs.href], ['self', `${SITE}/en/rss.xml`]);
  const items = kids(channel, 'item');
  const want = (await apiList('en')).slice(0, 50);
  assert.ok((await apiList('en')).length > 50, 'the edition has more than 50 articles');
  assert.equal(items.length, 50);
  items.forEach((item, i) => {
    const a = want[i], at = `item ${i + 1} (${a.url})`;
    assert.equal(field(item, 'title'), a.title, at);
    assert.equal(field(item, 'link'), a.url, at);
    assert.equal(field(item, 'guid'), a.url, at);
    assert.equal(kid(item, 'guid').attrs.isPermaLink, 'true', at);
    assert.equal(field(item, 'description'), a.lead || a.title, at);
    assert.match(field(item, 'pubDate'), RFC822, at);
    assert.equal(Date.parse(field(item, 'pubDate')), Date.parse(a.published_at), at + ': pubDate');
    assert.equal(field(item, 'creator', NS.dc) ?? field(item, 'author'), a.author, at);
    assert.equal(field(item, 'category'), a.category.name, at);
  });
  const dates = items.map(it => Date.parse(field(it, 'pubDate')));
  assert.deepEqual(dates, [...dates].sort((x, y) => y - x), 'newest first');
  assert.equal(xpath(raw, "count(/rss/channel/item[*[local-name()='creator' and namespace-uri()='http://purl.org/dc/elements/1.1/']])"), '50');
});

test('RSS and Atom: a category feed holds only that category; unknown ones are 404', async () => {
  const want = (await apiList('en', '&category=politics')).slice(0, 50);
  const rss = kid((await xml('/en/politics/rss.xml', RSS)).root, 'channel');
  assert.equal(field(rss, 'title'), 'Politics — Test Herald');
  assert.equal(field(rss, 'link'), `${SITE}/en/politics/`);
  assert.equal(field(rss, 'description'), 'Parliament, government and the decisions that shape public life.');
  assert.equal(kid(rss, 'link', NS.atom).attrs.href, `${SITE}/en/politics/rss.xml`);
  const items = kids(rss, 'item');
  assert.deepEqual(items.map(it => field(it, 'link')), want.map(a => a.url));
  assert.deepEqual([...new Set(items.map(it => field(it, 'category')))], ['Politics']);
  assert.ok(items.some(it => field(it, 'link') === `${SITE}${ARTICLE}`), 'the fixture article');
  const atom = (await xml('/en/politics/atom.xml', ATOM)).root;
  assert.deepEqual(kids(atom, 'entry', NS.atom).map(e => field(e, 'id', NS.atom)), want.map(a => a.url));
  assert.deepEqual([...new Set(kids(atom, 'entry', NS.atom).map(e => kid(e, 'category', NS.atom).attrs.term))], ['politics']);
  const ru = kid((await xml('/ru/rss.xml', RSS)).root, 'channel');
  assert.equal(field(ru, 'language'), 'ru');
  assert.deepEqual(kids(ru, 'item').map(it => field(it, 'link')), (await apiList('ru')).slice(0, 50).map(a => a.url));
  for (const p of ['/en/no-such-category/rss.xml', '/en/no-such-category/atom.xml', '/xx/rss.xml', '/en/rss.xml/'])
    assert.equal((await get(p)).status, 404, p);
});

test('feeds: drafts and embargoed articles stay out', async () => {
  for (const p of ['/en/rss.xml', '/en/atom.xml', '/en/politics/rss.xml', '/en/politics/atom.xml']) {
    const { raw } = await xml(p, /rss/.test(p) ? RSS : ATOM);
    assert.ok(!raw.includes('secret-draft') && !raw.includes('A draft nobody should see'), p + ': draft');
    assert.ok(!raw.includes('embargoed-story') && !raw.includes('An embargoed story'), p + ': embargoed');
  }
});

test('feeds: every URL in an item\'s body is absolute, resolved as on the article page', async () => {
  const url = `${SITE}/en/politics/relative-links`;
  const rss = kids(kid((await xml('/en/rss.xml', RSS)).root, 'channel'), 'item');
  const item = rss.find(it => field(it, 'link') === url);
  assert.ok(item, 'the story with relative links is in the feed');
  assert.deepEqual(urlsIn(field(item, 'encoded', 'http://purl.org/rss/1.0/modules/content/')), RELATIVE_URLS, 'RSS content:encoded');
  const entry = kids((await xml('/en/atom.xml', ATOM)).root, 'entry', NS.atom).find(e => field(e, 'id', NS.atom) === url);
  assert.ok(entry, 'and in the Atom feed');
  assert.equal(kid(entry, 'content', NS.atom).attrs.type, 'html');
  assert.deepEqual(urlsIn(field(entry, 'content', NS.atom)), RELATIVE_URLS, 'Atom content');
  assert.match(field(entry, 'content', NS.atom), /<img src="[^"]+"[^>]* alt="The quay at dawn"[^>]*>/, 'the image (a body figure) keeps its text');
  // And nothing relative in any item of any feed.
  for (const p of ['/en/rss.xml', '/en/atom.xml', '/ru/rss.xml', '/en/politics/atom.xml', '/en/politics/rss.xml']) {
    const { root } = await xml(p, /rss/.test(p) ? RSS : ATOM);
    const bodies = root.local === 'rss'
      ? kids(kid(root, 'channel'), 'item').map(it => field(it, 'encoded', 'http://purl.org/rss/1.0/modules/content/'))
      : kids(root, 'entry', NS.atom).map(e => field(e, 'content', NS.atom));
    const relative = bodies.flatMap(urlsIn).filter(u => !/^(https?:|mailto:|tel:)/.test(u));
    assert.deepEqual(relative, [], p);
  }
});

// -------------------------------------------------------------------- Atom

test('Atom: feed id, title, updated, links; entries with id, title, updated, link, author', async () => {
  const { root } = await xml('/en/atom.xml', ATOM);
  assert.deepEqual([root.local, root.ns], ['feed', NS.atom]);
  assert.equal(root.attrs['xml:lang'], 'en');
  assert.equal(field(root, 'id', NS.atom), `${SITE}/en/`);
  assert.equal(field(root, 'title', NS.atom), 'Test Herald');
  const links = kids(root, 'link', NS.atom).map(l => `${l.attrs.rel} ${l.attrs.href}`);
  assert.ok(links.includes(`self ${SITE}/en/atom.xml`) && links.includes(`alternate ${SITE}/en/`), links.join(', '));
  const updated = field(root, 'updated', NS.atom);
  assert.match(updated, ISO8601);
  const entries = kids(root, 'entry', NS.atom);
  const want = (await apiList('en')).slice(0, 50);
  assert.equal(entries.length, 50);
  entries.forEach((e, i) => {
    const a = want[i], at = `entry ${i + 1} (${a.url})`;
    assert.equal(field(e, 'id', NS.atom), a.url, at);
    assert.equal(field(e, 'title', NS.atom), a.title, at);
    assert.equal(field(e, 'updated', NS.atom), a.updated_at, at);
    assert.equal(field(e, 'published', NS.atom), a.published_at, at);
    assert.ok(Date.parse(updated) >= Date.parse(a.updated_at), at + ': feed updated is the newest');
    const alt = kids(e, 'link', NS.atom).filter(l => l.attrs.rel === 'alternate');
    assert.deepEqual(alt.map(l => l.attrs.href), [a.url], at);
    assert.equal(field(kid(e, 'author', NS.atom), 'name', NS.atom), a.author, at);
    assert.equal(field(e, 'summary', NS.atom), a.lead || a.title, at);
  });
  const dates = entries.map(e => Date.parse(field(e, 'published', NS.atom)));
  assert.deepEqual(dates, [...dates].sort((x, y) => y - x), 'newest first');
});

test('feeds: the lead image as enclosure and media:content (RSS), link rel=enclosure (Atom)', async () => {
  const biggest = image.variants.at(-1);
  const bytes = (await request(base + local(biggest.jpeg))).buffer.length;
  const rss = kids(kid((await xml('/en/rss.xml', RSS)).root, 'channel'), 'item');
  const item = rss.find(it => field(it, 'link') === imageArticle.url);
  assert.ok(item, 'the image article is in the feed');
  assert.deepEqual(kid(item, 'enclosure').attrs, { url: biggest.jpeg, type: 'image/jpeg', length: String(bytes) });
  const mc = kid(item, 'content', NS.media).attrs;
  assert.deepEqual([mc.url, mc.type, mc.medium, mc.width, mc.height], [biggest.jpeg, 'image/jpeg', 'image', String(biggest.width), String(biggest.height)]);
  assert.equal(kid(rss.find(it => field(it, 'link') !== imageArticle.url), 'enclosure'), undefined, 'no enclosure without an image');
  const atom = kids((await xml('/en/atom.xml', ATOM)).root, 'entry', NS.atom);
  const entry = atom.find(e => field(e, 'id', NS.atom) === imageArticle.url);
  const enc = kids(entry, 'link', NS.atom).find(l => l.attrs.rel === 'enclosure');
  assert.deepEqual([enc.attrs.href, enc.attrs.type, enc.attrs.length], [biggest.jpeg, 'image/jpeg', String(bytes)]);
});

test('hostile titles, leads and bylines come back exactly from RSS and Atom', async () => {
  const cases = [[HOSTILE, '/en/rss.xml', '/en/atom.xml', `${SITE}/en/society/xml-hostile-title`],
    [FIXTURE_HOSTILE, '/en/society/rss.xml', '/en/society/atom.xml', `${SITE}/en/society/hostile-article`]];
  for (const [h, rssPath, atomPath, url] of cases) {
    const rss = await xml(rssPath, RSS);
    const item = kids(kid(rss.root, 'channel'), 'item').find(it => field(it, 'link') === url);
    assert.ok(item, `${url} in ${rssPath}`);
    assert.equal(field(item, 'title'), h.title, rssPath);
    assert.equal(field(item, 'description'), h.lead, rssPath);
    assert.equal(field(item, 'creator', NS.dc), h.author, rssPath);
    assert.equal(xpath(rss.raw, `/rss/channel/item[link=${xq(url)}]/title`), h.title, rssPath + ' (xmllint --xpath)');
    const atom = await xml(atomPath, ATOM);
    const entry = kids(atom.root, 'entry', NS.atom).find(e => field(e, 'id', NS.atom) === url);
    assert.ok(entry, `${url} in ${atomPath}`);
    assert.equal(field(entry, 'title', NS.atom), h.title, atomPath);
    assert.equal(field(entry, 'summary', NS.atom), h.lead, atomPath);
    assert.equal(field(kid(entry, 'author', NS.atom), 'name', NS.atom), h.author, atomPath);
  }
});

// ---------------------------------------------------------------- sitemaps

test('sitemap index: lists pages.xml and articles-N.xml, which parse; beyond N is 404', async () => {
  const { root } = await xml('/sitemap.xml');
  assert.deepEqual([root.local, root.ns], ['sitemapindex', NS.sm]);
  const locs = kids(root, 'sitemap', NS.sm).map(s => field(s, 'loc', NS.sm));
  assert.deepEqual(locs, [`${SITE}/sitemaps/pages.xml`, `${SITE}/sitemaps/articles-1.xml`]);
  for (const loc of locs) {
    const set = (await xml(local(loc))).root;
    assert.deepEqual([set.local, set.ns], ['urlset', NS.sm], loc);
    assert.ok(kids(set, 'url', NS.sm).length > 0, loc + ': has URLs');
  }
  for (const p of ['/sitemaps/articles-2.xml', '/sitemaps/articles-0.xml', '/sitemaps/articles-x.xml', '/sitemaps/nope.xml'])
    assert.equal((await get(p)).status, 404, p);
});

test('articles sitemap: every public article once, absolute loc on base_url and its lastmod', async () => {
  const { root } = await xml('/sitemaps/articles-1.xml');
  const urls = kids(root, 'url', NS.sm);
  const got = new Map(urls.map(u => [field(u, 'loc', NS.sm), field(u, 'lastmod', NS.sm)]));
  assert.equal(got.size, urls.length, 'no URL twice');
  const all = [...await apiList('en'), ...await apiList('ru')];
  assert.deepEqual([...got.keys()].sort(), all.map(a => a.url).sort());
  for (const a of all) assert.equal(got.get(a.url), a.updated_at, a.url + ': lastmod');
  for (const [loc, lastmod] of got) {
    assert.ok(loc.startsWith(SITE + '/'), loc);
    assert.match(lastmod, ISO8601, loc);
  }
});

test('sitemaps: a translated article lists itself and its translation as xhtml:link hreflang', async () => {
  const en = `${SITE}/en/politics/recent-ferry-timetable`, ru = `${SITE}/ru/politics/raspisanie-paromov`;
  for (const p of ['/sitemaps/articles-1.xml', '/news-sitemap.xml']) {
    const urls = kids((await xml(p)).root, 'url', NS.sm);
    for (const [loc, other] of [[en, ru], [ru, en]]) {
      const u = urls.find(x => field(x, 'loc', NS.sm) === loc);
      assert.ok(u, `${loc} in ${p}`);
      const links = kids(u, 'link', NS.xhtml).map(l => `${l.attrs.rel} ${l.attrs.hreflang} ${l.attrs.href}`).sort();
      assert.deepEqual(links, [`alternate en ${loc === en ? loc : other}`, `alternate ru ${loc === ru ? loc : other}`], `${p}: ${loc}`);
    }
    const single = urls.find(x => field(x, 'loc', NS.sm) === `${SITE}/en/society/xml-hostile-title`);
    assert.deepEqual(kids(single, 'link', NS.xhtml), [], 'no alternates without translations');
  }
});

test('pages sitemap: homes and categories of each edition, each with lastmod, each answering 200', async () => {
  const urls = kids((await xml('/sitemaps/pages.xml')).root, 'url', NS.sm);
  const locs = urls.map(u => field(u, 'loc', NS.sm));
  for (const want of [`${SITE}/en/`, `${SITE}/ru/`, `${SITE}/en/politics/`, `${SITE}/ru/politics/`, `${SITE}/en/society/`])
    assert.ok(locs.includes(want), want);
  const home = urls.find(u => field(u, 'loc', NS.sm) === `${SITE}/en/`);
  assert.deepEqual(kids(home, 'link', NS.xhtml).map(l => `${l.attrs.hreflang} ${l.attrs.href}`), [`en ${SITE}/en/`, `ru ${SITE}/ru/`]);
  for (const loc of locs) assert.equal((await get(local(loc))).status, 200, loc);
  const missing = urls.filter(u => !ISO8601.test(field(u, 'lastmod', NS.sm) ?? '')).map(u => field(u, 'loc', NS.sm));
  assert.equal(missing.length, 0, `${missing.length} of ${urls.length} URLs have no <lastmod>, e.g. ${missing.slice(0, 2).join(', ')}`);
});

test('news sitemap: exactly the articles of the last 48 hours, with news:news', async () => {
  const { root } = await xml('/news-sitemap.xml');
  assert.deepEqual([root.local, root.ns], ['urlset', NS.sm]);
  const urls = kids(root, 'url', NS.sm);
  const cutoff = Date.now() - 48 * HOUR;
  const all = [...await apiList('en'), ...await apiList('ru')];
  const near = a => Math.abs(Date.parse(a.published_at) - cutoff) < 60000; // too close to call
  const want = all.filter(a => !near(a) && Date.parse(a.published_at) > cutoff);
  const got = urls.map(u => field(u, 'loc', NS.sm)).filter(loc => !all.some(a => a.url === loc && near(a)));
  assert.deepEqual(got.sort(), want.map(a => a.url).sort());
  for (const slug of ['recent-ferry-timetable', 'raspisanie-paromov', 'xml-hostile-title', 'forty-seven-hours-old'])
    assert.ok(got.some(l => l.endsWith('/' + slug)), slug + ' is news');
  for (const slug of ['forty-nine-hours-old', 'three-days-old'])
    assert.ok(!got.some(l => l.endsWith('/' + slug)), slug + ' is not news');
  for (const u of urls) {
    const loc = field(u, 'loc', NS.sm), a = all.find(x => x.url === loc);
    const news = kid(u, 'news', NS.news);
    assert.ok(news, loc + ': news:news');
    const pub = kid(news, 'publication', NS.news);
    assert.equal(field(pub, 'name', NS.news), 'Test Herald', loc);
    assert.equal(field(pub, 'language', NS.news), a.lang, loc);
    assert.equal(field(news, 'publication_date', NS.news), a.published_at, loc);
    assert.equal(field(news, 'title', NS.news), a.title, loc);
  }
  const hostile = urls.find(u => field(u, 'loc', NS.sm) === `${SITE}/en/society/xml-hostile-title`);
  assert.equal(field(kid(hostile, 'news', NS.news), 'title', NS.news), HOSTILE.title);
});

test('robots.txt names the sitemap index and the news sitemap', async () => {
  const r = await get('/robots.txt');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'text/plain; charset=utf-8');
  const lines = r.text.split('\n').filter(l => /^sitemap:/i.test(l));
  assert.deepEqual(lines, [`Sitemap: ${SITE}/sitemap.xml`, `Sitemap: ${SITE}/news-sitemap.xml`]);
});

test('pages name their feeds in the head, for feed readers to find', async () => {
  const feeds = async p => parse((await get(p)).text).querySelectorAll('head link[rel=alternate][type]')
    .map(l => [l.getAttribute('type'), l.getAttribute('href'), l.getAttribute('title')]);
  const edition = [['application/rss+xml', '/en/rss.xml', 'Test Herald'], ['application/atom+xml', '/en/atom.xml', 'Test Herald']];
  assert.deepEqual(await feeds('/en/'), edition);
  assert.deepEqual(await feeds('/en/politics/'), [...edition, ['application/rss+xml', '/en/politics/rss.xml', 'Test Herald: Politics']]);
  assert.deepEqual(await feeds(ARTICLE), [...edition, ['application/rss+xml', '/en/politics/rss.xml', 'Test Herald: Politics']]);
  for (const [, href] of await feeds('/en/politics/')) assert.equal((await get(href)).status, 200, href);
});

// ------------------------------------------------- JSON-LD, OpenGraph, API

test('JSON-LD on an article: NewsArticle and BreadcrumbList', async () => {
  const r = await get(ARTICLE);
  const ld = jsonLd(r.text);
  const art = ldOf(ld, 'NewsArticle');
  assert.equal(art['@context'], 'https://schema.org');
  assert.equal(art.headline, 'Fixture bridge opens over the Kura');
  assert.equal(art.datePublished, '2026-02-14T16:50:00+04:00');
  assert.match(art.dateModified, ISO8601);
  assert.ok(Date.parse(art.dateModified) >= Date.parse(art.datePublished));
  assert.deepEqual([].concat(art.author).map(x => [x['@type'], x.name, x.url]),
    [['Person', 'Fixture Reporter', `${SITE}/en/author/fixture-reporter`]]);
  const authorPage = parse((await get('/en/author/fixture-reporter')).text);
  assert.ok(authorPage.querySelectorAll('ul.feed li.card h3 a').some(a => a.getAttribute('href') === ARTICLE), 'the author\'s page lists the story');
  assert.equal(art.articleSection, 'Politics');
  assert.equal(art.mainEntityOfPage['@id'], `${SITE}${ARTICLE}`);
  assert.equal(art.publisher.name, 'Test Herald');
  assert.match(art.publisher.logo.url, /^https:\/\/news\.example\.com\/static\/logo\.[0-9a-f]+\.png$/);
  const logo = await request(base + local(art.publisher.logo.url));
  assert.equal(logo.status, 200);
  assert.equal(logo.headers['content-type'], 'image/png');
  assert.equal(art.image, undefined, 'no image without a lead image');
  const crumbs = ldOf(ld, 'BreadcrumbList').itemListElement;
  assert.deepEqual(crumbs.map(c => [c['@type'], c.position, c.name, c.item]), [
    ['ListItem', 1, 'Test Herald', `${SITE}/en/`],
    ['ListItem', 2, 'Politics', `${SITE}/en/politics/`],
    ['ListItem', 3, 'Fixture bridge opens over the Kura', `${SITE}${ARTICLE}`]]);
  const withImage = ldOf(jsonLd((await get(local(imageArticle.url))).text), 'NewsArticle');
  assert.deepEqual([].concat(withImage.image).map(i => i.url ?? i), [image.variants.at(-1).jpeg]);
});

// The site's image in a page's tags: the share card, a PNG of the size
// og:image:width and og:image:height say, with twitter:image and its text.
async function checkSiteImage(doc, what) {
  const url = meta(doc, 'og:image');
  assert.match(url ?? '', /^https:\/\/news\.example\.com\/static\/share-card\.[0-9a-f]+\.png$/, what + ': og:image');
  const r = await fetch(base + local(url));
  assert.equal(r.status, 200, url);
  assert.equal(r.headers.get('content-type'), 'image/png');
  const png = Buffer.from(await r.arrayBuffer());
  assert.equal(png.subarray(1, 4).toString(), 'PNG');
  const [width, height] = [png.readUInt32BE(16), png.readUInt32BE(20)];
  assert.deepEqual([width, height], [1200, 630], 'a 1200x630 card');
  assert.deepEqual([meta(doc, 'og:image:width'), meta(doc, 'og:image:height')], [String(width), String(height)], what + ': its size');
  assert.equal(meta(doc, 'og:image:alt'), 'Test Herald', what);
  assert.equal(meta(doc, 'twitter:card'), 'summary_large_image', what);
  assert.equal(meta(doc, 'twitter:image'), url, what);
  assert.equal(meta(doc, 'twitter:image:alt'), 'Test Herald', what);
}

test('OpenGraph and Twitter Card on the home page, with the site\'s image', async () => {
  const doc = parse((await get('/en/')).text);
  assert.equal(meta(doc, 'og:type'), 'website');
  assert.equal(meta(doc, 'og:title'), 'Test Herald');
  assert.equal(meta(doc, 'og:description'), 'Test news.');
  assert.equal(meta(doc, 'og:url'), `${SITE}/en/`);
  await checkSiteImage(doc, 'the home page');
});

test('category pages: OpenGraph, and JSON-LD CollectionPage and BreadcrumbList', async () => {
  const r = await get('/en/politics/');
  const doc = parse(r.text);
  assert.equal(meta(doc, 'og:type'), 'website');
  assert.equal(meta(doc, 'og:title'), 'Politics — Test Herald');
  assert.equal(meta(doc, 'og:description'), 'Parliament, government and the decisions that shape public life.');
  assert.equal(meta(doc, 'og:url'), `${SITE}/en/politics/`);
  assert.equal(meta(doc, 'og:site_name'), 'Test Herald');
  assert.equal(meta(doc, 'twitter:title'), 'Politics — Test Herald');
  await checkSiteImage(doc, 'a category page');
  const ld = jsonLd(r.text);
  assert.equal(ld.length, 2);
  const page = ldOf(ld, 'CollectionPage');
  assert.deepEqual([page['@context'], page.name, page.url, page.inLanguage, page.description],
    ['https://schema.org', 'Politics', `${SITE}/en/politics/`, 'en', 'Parliament, government and the decisions that shape public life.']);
  assert.deepEqual([page.isPartOf['@type'], page.isPartOf.url], ['WebSite', `${SITE}/en/`]);
  assert.deepEqual(ldOf(ld, 'BreadcrumbList').itemListElement.map(c => [c.position, c.name, c.item]),
    [[1, 'Test Herald', `${SITE}/en/`], [2, 'Politics', `${SITE}/en/politics/`]]);
  // Each edition names its categories.
  const ru = jsonLd((await get('/ru/politics/')).text);
  assert.equal(ldOf(ru, 'CollectionPage').name, 'Политика');
  assert.equal(ldOf(ru, 'BreadcrumbList').itemListElement[1].item, `${SITE}/ru/politics/`);
});

test('author pages: OpenGraph profile and JSON-LD ProfilePage of a Person', async () => {
  const r = await get('/en/author/recent-reporter');
  assert.equal(r.status, 200);
  const doc = parse(r.text);
  assert.equal(meta(doc, 'og:type'), 'profile');
  assert.equal(meta(doc, 'og:title'), 'Recent Reporter — Test Herald');
  assert.equal(meta(doc, 'og:url'), `${SITE}/en/author/recent-reporter`);
  await checkSiteImage(doc, 'an author\'s page');
  const ld = jsonLd(r.text);
  const profile = ldOf(ld, 'ProfilePage');
  assert.deepEqual([profile.mainEntity['@type'], profile.mainEntity.name, profile.mainEntity.url],
    ['Person', 'Recent Reporter', `${SITE}/en/author/recent-reporter`]);
  const hostile = ldOf(jsonLd((await get('/en/author/avtor-svg-onload-alert-13')).text), 'ProfilePage');
  assert.equal(hostile.mainEntity.name, HOSTILE.author);
});

test('JSON-LD on the home page: Organization and WebSite with a SearchAction', async () => {
  const ld = jsonLd((await get('/en/')).text);
  const org = ldOf(ld, 'Organization');
  assert.equal(org.name, 'Test Herald');
  assert.equal(org.url, `${SITE}/en/`);
  assert.match(org.logo.url ?? org.logo, /^https:\/\/news\.example\.com\/static\/logo\.[0-9a-f]+\.png$/);
  const web = ldOf(ld, 'WebSite');
  assert.equal(web.url, `${SITE}/en/`);
  const action = web.potentialAction;
  assert.equal(action['@type'], 'SearchAction');
  const target = action.target.urlTemplate ?? action.target;
  assert.equal(target, `${SITE}/en/search?q={search_term_string}`);
  assert.equal(action['query-input'], 'required name=search_term_string');
  assert.equal((await get(local(target.replace('{search_term_string}', 'bridge')))).status, 200);
});

test('JSON-LD: hostile titles parse back exactly and cannot end or re-open the <script>', async () => {
  for (const [h, p] of [[HOSTILE, '/en/society/xml-hostile-title'], [FIXTURE_HOSTILE, '/en/society/hostile-article']]) {
    const ld = jsonLd((await get(p)).text);
    assert.equal(ld.length, 2, p + ': two JSON-LD blocks');
    const art = ldOf(ld, 'NewsArticle');
    assert.equal(art.headline, h.title, p);
    assert.equal(art.description, h.lead, p);
    assert.deepEqual([].concat(art.author).map(x => x.name), [h.author], p);
    assert.match([].concat(art.author)[0].url, /^https:\/\/news\.example\.com\/en\/author\/[a-z0-9-]+$/, p + ': author url');
    assert.equal((await get(local([].concat(art.author)[0].url))).status, 200, p + ': the author\'s page');
    assert.equal(ldOf(ld, 'BreadcrumbList').itemListElement[2].name, h.title, p);
    // HTML's rules for script content: no "<!--", "<script" or "</script" in it.
    for (const { raw } of ld) assert.ok(!/<!--|<\/?script/i.test(raw), `${p}: JSON-LD holds ${raw.match(/<!--|<\/?script/i)?.[0]}`);
  }
});

test('OpenGraph and Twitter Card on article pages', async () => {
  const doc = parse((await get(ARTICLE)).text);
  const canonical = doc.querySelector('link[rel=canonical]').getAttribute('href');
  assert.equal(canonical, `${SITE}${ARTICLE}`);
  assert.equal(meta(doc, 'og:type'), 'article');
  assert.equal(meta(doc, 'og:title'), 'Fixture bridge opens over the Kura');
  assert.equal(meta(doc, 'og:description'), 'The fixture lead: a short summary of the story under the title.');
  assert.equal(meta(doc, 'og:url'), canonical);
  assert.equal(meta(doc, 'og:site_name'), 'Test Herald');
  assert.equal(meta(doc, 'article:published_time'), '2026-02-14T16:50:00+04:00');
  assert.equal(meta(doc, 'article:section'), 'Politics');
  assert.deepEqual(metas(doc, 'article:tag'), ['bridge', 'kura']);
  // No lead image: the site's share card, with its size and text.
  await checkSiteImage(doc, 'an article without a lead image');
  assert.equal(meta(doc, 'twitter:site'), '@testherald');
  assert.equal(meta(doc, 'twitter:title'), 'Fixture bridge opens over the Kura');
  const pic = parse((await get(local(imageArticle.url))).text), big = image.variants.at(-1);
  assert.equal(meta(pic, 'og:image'), big.jpeg);
  assert.deepEqual([meta(pic, 'og:image:width'), meta(pic, 'og:image:height')], [String(big.width), String(big.height)]);
  assert.equal(meta(pic, 'twitter:card'), 'summary_large_image');
  assert.equal(meta(pic, 'twitter:image'), big.jpeg);
  // The image's text is its caption, as the page's <img alt> says.
  assert.equal(meta(pic, 'og:image:alt'), 'The harbour');
  assert.equal(meta(pic, 'twitter:image:alt'), 'The harbour');
  assert.equal(parse((await get(local(imageArticle.url))).text).querySelector('figure.lead-image img').getAttribute('alt'), 'The harbour');
  for (const [h, p] of [[HOSTILE, '/en/society/xml-hostile-title'], [FIXTURE_HOSTILE, '/en/society/hostile-article']]) {
    const page = (await get(p)).text, d = parse(page);
    assert.ok(!/<script>alert|<!--<script|<svg onload|<img src=x/i.test(page), p + ': raw markup from the article');
    for (const k of ['og:title', 'twitter:title']) assert.equal(meta(d, k), h.title, `${p} ${k}`);
    for (const k of ['og:description', 'twitter:description']) assert.equal(meta(d, k), h.lead, `${p} ${k}`);
  }
  assert.deepEqual(metas(parse((await get('/en/society/xml-hostile-title')).text), 'article:tag'), HOSTILE.tags);
});

test('API: hostile titles, leads, bylines and tags round-trip through the list and the article', async () => {
  const cases = [[HOSTILE, 'xml-hostile-title', ''], [FIXTURE_HOSTILE, 'hostile-article', '&category=society']];
  for (const [h, slug, query] of cases) {
    const r = await get(`/api/v1/en/articles?limit=50${query}`);
    assert.match(r.headers['content-type'], /^application\/json/);
    assert.equal(r.headers['x-content-type-options'], 'nosniff');
    const item = JSON.parse(r.text).articles.find(a => a.slug === slug);
    assert.ok(item, slug + ' in the list');
    assert.deepEqual([item.title, item.lead, item.author], [h.title, h.lead, h.author], slug);
    const one = await get(`/api/v1/en/articles/${item.id}`);
    assert.equal(one.status, 200);
    const a = JSON.parse(one.text);
    assert.deepEqual([a.title, a.lead, a.author], [h.title, h.lead, h.author], slug);
    if (h.tags) assert.deepEqual(a.tags, h.tags);
    assert.ok(!/<script|javascript:/i.test(a.body_html), slug + ': body_html');
  }
});

// ----------------------------------------------------------------- caching

// GET, the validators, 304s, stale or other validators, HEAD.
async function checkCaching(p, { immutable = false } = {}) {
  const first = await get(p);
  assert.equal(first.status, 200, p);
  const { etag, 'last-modified': lastModified, 'cache-control': cc = '' } = first.headers;
  assert.match(etag ?? '', /^(W\/)?"[^"]+"$/, 'ETag');
  assert.match(lastModified ?? '', RFC822, 'Last-Modified');
  assert.ok(Date.parse(lastModified) <= Date.now() + 1000, 'Last-Modified is not in the future');
  const policy = immutable ? [/\bimmutable\b/] : [/\bs-maxage=\d+/, /\bstale-while-revalidate=\d+/];
  for (const want of [/\bpublic\b/, ...policy]) assert.match(cc, want, 'Cache-Control: ' + cc);
  const fresh = [['If-None-Match', { 'If-None-Match': etag }], ['If-Modified-Since', { 'If-Modified-Since': lastModified }],
    ['HEAD + If-None-Match', { 'If-None-Match': etag }, 'HEAD'],
    ['a list with the weak form', { 'If-None-Match': `"other", W/${etag}` }]];
  for (const [what, headers, method] of fresh) {
    const r = await get(p, headers, method);
    assert.equal(r.status, 304, what);
    assert.equal(r.text, '', what + ': empty body');
    assert.equal(r.headers.etag, etag, what + ': ETag');
  }
  const stale = [['an old If-Modified-Since', { 'If-Modified-Since': 'Sat, 01 Jan 2000 00:00:00 GMT' }],
    ['another ETag', { 'If-None-Match': '"not-this-one"' }],
    ['a date that is not a date', { 'If-Modified-Since': 'yesterday' }],
    ['another ETag and a fresh date', { 'If-None-Match': '"not-this-one"', 'If-Modified-Since': lastModified }]];
  for (const [what, headers] of stale) {
    const r = await get(p, headers);
    assert.equal(r.status, 200, what);
    assert.ok(r.text.length > 0, what + ': a body');
    assert.equal(r.headers.etag, etag, what + ': the same ETag');
  }
  const last = await get(p), head = await get(p, {}, 'HEAD'); // (an article's view count may have grown a digit)
  assert.equal(head.status, 200, 'HEAD');
  assert.equal(head.text, '', 'HEAD: no body');
  for (const h of ['etag', 'last-modified', 'cache-control', 'content-type', 'content-length'])
    assert.equal(head.headers[h], last.headers[h], 'HEAD: ' + h);
}

const CACHED = [['home', '/en/'], ['category', '/en/politics/'], ['article', ARTICLE],
  ['search page', '/en/search?q=bridge'], ['RSS', '/en/rss.xml'], ['Atom', '/en/atom.xml'],
  ['category RSS', '/en/politics/rss.xml'], ['sitemap index', '/sitemap.xml'],
  ['articles sitemap', '/sitemaps/articles-1.xml'], ['news sitemap', '/news-sitemap.xml'],
  ['robots.txt', '/robots.txt'], ['API editions', '/api/v1/editions'], ['API article list', '/api/v1/en/articles']];
for (const [name, p] of CACHED) test(`caching: ${name} (${p})`, () => checkCaching(p));

test('caching: a hashed /static asset is immutable, with ETag, Last-Modified and 304', async () => {
  const css = parse((await get('/en/')).text).querySelector('link[rel=stylesheet]').getAttribute('href');
  assert.match(css, /^\/static\/gazette\.[0-9a-f]+\.css$/);
  await checkCaching(css, { immutable: true });
});

test('caching: the article ETag stays the same while its view count changes', async () => {
  const id = (await apiList('en', '&category=politics')).find(a => a.slug === 'fixture-bridge-opens').id;
  const live = async () => JSON.parse((await get(`/api/v1/en/articles/${id}/views`)).text).views;
  const before = await live();
  const one = await get(ARTICLE), two = await get(ARTICLE);
  assert.equal(await live(), before + 2, 'both GETs were counted');
  assert.equal(two.headers.etag, one.headers.etag);
  assert.equal((await get(ARTICLE, { 'If-None-Match': one.headers.etag })).status, 304);
  const a1 = await get(`/api/v1/en/articles/${id}`), a2 = await get(`/api/v1/en/articles/${id}`);
  assert.equal(await live(), before + 5, 'the API counts views too (and so did the 304)');
  assert.equal(a2.headers.etag, a1.headers.etag, 'API article ETag');
});

// ------------------------------------------------------ changes, then 304s

// Last, as they change the site. Takes each path's validators, waits for
// change(), then expects the old ETag and the old Last-Modified each to get
// 200 with the change shown (lists(text) === shown afterwards).
async function oldValidatorsAfter(paths, lists, shown, change) {
  const old = new Map();
  for (const p of paths) {
    const r = await get(p);
    assert.equal(lists(r.text), !shown, p + ' before the change');
    old.set(p, r.headers);
  }
  await new Promise(r => setTimeout(r, 1100)); // Last-Modified counts whole seconds
  await change();
  const problems = [];
  for (const p of paths) {
    for (const h of [{ 'If-None-Match': old.get(p).etag }, { 'If-Modified-Since': old.get(p)['last-modified'] }]) {
      const r = await get(p, h);
      if (r.status !== 200 || lists(r.text) !== shown) problems.push(`${p} ${Object.keys(h)[0]}: ${r.status}`);
    }
  }
  assert.deepEqual(problems, [], 'answers that hide the change');
}
const linksTo = slug => text => new RegExp(`/${slug}(?![\\w-])`).test(text);

test('unpublishing: feeds, sitemaps and lists drop the article at once, old validators get 200', async () => {
  const id = (await apiList('ru')).find(a => a.slug === 'raspisanie-paromov').id;
  await oldValidatorsAfter(['/ru/rss.xml', '/ru/atom.xml', '/ru/politics/rss.xml', '/news-sitemap.xml', '/sitemaps/articles-1.xml',
    '/ru/', '/api/v1/ru/articles'], linksTo('raspisanie-paromov'), false,
  () => adminApi('PATCH', `/api/v1/admin/articles/${id}`, JSON.stringify({ status: 'unpublished' })));
  apiCache.clear();
  const en = kids((await xml('/sitemaps/articles-1.xml')).root, 'url', NS.sm).find(u => field(u, 'loc', NS.sm) === `${SITE}/en/politics/recent-ferry-timetable`);
  assert.deepEqual(kids(en, 'link', NS.xhtml).map(l => l.attrs.hreflang), [], 'no alternate to an unpublished translation');
});

test('a scheduled article coming out: old validators get 200 and it is listed', async () => {
  const date = bakuIso(Date.now() + 5000);
  await adminApi('POST', '/api/v1/admin/articles', JSON.stringify({ title: 'Scheduled quay story', lang: 'en', category: 'economy',
    slug: 'scheduled-quay-story', body_markdown: 'Out at its time.', status: 'scheduled', date }));
  await oldValidatorsAfter(['/en/rss.xml', '/en/atom.xml', '/news-sitemap.xml', '/sitemaps/articles-1.xml', '/en/', '/en/economy/',
    '/api/v1/en/articles'], linksTo('scheduled-quay-story'), true,
  () => new Promise(r => setTimeout(r, Math.max(0, Date.parse(date) + 1500 - Date.now()))));
});

test('an article withdrawn by `gazette import` while serving: old validators get 200', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gazette-feeds-'));
  dirs.push(dir);
  markdown(dir, 'edge-in.md', { title: 'A story from 47 hours ago', lang: 'en', category: 'economy', status: 'draft',
    date: bakuIso(Date.now() - 47 * HOUR), slug: 'forty-seven-hours-old' });
  await oldValidatorsAfter(['/en/rss.xml', '/news-sitemap.xml', '/sitemaps/articles-1.xml', '/en/', '/en/economy/', '/api/v1/en/articles'],
    linksTo('forty-seven-hours-old'), false, async () => {
      const r = gazette(['import', '--db', site.db, '--config', site.ini, dir]);
      assert.equal(r.status, 0, r.stderr);
      // The server learns of another process's writes from its watcher,
      // which reads the store's content version ten times a second.
      await new Promise(res => setTimeout(res, 250));
    });
});

// ------------------------------------------------------------------- setup

async function adminApi(method, p, body, contentType = 'application/json') {
  const r = await request(base + p, { method, body, headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType } });
  if (r.status >= 300) throw new Error(`${method} ${p}: ${r.status} ${r.text}`);
  return JSON.parse(r.text);
}

const failed = await run({
  before: async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gazette-feeds-'));
    dirs.push(dir);
    const now = Date.now();
    markdown(dir, 'recent-en.md', { title: 'Ferry timetable changes this week', subtitle: 'Crossings every two hours.',
      lang: 'en', category: 'politics', date: bakuIso(now - 2 * HOUR), author: 'Recent Reporter',
      slug: 'recent-ferry-timetable', tags: ['ferry'], translation_key: 'recent-ferry' });
    markdown(dir, 'recent-ru.md', { title: 'Расписание паромов меняется', subtitle: 'Рейсы каждые два часа.',
      lang: 'ru', category: 'politics', date: bakuIso(now - 3 * HOUR), author: 'Редакция',
      slug: 'raspisanie-paromov', translation_key: 'recent-ferry' });
    markdown(dir, 'recent-hostile.md', { title: HOSTILE.title, subtitle: HOSTILE.lead, lang: 'en', category: 'society',
      date: bakuIso(now - HOUR), author: HOSTILE.author, slug: 'xml-hostile-title', tags: HOSTILE.tags });
    markdown(dir, 'relative.md', { title: 'Links of every kind in a body', lang: 'en', category: 'politics',
      date: bakuIso(now - 90 * 60 * 1000), slug: 'relative-links' }, RELATIVE_BODY);
    markdown(dir, 'old.md', { title: 'A story from three days ago', lang: 'en', category: 'economy',
      date: bakuIso(now - 72 * HOUR), slug: 'three-days-old' });
    markdown(dir, 'edge-in.md', { title: 'A story from 47 hours ago', lang: 'en', category: 'economy',
      date: bakuIso(now - 47 * HOUR), slug: 'forty-seven-hours-old' });
    markdown(dir, 'edge-out.md', { title: 'A story from 49 hours ago', lang: 'ru', category: 'economy',
      date: bakuIso(now - 49 * HOUR), slug: 'forty-nine-hours-old' });
    site = makeSite({ imports: [path.join(fixtures, 'articles'), dir] });
    token = addToken(site, 'feeds-bot', 'editor');
    server = await serve(site);
    base = server.base;
    try {
      const { body, contentType } = multipart({}, [{ name: 'file', filename: 'photo.jpg', type: 'image/jpeg',
        data: readFileSync(path.join(fixtures, 'images/photo.jpg')) }]);
      image = await adminApi('POST', '/api/v1/admin/media', body, contentType);
      imageArticle = await adminApi('POST', '/api/v1/admin/articles', JSON.stringify({ title: 'Harbour at dawn, in pictures',
        subtitle: 'The photo story.', lang: 'en', category: 'economy', body_markdown: 'The harbour.', status: 'published',
        date: bakuIso(now - 30 * 60 * 1000), lead_image_id: image.id, lead_image_caption: 'The harbour' }));
    } catch (err) {
      await server.stop(); // or this process would wait for it
      throw err;
    }
  },
  after: async () => {
    const stopped = await server.stop();
    const errs = sanitizerErrors(stopped.stderr);
    site.remove();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    if (stopped.code !== 0 || errs.length) throw new Error(`server exit ${stopped.code}: ${errs.join(' | ') || stopped.stderr.slice(-500)}`);
  },
});
process.exitCode = failed ? 1 : 0;
