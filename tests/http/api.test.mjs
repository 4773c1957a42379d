// HTTP tests of the public JSON API (/api/v1): every answer is checked
// against the OpenAPI document the server publishes (docs/openapi.json, the
// response schema declared for that path and status), and the document
// itself is checked as OpenAPI 3.1. Also: cursor pagination that stays
// stable while articles are published, filters, the article with its body,
// tags, translations and views, search, errors as JSON with the right
// status, CORS, ETags and 304s, HEAD. Runs against GAZETTE_BIN with the demo,
// tests/fixtures/articles and a translated pair written here.
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, gazette, fixtures } from '../lib/server.mjs';
import { sql, nowSeconds } from '../lib/db.mjs';
import { DOC, templateOf, operationOf, validate as validateOperation } from '../lib/openapi.mjs';

suite('http api');
let site, server, base, extra;

const BASE_URL = 'https://news.example.com';

// ------------------------------------------------ checking against the document

// A public answer against the schema its GET declares (tests/lib/openapi.mjs).
const validate = (pathname, status, body) => validateOperation('GET', pathname, status, body);

// GETs an API path; checks the status, the content type, CORS and the body
// against the document. Gives {res, body}.
async function api(pathname, { status = 200, headers = {} } = {}) {
  const res = await fetch(base + pathname, { headers });
  const text = await res.text();
  assert.equal(res.status, status, `${pathname}: ${text.slice(0, 300)}`);
  assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8');
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  const body = JSON.parse(text);
  validate(new URL(base + pathname).pathname, status, body);
  return { res, body };
}

// Every article of a list, following next_url to the end.
async function walk(first) {
  const seen = [];
  let next = first, pages = 0;
  while (next) {
    const { body } = await api(next);
    seen.push(...body.articles);
    next = body.next_url ? body.next_url.replace(BASE_URL, '') : null;
    assert.ok(++pages < 200, 'the walk ends');
  }
  return seen;
}

// A Markdown article file in dir.
function writeArticle(dir, name, fields, body = 'Body text.') {
  const front = Object.entries(fields).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n');
  writeFileSync(path.join(dir, name), `---\n${front}\n---\n${body}\n`);
}

// A write by another process (gazette import) reaches the server's page
// cache through its watcher, which reads the content version ten times a
// second.
const importSeen = () => new Promise(r => setTimeout(r, 300));

const isoNow = (offsetMinutes = 0) => new Date(Date.now() + offsetMinutes * 60000).toISOString().replace(/\.\d+Z$/, 'Z');

// ------------------------------------------------------------------ the tests

test('the OpenAPI document is served as written and is valid OpenAPI 3.1', async () => {
  const res = await fetch(base + '/api/v1/openapi.json');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.deepEqual(await res.json(), DOC);
  assert.equal(DOC.openapi, '3.1.0');
  const result = await new Validator().validate(structuredClone(DOC));
  assert.deepEqual(result, { valid: true });
});

test('the document says which operations need a token: none of the public ones, a bearer token for the admin ones', async () => {
  const scheme = DOC.components.securitySchemes?.bearerToken;
  assert.deepEqual([scheme?.type, scheme?.scheme], ['http', 'bearer'], 'a bearer securitySchemes entry');
  const ops = Object.entries(DOC.paths).flatMap(([t, item]) =>
    ['get', 'post', 'patch', 'delete', 'put'].filter(m => item[m]).map(m => [t, m, item[m]]));
  const admin = ops.filter(([t]) => t.startsWith('/admin/')).map(([t, m, op]) => [`${m.toUpperCase()} ${t}`, op.security]);
  const open = ops.filter(([t]) => !t.startsWith('/admin/')).map(([t, m, op]) => [`${m.toUpperCase()} ${t}`, op.security]);
  assert.deepEqual(admin.map(([k]) => k).sort(), ['DELETE /admin/articles/{id}', 'DELETE /admin/categories/{slug}',
    'DELETE /admin/media/{id}', 'GET /admin/articles', 'GET /admin/articles/{id}', 'GET /admin/authors', 'GET /admin/authors/{slug}',
    'GET /admin/categories', 'GET /admin/media',
    'GET /admin/media/{id}', 'GET /admin/tags', 'GET /admin/users', 'GET /admin/users/{id}', 'PATCH /admin/articles/{id}',
    'PATCH /admin/authors/{slug}', 'PATCH /admin/categories/{slug}', 'PATCH /admin/tags/{tag}', 'PATCH /admin/users/{id}',
    'POST /admin/articles', 'POST /admin/authors',
    'POST /admin/categories', 'POST /admin/media', 'POST /admin/users',
    'DELETE /admin/pages/{id}', 'GET /admin/pages', 'GET /admin/pages/{id}', 'PATCH /admin/pages/{id}', 'POST /admin/pages',
    'GET /admin/articles/{id}/updates', 'POST /admin/articles/{id}/updates', 'GET /admin/articles/{id}/updates/{update_id}',
    'PATCH /admin/articles/{id}/updates/{update_id}', 'DELETE /admin/articles/{id}/updates/{update_id}'].sort(),
    'the Admin API is described');
  for (const [k, security] of admin) assert.deepEqual(security, [{ bearerToken: [] }], k);
  assert.ok(open.length >= 7);
  for (const [k, security] of open) assert.deepEqual(security, [], k);
  for (const [k, , op] of ops.filter(([t]) => t.startsWith('/admin/')).map(([t, m, op]) => [`${m} ${t}`, m, op]))
    assert.ok(op.responses['401'], k + ' declares 401');
  // And the server agrees: no public answer asks for a token; every admin one does.
  const open401 = await fetch(base + '/api/v1/en/articles');
  assert.equal(open401.status, 200);
  await open401.arrayBuffer();
  for (const [method, p] of [['POST', '/api/v1/admin/articles'], ['GET', '/api/v1/admin/articles/1'], ['POST', '/api/v1/admin/media']]) {
    const r = await fetch(base + p, { method });
    assert.equal(r.status, 401, `${method} ${p}`);
    assert.equal(r.headers.get('www-authenticate'), 'Bearer');
    const body = await r.json();
    validateOperation(method, p, 401, body);
    assert.ok(operationOf(method, p), `${method} ${p} is in the document`);
  }
});

test('editions: every configured edition, the default marked, absolute URLs', async () => {
  const { body } = await api('/api/v1/editions');
  assert.equal(body.default_language, 'en');
  assert.deepEqual(body.editions.map(e => e.lang), ['en', 'ru']);
  const [en, ru] = body.editions;
  assert.equal(en.default, true);
  assert.equal(ru.default, false);
  assert.equal(en.site_name, 'Test Herald');
  assert.equal(ru.language_name, 'Русский');
  assert.equal(en.url, `${BASE_URL}/en/`);
  assert.equal(ru.rss_url, `${BASE_URL}/ru/rss.xml`);
  assert.equal(ru.articles_url, `${BASE_URL}/api/v1/ru/articles`);
});

test('categories: named in the edition, with counts that match the article lists', async () => {
  const { body } = await api('/api/v1/en/categories');
  assert.equal(body.lang, 'en');
  const politics = body.categories.find(c => c.slug === 'politics');
  assert.equal(politics.name, 'Politics');
  assert.equal(politics.url, `${BASE_URL}/en/politics/`);
  const listed = await walk('/api/v1/en/articles?category=politics&limit=50');
  assert.equal(politics.article_count, listed.length);
  const ru = await api('/api/v1/ru/categories');
  assert.equal(ru.body.categories.find(c => c.slug === 'politics').name, 'Политика');
});

test('articles: newest first, pages follow the cursor with no article twice and none missed', async () => {
  const all = await walk('/api/v1/en/articles?limit=7');
  const expected = Number(sql(site.db, `select count(*) from articles where lang = 'en' and status = 1 and published_at <= ${nowSeconds()}`));
  assert.equal(all.length, expected);
  assert.equal(new Set(all.map(a => a.id)).size, all.length, 'no article twice');
  for (let i = 1; i < all.length; i++)
    assert.ok(all[i - 1].published_at >= all[i].published_at || Date.parse(all[i - 1].published_at) >= Date.parse(all[i].published_at), 'newest first');
  assert.ok(!all.some(a => a.slug === 'secret-draft' || a.slug === 'embargoed-story'), 'no draft, nothing embargoed');
  const one = all.find(a => a.slug === 'fixture-bridge-opens');
  assert.equal(one.url, `${BASE_URL}/en/politics/fixture-bridge-opens`);
  assert.equal(one.api_url, `${BASE_URL}/api/v1/en/articles/${one.id}`);
  assert.deepEqual(one.category, { slug: 'politics', name: 'Politics', url: `${BASE_URL}/en/politics/` });
  assert.equal(one.title, 'Fixture bridge opens over the Kura');
  assert.equal(one.lead, 'The fixture lead: a short summary of the story under the title.');
  assert.equal(one.author, 'Fixture Reporter');
  assert.equal(one.published_at, '2026-02-14T16:50:00+04:00');
  assert.equal(one.lead_image, null);
});

test('a page fetched by its cursor is the same after new articles are published', async () => {
  const first = await api('/api/v1/en/articles?limit=5');
  const second = await api(`/api/v1/en/articles?limit=5&cursor=${first.body.next_cursor}`);
  // Two stories published now, while a reader is between pages.
  writeArticle(extra, 'breaking-1.md', { title: 'Breaking story one', lang: 'en', category: 'politics', date: isoNow(-1), slug: 'breaking-one' });
  writeArticle(extra, 'breaking-2.md', { title: 'Breaking story two', lang: 'en', category: 'politics', date: isoNow(-1), slug: 'breaking-two' });
  const imp = gazette(['import', '--db', site.db, '--config', site.ini, path.join(extra, 'breaking-1.md'), path.join(extra, 'breaking-2.md')]);
  assert.equal(imp.status, 0, imp.stderr);
  await importSeen();
  const again = await api(`/api/v1/en/articles?limit=5&cursor=${first.body.next_cursor}`);
  assert.deepEqual(again.body.articles.map(a => a.id), second.body.articles.map(a => a.id));
  const top = await api('/api/v1/en/articles?limit=2');
  assert.deepEqual(top.body.articles.map(a => a.slug).sort(), ['breaking-one', 'breaking-two']);
});

test('filters: category, tag (exact, any script), both; the next page keeps them', async () => {
  const politics = await walk('/api/v1/en/articles?category=politics&limit=3');
  assert.ok(politics.length > 3);
  assert.ok(politics.every(a => a.category.slug === 'politics'));
  const kura = await api('/api/v1/en/articles?tag=kura');
  const tagged = sql(site.db, `select a.slug from articles a join article_tags t on t.article_id = a.id
    where t.tag = 'kura' and a.lang = 'en' and a.status = 1 order by a.published_at desc, a.id desc`).split('\n');
  assert.ok(tagged.includes('fixture-bridge-opens') && tagged.length >= 2);
  assert.deepEqual(kura.body.articles.map(a => a.slug), tagged);
  assert.equal(kura.body.next_url, null);
  assert.deepEqual((await walk('/api/v1/en/articles?tag=kura&limit=1')).map(a => a.slug), tagged, 'the next page keeps the tag');
  const both = await api('/api/v1/en/articles?tag=kura&category=society');
  assert.deepEqual(both.body.articles, []);
  const kuraPolitics = await walk('/api/v1/en/articles?tag=kura&category=politics&limit=1');
  assert.ok(kuraPolitics.length >= 2 && kuraPolitics.every(a => a.category.slug === 'politics'));
  const html = await api('/api/v1/en/articles?tag=' + encodeURIComponent('<b>tag</b>'));
  assert.deepEqual(html.body.articles.map(a => a.slug), ['hostile-article']);
  const cyr = await api('/api/v1/ru/articles?tag=' + encodeURIComponent('мост через Куру'));
  assert.deepEqual(cyr.body.articles.map(a => a.slug), ['most-cherez-kuru-api']);
  const safe = await api('/api/v1/en/articles?tag=safe&limit=1');
  assert.equal(safe.body.next_url, null);
  assert.deepEqual((await api('/api/v1/en/articles?tag=Kura')).body.articles, [], 'tags match exactly');
  const withNext = await api('/api/v1/en/articles?category=politics&limit=1');
  assert.match(withNext.body.next_url, /^https:\/\/news\.example\.com\/api\/v1\/en\/articles\?category=politics&limit=1&cursor=\d+-\d+$/);
});

test('one article: body as HTML, tags, translations both ways, lead image null', async () => {
  const id = Number(sql(site.db, "select id from articles where slug = 'bridge-over-kura-api'"));
  const ruId = Number(sql(site.db, "select id from articles where slug = 'most-cherez-kuru-api'"));
  const { body } = await api(`/api/v1/en/articles/${id}`);
  assert.equal(body.id, id);
  assert.equal(body.title, 'A bridge over the Kura (API)');
  assert.match(body.body_html, /^<p>The English text, with <em>emphasis<\/em>\.<\/p>/);
  assert.deepEqual(body.tags, ['bridge', 'kura']);
  assert.deepEqual(body.translations, [{
    id: ruId, lang: 'ru', title: 'Мост через Куру (API)',
    url: `${BASE_URL}/ru/politics/most-cherez-kuru-api`, api_url: `${BASE_URL}/api/v1/ru/articles/${ruId}`,
  }]);
  const ru = await api(`/api/v1/ru/articles/${ruId}`);
  assert.equal(ru.body.title, 'Мост через Куру (API)');
  assert.equal(ru.body.category.name, 'Политика');
  assert.deepEqual(ru.body.translations.map(t => t.id), [id]);
});

test('one article: hidden, foreign or malformed ids are 404 as JSON', async () => {
  const draft = sql(site.db, "select id from articles where slug = 'secret-draft'");
  const future = sql(site.db, "select id from articles where slug = 'embargoed-story'");
  const ruId = sql(site.db, "select id from articles where slug = 'most-cherez-kuru-api'");
  for (const p of [`/api/v1/en/articles/${draft}`, `/api/v1/en/articles/${future}`, `/api/v1/en/articles/${ruId}`,
    '/api/v1/en/articles/999999', '/api/v1/en/articles/0', '/api/v1/en/articles/-1', '/api/v1/en/articles/abc',
    '/api/v1/en/articles/99999999999999999999999']) {
    const { body } = await api(p, { status: 404 });
    assert.equal(body.error, 'There is no such article in this edition.');
    assert.equal(body.field, null);
  }
});

test('views: a GET counts one, HEAD and robots do not; the ETag stays while only the count moves', async () => {
  const id = sql(site.db, "select id from articles where slug = 'fixture-bridge-opens'");
  const p = `/api/v1/en/articles/${id}`;
  const live = async () => (await api(`${p}/views`)).body.views;
  const start = await live();
  const a = await api(p);
  const b = await api(p);
  assert.equal(await live(), start + 2);
  assert.ok(b.body.views <= start + 2 && b.body.views >= 1, 'the answer shows a count at most a minute old');
  assert.equal(a.res.headers.get('etag'), b.res.headers.get('etag'));
  const head = await fetch(base + p, { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.headers.get('etag'), a.res.headers.get('etag'));
  assert.equal((await head.arrayBuffer()).byteLength, 0);
  await api(p, { headers: { 'User-Agent': 'Googlebot/2.1 (+http://www.google.com/bot.html)' } });
  assert.equal(await live(), start + 2, 'neither HEAD nor the robot counted');
  const views = await fetch(base + `${p}/views`);
  assert.equal(views.headers.get('cache-control'), 'no-store');
  await views.arrayBuffer();
  await api(`/api/v1/en/articles/999999/views`, { status: 404 });
  assert.equal(await live(), start + 2, 'reading the count does not count');
});

test('search: best first, marked titles and snippets, escaped; absolute URLs', async () => {
  const { body } = await api('/api/v1/en/search?q=fixture+bridge');
  assert.equal(body.lang, 'en');
  assert.equal(body.query, 'fixture bridge');
  assert.equal(body.results[0].title, 'Fixture bridge opens over the Kura');
  assert.equal(body.results[0].title_html, '<mark>Fixture</mark> <mark>bridge</mark> opens over the Kura');
  assert.equal(body.results[0].url, `${BASE_URL}/en/politics/fixture-bridge-opens`);
  const hostile = await api('/api/v1/en/search?q=' + encodeURIComponent('<script>alert("title")</script>'));
  const hit = hostile.body.results.find(r => r.title.startsWith('<script>'));
  assert.ok(hit, 'the hostile article is found by its title words');
  assert.ok(!hit.title_html.includes('<script'), hit.title_html);
  assert.match(hit.title_html, /&lt;<mark>script<\/mark>&gt;/);
  const paged = await api('/api/v1/en/search?q=bridge&limit=1&page=2');
  assert.equal(paged.body.page, 2);
  assert.equal(paged.body.per_page, 1);
});

test('bad parameters are 400 with the field named; unknown things are 404', async () => {
  const cases = [
    ['/api/v1/en/articles?limit=0', 400, 'limit'], ['/api/v1/en/articles?limit=51', 400, 'limit'],
    ['/api/v1/en/articles?limit=ten', 400, 'limit'], ['/api/v1/en/articles?cursor=yesterday', 400, 'cursor'],
    ['/api/v1/en/articles?cursor=1-', 400, 'cursor'], ['/api/v1/en/articles?tag=' + 'x'.repeat(101), 400, 'tag'],
    ['/api/v1/en/articles?category=nowhere', 404, 'category'], ['/api/v1/en/articles?category=..%2Fetc', 404, 'category'],
    ['/api/v1/en/search', 400, 'q'], ['/api/v1/en/search?q=', 400, 'q'], ['/api/v1/en/search?q=a&page=0', 400, 'page'],
    ['/api/v1/en/search?q=a&limit=500', 400, 'limit'],
    ['/api/v1/xx/articles', 404, null], ['/api/v1/en/nothing', 404, null], ['/api/v1/editions/extra', 404, null],
  ];
  for (const [p, status, field] of cases) {
    const res = await fetch(base + p);
    assert.equal(res.status, status, p);
    assert.equal(res.headers.get('content-type'), 'application/json; charset=utf-8', p);
    const body = await res.json();
    assert.equal(body.field, field, p);
    assert.equal(typeof body.error, 'string');
    assert.ok(body.error.length > 10, p);
    if (templateOf(new URL(base + p).pathname) && status !== 404) validate(new URL(base + p).pathname, status, body);
  }
  const other = await fetch(base + '/api/v2/editions');
  assert.equal(other.status, 404);
  assert.match((await other.json()).error, /\/api\/v1\//);
});

test('CORS: any origin reads; a preflight is answered; writes are refused with 405', async () => {
  const res = await fetch(base + '/api/v1/en/articles?limit=1', { headers: { Origin: 'https://app.example' } });
  assert.equal(res.headers.get('access-control-allow-origin'), '*');
  assert.match(res.headers.get('access-control-expose-headers'), /ETag/);
  const pre = await fetch(base + '/api/v1/en/articles', {
    method: 'OPTIONS',
    headers: { Origin: 'https://app.example', 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'if-none-match' },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), '*');
  assert.match(pre.headers.get('access-control-allow-methods'), /GET/);
  assert.match(pre.headers.get('access-control-allow-headers'), /If-None-Match/i);
  for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
    const w = await fetch(base + '/api/v1/en/articles', { method, body: method === 'DELETE' ? undefined : '{}' });
    assert.equal(w.status, 405, method);
    assert.equal(w.headers.get('allow'), 'GET, HEAD, OPTIONS');
    assert.equal((await w.json()).field, null);
  }
});

test('caching: ETag, Last-Modified, 304 on If-None-Match and If-Modified-Since, CDN-friendly Cache-Control', async () => {
  const id = sql(site.db, "select id from articles where slug = 'fixture-bridge-opens'");
  for (const p of ['/api/v1/editions', '/api/v1/en/categories', '/api/v1/en/articles?limit=3', `/api/v1/en/articles/${id}`,
    '/api/v1/en/search?q=bridge', '/api/v1/openapi.json']) {
    const res = await fetch(base + p);
    await res.arrayBuffer();
    const etag = res.headers.get('etag'), modified = res.headers.get('last-modified');
    assert.match(etag, /^"[A-Za-z0-9_-]{11}(-br|-gzip)?"$/, p);
    assert.ok(modified && !Number.isNaN(Date.parse(modified)), p);
    assert.match(res.headers.get('cache-control'), /^public, max-age=\d+, s-maxage=\d+/, p);
    const same = await fetch(base + p, { headers: { 'If-None-Match': etag } });
    assert.equal(same.status, 304, p);
    assert.equal((await same.arrayBuffer()).byteLength, 0);
    assert.equal(same.headers.get('etag'), etag);
    const since = await fetch(base + p, { headers: { 'If-Modified-Since': modified } });
    assert.equal(since.status, 304, p);
    const old = await fetch(base + p, { headers: { 'If-Modified-Since': 'Sat, 01 Jan 2000 00:00:00 GMT' } });
    assert.equal(old.status, 200, p);
    await old.arrayBuffer();
    const other = await fetch(base + p, { headers: { 'If-None-Match': '"something-else"' } });
    assert.equal(other.status, 200, p);
    await other.arrayBuffer();
  }
  const list = await fetch(base + '/api/v1/en/articles?limit=3');
  assert.match(list.headers.get('cache-control'), /stale-while-revalidate=\d+/);
  await list.arrayBuffer();
});

test('a list changes its ETag and Last-Modified when an article in it changes', async () => {
  const before = await fetch(base + '/api/v1/en/articles?category=politics&limit=50');
  const etag = before.headers.get('etag');
  await before.arrayBuffer();
  writeArticle(extra, 'breaking-1.md', { title: 'Breaking story one, updated', lang: 'en', category: 'politics', date: isoNow(-1), slug: 'breaking-one' });
  const imp = gazette(['import', '--db', site.db, '--config', site.ini, path.join(extra, 'breaking-1.md')]);
  assert.equal(imp.status, 0, imp.stderr);
  await importSeen();
  const after = await fetch(base + '/api/v1/en/articles?category=politics&limit=50', { headers: { 'If-None-Match': etag } });
  assert.equal(after.status, 200);
  const body = await after.json();
  assert.ok(body.articles.some(a => a.title === 'Breaking story one, updated'));
});

test('JSON is UTF-8 and hostile text is data, never markup', async () => {
  const id = sql(site.db, "select id from articles where slug = 'hostile-article'");
  const res = await fetch(base + `/api/v1/en/articles/${id}`);
  const raw = Buffer.from(await res.arrayBuffer());
  const body = JSON.parse(raw.toString('utf8'));
  assert.equal(body.title, '<script>alert("title")</script> & "Quotes" in a title');
  assert.equal(body.author, '"><svg onload=alert(2)>');
  assert.deepEqual(body.tags, ['<b>tag</b>', 'safe']);
  assert.ok(!/<script/i.test(body.body_html), 'the body is sanitised');
  assert.ok(!/javascript:/i.test(body.body_html));
  assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
  const ruId = sql(site.db, "select id from articles where slug = 'most-cherez-kuru-api'");
  const ru = Buffer.from(await (await fetch(base + `/api/v1/ru/articles/${ruId}`)).arrayBuffer());
  assert.ok(ru.includes(Buffer.from('Мост через Куру', 'utf8')), 'Cyrillic as UTF-8, not \\u escapes');
});

await run({
  before: async () => {
    extra = mkdtempSync(path.join(tmpdir(), 'gazette-api-'));
    writeArticle(extra, 'bridge-en.md', {
      title: 'A bridge over the Kura (API)', lang: 'en', category: 'politics', date: '2026-03-02T09:00:00+04:00',
      slug: 'bridge-over-kura-api', translation_key: 'kura-bridge-api', tags: ['kura', 'bridge'], author: 'Api Reporter',
    }, 'The English text, with *emphasis*.');
    writeArticle(extra, 'bridge-ru.md', {
      title: 'Мост через Куру (API)', lang: 'ru', category: 'politics', date: '2026-03-02T10:00:00+04:00',
      slug: 'most-cherez-kuru-api', translation_key: 'kura-bridge-api', tags: ['мост через Куру'], author: 'Редакция',
    }, 'Русский текст.');
    const config = (await import('../lib/server.mjs')).defaultConfig;
    site = makeSite({ config, imports: [path.join(fixtures, 'articles'), path.join(extra, 'bridge-en.md'), path.join(extra, 'bridge-ru.md')] });
    server = await serve(site);
    base = server.base;
  },
  after: async () => {
    const { code, stderr } = await server.stop();
    const errors = sanitizerErrors(stderr);
    rmSync(extra, { recursive: true, force: true });
    site.remove();
    if (code !== 0 || errors.length) throw new Error(`server exit ${code}: ${errors.join(' | ')}`);
  },
});
