// HTTP tests of the Admin API's newsroom operations and of the newsroom's
// article list page: GET /api/v1/admin/articles (filters, text through the
// search index with drafts, both orders each way, cursor pages with ties,
// bad input), categories, tags, images and people, with the roles of
// tokens; and /admin/articles (filters, next page, edition names, who acted
// last). Every answer is checked against the OpenAPI document, and every
// answer the document declares for these operations must have been met.
// Runs against GAZETTE_BIN, on either engine.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { suite, test as harnessTest, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, fixtures } from '../lib/server.mjs';
import { addToken, addUser, cli, sql, sqlNumber, multipart, request, guarded, Client, PASSWORD } from '../lib/newsroom.mjs';
import { DOC, operationOf, validate, validateAs } from '../lib/openapi.mjs';

suite('admin api: the newsroom');

let site, server, base;
let adminToken, editorToken, authorToken, authorTokenId;
const IMAGES = ['photo.jpg', 'graphic.png', 'photo.webp'].map(f => readFileSync(path.join(fixtures, 'images', f)));
const OWN = new Set(['GET /admin/articles', 'GET /admin/categories', 'POST /admin/categories', 'PATCH /admin/categories/{slug}',
  'DELETE /admin/categories/{slug}', 'GET /admin/tags', 'PATCH /admin/tags/{tag}', 'GET /admin/media', 'GET /admin/media/{id}',
  'DELETE /admin/media/{id}', 'GET /admin/users', 'POST /admin/users', 'GET /admin/users/{id}', 'PATCH /admin/users/{id}']);

// One API call, checked against the document (see admin-api.test.mjs).
const seen = new Set();
async function api(method, pathname, { token, json, body, headers = {} } = {}) {
  const h = { ...headers };
  if (token) h.Authorization = `Bearer ${token}`;
  if (json !== undefined) {
    body = JSON.stringify(json);
    h['Content-Type'] = 'application/json';
  }
  const r = await request(base + pathname, { method, headers: h, body });
  r.json = /^application\/json/.test(r.headers['content-type'] || '') ? JSON.parse(r.text) : undefined;
  const p = new URL(base + pathname).pathname;
  assert.equal(r.headers['cache-control'], 'no-store', `${method} ${p}: never cached`);
  assert.ok(r.json !== undefined, `${method} ${p} (${r.status}): a JSON answer`);
  const op = operationOf(method, p);
  if (op) {
    validate(method, p, r.status, r.json);
    seen.add(`${op.method.toUpperCase()} ${op.template} ${r.status}`);
  } else {
    validateAs(r.status === 405 ? 'AdminMethodNotAllowed' : 'AdminNotFound', r.json, `${method} ${p} (${r.status})`);
  }
  return r;
}

// An error answer: status, JSON {error, field}.
function isError(r, status, field) {
  assert.equal(r.status, status, r.text.slice(0, 300));
  assert.equal(typeof r.json.error, 'string');
  assert.ok(r.json.error.length > 5, 'a message');
  if (field !== undefined) assert.equal(r.json.field, field);
}

const list = (query, token = editorToken) => api('GET', '/api/v1/admin/articles' + (query ? '?' + query : ''), { token });
const ids = r => r.json.items.map(i => i.id);
let serial = 0;
async function story(fields = {}, token = editorToken) {
  serial++;
  const r = await api('POST', '/api/v1/admin/articles', { token, json: { title: `Newsroom story ${serial}`, category: 'politics', lang: 'en',
    body_markdown: `Body ${serial}.`, ...fields } });
  if (r.status !== 201) throw new Error(`create: ${r.status} ${r.text}`);
  return r.json.id;
}
// Every page of a list, following next_cursor.
async function allPages(query) {
  const got = [];
  let cursor = null, pages = 0;
  do {
    const r = await list(query + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''));
    assert.equal(r.status, 200, r.text);
    got.push(...ids(r));
    cursor = r.json.next_cursor;
    assert.ok(++pages < 100, 'the pages end');
  } while (cursor);
  return got;
}

const serverHolder = {
  get server() { return server; },
  restart: async () => { server = await serve(site); base = server.base; },
};
const test = (name, fn) => harnessTest(name, guarded(fn, serverHolder));

// ---------------------------------------------------------------- the list

test('GET articles: every state, drafts included, filtered by status, edition, category and byline', async () => {
  const draft = await story({ title: 'Harbour schedules change in spring', author: 'Nigar Aliyeva' });
  const published = await story({ title: 'Harbour opens', status: 'published', author: 'Nigar Aliyeva', category: 'economy' });
  const review = await story({ title: 'A story for review', status: 'review' });
  const ru = await story({ title: 'Новое расписание', lang: 'ru' });
  const all = ids(await list('limit=200'));
  for (const id of [draft, published, review, ru]) assert.ok(all.includes(id), `${id} listed`);
  assert.deepEqual(ids(await list('status=published&limit=200')).filter(id => [draft, published, review, ru].includes(id)), [published]);
  assert.deepEqual(ids(await list('status=review&limit=200')).filter(id => [draft, published, review, ru].includes(id)), [review]);
  const inRu = await list('lang=ru&limit=200');
  assert.ok(inRu.json.items.every(i => i.lang === 'ru') && ids(inRu).includes(ru));
  assert.ok(ids(await list('category=economy&limit=200')).includes(published));
  assert.ok(!ids(await list('category=economy&limit=200')).includes(draft));
  // The byline, by its slug or as written.
  assert.deepEqual(ids(await list('author=nigar-aliyeva&sort=published&order=asc')).sort(), [draft, published].sort());
  assert.deepEqual(ids(await list('author=' + encodeURIComponent('Nigar Aliyeva'))).sort(), [draft, published].sort());
  const item = (await list('author=nigar-aliyeva')).json.items.find(i => i.id === draft);
  assert.equal(item.status, 'draft');
  assert.equal(item.edited_by, 'API token api-editor', 'who acted last');
  assert.equal(item.deleted, false);
  // The trash only with status=trash.
  assert.equal((await api('DELETE', `/api/v1/admin/articles/${review}`, { token: editorToken })).status, 200);
  assert.ok(!ids(await list('limit=200')).includes(review), 'the trash is not in the list');
  const trash = await list('status=trash&limit=200');
  assert.ok(ids(trash).includes(review));
  assert.ok(trash.json.items.every(i => i.deleted));
});

test('GET articles: words through the search index, stemmed, drafts too, case-insensitive in Cyrillic and Azerbaijani', async () => {
  const draft = await story({ title: 'Ferry timetables for the islands', body_markdown: 'The new timetable starts in May.' });
  const ru = await story({ title: 'ПАРОМ в Туркменбаши', lang: 'ru', body_markdown: 'Расписание меняется.' });
  const az = await story({ title: 'Bərə cədvəli', lang: 'ru', body_markdown: 'İSMAYILLI və Şəki.' });
  assert.deepEqual(ids(await list('q=' + encodeURIComponent('timetable ferry'))), [draft], 'words in any order, stemmed');
  assert.deepEqual(ids(await list('q=' + encodeURIComponent('паром'))), [ru]);
  assert.deepEqual(ids(await list('q=' + encodeURIComponent('туркменбаши ПАРОМ'))), [ru]);
  assert.deepEqual(ids(await list('q=' + encodeURIComponent('şəki'))), [az], 'Azerbaijani letters folded');
  assert.deepEqual(ids(await list('q=' + encodeURIComponent('ŞƏKİ'))), [az]);
  assert.deepEqual(ids(await list('q=timetable&lang=ru')), [], 'the edition filter applies');
  assert.deepEqual(ids(await list('q=nonexistentword')), []);
  // A draft never shows in the public search.
  const pub = await request(base + '/api/v1/en/search?q=' + encodeURIComponent('timetable ferry'));
  assert.equal(pub.status, 200);
  assert.ok(!JSON.parse(pub.text).results.some(i => i.id === draft), 'not in the public search');
  // Published, it moves to the public index and stays findable; trashed, it is found in the trash.
  assert.equal((await api('PATCH', `/api/v1/admin/articles/${draft}`, { token: editorToken, json: { status: 'published' } })).status, 200);
  assert.ok(JSON.parse((await request(base + '/api/v1/en/search?q=timetable')).text).results.some(i => i.id === draft));
  assert.deepEqual(ids(await list('q=timetable')), [draft]);
  assert.equal((await api('DELETE', `/api/v1/admin/articles/${draft}`, { token: editorToken })).status, 200);
  assert.deepEqual(ids(await list('q=timetable')), []);
  assert.deepEqual(ids(await list('q=timetable&status=trash')), [draft]);
  assert.ok(!JSON.parse((await request(base + '/api/v1/en/search?q=timetable')).text).results.some(i => i.id === draft));
  // The newsroom's index is rebuilt by gazette reindex like the public one.
  const made = cli(['reindex', '--db', site.db, '--config', site.ini]);
  assert.equal(made.status, 0, made.stderr);
  assert.deepEqual(ids(await list('q=timetable&status=trash')), [draft]);
  assert.deepEqual(ids(await list('q=' + encodeURIComponent('паром'))), [ru]);
});

test('GET articles: both orders each way, and cursor pages that neither skip nor repeat, ties on the date included', async () => {
  const date = '2025-03-01T10:00:00+04:00';
  const tied = [];
  for (let i = 0; i < 7; i++) tied.push(await story({ title: `Tied story ${i}`, date, author: 'Tie Desk' }));
  const q = 'author=tie-desk&limit=3';
  const desc = await allPages(q + '&sort=published&order=desc');
  assert.deepEqual(desc, [...tied].sort((a, b) => b - a), 'equal dates: the higher id first');
  assert.deepEqual(await allPages(q + '&sort=published&order=asc'), [...tied].sort((a, b) => a - b));
  const byChange = await allPages(q + '&sort=updated&order=desc');
  assert.deepEqual([...byChange].sort(), [...tied].sort(), 'every one, once');
  const changed = (await list('author=tie-desk&sort=updated&order=desc&limit=200')).json.items;
  for (let i = 1; i < changed.length; i++) assert.ok(changed[i - 1].updated >= changed[i].updated, 'newest change first');
  assert.deepEqual(await allPages(q + '&sort=updated&order=asc'), [...byChange].reverse());
  // The default: last change, newest first, 50 a page.
  const first = await list('author=tie-desk&limit=3');
  assert.equal(first.json.items.length, 3);
  assert.equal(typeof first.json.next_cursor, 'string');
  assert.equal((await list('author=tie-desk&limit=7')).json.next_cursor, null, 'the last page has none');
});

test('GET articles: bad input gets 400 naming the parameter, forged and foreign cursors too', async () => {
  const some = await list('limit=1');
  const cursor = some.json.next_cursor;
  assert.equal(typeof cursor, 'string');
  for (const [query, field] of [['status=bogus', 'status'], ['lang=xx', 'lang'], ['category=no-such-category', 'category'],
    ['sort=title', 'sort'], ['order=up', 'order'], ['limit=0', 'limit'], ['limit=201', 'limit'], ['limit=ten', 'limit'],
    ['q=' + encodeURIComponent('!!! ???'), 'q'], ['author=' + encodeURIComponent('!!!'), 'author'],
    ['cursor=nonsense', 'cursor'], ['cursor=' + 'A'.repeat(500), 'cursor'],
    ['cursor=' + cursor.slice(0, -2) + (cursor.endsWith('AA') ? 'BA' : 'AA'), 'cursor'],
    ['cursor=' + encodeURIComponent(cursor) + '&order=asc', 'cursor'], ['cursor=' + encodeURIComponent(cursor) + '&sort=published', 'cursor']])
    isError(await list(query), 400, field);
  // A cursor whose position was changed, its seal kept: refused.
  const bytes = Buffer.from(cursor, 'base64url');
  bytes[18] ^= 1;
  isError(await list('cursor=' + bytes.toString('base64url')), 400, 'cursor');
  assert.equal((await list('cursor=' + encodeURIComponent(cursor))).status, 200, 'the real one works');
});

test('GET articles: an author\'s token lists its own articles only', async () => {
  const mine = await story({ title: 'An author\'s own draft' }, authorToken);
  const other = await story({ title: 'Someone else\'s draft' });
  const got = ids(await list('limit=200', authorToken));
  assert.ok(got.includes(mine));
  assert.ok(!got.includes(other));
  assert.equal(sql(site.db, `select owner from articles where id = ${mine}`), `token:${authorTokenId}`);
});

// -------------------------------------------------------------- the page

test('the newsroom\'s list page: filters, edition names, who acted last, next page by cursor, bad filters said', async () => {
  addUser(site, { email: 'lister@example.com', name: 'Lena Lister', role: 'editor' });
  const editor = new Client(base);
  await editor.login('lister@example.com');
  for (let i = 0; i < 3; i++) await story({ title: `Paged story ${i}`, author: 'Page Desk', lang: i ? 'en' : 'ru' });
  const first = await editor.get('/admin/articles?author=page-desk&limit=2&sort=published');
  assert.equal(first.status, 200);
  const rows = first.doc.querySelectorAll('table.nr-list tbody tr');
  assert.equal(rows.length, 2);
  assert.ok(rows.every(r => /Paged story/.test(r.text)));
  assert.ok(rows.some(r => r.querySelector('td[data-label=Edition]').text.trim() === 'English'), 'the edition by its name');
  assert.ok(rows.every(r => r.querySelector('.nr-edited-by').text.trim() === 'API token api-editor'), 'who acted last');
  const next = first.doc.querySelector('a[rel=next]').getAttribute('href');
  assert.match(next, /^\/admin\/articles\?cursor=[A-Za-z0-9_-]+&author=page-desk&sort=published&limit=2$/);
  const second = await editor.get(next.replace(/&amp;/g, '&'));
  const more = second.doc.querySelectorAll('table.nr-list tbody tr');
  assert.equal(more.length, 1);
  assert.match(more[0].text, /Paged story 0/);
  assert.match(more[0].querySelector('td[data-label=Edition]').text, /Русский/);
  assert.equal(second.doc.querySelector('a[rel=next]'), null);
  // The form keeps what was asked, and the edition select shows names.
  const form = await editor.get('/admin/articles?sort=published&order=asc&q=paged');
  assert.equal(form.doc.querySelector('select[name=sort] option[selected]').getAttribute('value'), 'published');
  assert.equal(form.doc.querySelector('select[name=order] option[selected]').getAttribute('value'), 'asc');
  assert.equal(form.doc.querySelector('input[name=q]').getAttribute('value'), 'paged');
  assert.ok(form.doc.querySelectorAll('select[name=lang] option').some(o => o.text === 'Русский'));
  const bad = await editor.get('/admin/articles?status=bogus');
  assert.equal(bad.status, 400);
  assert.match(bad.doc.querySelector('.nr-error').text, /status/);
  assert.equal(bad.doc.querySelectorAll('table.nr-list tbody tr').length, 0);
  const forged = await editor.get('/admin/articles?cursor=AAAA');
  assert.equal(forged.status, 400);
  assert.match(forged.doc.querySelector('.nr-error').text, /cursor/);
});

// ------------------------------------------------------------ categories

test('categories: list, create, change, delete (admins\' tokens; 409 while articles use one)', async () => {
  const listed = await api('GET', '/api/v1/admin/categories', { token: editorToken });
  assert.equal(listed.status, 200);
  assert.ok(listed.json.items.some(c => c.slug === 'politics' && c.name === 'Politics'));
  const ru = await api('GET', '/api/v1/admin/categories?lang=ru', { token: editorToken });
  assert.ok(ru.json.items.some(c => c.slug === 'politics' && c.name === 'Политика'));
  isError(await api('GET', '/api/v1/admin/categories?lang=xx', { token: editorToken }), 400, 'lang');
  const fields = { slug: 'weather', name: 'Weather', description: 'Rain and sun.' };
  isError(await api('POST', '/api/v1/admin/categories', { token: editorToken, json: fields }), 403);
  const made = await api('POST', '/api/v1/admin/categories', { token: adminToken, json: fields });
  assert.equal(made.status, 201, made.text);
  assert.deepEqual([made.json.slug, made.json.name, made.json.lang], ['weather', 'Weather', 'en']);
  isError(await api('POST', '/api/v1/admin/categories', { token: adminToken, json: fields }), 409);
  isError(await api('POST', '/api/v1/admin/categories', { token: adminToken, json: { slug: 'Bad Slug', name: 'x' } }), 400, 'slug');
  isError(await api('POST', '/api/v1/admin/categories', { token: adminToken, json: { slug: 'admin', name: 'x' } }), 400, 'slug');
  isError(await api('POST', '/api/v1/admin/categories', { token: adminToken, json: { slug: 'x1', name: 'x', colour: 'red' } }), 400, 'colour');
  isError(await api('POST', '/api/v1/admin/categories', { token: adminToken, body: 'not json', headers: { 'Content-Type': 'application/json' } }), 400);
  const renamed = await api('PATCH', '/api/v1/admin/categories/weather', { token: adminToken, json: { lang: 'ru', name: 'Погода' } });
  assert.equal(renamed.status, 200, renamed.text);
  assert.deepEqual([renamed.json.name, renamed.json.lang], ['Погода', 'ru']);
  const described = await api('PATCH', '/api/v1/admin/categories/weather', { token: adminToken, json: { description: 'Forecasts.' } });
  assert.deepEqual([described.json.name, described.json.description], ['Weather', 'Forecasts.'], 'the name kept');
  isError(await api('PATCH', '/api/v1/admin/categories/weather', { token: adminToken, json: { name: 'x'.repeat(101) } }), 400, 'name');
  isError(await api('PATCH', '/api/v1/admin/categories/weather', { token: editorToken, json: { name: 'W' } }), 403);
  isError(await api('PATCH', '/api/v1/admin/categories/no-such', { token: adminToken, json: { name: 'W' } }), 404);
  // In use: refused, and nothing changes; once empty, deleted.
  const id = await story({ category: 'weather', title: 'Storm warning' });
  isError(await api('DELETE', '/api/v1/admin/categories/weather', { token: editorToken }), 403);
  isError(await api('DELETE', '/api/v1/admin/categories/weather', { token: adminToken }), 409);
  assert.equal(sqlNumber(site.db, "select count(*) from categories where slug = 'weather'"), 1);
  assert.equal((await api('DELETE', `/api/v1/admin/articles/${id}`, { token: editorToken })).status, 200);
  isError(await api('DELETE', '/api/v1/admin/categories/weather', { token: adminToken }), 409, null);
  sql(site.db, `update articles set category_id = (select id from categories where slug = 'politics') where id = ${id}`);
  const gone = await api('DELETE', '/api/v1/admin/categories/weather', { token: adminToken });
  assert.equal(gone.status, 200, gone.text);
  assert.deepEqual(gone.json, { slug: 'weather', deleted: true });
  assert.equal(sqlNumber(site.db, "select count(*) from category_texts t join categories c on c.id = t.category_id where c.slug = 'weather'"), 0);
  isError(await api('DELETE', '/api/v1/admin/categories/weather', { token: adminToken }), 404);
  assert.equal(sqlNumber(site.db, "select count(*) from audit_log where action in ('created category', 'changed category', 'deleted category')"), 4);
  isError(await api('PUT', '/api/v1/admin/categories/politics', { token: adminToken }), 405);
});

// ------------------------------------------------------------------ tags

test('tags: counted, most used first; renamed by editors (an article with both keeps one)', async () => {
  const a = await story({ tags: ['harbour', 'ships'] });
  const b = await story({ tags: ['harbour'] });
  const c = await story({ tags: ['harbor', 'harbour'] });
  const tags = await api('GET', '/api/v1/admin/tags?limit=1000', { token: authorToken });
  assert.equal(tags.status, 200);
  const harbour = tags.json.items.find(t => t.tag === 'harbour');
  assert.equal(harbour.articles, 3);
  for (let i = 1; i < tags.json.items.length; i++) assert.ok(tags.json.items[i - 1].articles >= tags.json.items[i].articles);
  assert.equal((await api('GET', '/api/v1/admin/tags?limit=1', { token: editorToken })).json.items.length, 1);
  isError(await api('GET', '/api/v1/admin/tags?limit=0', { token: editorToken }), 400, 'limit');
  isError(await api('PATCH', '/api/v1/admin/tags/harbor', { token: authorToken, json: { name: 'harbour' } }), 403);
  isError(await api('PATCH', '/api/v1/admin/tags/harbor', { token: editorToken, json: { name: '' } }), 400, 'name');
  isError(await api('PATCH', '/api/v1/admin/tags/harbor', { token: editorToken, json: { title: 'x' } }), 400, 'title');
  isError(await api('PATCH', '/api/v1/admin/tags/no-such-tag', { token: editorToken, json: { name: 'x' } }), 404);
  const renamed = await api('PATCH', '/api/v1/admin/tags/harbor', { token: editorToken, json: { name: 'harbour' } });
  assert.equal(renamed.status, 200, renamed.text);
  assert.deepEqual(renamed.json, { tag: 'harbour', articles: 1 });
  const all = (await api('GET', '/api/v1/admin/tags?limit=1000', { token: editorToken })).json.items;
  assert.ok(!all.some(t => t.tag === 'harbor'));
  assert.equal(all.find(t => t.tag === 'harbour').articles, 3);
  assert.deepEqual((await api('GET', `/api/v1/admin/articles/${c}`, { token: editorToken })).json.tags, ['harbour']);
  const moved = await api('PATCH', '/api/v1/admin/tags/ships', { token: editorToken, json: { name: 'Корабли' } });
  assert.deepEqual(moved.json, { tag: 'Корабли', articles: 1 });
  assert.deepEqual((await api('GET', `/api/v1/admin/articles/${a}`, { token: editorToken })).json.tags.sort(), ['harbour', 'Корабли'].sort());
  assert.ok(b);
});

// ----------------------------------------------------------------- media

test('media: a page at a time by cursor, one image, delete (editors; 409 while an article leads with it)', async () => {
  const up = async data => {
    const { body, contentType } = multipart({}, [{ name: 'file', filename: 'p.jpg', type: 'image/jpeg', data }]);
    const r = await request(base + '/api/v1/admin/media', { method: 'POST', headers: { Authorization: `Bearer ${editorToken}`, 'Content-Type': contentType }, body });
    assert.ok(r.status === 201 || r.status === 200, r.text);
    return JSON.parse(r.text).id;
  };
  const [first, second, third] = [await up(IMAGES[0]), await up(IMAGES[1]), await up(IMAGES[2])];
  assert.equal(new Set([first, second, third]).size, 3, 'three images');
  const page = await api('GET', '/api/v1/admin/media?limit=2', { token: authorToken });
  assert.equal(page.status, 200);
  assert.deepEqual(page.json.items.map(m => m.id), [third, second]);
  const rest = await api('GET', '/api/v1/admin/media?limit=2&cursor=' + encodeURIComponent(page.json.next_cursor), { token: authorToken });
  assert.ok(rest.json.items.map(m => m.id).includes(first));
  isError(await api('GET', '/api/v1/admin/media?cursor=bogus', { token: editorToken }), 400, 'cursor');
  isError(await api('GET', '/api/v1/admin/media?limit=500', { token: editorToken }), 400, 'limit');
  const articleCursor = (await list('limit=1')).json.next_cursor;
  isError(await api('GET', '/api/v1/admin/media?cursor=' + encodeURIComponent(articleCursor), { token: editorToken }), 400, 'cursor');
  const one = await api('GET', `/api/v1/admin/media/${second}`, { token: editorToken });
  assert.equal(one.status, 200);
  assert.equal(one.json.id, second);
  isError(await api('GET', '/api/v1/admin/media/999999', { token: editorToken }), 404);
  // Leading an article (in the trash too): refused.
  const lead = await story({ lead_image_id: first });
  isError(await api('DELETE', `/api/v1/admin/media/${first}`, { token: authorToken }), 403);
  isError(await api('DELETE', `/api/v1/admin/media/${first}`, { token: editorToken }), 409);
  assert.equal((await api('DELETE', `/api/v1/admin/articles/${lead}`, { token: editorToken })).status, 200);
  isError(await api('DELETE', `/api/v1/admin/media/${first}`, { token: editorToken }), 409);
  assert.equal((await api('GET', `/api/v1/admin/media/${first}`, { token: editorToken })).status, 200, 'still there');
  const hash = one.json.hash;
  const gone = await api('DELETE', `/api/v1/admin/media/${second}`, { token: editorToken });
  assert.equal(gone.status, 200, gone.text);
  assert.deepEqual(gone.json, { id: second, deleted: true });
  isError(await api('GET', `/api/v1/admin/media/${second}`, { token: editorToken }), 404);
  isError(await api('DELETE', `/api/v1/admin/media/${second}`, { token: editorToken }), 404);
  const variant = one.json.variants[0].jpeg.replace('https://news.example.com', '');
  assert.equal((await request(base + variant)).status, 404, `its files are gone (${hash})`);
});

// ---------------------------------------------------------------- people

test('users: admins\' tokens list, read, add, change roles and disable; passwords never shown', async () => {
  for (const token of [editorToken, authorToken]) {
    isError(await api('GET', '/api/v1/admin/users', { token }), 403);
    isError(await api('GET', '/api/v1/admin/users/1', { token }), 403);
    isError(await api('POST', '/api/v1/admin/users', { token, json: {} }), 403);
    isError(await api('PATCH', '/api/v1/admin/users/1', { token, json: { role: 'admin' } }), 403);
  }
  const fields = { email: 'new.person@example.com', name: 'New Person', role: 'author', password: 'a long enough password' };
  const made = await api('POST', '/api/v1/admin/users', { token: adminToken, json: fields });
  assert.equal(made.status, 201, made.text);
  assert.deepEqual([made.json.email, made.json.name, made.json.role, made.json.disabled], [fields.email, fields.name, 'author', false]);
  assert.ok(!/password|argon/i.test(made.text), 'no password, no hash');
  isError(await api('POST', '/api/v1/admin/users', { token: adminToken, json: fields }), 409);
  isError(await api('POST', '/api/v1/admin/users', { token: adminToken, json: { ...fields, email: 'x@example.com', password: 'short' } }), 400, 'password');
  isError(await api('POST', '/api/v1/admin/users', { token: adminToken, json: { ...fields, email: 'not an address' } }), 400, 'email');
  isError(await api('POST', '/api/v1/admin/users', { token: adminToken, json: { ...fields, email: 'y@example.com', role: 'god' } }), 400, 'role');
  const id = made.json.id;
  const person = new Client(base);
  await person.login(fields.email, fields.password);
  const all = await api('GET', '/api/v1/admin/users', { token: adminToken });
  assert.ok(all.json.items.some(u => u.id === id));
  assert.ok(!/password|argon/i.test(all.text));
  assert.equal((await api('GET', `/api/v1/admin/users/${id}`, { token: adminToken })).json.email, fields.email);
  isError(await api('GET', '/api/v1/admin/users/999999', { token: adminToken }), 404);
  const promoted = await api('PATCH', `/api/v1/admin/users/${id}`, { token: adminToken, json: { role: 'editor' } });
  assert.equal(promoted.json.role, 'editor');
  isError(await api('PATCH', `/api/v1/admin/users/${id}`, { token: adminToken, json: { role: 'chief' } }), 400, 'role');
  isError(await api('PATCH', `/api/v1/admin/users/${id}`, { token: adminToken, json: { disabled: 'yes' } }), 400, 'disabled');
  isError(await api('PATCH', `/api/v1/admin/users/${id}`, { token: adminToken, json: { password: 'x' } }), 400, 'password');
  isError(await api('PATCH', '/api/v1/admin/users/999999', { token: adminToken, json: { role: 'editor' } }), 404);
  const disabled = await api('PATCH', `/api/v1/admin/users/${id}`, { token: adminToken, json: { disabled: true } });
  assert.equal(disabled.json.disabled, true);
  const after = await person.get('/admin/articles');
  assert.notEqual(after.status, 200, 'their session ended');
  assert.equal(sqlNumber(site.db, `select count(*) from audit_log where action in ('added user', 'changed role', 'disabled user') and detail = '${fields.email}'`), 3);
});

test('401 without a token on every operation of these', async () => {
  for (const [method, p] of [['GET', '/api/v1/admin/articles'], ['GET', '/api/v1/admin/categories'], ['POST', '/api/v1/admin/categories'],
    ['PATCH', '/api/v1/admin/categories/politics'], ['DELETE', '/api/v1/admin/categories/politics'], ['GET', '/api/v1/admin/tags'],
    ['PATCH', '/api/v1/admin/tags/x'], ['GET', '/api/v1/admin/media'], ['GET', '/api/v1/admin/media/1'], ['DELETE', '/api/v1/admin/media/1'],
    ['GET', '/api/v1/admin/users'], ['POST', '/api/v1/admin/users'], ['GET', '/api/v1/admin/users/1'], ['PATCH', '/api/v1/admin/users/1']])
    isError(await api(method, p, { json: {} }), 401);
});

test('every answer the document declares for these operations was met, and none it does not', () => {
  const declared = Object.entries(DOC.paths).filter(([t]) => t.startsWith('/admin/')).flatMap(([t, item]) =>
    ['get', 'post', 'patch', 'delete'].filter(m => item[m] && OWN.has(`${m.toUpperCase()} ${t}`)).flatMap(m =>
      Object.keys(item[m].responses).map(status => `${m.toUpperCase()} ${t} ${status}`)));
  assert.ok(declared.length >= 50, `${declared.length} declared answers`);
  assert.deepEqual(declared.filter(k => !seen.has(k)), [], 'declared answers no test met');
  const mine = [...seen].filter(k => OWN.has(k.split(' ').slice(0, 2).join(' ')));
  assert.deepEqual(mine.filter(k => !declared.includes(k)), [], 'answers the document does not declare');
});

const failed = await run({
  before: async () => {
    site = makeSite({ demo: false });
    adminToken = addToken(site, 'api-admin', 'admin');
    editorToken = addToken(site, 'api-editor', 'editor');
    authorToken = addToken(site, 'api-author', 'author');
    authorTokenId = sql(site.db, "select id from api_tokens where name = 'api-author'");
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
