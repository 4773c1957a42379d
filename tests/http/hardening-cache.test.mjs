// HTTP tests of the page cache's invalidation (the hardening issue): a
// refused request never clears it, a committed change that readers see
// clears the pages of its edition and the shared ones, and nothing else
// does (a draft, a change in another edition).
//
// The observable is an article page's view count: a cached page shows the
// count it was rendered with, while every later hit by a browser is counted
// in memory (Googlebot's are not), so a page made anew shows a higher
// count. A page that still shows its first count was not made again: the
// cache kept it. Sitemaps list articles, so their content shows whether
// they were made again; the sitemap index lists files, not articles, so its
// Last-Modified (the time of the last change it was made after) does.
//
// Before the fix (bec5f43) every POST to the newsroom or the Admin API but
// the preview cleared the whole cache, refused or not: each test here
// failed there (checked by running this file against that build).
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, fixtures } from '../lib/server.mjs';
import { Client, addUser, addToken, request, sql, PASSWORD, sleep } from '../lib/newsroom.mjs';
import path from 'node:path';

suite('hardening cache');

let site, server, base, token, editor;
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0 Safari/537.36';
const GOOGLEBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const EDITOR = { email: 'cache-editor@example.com', name: 'Cache Editor', role: 'editor' };

const get = (p, ua = BROWSER) => request(base + p, { headers: { 'User-Agent': ua } });

// The view count an article page shows.
function views(r) {
  assert.equal(r.status, 200, `article page: ${r.status}`);
  const m = /data-views>(\d+)</.exec(r.text);
  assert.ok(m, 'the page shows a view count');
  return Number(m[1]);
}
const shown = async p => views(await get(p));

async function api(method, p, body, bearer = token) {
  const headers = { 'Content-Type': 'application/json' };
  if (bearer) headers.Authorization = `Bearer ${bearer}`;
  const r = await request(base + p, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  r.json = /json/.test(r.headers['content-type'] || '') && r.text ? JSON.parse(r.text) : null;
  return r;
}

let serial = 0;
// Publishes an article through the Admin API; returns its public path.
async function publish(lang = 'en', fields = {}) {
  serial++;
  const slug = `cache-story-${lang}-${serial}-${Date.now() % 100000}`;
  const r = await api('POST', '/api/v1/admin/articles', {
    title: `Cache story ${lang} ${serial}`, lang, category: 'politics', slug,
    body_markdown: 'A story for the cache tests.', status: 'published', ...fields,
  });
  assert.equal(r.status, 201, r.text);
  return `/${lang}/politics/${slug}`;
}

// A page rendered and then served from the cache: returns the count it
// shows (the one it was rendered with).
async function primed(p) {
  const first = await shown(p);
  assert.equal(await shown(p), first, `${p}: the second request is a hit and shows the same count`);
  return first;
}

test('refused requests (403, 401, 405, bad CSRF, 400) do not clear the cache; a published article does', async () => {
  const page = await publish();
  const first = await primed(page);
  const N = 5;
  for (let i = 0; i < N; i++) assert.equal(await shown(page), first, 'a hit shows the count it was rendered with');
  // Robots are not counted.
  for (let i = 0; i < 3; i++) assert.equal(views(await get(page, GOOGLEBOT)), first);

  const form = { 'Content-Type': 'application/x-www-form-urlencoded' };
  const refusals = [
    ['anonymous POST /admin/articles/new', 403, () => request(base + '/admin/articles/new', { method: 'POST', headers: form, body: 'title=x&csrf=y' })],
    ['POST /admin/login with a bad CSRF token', 403, () => request(base + '/admin/login', { method: 'POST', headers: form, body: 'email=a%40b.c&password=x&csrf=forged' })],
    ['POST /api/v1/admin/articles without a token', 401, () => api('POST', '/api/v1/admin/articles', { title: 'x', category: 'politics' }, null)],
    ['DELETE /admin', 405, () => request(base + '/admin', { method: 'DELETE' })],
    ["a logged-in editor's POST with a bad CSRF token", 403, () => editor.post('/admin/articles', { title: 'Never saved', lang: 'en', category: 'politics', action: 'publish' }, { csrf: 'not-the-token' })],
    // Refused after admission, by the handler: nothing was committed either.
    ['an Admin API article without a title', 400, () => api('POST', '/api/v1/admin/articles', { lang: 'en', category: 'politics', status: 'published' })],
    ["an editor's form without a title", 400, () => editor.post('/admin/articles', { title: '', lang: 'en', category: 'politics', action: 'publish' })],
  ];
  for (const [what, status, send] of refusals) {
    const r = await send();
    assert.equal(r.status, status, `${what}: ${r.text.slice(0, 200)}`);
    assert.equal(await shown(page), first, `after ${what}, the page is still the cached one`);
  }
  assert.equal(sql(site.db, "select count(*) from articles where title = 'Never saved'"), '0');

  // A change readers see, in the same edition: the page is made anew, with
  // every browser view since (N hits, the second request, one after each
  // refusal, and this one; not the robot's).
  await publish();
  assert.equal(await shown(page), first + 1 + N + refusals.length + 1);
});

test('saving a draft (through the Admin API and the editor) does not clear the cache', async () => {
  const page = await publish();
  const first = await primed(page);
  const draft = await api('POST', '/api/v1/admin/articles', { title: `Draft for the cache ${Date.now()}`, lang: 'en',
    category: 'politics', body_markdown: 'Not public.', status: 'draft' });
  assert.equal(draft.status, 201, draft.text);
  assert.equal(await shown(page), first, 'a new draft through the API');
  const patched = await api('PATCH', `/api/v1/admin/articles/${draft.json.id}`, { body_markdown: 'Still not public.' });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(await shown(page), first, 'a draft changed through the API');
  const saved = await editor.post('/admin/articles', { title: `Editor draft for the cache ${Date.now()}`, lang: 'en',
    category: 'politics', body_markdown: 'Not public either.', action: 'save' });
  assert.equal(saved.status, 303, saved.text.slice(0, 300));
  assert.equal(await shown(page), first, 'a draft saved in the editor');
  // Publishing that draft is a change readers see.
  const published = await api('PATCH', `/api/v1/admin/articles/${draft.json.id}`, { status: 'published' });
  assert.equal(published.status, 200, published.text);
  assert.ok(await shown(page) > first, 'publishing clears the page');
});

test('a change in the Russian edition clears Russian pages and the shared sitemaps, not English pages', async () => {
  const en = await publish('en');
  const ru = await publish('ru');
  const enFirst = await primed(en);
  const ruFirst = await primed(ru);
  const index = await get('/sitemap.xml');
  assert.equal(index.status, 200);
  const articles = await get('/sitemaps/articles-1.xml');
  assert.equal(articles.status, 200);
  assert.equal((await get('/sitemap.xml')).headers['last-modified'], index.headers['last-modified'], 'the index is cached');
  // Last-Modified has whole seconds: let the next change fall in a later one.
  await sleep(1100);
  const added = await publish('ru');
  assert.equal(await shown(en), enFirst, 'the English article page is still the cached one');
  assert.ok(await shown(ru) > ruFirst, 'the Russian article page is made anew');
  const articlesAfter = await get('/sitemaps/articles-1.xml');
  assert.ok(!articles.text.includes(added) && articlesAfter.text.includes(added), 'the articles sitemap lists the new article');
  const indexAfter = await get('/sitemap.xml');
  assert.ok(Date.parse(indexAfter.headers['last-modified']) > Date.parse(index.headers['last-modified']),
    `the sitemap index is made anew: Last-Modified ${index.headers['last-modified']} -> ${indexAfter.headers['last-modified']}`);
});

test('while anonymous POSTs to /admin/articles/new keep coming, a cached page is never made again', async () => {
  const page = await publish();
  const first = await primed(page);
  const statuses = new Map();
  let posting = true;
  const poster = async () => {
    for (let i = 0; i < 75; i++) {
      const r = await request(base + '/admin/articles/new', { method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: `title=flood+${i}` });
      statuses.set(r.status, (statuses.get(r.status) || 0) + 1);
    }
  };
  const posters = Promise.all([poster(), poster(), poster(), poster()]).finally(() => { posting = false; });
  const seen = [];
  while (posting) seen.push(await shown(page));
  await posters;
  seen.push(await shown(page));
  assert.deepEqual([...statuses], [[403, 300]], 'every POST is refused');
  assert.ok(seen.length >= 2, `${seen.length} reads`);
  assert.deepEqual([...new Set(seen)], [first], `every read shows the first count (${seen.length} reads)`);
});

const failed = await run({
  before: async () => {
    // Only the fixtures (no demo): no article of theirs has a translation,
    // so each change belongs to one edition.
    site = makeSite({ demo: false, imports: [path.join(fixtures, 'articles')] });
    token = addToken(site, 'cache-bot', 'editor');
    const u = addUser(site, EDITOR);
    if (u.status !== 0) throw new Error(u.stderr);
    server = await serve(site);
    base = server.base;
    editor = new Client(base);
    await editor.login(EDITOR.email, PASSWORD);
  },
  after: async () => {
    const { code, stderr } = await server.stop();
    const errors = sanitizerErrors(stderr);
    site.remove();
    if (code !== 0 || errors.length) throw new Error(`server exit ${code}: ${errors.join(' | ')}`);
  },
});
process.exitCode = failed ? 1 : 0;
