// HTTP tests of live blogs: the Admin API makes one ("kind": "live"; also
// "article" and "page"), adds, corrects, pins and deletes its updates and
// ends its coverage, refusing strangers, authors and bad input without
// changing anything; the page shows the updates newest first with the
// pinned one on top and "Corrected HH:MM"; its JSON-LD is a
// LiveBlogPosting; the feeds note the latest update; the public API's
// article carries the updates; the poll endpoint is one cached answer with
// an ETag (304 when nothing changed), let go of by the page cache and
// purged in caches in front when an update comes; lists say "Live" while
// the coverage is open. Every answer of the API checked against the
// OpenAPI document. Runs against GAZETTE_BIN, on either engine.
import http from 'node:http';
import { parse } from 'node-html-parser';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, defaultConfig } from '../lib/server.mjs';
import { Client, addUser, addToken, sql, sqlNumber, request, sleep } from '../lib/newsroom.mjs';
import { operationOf, validate } from '../lib/openapi.mjs';

suite('live blogs');
let site, server, base, editorToken, authorToken, adminToken, purger, editor, author;
const EDITOR = { email: 'eda@example.com', name: 'Eda Editor', role: 'editor' };
const AUTHOR = { email: 'arif@example.com', name: 'Arif Author', role: 'author' };
const purges = [];
let serial = 0;
const text = el => (el ? el.text.replace(/\s+/g, ' ').trim() : null);

async function api(method, pathname, json, token = editorToken, raw) {
  const headers = token ? { Authorization: `Bearer ${token}` } : {};
  let body = raw;
  if (json !== undefined) { headers['Content-Type'] = 'application/json'; body = JSON.stringify(json); }
  const r = await request(base + pathname, { method, headers, body });
  const parsed = r.text ? JSON.parse(r.text) : null;
  const p = new URL(base + pathname).pathname;
  if (operationOf(method, p) && r.status !== 204 && r.status !== 413) validate(method, p, r.status, parsed);
  return { status: r.status, json: parsed, headers: r.headers };
}
const pub = async (pathname, headers = {}) => {
  const r = await request(base + pathname, { headers });
  r.doc = parse(r.text);
  return r;
};
async function liveBlog(fields = {}) {
  serial++;
  const r = await api('POST', '/api/v1/admin/articles', { kind: 'live', lang: 'en', category: 'politics',
    title: `Election night ${serial}`, slug: `election-night-${serial}`, body_markdown: 'We follow the count.',
    status: 'published', ...fields });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  assert.equal(r.json.kind, 'live');
  return r.json;
}
const post = (id, fields, token) => api('POST', `/api/v1/admin/articles/${id}/updates`, fields, token);
const shownUpdates = doc => doc.querySelectorAll('.live-update[data-update-id]').map(u => ({
  id: Number(u.getAttribute('data-update-id')), title: text(u.querySelector('.live-update-title')),
  body: text(u.querySelector('.live-update-body')), pinned: u.classList.contains('is-pinned'),
  corrected: text(u.querySelector('.live-corrected')),
}));
const jsonLd = doc => doc.querySelectorAll('script[type="application/ld+json"]').map(s => JSON.parse(s.text))
  .find(o => o['@type'] === 'LiveBlogPosting' || o['@type'] === 'NewsArticle');
const poll = async (id, headers = {}) => {
  const r = await request(`${base}/api/v1/en/articles/${id}/updates`, { headers });
  if (r.status === 200) validate('GET', `/api/v1/en/articles/${id}/updates`, 200, JSON.parse(r.text));
  return { ...r, json: r.status === 200 ? JSON.parse(r.text) : null };
};
const articlePath = blog => `/en/politics/${blog.slug}`;

test('the Admin API makes a live blog, an article or a static page by "kind"; anything else is refused', async () => {
  const blog = await liveBlog();
  assert.equal(blog.live.open, true);
  assert.equal(blog.live.coverage_end, null);
  assert.deepEqual(blog.live.updates, []);
  const plain = await api('POST', '/api/v1/admin/articles', { kind: 'article', category: 'politics', title: 'Plain story' });
  assert.equal(plain.status, 201);
  assert.equal(plain.json.kind, 'article');
  assert.equal(plain.json.live, null);
  const byDefault = await api('POST', '/api/v1/admin/articles', { category: 'politics', title: 'Default story' });
  assert.equal(byDefault.json.kind, 'article');
  const page = await api('POST', '/api/v1/admin/articles', { kind: 'page', lang: 'en', slug: 'live-rules',
    title: 'How we cover live events', body_markdown: 'Carefully.', published: true }, adminToken);
  assert.equal(page.status, 201, JSON.stringify(page.json));
  assert.equal(page.json.slug, 'live-rules');
  assert.match(page.headers.location, /^\/api\/v1\/admin\/pages\/\d+$/);
  assert.match((await pub('/en/page/live-rules')).text, /How we cover live events/);
  assert.equal((await api('POST', '/api/v1/admin/articles', { kind: 'page', title: 'Nope', body_markdown: 'x' })).status, 403,
    "an editor's token makes no static page");
  const before = sqlNumber(site.db, 'select count(*) from articles');
  for (const body of [{ kind: 'blog', category: 'politics', title: 'x' }, { kind: 3, category: 'politics', title: 'x' },
    { kind: 'live', live: { ended_at: null }, category: 'politics', title: 'x' }]) {
    const r = await api('POST', '/api/v1/admin/articles', body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.ok(['kind', 'live'].includes(r.json.field));
  }
  assert.equal((await api('POST', '/api/v1/admin/articles', { kind: 'live', category: 'politics', title: 'x' }, authorToken)).status, 403);
  assert.equal(sqlNumber(site.db, 'select count(*) from articles'), before, 'nothing was made');
  // An article becomes a live blog with a PATCH, and back.
  const made = await api('PATCH', `/api/v1/admin/articles/${plain.json.id}`, { kind: 'live' });
  assert.equal(made.status, 200);
  assert.equal((await api('GET', `/api/v1/admin/articles/${plain.json.id}`)).json.kind, 'live');
  assert.equal((await api('PATCH', `/api/v1/admin/articles/${plain.json.id}`, { kind: 'article' })).status, 200);
  assert.equal((await api('GET', `/api/v1/admin/articles/${plain.json.id}`)).json.kind, 'article');
});

test('updates are shown newest first, the pinned one on top; titles are escaped; a correction says so', async () => {
  const blog = await liveBlog();
  const a = await post(blog.id, { title: 'Polls close', body_markdown: 'Counting **begins**.' });
  assert.equal(a.status, 201, JSON.stringify(a.json));
  assert.equal(a.headers.location, `/api/v1/admin/articles/${blog.id}/updates/${a.json.id}`);
  assert.equal(a.json.body_html, '<p>Counting <strong>begins</strong>.</p>\n');
  assert.equal(a.json.corrected, null);
  const b = await post(blog.id, { body_markdown: 'Turnout is 61%.', author: 'Leyla Mammadli' });
  const c = await post(blog.id, { title: '<script>alert(1)</script>', body_markdown: 'First results <img src=x onerror=alert(2)>' });
  let page = await pub(articlePath(blog));
  assert.deepEqual(shownUpdates(page.doc).map(u => u.id), [c.json.id, b.json.id, a.json.id], 'newest first');
  assert.doesNotMatch(page.text, /<script>alert|onerror/);
  assert.equal(shownUpdates(page.doc)[0].title, '<script>alert(1)</script>');
  assert.match(text(page.doc.querySelector(`#update-${b.json.id} .live-update-author`)), /Leyla Mammadli/);
  // What a token posts without a name is signed with the blog's byline, never the token's name.
  assert.ok(blog.author, 'the blog has a byline');
  assert.equal(text(page.doc.querySelector(`#update-${a.json.id} .live-update-author`)), blog.author);
  assert.doesNotMatch(page.text, /API token/);
  // Pinning the oldest puts it on top; pinning another unpins it.
  assert.equal((await api('PATCH', `/api/v1/admin/articles/${blog.id}/updates/${a.json.id}`, { pinned: true })).json.pinned, true);
  page = await pub(articlePath(blog));
  assert.deepEqual(shownUpdates(page.doc).map(u => [u.id, u.pinned]),
    [[a.json.id, true], [c.json.id, false], [b.json.id, false]]);
  assert.equal(shownUpdates(page.doc)[0].corrected, null, 'pinning is no correction');
  await api('PATCH', `/api/v1/admin/articles/${blog.id}/updates/${b.json.id}`, { pinned: true });
  page = await pub(articlePath(blog));
  assert.deepEqual(shownUpdates(page.doc).map(u => [u.id, u.pinned]),
    [[b.json.id, true], [c.json.id, false], [a.json.id, false]], 'one pinned at most');
  // A correction: its text changes, and readers see when.
  const fixed = await api('PATCH', `/api/v1/admin/articles/${blog.id}/updates/${a.json.id}`, { body_markdown: 'Counting began at 20:00.' });
  assert.equal(fixed.status, 200);
  assert.match(fixed.json.corrected, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  assert.equal(fixed.json.title, 'Polls close', 'fields not named stay');
  page = await pub(articlePath(blog));
  const corrected = shownUpdates(page.doc).find(u => u.id === a.json.id);
  assert.equal(corrected.body, 'Counting began at 20:00.');
  assert.match(corrected.corrected, /^Corrected \d\d:\d\d$/);
  // Deleting one.
  assert.equal((await api('DELETE', `/api/v1/admin/articles/${blog.id}/updates/${c.json.id}`)).status, 204);
  page = await pub(articlePath(blog));
  assert.deepEqual(shownUpdates(page.doc).map(u => u.id), [b.json.id, a.json.id]);
  assert.equal((await api('DELETE', `/api/v1/admin/articles/${blog.id}/updates/${c.json.id}`)).status, 404);
  const listed = await api('GET', `/api/v1/admin/articles/${blog.id}/updates`);
  assert.deepEqual(listed.json.items.map(u => u.id), [b.json.id, a.json.id]);
  assert.equal((await api('GET', `/api/v1/admin/articles/${blog.id}/updates/${a.json.id}`)).json.body_markdown, 'Counting began at 20:00.');
  assert.deepEqual(sql(site.db, `select action from audit_log where article_id = ${blog.id} and action like 'live%' order by id`).split('\n'),
    ['live-start', 'live-update', 'live-update', 'live-update', 'live-update-pin', 'live-update-pin', 'live-update-correct',
      'live-update-delete']);
});

test('strangers, authors and bad input are refused, changing nothing', async () => {
  const blog = await liveBlog();
  const ok = await post(blog.id, { body_markdown: 'Kept.' });
  const count = () => sqlNumber(site.db, `select count(*) from live_updates where article_id = ${blog.id}`);
  const path = `/api/v1/admin/articles/${blog.id}/updates`;
  assert.equal((await api('POST', path, { body_markdown: 'x' }, null)).status, 401);
  assert.equal((await api('POST', path, { body_markdown: 'x' }, 'not-a-token')).status, 401);
  assert.equal((await api('POST', path, { body_markdown: 'x' }, authorToken)).status, 403);
  assert.equal((await api('PATCH', `${path}/${ok.json.id}`, { body_markdown: 'x' }, authorToken)).status, 403);
  assert.equal((await api('DELETE', `${path}/${ok.json.id}`, undefined, authorToken)).status, 403);
  const bad = [
    [{ title: 'No body' }, 'body_markdown'], [{ body_markdown: '   \n ' }, 'body_markdown'],
    [{ body_markdown: 7 }, 'body_markdown'], [{ body_markdown: 'x', pinned: 'yes' }, 'pinned'],
    [{ body_markdown: 'x', colour: 'red' }, 'colour'], [{ body_markdown: 'x', title: 'two\nlines' }, 'title'],
    [{ body_markdown: 'x'.repeat(32 * 1024 + 1) }, 'body_markdown'],
    [{ body_markdown: '![](https://example.com/a.jpg)' }, 'body_markdown'],
  ];
  for (const [body, field] of bad) {
    const r = await api('POST', path, body);
    assert.equal(r.status, 400, JSON.stringify(body).slice(0, 80));
    assert.equal(r.json.field, field, r.json.error);
  }
  const notJson = await api('POST', path, undefined, editorToken, '{"body_markdown":');
  assert.equal(notJson.status, 400);
  assert.match(notJson.json.error, /JSON object/);
  const huge = await api('POST', path, undefined, editorToken, JSON.stringify({ body_markdown: 'x'.repeat(300 * 1024) }));
  assert.equal(huge.status, 413, 'refused before it is read');
  assert.equal((await api('PATCH', `${path}/${ok.json.id}`, { author: 'Someone else' })).status, 400);
  assert.equal((await api('PATCH', `${path}/999999`, { body_markdown: 'x' })).status, 404);
  assert.equal((await api('POST', '/api/v1/admin/articles/999999/updates', { body_markdown: 'x' })).status, 404);
  const plain = await api('POST', '/api/v1/admin/articles', { category: 'politics', title: 'Not live', status: 'published' });
  assert.equal((await post(plain.json.id, { body_markdown: 'x' })).status, 409, 'not a live blog');
  assert.equal((await api('GET', `/api/v1/en/articles/${plain.json.id}/updates`)).status, 404);
  assert.equal(count(), 1, 'nothing was added');
  assert.equal((await api('GET', `${path}/${ok.json.id}`)).json.body_markdown, 'Kept.');
  // The most updates a blog holds.
  const now = Math.floor(Date.now() / 1000) - 3600;
  const values = Array.from({ length: 299 }, (_, i) => `(${blog.id}, 'filler ${i}', '<p>filler</p>', ${now + i})`).join(', ');
  sql(site.db, `insert into live_updates (article_id, body_markdown, body_html, created_at) values ${values}`);
  const full = await post(blog.id, { body_markdown: 'One too many.' });
  assert.equal(full.status, 409);
  assert.match(full.json.error, /300 updates/);
  assert.equal(count(), 300);
  const page = await pub(articlePath(blog));
  assert.equal(shownUpdates(page.doc).length, 300, 'the page shows them all');
  assert.equal((await poll(blog.id)).json.live.updates.length, 20, 'the poll answers the newest 20');
});

test('JSON-LD: a LiveBlogPosting with its coverage and its updates as BlogPostings', async () => {
  const blog = await liveBlog({ date: '2026-01-10T18:00:00+04:00' });
  const a = await post(blog.id, { title: 'Polls close', body_markdown: 'Counting *begins*.', author: 'Aysel Karimova' });
  const b = await post(blog.id, { body_markdown: 'Turnout is 61%.' });
  await api('PATCH', `/api/v1/admin/articles/${blog.id}/updates/${a.json.id}`, { body_markdown: 'Counting began.' });
  let ld = jsonLd((await pub(articlePath(blog))).doc);
  assert.equal(ld['@type'], 'LiveBlogPosting');
  assert.equal(ld.coverageStartTime, '2026-01-10T18:00:00+04:00');
  assert.equal(ld.coverageEndTime, undefined, 'not while open');
  assert.equal(ld.headline, blog.title);
  assert.deepEqual(ld.liveBlogUpdate.map(u => u.url.split('#')[1]), [`update-${b.json.id}`, `update-${a.json.id}`]);
  const [second, first] = ld.liveBlogUpdate;
  assert.equal(first['@type'], 'BlogPosting');
  assert.equal(first.headline, 'Polls close');
  assert.equal(first.articleBody.trim(), 'Counting began.');
  assert.deepEqual(first.author, { '@type': 'Person', name: 'Aysel Karimova' });
  assert.equal(first.datePublished, a.json.published);
  assert.equal(first.dateModified, (await api('GET', `/api/v1/admin/articles/${blog.id}/updates/${a.json.id}`)).json.corrected);
  assert.equal(second.headline, blog.title, 'an update without a title is headed by the blog');
  assert.equal(second.dateModified, undefined, 'never corrected');
  // Ending the coverage.
  const end = '2026-01-11T02:00:00+04:00';
  assert.equal((await api('PATCH', `/api/v1/admin/articles/${blog.id}`, { live: { ended_at: end } })).status, 200);
  ld = jsonLd((await pub(articlePath(blog))).doc);
  assert.equal(ld.coverageEndTime, end);
  const plain = await api('POST', '/api/v1/admin/articles', { category: 'politics', title: 'A plain one', slug: 'a-plain-one', status: 'published' });
  assert.equal(jsonLd((await pub('/en/politics/a-plain-one')).doc)['@type'], 'NewsArticle', `article ${plain.json.id}`);
});

test('ending the coverage: the page says so and stops asking, lists drop "Live", the poll says so; it can open again', async () => {
  const blog = await liveBlog();
  await post(blog.id, { title: 'Opening', body_markdown: 'We begin.' });
  let page = await pub(articlePath(blog));
  assert.ok(page.doc.querySelector('[data-live][data-live-open]'), 'an open blog asks for updates');
  assert.equal(page.doc.querySelector('[data-live]').getAttribute('data-live-poll'), `/api/v1/en/articles/${blog.id}/updates`);
  assert.match(page.headers['cache-control'], /max-age=15\b/);
  const labelled = async () => {
    const home = await pub('/en/politics/');
    const card = home.doc.querySelectorAll('.card').find(c => c.querySelector(`a[href="${articlePath(blog)}"]`));
    assert.ok(card, 'the blog is listed');
    return !!card.querySelector('.live-label');
  };
  assert.equal(await labelled(), true, '"Live" in the list while open');
  for (const body of [{ live: { ended_at: 'soon' } }, { live: { ended_at: '2999-01-01T00:00:00Z' } }, { live: true },
    { live: { ended_at: null, extra: 1 } }]) {
    const r = await api('PATCH', `/api/v1/admin/articles/${blog.id}`, body);
    assert.equal(r.status, 400, JSON.stringify(body));
    assert.equal(r.json.field, 'live');
  }
  assert.equal((await api('PATCH', `/api/v1/admin/articles/${blog.id}`, { live: { ended_at: null } }, authorToken)).status, 403);
  const ended = new Date(Date.now() - 60000).toISOString().replace(/\.\d+Z$/, 'Z');
  const r = await api('PATCH', `/api/v1/admin/articles/${blog.id}`, { live: { ended_at: ended } });
  assert.equal(r.status, 200);
  assert.equal((await api('GET', `/api/v1/admin/articles/${blog.id}`)).json.live.open, false);
  page = await pub(articlePath(blog));
  assert.equal(page.doc.querySelector('[data-live][data-live-open]'), null, 'an ended blog asks nothing');
  assert.match(text(page.doc.querySelector('.live-ended')), /^Coverage ended \d+ \w+ \d{4} \d\d:\d\d$/);
  assert.equal(page.doc.querySelector('.article-top .live-label'), null);
  assert.equal(shownUpdates(page.doc).length, 1, 'its updates stay');
  assert.equal(await labelled(), false);
  const p = await poll(blog.id);
  assert.equal(p.json.live.open, false);
  assert.ok(p.json.live.coverage_end);
  assert.equal((await api('PATCH', `/api/v1/admin/articles/${blog.id}`, { live: { ended_at: null } })).status, 200);
  assert.equal(await labelled(), true, 'open again');
  const plain = await api('POST', '/api/v1/admin/articles', { category: 'politics', title: 'Not a blog' });
  assert.equal((await api('PATCH', `/api/v1/admin/articles/${plain.json.id}`, { live: { ended_at: null } })).status, 409);
});

test('the poll: one cached answer for every reader, 304 to its ETag, let go of and purged when an update comes', async () => {
  const blog = await liveBlog();
  const first = await post(blog.id, { title: 'One', body_markdown: 'First.' });
  const a = await poll(blog.id);
  assert.equal(a.status, 200);
  assert.equal(a.headers['cache-control'], 'public, max-age=10, s-maxage=10, stale-while-revalidate=10');
  assert.match(a.headers['surrogate-key'], new RegExp(`(^| )a${blog.id}( |$)`));
  assert.ok(a.headers.etag);
  assert.deepEqual(a.json.live.updates.map(u => u.id), [first.json.id]);
  const again = await poll(blog.id, { 'If-None-Match': a.headers.etag });
  assert.equal(again.status, 304, 'nothing new');
  const query = await request(`${base}/api/v1/en/articles/${blog.id}/updates?reader=42`);
  assert.equal(JSON.parse(query.text).live.updates.length, 1, 'a query string changes nothing');
  purges.length = 0;
  const second = await post(blog.id, { title: 'Two', body_markdown: 'Second.' });
  const b = await poll(blog.id, { 'If-None-Match': a.headers.etag });
  assert.equal(b.status, 200, 'the page cache let go of it at once');
  assert.notEqual(b.headers.etag, a.headers.etag);
  assert.deepEqual(b.json.live.updates.map(u => u.id), [second.json.id, first.json.id], 'newest first');
  for (let i = 0; i < 50 && !purges.some(p => new RegExp(`(^| )a${blog.id}( |$)`).test(p)); i++) await sleep(100);
  assert.ok(purges.some(p => new RegExp(`(^| )a${blog.id}( |$)`).test(p)), `purged by its tag: ${purges.join(' / ')}`);
  assert.ok(purges.some(p => /\bhome-en\b/.test(p) && /\bfeed-en\b/.test(p)), 'with its lists and feeds');
  // A correction and a deletion change it too.
  const c = await poll(blog.id, { 'If-None-Match': b.headers.etag });
  assert.equal(c.status, 304);
  await api('PATCH', `/api/v1/admin/articles/${blog.id}/updates/${first.json.id}`, { body_markdown: 'First, corrected.' });
  const d = await poll(blog.id, { 'If-None-Match': b.headers.etag });
  assert.equal(d.status, 200);
  assert.ok(d.json.live.updates.find(u => u.id === first.json.id).corrected);
  await api('DELETE', `/api/v1/admin/articles/${blog.id}/updates/${second.json.id}`);
  const e = await poll(blog.id, { 'If-None-Match': d.headers.etag });
  assert.equal(e.status, 200);
  assert.deepEqual(e.json.live.updates.map(u => u.id), [first.json.id]);
  // The article page is let go of as well.
  const page = await pub(articlePath(blog));
  assert.deepEqual(shownUpdates(page.doc).map(u => u.id), [first.json.id]);
  const cond = await pub(articlePath(blog), { 'If-None-Match': page.headers.etag });
  assert.equal(cond.status, 304);
  await post(blog.id, { body_markdown: 'Third.' });
  assert.equal((await pub(articlePath(blog), { 'If-None-Match': page.headers.etag })).status, 200);
});

test('the public API article carries its updates; the feeds note the newest', async () => {
  const blog = await liveBlog();
  const a = await post(blog.id, { title: 'Polls close', body_markdown: 'Counting begins.' });
  const b = await post(blog.id, { title: 'Turnout & more', body_markdown: 'Turnout is **61%**.', pinned: true });
  const r = await request(`${base}/api/v1/en/articles/${blog.id}`);
  const json = JSON.parse(r.text);
  validate('GET', `/api/v1/en/articles/${blog.id}`, 200, json);
  assert.equal(json.kind, 'live');
  assert.equal(json.live.update_count, 2);
  assert.deepEqual(json.live.updates.map(u => [u.id, u.pinned]), [[b.json.id, true], [a.json.id, false]]);
  assert.equal(json.live.updates_url, `https://news.example.com/api/v1/en/articles/${blog.id}/updates`);
  const other = await request(`${base}/api/v1/en/articles/${sqlNumber(site.db, "select id from articles where live = 0 and status = 1 and lang = 'en' order by id limit 1")}`);
  assert.equal(JSON.parse(other.text).live, null);
  assert.equal(JSON.parse(other.text).kind, 'article');
  const rss = (await request(`${base}/en/rss.xml`)).text;
  const item = rss.split('<item>').find(i => i.includes(`/en/politics/${blog.slug}<`));
  assert.ok(item, 'the live blog is an item');
  assert.match(item, /<description>Live, \d\d:\d\d Turnout &amp; more — /);
  assert.match(item, /Turnout is &lt;strong&gt;61%&lt;\/strong&gt;/, 'the newest updates in its content');
  assert.equal(rss.split(`/en/politics/${blog.slug}</link>`).length, 2, 'one item for the blog, not one per update');
  const atom = (await request(`${base}/en/atom.xml`)).text;
  const entry = atom.split('<entry>').find(i => i.includes(`/en/politics/${blog.slug}"`));
  assert.match(entry, /<summary>Live, \d\d:\d\d Turnout &amp; more — /);
});

test('the newsroom: an editor makes a live blog, adds, corrects, pins and deletes updates (asked first), ends the coverage', async () => {
  const made = await api('POST', '/api/v1/admin/articles', { category: 'politics', title: 'Summit day', slug: 'summit-day',
    body_markdown: 'Leaders meet.', status: 'published' });
  const id = made.json.id;
  let page = await editor.get(`/admin/articles/${id}`);
  assert.ok(page.doc.querySelector(`.nr-live form[action="/admin/articles/${id}/live"]`), 'a story can become a live blog');
  let r = await editor.post(`/admin/articles/${id}/live`, { action: 'start' });
  assert.equal(r.status, 303);
  assert.match(r.location, /notice=live-changed/);
  r = await editor.post(`/admin/articles/${id}/updates`, { title: 'Arrivals', body_markdown: 'The first **leaders** arrive.' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  assert.match(r.location, /notice=live-added/);
  r = await editor.post(`/admin/articles/${id}/updates`, { body_markdown: 'Talks begin.', pinned: '1' });
  assert.equal(r.status, 303);
  const ids = sql(site.db, `select id from live_updates where article_id = ${id} order by id`).split('\n').map(Number);
  assert.equal(ids.length, 2);
  page = await editor.get(`/admin/articles/${id}`);
  const items = page.doc.querySelectorAll('.nr-live-update');
  assert.deepEqual(items.map(li => li.getAttribute('id')), [`nr-update-${ids[1]}`, `nr-update-${ids[0]}`], 'pinned on top');
  assert.equal(page.doc.querySelector(`#f-live-body-${ids[0]}`).text.trim(), 'The first **leaders** arrive.');
  let site_ = await pub('/en/politics/summit-day');
  assert.deepEqual(shownUpdates(site_.doc).map(u => [u.id, u.pinned]), [[ids[1], true], [ids[0], false]]);
  assert.match(text(site_.doc.querySelector(`#update-${ids[0]} .live-update-author`)), /Eda Editor/);
  // A correction, pinning, unpinning.
  r = await editor.post(`/admin/articles/${id}/updates/${ids[0]}`, { action: 'save', title: 'Arrivals', body_markdown: 'All leaders arrived.' });
  assert.match(r.location, /notice=live-corrected/);
  await editor.post(`/admin/articles/${id}/updates/${ids[0]}`, { action: 'pin' });
  site_ = await pub('/en/politics/summit-day');
  assert.deepEqual(shownUpdates(site_.doc).map(u => [u.id, u.pinned]), [[ids[0], true], [ids[1], false]]);
  assert.match(shownUpdates(site_.doc)[0].corrected, /^Corrected \d\d:\d\d$/);
  assert.equal(shownUpdates(site_.doc)[1].corrected, null);
  // Refused: no CSRF token, an author, a bad body.
  assert.equal((await editor.post(`/admin/articles/${id}/updates`, { body_markdown: 'x' }, { csrf: false })).status, 403);
  assert.equal((await editor.post(`/admin/articles/${id}/updates`, { body_markdown: 'x' }, { csrf: 'forged' })).status, 403);
  assert.equal((await author.post(`/admin/articles/${id}/updates`, { body_markdown: 'x' })).status, 403);
  assert.equal((await author.get(`/admin/articles/${id}`)).doc?.querySelector('.nr-live') ?? null, null);
  const empty = await editor.post(`/admin/articles/${id}/updates`, { title: 'Empty', body_markdown: ' ' });
  assert.equal(empty.status, 400);
  assert.match(text(empty.doc.querySelector('.nr-error')), /required/i);
  assert.equal(sqlNumber(site.db, `select count(*) from live_updates where article_id = ${id}`), 2, 'nothing added');
  // Deleting asks first.
  const ask = await editor.get(`/admin/articles/${id}/updates/${ids[1]}/delete`);
  assert.equal(ask.status, 200);
  assert.match(text(ask.doc.querySelector('h1')), /Delete this update\?/);
  assert.ok(ask.doc.querySelector(`form[action="/admin/articles/${id}/updates/${ids[1]}"] input[name=action][value=delete]`));
  assert.equal(sqlNumber(site.db, `select count(*) from live_updates where article_id = ${id}`), 2, 'asking deletes nothing');
  r = await editor.post(`/admin/articles/${id}/updates/${ids[1]}`, { action: 'delete' });
  assert.match(r.location, /notice=live-deleted/);
  assert.deepEqual(shownUpdates((await pub('/en/politics/summit-day')).doc).map(u => u.id), [ids[0]]);
  // Ending the coverage.
  r = await editor.post(`/admin/articles/${id}/live`, { action: 'end' });
  assert.match(r.location, /notice=live-ended/);
  site_ = await pub('/en/politics/summit-day');
  assert.equal(site_.doc.querySelector('[data-live-open]'), null);
  assert.ok(site_.doc.querySelector('.live-ended'));
  page = await editor.get(`/admin/articles/${id}`);
  assert.ok(page.doc.querySelector('.nr-live-end input[value=reopen]'));
  // In Russian too.
  const ru = new Client(base);
  await ru.login(EDITOR.email);
  await ru.post('/admin/account', { language: 'ru' });
  page = await ru.get(`/admin/articles/${id}`);
  assert.match(text(page.doc.querySelector('#nr-live-title')), /[А-Яа-я]/);
  await ru.post('/admin/account', { language: 'en' });
});

const { failed } = await run({
  before: async () => {
    purger = http.createServer((req, res) => {
      if (req.method === 'PURGE') purges.push(req.headers['xkey-purge'] || req.headers['surrogate-key'] || '');
      res.end('ok');
    });
    await new Promise(res => purger.listen(0, '127.0.0.1', res));
    site = makeSite({ config: `${defaultConfig}\n[cache]\npurge_url = http://127.0.0.1:${purger.address().port}/\n` });
    editorToken = addToken(site, 'live-editor', 'editor');
    authorToken = addToken(site, 'live-author', 'author');
    adminToken = addToken(site, 'live-admin', 'admin');
    for (const who of [EDITOR, AUTHOR]) {
      const u = addUser(site, who);
      if (u.status !== 0) throw new Error(u.stderr);
    }
    server = await serve(site);
    base = server.base;
    editor = new Client(base);
    await editor.login(EDITOR.email);
    author = new Client(base);
    await author.login(AUTHOR.email);
  },
  after: async () => {
    const stopped = await server.stop();
    purger.close();
    const errs = sanitizerErrors(stopped.stderr);
    site.remove();
    if (stopped.code !== 0 || errs.length) throw new Error(`server exit ${stopped.code}: ${errs.join(' | ') || stopped.stderr.slice(-500)}`);
  },
});
process.exitCode = failed ? 1 : 0;
