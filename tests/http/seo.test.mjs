// HTTP tests of an article's search and social overrides (SEO title and
// description, social image, canonical URL of a syndicated story): the
// page's head with and without them (title, description, OpenGraph,
// Twitter, canonical, JSON-LD), the sitemaps leaving a syndicated story
// out, the public API's seo member, the Admin API accepting and refusing
// them (nothing changed on a refusal), hostile values escaped in every
// meta tag, the newsroom's form saving them, and revisions showing them.
// Runs against GAZETTE_BIN, on SQLite or PostgreSQL (GAZETTE_TEST_ENGINE).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, fixtures } from '../lib/server.mjs';
import { Client, addUser, addToken, multipart, request, editorForm, idFrom } from '../lib/newsroom.mjs';
import { validate } from '../lib/openapi.mjs';

suite('seo');

const SITE_URL = 'https://news.example.com';
const PHOTO = readFileSync(path.join(fixtures, 'images/photo.jpg'));
const GRAPHIC = readFileSync(path.join(fixtures, 'images/graphic.png'));
const EDITOR = { email: 'seo-editor@example.com', name: 'Sevda Editor', role: 'editor' };
let site, server, base, token, photoId, graphic;

async function api(method, pathname, json) {
  const headers = { Authorization: `Bearer ${token}` };
  let body;
  if (json !== undefined) {
    body = JSON.stringify(json);
    headers['Content-Type'] = 'application/json';
  }
  const r = await request(base + pathname, { method, headers, body });
  r.json = /^application\/json/.test(r.headers['content-type'] || '') ? JSON.parse(r.text) : undefined;
  return r;
}

async function upload(name, type, data) {
  const m = multipart({}, [{ name: 'file', filename: name, type, data }]);
  const r = await request(base + '/api/v1/admin/media', { method: 'POST', body: m.body,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': m.contentType } });
  assert.ok(r.status === 201 || r.status === 200, r.text);
  return JSON.parse(r.text);
}

let serial = 0;
async function publish(fields) {
  serial++;
  const r = await api('POST', '/api/v1/admin/articles', { title: `SEO story ${serial}`, category: 'politics', lang: 'en',
    subtitle: `The lead of story ${serial}`, body_markdown: 'Words.', status: 'published', ...fields });
  assert.equal(r.status, 201, r.text);
  return r.json;
}

// The article's page, parsed, with its head's facts.
async function head(url) {
  const r = await request(base + url.slice(SITE_URL.length));
  assert.equal(r.status, 200, url);
  const doc = parse(r.text);
  const meta = key => {
    const el = doc.querySelector(`meta[property="${key}"]`) || doc.querySelector(`meta[name="${key}"]`);
    return el ? el.getAttribute('content') : undefined;
  };
  const ld = doc.querySelectorAll('script[type="application/ld+json"]').map(s => JSON.parse(s.rawText));
  return { html: r.text, doc, meta, ld, title: doc.querySelector('title').textContent,
    canonical: doc.querySelector('link[rel=canonical]').getAttribute('href'),
    headline: doc.querySelector('h1') ? doc.querySelector('h1').textContent.trim() : '' };
}

test('without overrides the head is the article\'s own: title, lead, lead image, own URL', async () => {
  const a = await publish({ lead_image_id: photoId });
  const h = await head(a.url);
  assert.equal(h.title, `${a.title} — Caspian Herald`.replace('Caspian Herald', h.meta('og:site_name')));
  assert.equal(h.meta('og:title'), a.title);
  assert.equal(h.meta('twitter:title'), a.title);
  assert.equal(h.meta('description'), `The lead of story ${serial}`);
  assert.equal(h.meta('og:description'), `The lead of story ${serial}`);
  assert.equal(h.canonical, a.url);
  assert.equal(h.meta('og:url'), a.url);
  assert.match(h.meta('og:image'), new RegExp(`^${SITE_URL}/media/[0-9a-f]{32}-1600\\.jpg$`));
  assert.equal(h.meta('twitter:image'), h.meta('og:image'));
  const news = h.ld.find(x => x['@type'] === 'NewsArticle');
  assert.equal(news.url, a.url);
  assert.equal(news.mainEntityOfPage['@id'], a.url);
  assert.equal(news.headline, a.title);
});

test('with overrides: <title>, description, og:* and twitter:* use them; the headline stays; canonical and JSON-LD name the original', async () => {
  const original = 'https://wire.example.org/2026/02/kura-bridge?ref=gazette&x=1';
  const a = await publish({ lead_image_id: photoId, seo_title: 'Kura bridge: what changes for drivers',
    seo_description: 'Tolls, lanes and the opening date, in short.', social_image_id: graphic.id, canonical_url: original });
  const h = await head(a.url);
  const site_name = h.meta('og:site_name');
  assert.equal(h.title, `Kura bridge: what changes for drivers — ${site_name}`);
  assert.equal(h.headline, a.title, 'the visible headline is the title');
  assert.equal(h.meta('description'), 'Tolls, lanes and the opening date, in short.');
  assert.equal(h.meta('og:description'), 'Tolls, lanes and the opening date, in short.');
  assert.equal(h.meta('twitter:description'), 'Tolls, lanes and the opening date, in short.');
  assert.equal(h.meta('og:title'), 'Kura bridge: what changes for drivers');
  assert.equal(h.meta('twitter:title'), 'Kura bridge: what changes for drivers');
  const large = graphic.variants[graphic.variants.length - 1];
  assert.equal(h.meta('og:image'), large.jpeg, 'the social image\'s large variant');
  assert.equal(h.meta('twitter:image'), large.jpeg);
  assert.equal(Number(h.meta('og:image:width')), large.width);
  assert.equal(Number(h.meta('og:image:height')), large.height);
  assert.equal(h.canonical, original);
  assert.equal(h.meta('og:url'), original);
  assert.ok(h.html.includes('href="https://wire.example.org/2026/02/kura-bridge?ref=gazette&amp;x=1"'), 'the & escaped');
  const news = h.ld.find(x => x['@type'] === 'NewsArticle');
  assert.equal(news.url, original);
  assert.equal(news.mainEntityOfPage['@id'], original);
  assert.equal(news.headline, a.title);
  assert.equal(news.description, 'Tolls, lanes and the opening date, in short.');
  assert.equal(news.image[0], large.jpeg);
  const crumbs = h.ld.find(x => x['@type'] === 'BreadcrumbList');
  assert.equal(crumbs.itemListElement[2].item, a.url, 'the breadcrumb stays on this site');
  // Readers share and copy the page they read.
  const copy = h.doc.querySelector('[data-copy-link]');
  assert.equal(copy.getAttribute('data-url'), a.url);
});

test('the sitemaps leave out a syndicated story and keep the others', async () => {
  const own = await publish({});
  const syndicated = await publish({ canonical_url: 'https://wire.example.org/syndicated-one' });
  const sm = await request(base + '/sitemaps/articles-1.xml');
  assert.equal(sm.status, 200);
  assert.ok(sm.text.includes(`<loc>${own.url}</loc>`), 'its own story is listed');
  assert.ok(!sm.text.includes(syndicated.url), 'the syndicated one is not');
  assert.ok(!sm.text.includes('wire.example.org'), 'nor is the original');
  const news = await request(base + '/news-sitemap.xml');
  assert.equal(news.status, 200);
  assert.ok(news.text.includes(`<loc>${own.url}</loc>`));
  assert.ok(!news.text.includes(syndicated.url));
  // Its feeds are unchanged: the story is there.
  const rss = await request(base + '/en/rss.xml');
  assert.ok(rss.text.includes(syndicated.url), 'the feed still lists it');
});

test('the public API gives seo {title, description, image, canonical_url}, resolved as the page', async () => {
  const plain = await publish({});
  const over = await publish({ lead_image_id: photoId, seo_title: 'API SEO title', seo_description: 'API SEO description',
    social_image_id: graphic.id, canonical_url: 'https://wire.example.org/api-story' });
  for (const [a, want] of [
    [plain, { title: plain.title, description: `The lead of story ${serial - 1}`, image: null, canonical_url: plain.url }],
    [over, { title: 'API SEO title', description: 'API SEO description', image: graphic.variants[graphic.variants.length - 1].jpeg,
      canonical_url: 'https://wire.example.org/api-story' }],
  ]) {
    const r = await request(`${base}/api/v1/en/articles/${a.id}`);
    assert.equal(r.status, 200);
    const body = JSON.parse(r.text);
    validate('GET', `/api/v1/en/articles/${a.id}`, 200, body);
    assert.deepEqual(body.seo, want);
  }
});

test('the Admin API reads and changes the four fields, and clears them', async () => {
  const a = await publish({ seo_title: 'First', social_image_id: graphic.id });
  let r = await api('GET', `/api/v1/admin/articles/${a.id}`);
  assert.equal(r.status, 200);
  validate('GET', `/api/v1/admin/articles/${a.id}`, 200, r.json);
  assert.equal(r.json.seo_title, 'First');
  assert.equal(r.json.seo_description, '');
  assert.equal(r.json.social_image_id, graphic.id);
  assert.equal(r.json.canonical_url, '');
  r = await api('PATCH', `/api/v1/admin/articles/${a.id}`, { seo_description: 'Now described', canonical_url: 'http://wire.example.org/x' });
  assert.equal(r.status, 200, r.text);
  validate('PATCH', `/api/v1/admin/articles/${a.id}`, 200, r.json);
  assert.equal(r.json.seo_title, 'First', 'a field not named is kept');
  assert.equal(r.json.seo_description, 'Now described');
  assert.equal(r.json.canonical_url, 'http://wire.example.org/x');
  r = await api('PATCH', `/api/v1/admin/articles/${a.id}`, { seo_title: '', seo_description: '', social_image_id: null, canonical_url: '' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual([r.json.seo_title, r.json.seo_description, r.json.social_image_id, r.json.canonical_url], ['', '', null, '']);
  const h = await head(a.url);
  assert.equal(h.meta('og:title'), a.title);
  assert.equal(h.canonical, a.url);
});

test('the Admin API refuses hostile values with 400 naming the field, and changes nothing', async () => {
  const a = await publish({ seo_title: 'Kept title', canonical_url: 'https://wire.example.org/kept' });
  const before = (await api('GET', `/api/v1/admin/articles/${a.id}`)).json;
  const cases = [
    [{ canonical_url: 'javascript:alert(1)' }, 'canonical_url', /canonical_url.*https:\/\//],
    [{ canonical_url: 'data:text/html;base64,PHNjcmlwdD4=' }, 'canonical_url', /canonical_url/],
    [{ canonical_url: 'https://user:pass@wire.example.org/' }, 'canonical_url', /user name or password/],
    [{ canonical_url: '/en/politics/relative' }, 'canonical_url', /absolute/],
    [{ canonical_url: 'https://wire.example.org/' + 'a'.repeat(2100) }, 'canonical_url', /2000 bytes/],
    [{ seo_title: 'x'.repeat(10000) }, 'seo_title', /seo_title.*longer than 200 characters/],
    [{ seo_title: 'two\nlines' }, 'seo_title', /one line without control characters/],
    [{ seo_description: 'bell\u0007' }, 'seo_description', /one line without control characters/],
    [{ seo_description: 'd'.repeat(321) }, 'seo_description', /longer than 320 characters/],
    [{ social_image_id: 987654 }, 'social_image_id', /image 987654 is not in the library/],
    [{ social_image_id: -3 }, 'social_image_id', /social_image_id/],
    [{ social_image_id: 'one' }, 'social_image_id', /social_image_id/],
    [{ seo_title: 42 }, 'seo_title', /must be a string/],
  ];
  for (const [fields, field, message] of cases) {
    const r = await api('PATCH', `/api/v1/admin/articles/${a.id}`, { title: 'Changed title', ...fields });
    assert.equal(r.status, 400, `${JSON.stringify(fields).slice(0, 80)}: ${r.text.slice(0, 200)}`);
    validate('PATCH', `/api/v1/admin/articles/${a.id}`, 400, r.json);
    assert.equal(r.json.field, field);
    assert.match(r.json.error, message);
  }
  const created = await api('POST', '/api/v1/admin/articles', { title: 'Never made', category: 'politics', canonical_url: 'javascript:x' });
  assert.equal(created.status, 400);
  assert.equal(created.json.field, 'canonical_url');
  const after = (await api('GET', `/api/v1/admin/articles/${a.id}`)).json;
  assert.deepEqual(after, before, 'nothing changed');
});

test('hostile overrides are escaped in every meta tag, the title and JSON-LD', async () => {
  const evil = '"><script>alert(1)</script><b x=\'y\'>&amp;';
  const a = await publish({ seo_title: evil, seo_description: `desc ${evil}` });
  const h = await head(a.url);
  assert.ok(!h.html.includes('<script>alert(1)'), 'no script comes through');
  assert.ok(!h.html.includes('<b x='), 'no element comes through');
  // The parser decodes each attribute once: what was typed comes back.
  for (const key of ['og:title', 'twitter:title']) assert.equal(h.meta(key), evil, key);
  for (const key of ['description', 'og:description', 'twitter:description']) assert.equal(h.meta(key), `desc ${evil}`, key);
  const escaped = text => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  assert.ok(h.html.includes(`<meta property="og:title" content="${escaped(evil)}">`), 'og:title as escaped text');
  assert.ok(h.html.includes(`<meta name="description" content="desc ${escaped(evil)}">`), 'the description as escaped text');
  assert.ok(h.html.includes(`<title>${escaped(evil)} — `), '<title> as escaped text');
  const news = h.ld.find(x => x['@type'] === 'NewsArticle');
  assert.equal(news.description, `desc ${evil}`);
  for (const s of h.html.match(/<script type="application\/ld\+json">[\s\S]*?<\/script>/g)) assert.ok(!s.slice(1, -9).includes('<'), 'no < inside JSON-LD');
});

test('the newsroom\'s form shows the fieldset, saves the overrides, refuses a bad one, and revisions show them', async () => {
  const a = await publish({ lead_image_id: photoId });
  const c = new Client(base);
  await c.login(EDITOR.email);
  let page = await c.get(`/admin/articles/${a.id}`);
  assert.equal(page.status, 200);
  const details = page.doc.querySelector('details[data-seo]');
  assert.ok(details, 'a Search and social fieldset');
  assert.ok(!details.hasAttribute('open'), 'closed while nothing is set');
  assert.equal(details.querySelector('summary').textContent.trim(), 'Search and social');
  const options = page.doc.querySelectorAll('select[name=social_image_id] option').map(o => o.getAttribute('value'));
  assert.equal(options[0], '0');
  assert.ok(options.includes(String(graphic.id)), 'the library\'s images are choices');
  assert.equal(page.doc.querySelector('[data-seo-result-url]').textContent, a.url);
  assert.ok(page.doc.querySelector('[data-seo-card-image]').getAttribute('src').includes('/media/'), 'the lead image on the card');

  const fields = { ...editorForm(page.doc), action: 'save', seo_title: 'Form SEO title', seo_description: 'Form SEO description',
    social_image_id: String(graphic.id), canonical_url: 'https://wire.example.org/form' };
  let r = await c.post(`/admin/articles/${a.id}`, fields);
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const got = (await api('GET', `/api/v1/admin/articles/${a.id}`)).json;
  assert.deepEqual([got.seo_title, got.seo_description, got.social_image_id, got.canonical_url],
    ['Form SEO title', 'Form SEO description', graphic.id, 'https://wire.example.org/form']);
  page = await c.get(`/admin/articles/${a.id}`);
  const open = page.doc.querySelector('details[data-seo]');
  assert.ok(open.hasAttribute('open'), 'open when something is set');
  assert.equal(page.doc.querySelector('#f-seo-title').getAttribute('value'), 'Form SEO title');
  assert.equal(page.doc.querySelector('#f-seo-title-count [data-count]').textContent, '14');
  assert.equal(page.doc.querySelector('[data-seo-result-title]').textContent.startsWith('Form SEO title — '), true);
  assert.equal(page.doc.querySelector('[data-seo-result-url]').textContent, 'https://wire.example.org/form');
  assert.equal(page.doc.querySelector('[data-seo-result-description]').textContent, 'Form SEO description');
  assert.equal(page.doc.querySelector('[data-seo-card-host]').textContent, 'wire.example.org');
  assert.ok(page.doc.querySelector('[data-seo-card-image]').getAttribute('src').includes(graphic.hash), 'the social image on the card');
  assert.equal(page.doc.querySelector('select[name=social_image_id] option[selected]').getAttribute('value'), String(graphic.id));

  // A bad canonical URL: the form again with the message, nothing saved.
  r = await c.post(`/admin/articles/${a.id}`, { ...editorForm(page.doc), action: 'save', seo_title: 'Not kept', canonical_url: 'javascript:alert(1)' });
  assert.equal(r.status, 400);
  const error = r.doc.querySelector('.nr-error');
  assert.match(error.textContent, /canonical_url/);
  assert.equal(error.getAttribute('data-field'), 'canonical_url');
  assert.ok(r.doc.querySelector('details[data-seo]').hasAttribute('open'), 'the fieldset opens on its error');
  assert.equal((await api('GET', `/api/v1/admin/articles/${a.id}`)).json.seo_title, 'Form SEO title', 'nothing changed');

  // A draft keeps them, and restoring it fills them in again.
  r = await c.post(`/admin/articles/${a.id}/draft`, { ...editorForm(page.doc), seo_title: 'Drafted SEO title',
    seo_description: 'Drafted description', social_image_id: '0', canonical_url: 'https://wire.example.org/drafted' });
  assert.equal(r.status, 200, r.text.slice(0, 200));
  const restored = await c.get(`/admin/articles/${a.id}?draft=restore`);
  assert.equal(restored.doc.querySelector('#f-seo-title').getAttribute('value'), 'Drafted SEO title');
  assert.equal(restored.doc.querySelector('#f-seo-description').textContent.trim(), 'Drafted description');
  assert.equal(restored.doc.querySelector('#f-canonical').getAttribute('value'), 'https://wire.example.org/drafted');
  assert.equal(restored.doc.querySelector('select[name=social_image_id] option[selected]').getAttribute('value'), '0');
  r = await c.post(`/admin/articles/${a.id}/draft`, { seo_title: 'x'.repeat(201) });
  assert.equal(r.status, 413, 'a draft keeps no more than the article may');

  // The revisions compare them as text.
  const revs = await c.get(`/admin/articles/${a.id}/revisions`);
  assert.equal(revs.status, 200);
  const rows = revs.doc.querySelectorAll('.nr-changes tbody tr').map(tr => tr.querySelectorAll('td').map(td => td.textContent));
  const row = name => rows.find(x => x[0] === name);
  assert.deepEqual(row('SEO title'), ['SEO title', '', 'Form SEO title']);
  assert.deepEqual(row('SEO description'), ['SEO description', '', 'Form SEO description']);
  assert.deepEqual(row('Social image'), ['Social image', 'the lead image', `image ${graphic.id}`]);
  assert.deepEqual(row('Canonical URL'), ['Canonical URL', '', 'https://wire.example.org/form']);
});

const failed = await run({
  before: async () => {
    site = makeSite();
    token = addToken(site, 'seo-editor', 'editor');
    const u = addUser(site, EDITOR);
    if (u.status !== 0) throw new Error(u.stderr);
    server = await serve(site);
    base = server.base;
    photoId = (await upload('photo.jpg', 'image/jpeg', PHOTO)).id;
    graphic = await upload('graphic.png', 'image/png', GRAPHIC);
  },
  after: async () => {
    const stopped = await server.stop();
    const errs = sanitizerErrors(stopped.stderr);
    site.remove();
    if (stopped.code !== 0 || errs.length) throw new Error(`server exit ${stopped.code}: ${errs.join(' | ') || stopped.stderr.slice(-500)}`);
  },
});
process.exitCode = failed ? 1 : 0;
