// HTTP tests of the Admin API (/api/v1/admin/): tokens, creating, reading,
// changing, publishing and deleting articles, uploading images, the rules
// of the author's role, and errors that are always JSON {"error", "field"}
// with the right status. Every answer is checked against the OpenAPI
// document (docs/openapi.json), as the public API's are, and every admin
// operation of the document must have been seen. Runs against GAZETTE_BIN.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { suite, test as harnessTest, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, fixtures } from '../lib/server.mjs';
import { addToken, cli, sql, sqlNumber, multipart, request, bakuIso, guarded } from '../lib/newsroom.mjs';
import { DOC, operationOf, validate, validateAs } from '../lib/openapi.mjs';

suite('admin api');

let site, server, base;
let editorToken, authorToken, otherAuthorToken;

const PHOTO = readFileSync(path.join(fixtures, 'images/photo.jpg'));
const GRAPHIC = readFileSync(path.join(fixtures, 'images/graphic.png'));
const SITE_URL = 'https://news.example.com';

// One API call. json: a value to send as JSON; body: raw bytes or text.
async function api(method, pathname, { token, json, body, headers = {}, expectContinue = false } = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    body = JSON.stringify(json);
    h['Content-Type'] = 'application/json';
  }
  const r = await request(base + pathname, { method, headers: h, body, expectContinue });
  r.json = undefined;
  if (/^application\/json/.test(r.headers['content-type'] || '')) {
    try { r.json = JSON.parse(r.text); } catch { r.json = undefined; }
  }
  againstDocument(method, pathname, r);
  return r;
}

// Checks an Admin API answer against the document: an operation's answer
// against the schema it declares for that status; one outside every
// operation (an unknown address, a method an article does not take) against
// the document's error answers. Notes which operations and statuses were seen.
const seen = new Set();
function againstDocument(method, pathname, r) {
  const p = new URL(base + pathname).pathname;
  if (!p.startsWith('/api/v1/admin/')) return;
  assert.equal(r.headers['cache-control'], 'no-store', `${method} ${p}: never cached`);
  if (method === 'HEAD') return assert.equal(r.text, '', 'HEAD: no body');
  assert.ok(r.json !== undefined, `${method} ${p} (${r.status}): a JSON answer`);
  const op = operationOf(method, p);
  if (op) {
    assert.deepEqual(op.operation.security, [{ bearerToken: [] }], `${method} ${op.template} needs a token`);
    validate(method, p, r.status, r.json);
    seen.add(`${op.method.toUpperCase()} ${op.template} ${r.status}`);
  } else {
    validateAs(r.status === 405 ? 'AdminMethodNotAllowed' : 'AdminNotFound', r.json, `${method} ${p} (${r.status})`);
  }
}

// Checks an error answer: the status, JSON {"error": text, "field": ...}.
// field: the one expected (null: none; ANY: not checked).
const ANY = Symbol('any field');
function isError(r, status, field = null) {
  assert.equal(r.status, status, `status (${r.text.slice(0, 200)})`);
  assert.match(r.headers['content-type'] || '', /^application\/json/, 'a JSON answer');
  assert.ok(r.json && typeof r.json === 'object', `valid JSON: ${r.text.slice(0, 200)}`);
  assert.equal(typeof r.json.error, 'string');
  assert.ok(r.json.error.length > 0, 'a message');
  assert.ok('field' in r.json, 'a field member');
  if (field !== ANY) assert.equal(r.json.field, field);
}

let serial = 0;
function article(fields = {}) {
  serial++;
  return { title: `API story ${serial} ${Date.now() % 100000}`, category: 'politics', lang: 'en', body_markdown: `Body of API story ${serial}.`, ...fields };
}

const articleCount = () => sqlNumber(site.db, 'select count(*) from articles');
const publicPathOf = url => url.replace(SITE_URL, '');
const pub = async pathname => (await request(base + pathname)).status;


// A test whose server, should it die, is started again for the next one.
const serverHolder = {
  get server() { return server; },
  restart: async () => {
    server = await serve(site);
    base = server.base;
  },
};
const test = (name, fn) => harnessTest(name, guarded(fn, serverHolder));

// ------------------------------------------------------------------- tokens

test('no token, a wrong token, or a revoked token: 401 as JSON {error, field}', async () => {
  const id = (await api('POST', '/api/v1/admin/articles', { token: editorToken, json: article() })).json.id;
  const paths = [['GET', `/api/v1/admin/articles/${id}`], ['POST', '/api/v1/admin/articles'], ['POST', '/api/v1/admin/media'],
    ['PATCH', `/api/v1/admin/articles/${id}`], ['DELETE', `/api/v1/admin/articles/${id}`]];
  const revoked = addToken(site, 'api-soon-revoked', 'editor');
  assert.equal((await api('GET', `/api/v1/admin/articles/${id}`, { token: revoked })).status, 200, 'works before revoking');
  assert.equal(cli(['token', 'revoke', '--db', site.db, 'api-soon-revoked']).status, 0);
  for (const [method, p] of paths) {
    const none = await api(method, p, { json: { title: 'x' } });
    isError(none, 401);
    assert.equal(none.headers['www-authenticate'], 'Bearer');
    isError(await api(method, p, { token: 'not-a-real-token-' + 'x'.repeat(26), json: { title: 'x' } }), 401);
    isError(await api(method, p, { token: revoked, json: { title: 'x' } }), 401);
    isError(await api(method, p, { headers: { Authorization: `Basic ${Buffer.from('a:b').toString('base64')}` } }), 401);
    isError(await api(method, p, { headers: { Authorization: 'Bearer ' } }), 401);
  }
  // A session cookie is not a token either.
  isError(await api('GET', `/api/v1/admin/articles/${id}`, { headers: { Cookie: 'gazette_session=whatever' } }), 401);
  assert.equal(sql(site.db, `select count(*) from articles where id = ${id} and deleted_at is null`), '1', 'nothing was deleted');
});

// ----------------------------------------------------------------- articles

test('POST /api/v1/admin/articles creates a draft: 201 with id and url', async () => {
  const before = articleCount();
  const fields = article({ subtitle: 'A lead.', tags: ['one', 'two'], author: 'Wire Desk', slug: `api-created-${serial + 1}` });
  const r = await api('POST', '/api/v1/admin/articles', { token: editorToken, json: fields });
  assert.equal(r.status, 201, r.text);
  assert.match(r.headers['content-type'], /^application\/json/);
  assert.equal(typeof r.json.id, 'number');
  assert.equal(r.json.url, `${SITE_URL}/en/politics/${fields.slug}`);
  assert.equal(r.json.status, 'draft');
  assert.equal(r.json.title, fields.title);
  assert.deepEqual(r.json.tags, ['one', 'two']);
  assert.equal(articleCount(), before + 1);
  assert.equal(sql(site.db, `select workflow from articles where id = ${r.json.id}`), 'draft');
  assert.equal(await pub(publicPathOf(r.json.url)), 404, 'a draft is not public');
  // Made by the token: the audit log and the revision say so.
  assert.equal(sql(site.db, `select actor_name from revisions where article_id = ${r.json.id}`), 'API token api-editor');
  assert.equal(sql(site.db, `select action from audit_log where article_id = ${r.json.id}`), 'created');
  // Without a slug, one is made from the title.
  const auto = await api('POST', '/api/v1/admin/articles', { token: editorToken, json: { title: 'Made From The Title!', category: 'economy' } });
  assert.equal(auto.status, 201, auto.text);
  assert.equal(auto.json.url, `${SITE_URL}/en/economy/made-from-the-title`);
  assert.equal(auto.json.lang, 'en', 'the default edition');
});

test('a missing title is 400 with field "title", and nothing is made', async () => {
  const before = articleCount();
  const { title, ...rest } = article();
  void title;
  isError(await api('POST', '/api/v1/admin/articles', { token: editorToken, json: rest }), 400, 'title');
  isError(await api('POST', '/api/v1/admin/articles', { token: editorToken, json: { ...rest, title: '' } }), 400, 'title');
  isError(await api('POST', '/api/v1/admin/articles', { token: editorToken, json: { ...rest, title: 42 } }), 400, 'title');
  isError(await api('POST', '/api/v1/admin/articles', { token: editorToken, json: { ...rest, title: 'Two\nlines' } }), 400, 'title');
  assert.equal(articleCount(), before);
});

test('an unknown field is 400 naming it', async () => {
  const before = articleCount();
  const r = await api('POST', '/api/v1/admin/articles', { token: editorToken, json: article({ colour: 'blue' }) });
  isError(r, 400, 'colour');
  assert.match(r.json.error, /colour/);
  assert.equal(articleCount(), before);
});

test('other bad fields are 400 with their field: date, category, lang, tags, status, featured, slug', async () => {
  const before = articleCount();
  const cases = [
    [{ date: 'yesterday' }, 'date'], [{ date: '2026-13-40T10:00:00+04:00' }, 'date'], [{ date: 1700000000 }, 'date'],
    [{ category: 'Not A Slug' }, 'category'], [{ category: '' }, 'category'], [{ lang: 'fr' }, 'lang'],
    [{ tags: 'one, two' }, 'tags'], [{ tags: ['ok', 3] }, 'tags'], [{ status: 'live' }, 'status'],
    [{ featured: 'yes' }, 'featured'], [{ slug: 'Bad Slug' }, 'slug'], [{ lead_image_id: -1 }, 'lead_image_id'],
  ];
  for (const [bad, field] of cases) {
    const r = await api('POST', '/api/v1/admin/articles', { token: editorToken, json: article(bad) });
    isError(r, 400, field);
  }
  assert.equal(articleCount(), before);
  const taken = article({ slug: `api-taken-${serial}` });
  assert.equal((await api('POST', '/api/v1/admin/articles', { token: editorToken, json: taken })).status, 201);
  isError(await api('POST', '/api/v1/admin/articles', { token: editorToken, json: article({ slug: taken.slug }) }), 409, 'slug');
});

test('GET returns the article\'s fields', async () => {
  const fields = article({
    subtitle: 'The lead of the story.', author: 'Api Reporter', tags: ['alpha', 'beta'], date: '2026-01-15T09:30:00+04:00',
    body_markdown: 'First paragraph.\n\nSecond *paragraph*.', lead_image_caption: 'A caption', lead_image_credit: 'A credit',
    lead_image_alt: 'What the picture shows', featured: true, translation_key: `api-key-${serial + 1}`, slug: `api-read-${serial + 1}`,
  });
  const id = (await api('POST', '/api/v1/admin/articles', { token: editorToken, json: fields })).json.id;
  const r = await api('GET', `/api/v1/admin/articles/${id}`, { token: editorToken });
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^application\/json/);
  assert.equal(r.headers['cache-control'], 'no-store');
  assert.deepEqual(r.json, {
    id, lang: 'en', slug: fields.slug, category: 'politics', title: fields.title, subtitle: fields.subtitle,
    author: 'Api Reporter', authors: [{ name: 'Api Reporter', slug: 'api-reporter' }], date: '2026-01-15T09:30:00+04:00', status: 'draft', deleted: false, featured: true,
    translation_key: fields.translation_key, lead_image_id: null, lead_image_caption: 'A caption',
    lead_image_credit: 'A credit', lead_image_alt: 'What the picture shows', body_markdown: fields.body_markdown,
    seo_title: '', seo_description: '', social_image_id: null, canonical_url: '', breaking: null, kind: 'article', live: null,
    tags: ['alpha', 'beta'],
    url: `${SITE_URL}/en/politics/${fields.slug}`,
  });
  const head = await api('HEAD', `/api/v1/admin/articles/${id}`, { token: editorToken });
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
});

test('PATCH changes only the fields it names', async () => {
  const created = (await api('POST', '/api/v1/admin/articles', { token: editorToken, json: article({ subtitle: 'Old lead', tags: ['keep'] }) })).json;
  const revisions = sqlNumber(site.db, `select count(*) from revisions where article_id = ${created.id}`);
  const r = await api('PATCH', `/api/v1/admin/articles/${created.id}`, { token: editorToken,
    json: { title: 'Patched title', tags: ['new', 'tags'], body_markdown: 'Patched body.' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.title, 'Patched title');
  const got = (await api('GET', `/api/v1/admin/articles/${created.id}`, { token: editorToken })).json;
  assert.equal(got.title, 'Patched title');
  assert.deepEqual(got.tags, ['new', 'tags']);
  assert.equal(got.body_markdown, 'Patched body.');
  assert.equal(got.subtitle, 'Old lead', 'untouched');
  assert.equal(got.slug, created.slug, 'the slug stays');
  assert.equal(got.date, created.date, 'the date stays');
  assert.equal(got.status, 'draft');
  assert.equal(sqlNumber(site.db, `select count(*) from revisions where article_id = ${created.id}`), revisions + 1);
  isError(await api('PATCH', `/api/v1/admin/articles/${created.id}`, { token: editorToken, json: { colour: 'red' } }), 400, 'colour');
  isError(await api('PATCH', `/api/v1/admin/articles/${created.id}`, { token: editorToken, json: { date: 'soon' } }), 400, 'date');
  isError(await api('PATCH', `/api/v1/admin/articles/${created.id}`, { token: editorToken, json: { title: '' } }), 400, 'title');
  assert.equal((await api('GET', `/api/v1/admin/articles/${created.id}`, { token: editorToken })).json.title, 'Patched title');
  isError(await api('PATCH', '/api/v1/admin/articles/999999', { token: editorToken, json: { title: 'x' } }), 404);
});

test('PATCH {"status": "published"} publishes: the public page answers 200 at once', async () => {
  const created = (await api('POST', '/api/v1/admin/articles', { token: editorToken, json: article() })).json;
  const url = publicPathOf(created.url);
  assert.equal(await pub(url), 404);
  const r = await api('PATCH', `/api/v1/admin/articles/${created.id}`, { token: editorToken, json: { status: 'published' } });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.json.status, 'published');
  assert.equal(await pub(url), 200);
  const page = parse((await request(base + url)).text);
  assert.equal(page.querySelector('h1.article-title').text.trim(), created.title);
  const back = await api('PATCH', `/api/v1/admin/articles/${created.id}`, { token: editorToken, json: { status: 'unpublished' } });
  assert.equal(back.json.status, 'unpublished');
  assert.equal(await pub(url), 404);
  // A date in the future with "published" schedules it.
  const later = await api('PATCH', `/api/v1/admin/articles/${created.id}`, { token: editorToken,
    json: { status: 'published', date: bakuIso(Date.now() + 86400e3) } });
  assert.equal(later.json.status, 'scheduled');
  assert.equal(await pub(url), 404);
  // An editor's token may create it published straight away.
  const direct = await api('POST', '/api/v1/admin/articles', { token: editorToken, json: article({ status: 'published' }) });
  assert.equal(direct.status, 201);
  assert.equal(direct.json.status, 'published');
  assert.equal(await pub(publicPathOf(direct.json.url)), 200);
});

test('an author\'s token may not publish: creating published and PATCH status published are 403', async () => {
  const before = articleCount();
  const r = await api('POST', '/api/v1/admin/articles', { token: authorToken, json: article({ status: 'published' }) });
  isError(r, 403, 'status');
  isError(await api('POST', '/api/v1/admin/articles', { token: authorToken, json: article({ status: 'scheduled' }) }), 403, 'status');
  assert.equal(articleCount(), before);
  const mine = await api('POST', '/api/v1/admin/articles', { token: authorToken, json: article() });
  assert.equal(mine.status, 201);
  const patch = await api('PATCH', `/api/v1/admin/articles/${mine.json.id}`, { token: authorToken, json: { status: 'published' } });
  isError(patch, 403, 'status');
  assert.equal(sql(site.db, `select workflow from articles where id = ${mine.json.id}`), 'draft');
  assert.equal(await pub(publicPathOf(mine.json.url)), 404);
  // It may submit for review, and then it may no longer change the article.
  const review = await api('PATCH', `/api/v1/admin/articles/${mine.json.id}`, { token: authorToken, json: { status: 'review' } });
  assert.equal(review.status, 200, review.text);
  assert.equal(review.json.status, 'review');
  isError(await api('PATCH', `/api/v1/admin/articles/${mine.json.id}`, { token: authorToken, json: { title: 'Changed after review' } }), 403);
  isError(await api('PATCH', `/api/v1/admin/articles/${mine.json.id}`, { token: authorToken, json: { status: 'published' } }), 403, ANY);
  assert.equal(sql(site.db, `select workflow from articles where id = ${mine.json.id}`), 'review');
  // An editor's token publishes it.
  assert.equal((await api('PATCH', `/api/v1/admin/articles/${mine.json.id}`, { token: editorToken, json: { status: 'published' } })).json.status, 'published');
});

test('an author\'s token cannot read, change or delete others\' articles (403)', async () => {
  const theirs = (await api('POST', '/api/v1/admin/articles', { token: editorToken, json: article() })).json;
  const colleague = (await api('POST', '/api/v1/admin/articles', { token: otherAuthorToken, json: article() })).json;
  const imported = sql(site.db, "select id from articles where slug = 'fixture-bridge-opens'");
  for (const id of [theirs.id, colleague.id, imported]) {
    isError(await api('GET', `/api/v1/admin/articles/${id}`, { token: authorToken }), 403);
    isError(await api('PATCH', `/api/v1/admin/articles/${id}`, { token: authorToken, json: { title: 'Taken over' } }), 403);
    isError(await api('DELETE', `/api/v1/admin/articles/${id}`, { token: authorToken }), 403);
    assert.notEqual(sql(site.db, `select title from articles where id = ${id}`), 'Taken over');
    assert.equal(sql(site.db, `select count(*) from articles where id = ${id} and deleted_at is null`), '1');
  }
  const mine = (await api('POST', '/api/v1/admin/articles', { token: authorToken, json: article() })).json;
  assert.equal((await api('GET', `/api/v1/admin/articles/${mine.id}`, { token: authorToken })).status, 200, 'its own');
  assert.equal((await api('GET', `/api/v1/admin/articles/${colleague.id}`, { token: editorToken })).status, 200, 'an editor reads all');
});

test('DELETE moves an article to the trash: the public page answers 404', async () => {
  const created = (await api('POST', '/api/v1/admin/articles', { token: editorToken, json: article({ status: 'published' }) })).json;
  const url = publicPathOf(created.url);
  assert.equal(await pub(url), 200);
  const r = await api('DELETE', `/api/v1/admin/articles/${created.id}`, { token: editorToken });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.json, { id: created.id, deleted: true });
  assert.equal(await pub(url), 404);
  const got = await api('GET', `/api/v1/admin/articles/${created.id}`, { token: editorToken });
  assert.equal(got.json.deleted, true);
  assert.equal(sqlNumber(site.db, `select count(*) from articles where id = ${created.id}`), 1, 'kept, in the trash');
  isError(await api('DELETE', `/api/v1/admin/articles/${created.id}`, { token: editorToken }), 409);
  isError(await api('PATCH', `/api/v1/admin/articles/${created.id}`, { token: editorToken, json: { title: 'x' } }), 409);
  isError(await api('DELETE', '/api/v1/admin/articles/999999', { token: editorToken }), 404);
  // An author's token may throw away its own draft.
  const draft = (await api('POST', '/api/v1/admin/articles', { token: authorToken, json: article() })).json;
  assert.equal((await api('DELETE', `/api/v1/admin/articles/${draft.id}`, { token: authorToken })).status, 200);
  assert.equal(sql(site.db, `select action from audit_log where article_id = ${created.id} order by id desc limit 1`), 'deleted');
});

// -------------------------------------------------------------------- media

test('POST /api/v1/admin/media (multipart, field "file") is 201 with variant URLs that answer 200', async () => {
  const { body, contentType } = multipart({}, [{ name: 'file', filename: 'graphic.png', type: 'image/png', data: GRAPHIC }]);
  const r = await api('POST', '/api/v1/admin/media', { token: authorToken, body, headers: { 'Content-Type': contentType } });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.json.format, 'png');
  assert.equal(r.json.width, 720);
  assert.equal(r.json.height, 480);
  assert.match(r.json.hash, /^[0-9a-f]{32}$/);
  assert.ok(r.json.variants.length >= 1);
  for (const v of r.json.variants) {
    assert.ok(v.width <= 720);
    for (const [u, type] of [[v.webp, 'image/webp'], [v.jpeg, 'image/jpeg']]) {
      assert.ok(u.startsWith(`${SITE_URL}/media/${r.json.hash}-${v.width}.`), u);
      const got = await request(base + u.slice(SITE_URL.length));
      assert.equal(got.status, 200, u);
      assert.equal(got.headers['content-type'], type);
    }
  }
  const photo = multipart({}, [{ name: 'file', filename: 'photo.jpg', type: 'image/jpeg', data: PHOTO }]);
  const p = await api('POST', '/api/v1/admin/media', { token: editorToken, body: photo.body, headers: { 'Content-Type': photo.contentType } });
  assert.equal(p.status, 201, p.text);
  assert.deepEqual(p.json.variants.map(v => v.width), [480, 960, 1600]);
  // The same bytes again: stored once, 200 with the same image.
  const again = await api('POST', '/api/v1/admin/media', { token: editorToken, body: photo.body, headers: { 'Content-Type': photo.contentType } });
  assert.equal(again.status, 200);
  assert.equal(again.json.id, p.json.id);
  assert.equal(sqlNumber(site.db, `select count(*) from media where hash = '${p.json.hash}'`), 1);
  // And it can lead an article.
  const a = await api('POST', '/api/v1/admin/articles', { token: editorToken,
    json: article({ lead_image_id: p.json.id, lead_image_caption: 'From the API', status: 'published' }) });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.json.lead_image_id, p.json.id);
  const page = parse((await request(base + publicPathOf(a.json.url))).text);
  assert.equal(page.querySelector('figure.lead-image img').getAttribute('src'), `/media/${p.json.hash}-960.jpg`);
});

test('a non-image upload is 400 JSON with field "file", and nothing is stored', async () => {
  const rows = sqlNumber(site.db, 'select count(*) from media');
  const text = multipart({}, [{ name: 'file', filename: 'notes.jpg', type: 'image/jpeg', data: Buffer.from('just some text, not a picture\n'.repeat(10)) }]);
  const r = await api('POST', '/api/v1/admin/media', { token: editorToken, body: text.body, headers: { 'Content-Type': text.contentType } });
  isError(r, 400, 'file');
  assert.match(r.json.error, /Only JPEG, PNG and WebP/);
  const cut = multipart({}, [{ name: 'file', filename: 'cut.jpg', type: 'image/jpeg', data: PHOTO.subarray(0, 30000) }]);
  isError(await api('POST', '/api/v1/admin/media', { token: editorToken, body: cut.body, headers: { 'Content-Type': cut.contentType } }), 400, 'file');
  const wrongField = multipart({}, [{ name: 'image', filename: 'photo.jpg', type: 'image/jpeg', data: PHOTO }]);
  isError(await api('POST', '/api/v1/admin/media', { token: editorToken, body: wrongField.body, headers: { 'Content-Type': wrongField.contentType } }), 400, 'file');
  isError(await api('POST', '/api/v1/admin/media', { token: editorToken, json: { file: 'aGVsbG8=' } }), 400, 'file');
  isError(await api('POST', '/api/v1/admin/media', { token: editorToken }), 400, 'file');
  assert.equal(sqlNumber(site.db, 'select count(*) from media'), rows);
});

// ------------------------------------------------------------------- errors

test('malformed JSON, and JSON that is not an object, are 400', async () => {
  const before = articleCount();
  for (const body of ['{"title": "x",', 'not json', '', '["title"]', '"a string"', 'null', '{"title": "a", "title": "b"}']) {
    const r = await api('POST', '/api/v1/admin/articles', { token: editorToken, body, headers: { 'Content-Type': 'application/json' } });
    isError(r, 400);
  }
  const id = (await api('POST', '/api/v1/admin/articles', { token: editorToken, json: article() })).json.id;
  isError(await api('PATCH', `/api/v1/admin/articles/${id}`, { token: editorToken, body: '{oops', headers: { 'Content-Type': 'application/json' } }), 400);
  assert.equal(articleCount(), before + 1);
});

test('every error answer is JSON {error, field} with the right status', async () => {
  const id = (await api('POST', '/api/v1/admin/articles', { token: editorToken, json: article() })).json.id;
  isError(await api('GET', '/api/v1/admin/articles/999999', { token: editorToken }), 404);
  isError(await api('GET', '/api/v1/admin/articles/abc', { token: editorToken }), 404);
  isError(await api('GET', '/api/v1/admin/articles/0', { token: editorToken }), 404);
  isError(await api('GET', '/api/v1/admin/nothing-here', { token: editorToken }), 404);
  isError(await api('GET', '/api/v1/admin/article', { token: editorToken }), 404);
  isError(await api('GET', '/api/v2/anything', { token: editorToken }), 404);
  const put = await api('PUT', `/api/v1/admin/articles/${id}`, { token: editorToken, json: { title: 'x' } });
  isError(put, 405);
  assert.equal(put.headers.allow, 'GET, PATCH, DELETE');
  isError(await api('POST', `/api/v1/admin/articles/${id}`, { token: editorToken, json: { title: 'x' } }), 405);
  isError(await api('GET', '/api/v1/admin/nothing-here'), 401, null);
  isError(await api('POST', '/api/v1/admin/articles', { token: authorToken, json: article({ status: 'published' }) }), 403, 'status');
  isError(await api('POST', '/api/v1/admin/articles', { token: editorToken, json: article({ colour: 1 }) }), 400, 'colour');
});

test('a body over the size limit is refused with 413, as JSON too (articles, changes, images)', async () => {
  const r = await api('POST', '/api/v1/admin/articles', { token: editorToken,
    body: JSON.stringify(article({ body_markdown: 'x'.repeat(1100 * 1024) })), headers: { 'Content-Type': 'application/json' },
    expectContinue: true }).catch(e => e);
  assert.ok(!(r instanceof Error), `the server answered: ${r.message}`);
  isError(r, 413);
  const id = (await api('POST', '/api/v1/admin/articles', { token: editorToken, json: article() })).json.id;
  const patch = await api('PATCH', `/api/v1/admin/articles/${id}`, { token: editorToken,
    body: JSON.stringify({ body_markdown: 'x'.repeat(1100 * 1024) }), headers: { 'Content-Type': 'application/json' },
    expectContinue: true }).catch(e => e);
  assert.ok(!(patch instanceof Error), `the server answered: ${patch.message}`);
  isError(patch, 413);
  // An image larger than max_upload_mb (20): refused before it is read.
  const big = multipart({}, [{ name: 'file', filename: 'huge.jpg', type: 'image/jpeg', data: Buffer.alloc(21 * 1024 * 1024, 0xff) }]);
  const upload = await api('POST', '/api/v1/admin/media', { token: editorToken, body: big.body,
    headers: { 'Content-Type': big.contentType }, expectContinue: true }).catch(e => e);
  assert.ok(!(upload instanceof Error), `the server answered: ${upload.message}`);
  isError(upload, 413);
});

// --------------------------------------------------------- two writers at once

test('GET gives an ETag naming the version; PATCH and DELETE with a stale If-Match are 412 and change nothing', async () => {
  const id = (await api('POST', '/api/v1/admin/articles', { token: editorToken, json: article({ title: 'Versioned one' }) })).json.id;
  const first = await api('GET', `/api/v1/admin/articles/${id}`, { token: editorToken });
  const tag = first.headers.etag;
  assert.match(tag, /^"a\d+-v\d+"$/);
  // Someone else saves in between.
  const other = await api('PATCH', `/api/v1/admin/articles/${id}`, { token: editorToken, json: { title: 'Their title' }, headers: { 'If-Match': tag } });
  assert.equal(other.status, 200);
  assert.notEqual(other.headers.etag, tag, 'a new version, a new ETag');
  // The first writer's save, made from the old version, is refused.
  const stale = await api('PATCH', `/api/v1/admin/articles/${id}`, { token: editorToken, json: { title: 'My title' }, headers: { 'If-Match': tag } });
  isError(stale, 412);
  assert.match(stale.json.error, /changed since it was read/);
  assert.equal(stale.headers.etag, other.headers.etag, 'the 412 names the current version');
  assert.equal(sql(site.db, `select title from articles where id = ${id}`), 'Their title');
  const gone = await api('DELETE', `/api/v1/admin/articles/${id}`, { token: editorToken, headers: { 'If-Match': tag } });
  isError(gone, 412);
  assert.equal(sql(site.db, `select count(*) from articles where id = ${id} and deleted_at is null`), '1', 'not deleted');
  // With the current version (or *) it goes ahead.
  const now = await api('PATCH', `/api/v1/admin/articles/${id}`, { token: editorToken, json: { title: 'My title, knowingly' }, headers: { 'If-Match': other.headers.etag } });
  assert.equal(now.status, 200);
  assert.equal(sql(site.db, `select title from articles where id = ${id}`), 'My title, knowingly');
  assert.equal((await api('DELETE', `/api/v1/admin/articles/${id}`, { token: editorToken, headers: { 'If-Match': '*' } })).status, 200);
});

test('concurrent PATCHes without If-Match each keep what the others changed', async () => {
  const id = (await api('POST', '/api/v1/admin/articles', { token: editorToken, json: article({ title: 'Many hands' }) })).json.id;
  const fields = [{ subtitle: 'A lead' }, { author: 'A byline' }, { tags: ['one', 'two'] }, { lead_image_caption: 'A caption' },
    { lead_image_credit: 'A credit' }, { translation_key: 'many-hands' }, { featured: true }, { slug: 'many-hands-story' }];
  const answers = await Promise.all(fields.map(json => api('PATCH', `/api/v1/admin/articles/${id}`, { token: editorToken, json })));
  for (const r of answers) assert.equal(r.status, 200, r.text.slice(0, 200));
  const got = (await api('GET', `/api/v1/admin/articles/${id}`, { token: editorToken })).json;
  assert.equal(got.subtitle, 'A lead');
  assert.equal(got.author, 'A byline');
  assert.deepEqual(got.tags, ['one', 'two']);
  assert.equal(got.lead_image_caption, 'A caption');
  assert.equal(got.lead_image_credit, 'A credit');
  assert.equal(got.translation_key, 'many-hands');
  assert.equal(got.featured, true);
  assert.equal(got.slug, 'many-hands-story');
});

// The operations on the newsroom's lists, categories, tags, images and
// people are admin-api-newsroom.test.mjs's.
const OWN = new Set(['POST /admin/articles', 'GET /admin/articles/{id}', 'PATCH /admin/articles/{id}',
  'DELETE /admin/articles/{id}', 'POST /admin/media']);
test('every admin operation of the OpenAPI document was checked, with its success and its errors', () => {
  const declared = Object.entries(DOC.paths).filter(([t]) => t.startsWith('/admin/')).flatMap(([t, item]) =>
    ['get', 'post', 'patch', 'delete'].filter(m => item[m] && OWN.has(`${m.toUpperCase()} ${t}`)).flatMap(m =>
      Object.keys(item[m].responses).map(status => `${m.toUpperCase()} ${t} ${status}`)));
  assert.ok(declared.length >= 25, `${declared.length} declared answers`);
  const unseen = declared.filter(k => !seen.has(k));
  assert.deepEqual(unseen, [], 'declared answers no test met');
  const undeclared = [...seen].filter(k => !declared.includes(k));
  assert.deepEqual(undeclared, [], 'answers the document does not declare');
});

const failed = await run({
  before: async () => {
    site = makeSite();
    editorToken = addToken(site, 'api-editor', 'editor');
    authorToken = addToken(site, 'api-author', 'author');
    otherAuthorToken = addToken(site, 'api-author-2', 'author');
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
