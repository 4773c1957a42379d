// HTTP tests of the Admin API's static pages (/api/v1/admin/pages...):
// create, read, list (by edition, the footer's order, ?lang=), PATCH with
// and without If-Match (stale: 412, nothing changed; racing PATCHes lose
// nothing), slug conflicts, bad fields refused changing nothing, hostile
// text escaped on the reader's page, delete, admins' tokens only, the
// sitemap and never the feeds, the public API or search. Every answer is
// checked against the OpenAPI document, and every answer the document
// declares for these operations must have been met. Then the demo's pages:
// five in every edition's footer, in order, and a second `init --demo`
// adds and changes nothing. Runs against GAZETTE_BIN, on either engine.
import { parse } from 'node-html-parser';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, defaultConfig, gazette } from '../lib/server.mjs';
import { addToken, request, sql, sqlNumber } from '../lib/newsroom.mjs';
import { DOC, operationOf, validate, validateAs, deref } from '../lib/openapi.mjs';

suite('admin api: static pages');

const SITE = 'https://news.example.com';
const PAGES = '/api/v1/admin/pages';
let site, server, base;
let adminToken, editorToken, authorToken;

// One Admin API call, checked against the document; r.json is the answer's
// JSON (none for 204 and HEAD).
const seen = new Set();
async function api(method, pathname, { token = adminToken, json, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    body = JSON.stringify(json);
    h['Content-Type'] = 'application/json';
  }
  const r = await request(base + pathname, { method, headers: h, body });
  const p = new URL(base + pathname).pathname;
  const what = `${method} ${p} (${r.status})`;
  assert.equal(r.headers['cache-control'], 'no-store', `${what}: never cached`);
  const op = operationOf(method, p);
  if (op) seen.add(`${op.method.toUpperCase()} ${op.template} ${r.status}`);
  if (method === 'HEAD') return r;
  if (r.status === 204) {
    assert.equal(r.text, '', `${what}: no body`);
    const declared = op && deref(op.operation.responses['204']);
    assert.ok(declared && !declared.content, `${what}: the document declares a 204 without a body`);
    return r;
  }
  assert.match(r.headers['content-type'] || '', /^application\/json/, what);
  r.json = JSON.parse(r.text);
  if (op) validate(method, p, r.status, r.json);
  else validateAs(r.status === 405 ? 'AdminMethodNotAllowed' : 'AdminNotFound', r.json, what);
  if (r.json.id && r.status < 300) assert.equal(r.headers.etag, `"p${r.json.id}-v${r.json.version}"`, `${what}: the ETag names the version`);
  return r;
}

// An error answer: status, JSON {error, field}.
function isError(r, status, field) {
  assert.equal(r.status, status, r.text.slice(0, 300));
  assert.equal(typeof r.json.error, 'string');
  assert.ok(r.json.error.length > 5, 'a message');
  if (field !== undefined) assert.equal(r.json.field, field, r.json.error);
}

// Makes a page (admin's token); returns its answer's JSON.
let serial = 0;
async function create(fields = {}) {
  serial++;
  const r = await api('POST', PAGES, { json: { title: `Page number ${serial}`, body_markdown: `Body ${serial}.`, ...fields } });
  assert.equal(r.status, 201, r.text.slice(0, 300));
  assert.equal(r.headers.location, `${PAGES}/${r.json.id}`);
  return r.json;
}

const one = id => api('GET', `${PAGES}/${id}`);
const pub = async pathname => {
  const r = await request(base + pathname);
  r.doc = parse(r.text);
  return r;
};
// The footer menu of a reader's page: [[href, text], ...].
const footer = doc => doc.querySelectorAll('footer ul.footer-pages a').map(a => [a.getAttribute('href'), a.text.trim()]);
const countPages = () => sqlNumber(site.db, 'select count(*) from pages');

test('POST makes a page (201, Location, ETag); GET gives it with its Markdown and HTML; readers see it at its address and in the footer', async () => {
  const made = await api('POST', PAGES, { json: { title: 'About the Herald', description: 'Who we are.', published: true, menu_position: 2,
    body_markdown: 'We are **a test** newsroom.\r\n\r\n## The team\r\n\r\nReporters and editors.' } });
  assert.equal(made.status, 201, made.text);
  const id = made.json.id;
  assert.equal(made.headers.location, `${PAGES}/${id}`);
  assert.equal(made.headers.etag, `"p${id}-v1"`);
  const { lang, slug, title, description, published, public: isPublic, menu_position, version, url, updated_by } = made.json;
  assert.deepEqual({ lang, slug, title, description, published, isPublic, menu_position, version, url, updated_by },
    { lang: 'en', slug: 'about-the-herald', title: 'About the Herald', description: 'Who we are.', published: true, isPublic: true,
      menu_position: 2, version: 1, url: `${SITE}/en/page/about-the-herald`, updated_by: 'API token api-admin' });
  assert.equal(made.json.body_markdown, 'We are **a test** newsroom.\n\n## The team\n\nReporters and editors.', 'line endings made \\n');
  assert.match(made.json.body_html, /<strong>a test<\/strong>/);
  assert.match(made.json.body_html, /<h2[^>]*>The team<\/h2>/);
  const got = await one(id);
  assert.equal(got.status, 200);
  assert.deepEqual(got.json, made.json);
  assert.equal(got.headers.etag, made.headers.etag);
  const head = await api('HEAD', `${PAGES}/${id}`);
  assert.deepEqual([head.status, head.headers.etag], [200, made.headers.etag]);
  const page = await pub('/en/page/about-the-herald');
  assert.equal(page.status, 200);
  assert.equal(page.doc.querySelector('h1').text.trim(), 'About the Herald');
  assert.equal(page.doc.querySelector('.article-body strong').text, 'a test');
  assert.equal(page.doc.querySelector('meta[name=description]').getAttribute('content'), 'Who we are.');
  assert.ok(footer((await pub('/en/')).doc).some(([href, text]) => href === '/en/page/about-the-herald' && text === 'About the Herald'));
  assert.equal(sqlNumber(site.db, "select count(*) from audit_log where action = 'page-new' and detail = 'en/about-the-herald'"), 1);
  // Unknown ids and addresses.
  isError(await one(999999), 404);
  isError(await api('GET', `${PAGES}/abc`), 404);
  isError(await api('PUT', `${PAGES}/${id}`, { json: {} }), 405);
  isError(await api('PUT', PAGES, { json: {} }), 405);
});

test('GET lists every page, drafts too, without bodies: by edition, each in the footer\'s order (those out of it last, by title); ?lang= gives one', async () => {
  const zeta = await create({ title: 'Zeta', menu_position: 1, published: true });
  const alpha = await create({ title: 'Alpha' });
  const beta = await create({ title: 'Beta', menu_position: 3, published: true });
  const gamma = await create({ title: 'Gamma', published: true });
  const ru = await create({ title: 'Контакты', lang: 'ru', menu_position: 1, published: true });
  const mine = [zeta, alpha, beta, gamma, ru].map(p => p.id);
  const all = await api('GET', PAGES);
  assert.equal(all.status, 200);
  assert.deepEqual(all.json.items.map(p => p.id).filter(id => mine.includes(id)), [zeta.id, beta.id, alpha.id, gamma.id, ru.id]);
  const langs = all.json.items.map(p => p.lang);
  assert.deepEqual(langs, [...langs].sort((a, b) => ['en', 'ru'].indexOf(a) - ['en', 'ru'].indexOf(b)), 'grouped by edition, the site\'s order');
  for (const item of all.json.items) assert.ok(!('body_markdown' in item) && !('body_html' in item), 'no bodies in the list');
  const draft = all.json.items.find(p => p.id === alpha.id);
  assert.deepEqual([draft.published, draft.public, draft.url], [false, false, `${SITE}/en/page/alpha`]);
  assert.equal(ru.slug, 'kontakty', 'a Cyrillic title makes a transliterated slug');
  const inRu = await api('GET', `${PAGES}?lang=ru`);
  assert.deepEqual(inRu.json.items.map(p => p.id), [ru.id]);
  const inEn = await api('GET', `${PAGES}?lang=en`);
  assert.ok(inEn.json.items.every(p => p.lang === 'en') && inEn.json.items.length === all.json.items.length - 1);
  isError(await api('GET', `${PAGES}?lang=xx`), 400, 'lang');
  isError(await api('GET', `${PAGES}?lang=az`), 400, 'lang');
  // The footer shows the published ones with a place, in order.
  const menu = footer((await pub('/en/')).doc).map(([href]) => href);
  const at = slugOf => menu.indexOf(`/en/page/${slugOf}`);
  assert.ok(at('zeta') >= 0 && at('zeta') < at('about-the-herald') && at('about-the-herald') < at('beta'), menu.join(' '));
  assert.equal(at('alpha'), -1, 'a draft is not in it');
  assert.equal(at('gamma'), -1, 'nor a page without a place');
  assert.deepEqual(footer((await pub('/ru/')).doc), [['/ru/page/kontakty', 'Контакты']]);
});

test('PATCH changes the fields named and keeps the rest; If-Match is honoured: a stale ETag is 412 with the current one, and nothing changes', async () => {
  const page = await create({ title: 'Patch me', body_markdown: 'First.', menu_position: 4 });
  const read = await one(page.id);
  const p1 = await api('PATCH', `${PAGES}/${page.id}`, { json: { description: 'Now described.' } });
  assert.equal(p1.status, 200, p1.text);
  assert.deepEqual([p1.json.version, p1.json.description, p1.json.title, p1.json.body_markdown, p1.json.menu_position, p1.json.published],
    [2, 'Now described.', 'Patch me', 'First.', 4, false]);
  assert.equal((await pub('/en/page/patch-me')).status, 404, 'a draft is not found');
  const p2 = await api('PATCH', `${PAGES}/${page.id}`, { headers: { 'If-Match': p1.headers.etag }, json: { body_markdown: 'Second.', published: true } });
  assert.equal(p2.status, 200, p2.text);
  assert.deepEqual([p2.json.version, p2.json.public, p2.json.body_html.trim()], [3, true, '<p>Second.</p>']);
  assert.match((await pub('/en/page/patch-me')).text, /<p>Second\.<\/p>/);
  // Stale: the first ETag read.
  const before = await one(page.id);
  const stale = await api('PATCH', `${PAGES}/${page.id}`, { headers: { 'If-Match': read.headers.etag }, json: { title: 'Overwritten' } });
  isError(stale, 412, null);
  assert.equal(stale.headers.etag, before.headers.etag, 'the current ETag');
  for (const tag of ['W/' + before.headers.etag, '"p1-v1"', 'nonsense'])
    isError(await api('PATCH', `${PAGES}/${page.id}`, { headers: { 'If-Match': tag }, json: { title: 'Overwritten' } }), 412);
  assert.deepEqual((await one(page.id)).json, before.json, 'nothing changed');
  assert.doesNotMatch((await pub('/en/page/patch-me')).text, /Overwritten/);
  const any = await api('PATCH', `${PAGES}/${page.id}`, { headers: { 'If-Match': '*' }, json: { menu_position: 0 } });
  assert.deepEqual([any.status, any.json.menu_position, any.json.version], [200, 0, 4]);
  // Moved to another edition: its address moves with it.
  const moved = await api('PATCH', `${PAGES}/${page.id}`, { json: { lang: 'ru', title: 'Исправь меня', slug: '' } });
  assert.equal(moved.status, 200, moved.text);
  assert.match(moved.json.slug, /^isprav.*-menya$/, 'an empty slug is made from the title again');
  assert.deepEqual([moved.json.lang, moved.json.url], ['ru', `${SITE}/ru/page/${moved.json.slug}`]);
  assert.equal((await pub('/en/page/patch-me')).status, 404);
  assert.equal((await pub(`/ru/page/${moved.json.slug}`)).status, 200);
  isError(await api('PATCH', `${PAGES}/999999`, { json: { title: 'x' } }), 404);
});

test('PATCHes racing without If-Match each land: no field one names is put back by another', async () => {
  const page = await create({ title: 'Raced', body_markdown: 'Start.' });
  const changes = [{ title: 'Raced, retitled' }, { description: 'Raced and described.' }, { body_markdown: 'Raced body.' },
    { menu_position: 42 }, { published: true }, { slug: 'raced-page' }];
  const answers = await Promise.all(changes.map(json => api('PATCH', `${PAGES}/${page.id}`, { json })));
  for (const r of answers) assert.equal(r.status, 200, r.text);
  const end = (await one(page.id)).json;
  assert.deepEqual([end.title, end.description, end.body_markdown, end.menu_position, end.published, end.slug, end.version],
    ['Raced, retitled', 'Raced and described.', 'Raced body.', 42, true, 'raced-page', 1 + changes.length]);
});

test('a slug another page of the edition has is 409 (field slug) and changes nothing; another edition may have it', async () => {
  const first = await create({ title: 'Imprint', slug: 'imprint' });
  const before = countPages();
  isError(await api('POST', PAGES, { json: { title: 'Another imprint', slug: 'imprint' } }), 409, 'slug');
  isError(await api('POST', PAGES, { json: { title: 'Imprint' } }), 409, 'slug');
  assert.equal(countPages(), before);
  const ru = await create({ title: 'Выходные данные', slug: 'imprint', lang: 'ru' });
  assert.equal(ru.url, `${SITE}/ru/page/imprint`);
  const second = await create({ title: 'Second imprint', slug: 'second-imprint' });
  const was = (await one(second.id)).json;
  isError(await api('PATCH', `${PAGES}/${second.id}`, { json: { slug: 'imprint', title: 'Renamed' } }), 409, 'slug');
  isError(await api('PATCH', `${PAGES}/${second.id}`, { json: { lang: 'ru', slug: 'imprint' } }), 409, 'slug');
  assert.deepEqual((await one(second.id)).json, was, 'nothing changed');
  assert.equal((await one(first.id)).json.slug, 'imprint');
});

test('bad fields are 400 naming the field, and change nothing; a body over the limit is 413', async () => {
  const page = await create({ title: 'Unchanging', slug: 'unchanging', body_markdown: 'Stays.', published: true });
  const before = (await one(page.id)).json;
  const pages = countPages(), audits = sqlNumber(site.db, 'select count(*) from audit_log');
  const bad = [[{ colour: 'red' }, 'colour'], [{ title: 5 }, 'title'], [{ title: '' }, 'title'], [{ title: 'Two\nlines' }, 'title'],
    [{ title: 'x'.repeat(201) }, 'title'], [{ description: 'd'.repeat(321) }, 'description'], [{ description: ['x'] }, 'description'],
    [{ slug: 'Bad Slug' }, 'slug'], [{ slug: 'x'.repeat(121) }, 'slug'], [{ lang: 'xx' }, 'lang'], [{ lang: 'az' }, 'lang'],
    [{ menu_position: 100 }, 'menu_position'], [{ menu_position: -1 }, 'menu_position'], [{ menu_position: 1.5 }, 'menu_position'],
    [{ menu_position: '1' }, 'menu_position'], [{ menu_position: 2 ** 40 }, 'menu_position'], [{ published: 'yes' }, 'published'],
    [{ published: 1 }, 'published'], [{ body_markdown: 7 }, 'body_markdown'], [{ body_markdown: '>'.repeat(40) + ' deep' }, 'body_markdown'],
    [{ body_markdown: '![](https://example.com/photo.jpg)', published: true }, 'body_markdown'], [{ id: 5 }, 'id'], [{ version: 9 }, 'version']];
  for (const [json, field] of bad) {
    isError(await api('PATCH', `${PAGES}/${page.id}`, { json }), 400, field);
    isError(await api('POST', PAGES, { json: { title: 'Refused page', ...json } }), 400, field);
  }
  isError(await api('POST', PAGES, { json: {} }), 400, 'title');
  isError(await api('POST', PAGES, { json: { title: '!!!' } }), 400, 'slug');
  for (const raw of ['not json', '[1, 2]', '{"title": "a", "title": "b"}', '"a string"', ''])
    for (const [method, p] of [['POST', PAGES], ['PATCH', `${PAGES}/${page.id}`]])
      isError(await api(method, p, { body: raw, headers: { 'Content-Type': 'application/json' } }), 400, null);
  const huge = JSON.stringify({ title: 'Huge', body_markdown: 'x'.repeat(1024 * 1024 + 10) });
  isError(await api('POST', PAGES, { body: huge, headers: { 'Content-Type': 'application/json' } }), 413);
  isError(await api('PATCH', `${PAGES}/${page.id}`, { body: huge, headers: { 'Content-Type': 'application/json' } }), 413);
  assert.deepEqual((await one(page.id)).json, before, 'the page is as it was');
  assert.equal(countPages(), pages, 'no page made');
  assert.equal(sqlNumber(site.db, 'select count(*) from audit_log'), audits, 'nothing audited');
});

test('a hostile title, description and body are stored as typed and escaped on the reader\'s page: none of their markup runs', async () => {
  const hostile = '<script>alert("t")</script> & "quoted" <img src=x onerror=alert(1)>';
  const page = await create({ title: hostile, slug: 'hostile', description: hostile, published: true, menu_position: 9,
    body_markdown: `<script>alert("b")</script>\n\nText <b onmouseover="steal()">bold</b> [a link](javascript:alert(2)) and ${hostile}\n\n<iframe src="https://evil.example/"></iframe>` });
  assert.equal(page.title, hostile);
  assert.ok(!/<script|onerror|onmouseover|javascript:|<iframe/i.test(page.body_html), page.body_html);
  const r = await pub('/en/page/hostile');
  assert.equal(r.status, 200);
  assert.ok(!/<script>alert|<img src=x|<iframe|<b onmouseover/i.test(r.text), 'no raw markup of theirs');
  assert.deepEqual(r.doc.querySelectorAll('[onerror], [onmouseover], iframe, a[href^="javascript:"]').length, 0);
  for (const s of r.doc.querySelectorAll('script')) assert.ok(!/alert\(/.test(s.text) || s.getAttribute('type') === 'application/ld+json', 'no script of theirs');
  for (const s of r.doc.querySelectorAll('script[type="application/ld+json"]')) {
    assert.ok(!/<\/script/i.test(s.rawText), 'JSON-LD cannot close its element');
    JSON.parse(s.rawText);
  }
  assert.equal(r.doc.querySelector('h1').text.trim(), hostile, 'the title shown as typed');
  assert.equal(r.doc.querySelector('meta[name=description]').getAttribute('content'), hostile);
  assert.ok(footer(r.doc).some(([href, text]) => href === '/en/page/hostile' && text === hostile), 'the footer link escaped');
  const home = await request(base + '/en/');
  assert.ok(!/<script>alert/.test(home.text), 'nor on the pages whose footer names it');
});

test('DELETE: 204, then the page is 404 to readers and the API, gone from the footer; a stale If-Match is 412 and deletes nothing', async () => {
  const page = await create({ title: 'Short-lived', published: true, menu_position: 7 });
  assert.equal((await pub('/en/page/short-lived')).status, 200);
  assert.ok(footer((await pub('/en/')).doc).some(([href]) => href === '/en/page/short-lived'));
  const old = (await one(page.id)).headers.etag;
  assert.equal((await api('PATCH', `${PAGES}/${page.id}`, { json: { description: 'Changed once.' } })).status, 200);
  const stale = await api('DELETE', `${PAGES}/${page.id}`, { headers: { 'If-Match': old } });
  isError(stale, 412);
  assert.equal(stale.headers.etag, `"p${page.id}-v2"`);
  assert.equal((await one(page.id)).status, 200, 'still there');
  assert.equal((await pub('/en/page/short-lived')).status, 200);
  const gone = await api('DELETE', `${PAGES}/${page.id}`, { headers: { 'If-Match': `"p${page.id}-v2"` } });
  assert.equal(gone.status, 204);
  isError(await one(page.id), 404);
  isError(await api('DELETE', `${PAGES}/${page.id}`), 404);
  isError(await api('PATCH', `${PAGES}/${page.id}`, { json: { title: 'Back' } }), 404);
  assert.equal((await pub('/en/page/short-lived')).status, 404);
  assert.ok(!footer((await pub('/en/')).doc).some(([href]) => href === '/en/page/short-lived'), 'the footer link is gone');
  assert.ok(!(await request(base + '/sitemaps/pages.xml')).text.includes('/en/page/short-lived'), 'and the sitemap\'s');
  assert.ok(!(await api('GET', PAGES)).json.items.some(p => p.id === page.id));
  assert.equal(sqlNumber(site.db, "select count(*) from audit_log where action = 'page-delete' and detail = 'en/short-lived'"), 1);
  // Without If-Match: deleted whatever its version.
  for (const headers of [{}, { 'If-Match': '*' }]) {
    const other = await create({ title: 'Deleted at once' });
    assert.equal((await api('PATCH', `${PAGES}/${other.id}`, { json: { menu_position: 1 } })).status, 200);
    assert.equal((await api('DELETE', `${PAGES}/${other.id}`, { headers })).status, 204);
    isError(await one(other.id), 404);
  }
});

test('only admins\' tokens: editors\' and authors\' get 403 on every operation and change nothing; no token is 401', async () => {
  const page = await create({ title: 'Admins only', published: true });
  const before = (await one(page.id)).json, pages = countPages();
  const ops = [['GET', PAGES], ['GET', `${PAGES}?lang=en`], ['POST', PAGES, { title: 'By an editor' }], ['GET', `${PAGES}/${page.id}`],
    ['PATCH', `${PAGES}/${page.id}`, { title: 'Taken over' }], ['DELETE', `${PAGES}/${page.id}`]];
  for (const token of [editorToken, authorToken])
    for (const [method, p, json] of ops) isError(await api(method, p, { token, json }), 403);
  for (const [method, p, json] of ops) {
    const r = await api(method, p, { token: null, json });
    isError(r, 401);
    assert.equal(r.headers['www-authenticate'], 'Bearer');
  }
  isError(await api('GET', PAGES, { token: 'not-a-token' }), 401);
  assert.deepEqual((await one(page.id)).json, before);
  assert.equal(countPages(), pages);
});

test('a published page is in /sitemaps/pages.xml (a draft is not), and never in the feeds, the public API\'s lists or search', async () => {
  const word = 'quokkaharbour';
  await create({ title: `Harbour ${word} notes`, slug: 'harbour-notes', body_markdown: `The ${word} is here.`, published: true, menu_position: 8 });
  await create({ title: `Draft ${word}`, slug: 'draft-notes', body_markdown: `Draft ${word}.` });
  const sitemap = await request(base + '/sitemaps/pages.xml');
  assert.equal(sitemap.status, 200);
  assert.ok(sitemap.text.includes(`<loc>${SITE}/en/page/harbour-notes</loc>`), 'the published page');
  assert.ok(!sitemap.text.includes('draft-notes'), 'not the draft');
  assert.equal((await pub('/en/page/draft-notes')).status, 404);
  for (const p of ['/en/rss.xml', '/en/atom.xml', '/ru/rss.xml', '/news-sitemap.xml', '/sitemaps/articles-1.xml', '/api/v1/en/articles']) {
    const r = await request(base + p);
    assert.equal(r.status, 200, p);
    assert.ok(!r.text.includes(word) && !r.text.includes('/page/'), `${p}: no static page`);
  }
  // The home links it from its footer only, never among the stories.
  const home = await pub('/en/');
  assert.ok(footer(home.doc).some(([href]) => href === '/en/page/harbour-notes'));
  assert.ok(!home.doc.querySelectorAll('main a').some(a => /\/page\//.test(a.getAttribute('href') || '')), 'not among the stories');
  const found = JSON.parse((await request(base + `/api/v1/en/search?q=${word}`)).text);
  assert.deepEqual(found.results, [], 'not found by the public search');
  const html = await pub(`/en/search?q=${word}`);
  assert.equal(html.status, 200);
  assert.ok(!html.doc.querySelectorAll('main a').some(a => /\/page\//.test(a.getAttribute('href') || '')), 'nor on the search page');
});

// The operations this file covers.
const OWN = new Set(['GET /admin/pages', 'POST /admin/pages', 'GET /admin/pages/{id}', 'PATCH /admin/pages/{id}', 'DELETE /admin/pages/{id}']);
test('every answer the document declares for the pages\' operations was met, and none it does not', () => {
  const declared = Object.entries(DOC.paths).flatMap(([t, item]) =>
    ['get', 'post', 'patch', 'delete'].filter(m => item[m] && OWN.has(`${m.toUpperCase()} ${t}`)).flatMap(m =>
      Object.keys(item[m].responses).map(status => `${m.toUpperCase()} ${t} ${status}`)));
  assert.ok(declared.length >= 25, `${declared.length} declared answers`);
  assert.deepEqual(declared.filter(k => !seen.has(k)), [], 'declared answers no test met');
  assert.deepEqual([...seen].filter(k => !declared.includes(k)), [], 'answers the document does not declare');
});

// ------------------------------------------------------------- the demo

const DEMO_PAGES = {
  en: [['about-us', 'About us'], ['contacts', 'Contacts'], ['advertising', 'Advertising'], ['privacy-policy', 'Privacy policy'],
    ['editorial-policy', 'Editorial policy']],
  ru: [['o-nas', 'О нас'], ['kontakty', 'Контакты'], ['reklama', 'Реклама'], ['politika-konfidentsialnosti', 'Политика конфиденциальности'],
    ['redaktsionnaya-politika', 'Редакционная политика']],
  az: [['haqqimizda', 'Haqqımızda'], ['elaqe', 'Əlaqə'], ['reklam', 'Reklam'], ['mexfilik-siyaseti', 'Məxfilik siyasəti'],
    ['redaksiya-siyaseti', 'Redaksiya siyasəti']],
};

test('the demo: every edition\'s footer links its five pages in order, each published with a few paragraphs; init --demo again adds and changes nothing', async () => {
  const demo = makeSite({ config: defaultConfig.replace(/languages = .*/, 'languages = en, ru, az'), imports: [] });
  let demoServer;
  try {
    assert.equal(sqlNumber(demo.db, 'select count(*) from pages'), 15);
    const again = gazette(['init', '--demo', '--db', demo.db, '--config', demo.ini]);
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stdout, /static page/, 'no page made or changed');
    assert.equal(sqlNumber(demo.db, 'select count(*) from pages'), 15, 'none twice');
    assert.equal(sqlNumber(demo.db, 'select max(version) from pages'), 1, 'none changed');
    demoServer = await serve(demo);
    const demoBase = demoServer.base;
    for (const [lang, pages] of Object.entries(DEMO_PAGES)) {
      const home = await request(demoBase + `/${lang}/`);
      assert.equal(home.status, 200);
      assert.deepEqual(footer(parse(home.text)), pages.map(([slug, title]) => [`/${lang}/page/${slug}`, title]), `the ${lang} footer`);
      for (const [slug, title] of pages) {
        const r = await request(demoBase + `/${lang}/page/${slug}`);
        assert.equal(r.status, 200, `${lang}/${slug}`);
        const doc = parse(r.text);
        assert.equal(doc.querySelector('h1').text.trim(), title);
        assert.equal(doc.querySelector('html').getAttribute('lang'), lang);
        assert.ok(doc.querySelectorAll('.article-body p').length >= 3, `${lang}/${slug}: a few paragraphs`);
        assert.ok(doc.querySelector('meta[name=description]').getAttribute('content').length > 40, `${lang}/${slug}: described`);
        // Its links to the other pages lead somewhere.
        for (const a of doc.querySelectorAll('.article-body a[href^="/"]')) {
          const href = a.getAttribute('href');
          assert.equal((await request(demoBase + href)).status, 200, `${lang}/${slug} links to ${href}`);
        }
      }
    }
    // Each edition's pages in its own language's letters, not English.
    assert.match((await request(demoBase + '/ru/page/o-nas')).text, /Каспийский вестник/);
    assert.match((await request(demoBase + '/az/page/haqqimizda')).text, /Xəzər Xəbərçisi/);
  } finally {
    if (demoServer) {
      const stopped = await demoServer.stop();
      assert.deepEqual(sanitizerErrors(stopped.stderr), []);
    }
    demo.remove();
  }
});

const failed = await run({
  before: async () => {
    site = makeSite({ demo: false });
    adminToken = addToken(site, 'api-admin', 'admin');
    editorToken = addToken(site, 'api-editor', 'editor');
    authorToken = addToken(site, 'api-author', 'author');
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
