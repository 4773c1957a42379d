// HTTP tests of breaking news: an editor marks a published story in the
// newsroom (a label, for how long) or through the Admin API's PATCH
// ("breaking": {label, until} / null); while it lasts every page of its
// edition shows the banner (and no other edition's), /api/v1/{lang}/breaking
// gives it to the apps (checked against the OpenAPI document); no cache
// keeps a page past its end, and the page cache lets it go at its end with
// no write; unpublishing the story takes it away at once; authors, drafts
// and bad values are refused, changing nothing; every change is audited.
// Runs against GAZETTE_BIN, on either engine.
import { parse } from 'node-html-parser';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors } from '../lib/server.mjs';
import { Client, addUser, addToken, sql, request, sleep } from '../lib/newsroom.mjs';
import { operationOf, validate } from '../lib/openapi.mjs';

suite('breaking news');
let site, server, base, editor, editorToken, authorToken;
const EDITOR = { email: 'eda@example.com', name: 'Eda Editor', role: 'editor' };
let serial = 0;
const text = el => (el ? el.text.replace(/\s+/g, ' ').trim() : null);
const pub = async pathname => {
  const r = await request(base + pathname);
  r.doc = parse(r.text);
  return r;
};
const banner = doc => {
  const b = doc.querySelector('.breaking');
  return b ? { label: text(b.querySelector('.breaking-label')), title: text(b.querySelector('.breaking-link')),
    href: b.querySelector('.breaking-link').getAttribute('href'), id: b.getAttribute('data-breaking') } : null;
};

async function api(method, pathname, json, token = editorToken) {
  const headers = { Authorization: `Bearer ${token}` };
  let body;
  if (json !== undefined) { headers['Content-Type'] = 'application/json'; body = JSON.stringify(json); }
  const r = await request(base + pathname, { method, headers, body });
  const parsed = r.text ? JSON.parse(r.text) : null;
  const p = new URL(base + pathname).pathname;
  if (operationOf(method, p)) validate(method, p, r.status, parsed);
  return { status: r.status, json: parsed, headers: r.headers };
}

async function story(fields = {}) {
  serial++;
  const r = await api('POST', '/api/v1/admin/articles', { lang: 'en', category: 'politics', title: `Urgent story ${serial}`,
    slug: `urgent-story-${serial}`, body_markdown: 'What happened.', status: 'published', ...fields });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
}
const breakingApi = async lang => {
  const r = await request(`${base}/api/v1/${lang}/breaking`);
  const json = JSON.parse(r.text);
  validate('GET', `/api/v1/${lang}/breaking`, r.status, json);
  return { ...r, json };
};
const iso = ms => new Date(ms).toISOString().replace(/\.\d+Z$/, 'Z');

test('an editor marks a story in the newsroom: the banner is on every page of its edition, and only there', async () => {
  const s = await story();
  const form = await editor.get(`/admin/articles/${s.id}`);
  const section = form.doc.querySelector('.nr-breaking form');
  assert.ok(section, 'the form for a published story');
  const r = await editor.post(`/admin/articles/${s.id}/breaking`, { action: 'start', label: 'Live', minutes: '120' });
  assert.equal(r.status, 303, r.text.slice(0, 200));
  assert.match(r.location, /notice=breaking-started/);
  for (const p of ['/en/', '/en/politics/', `/en/politics/${s.slug}`, '/en/search?q=bridge', '/en/author/nobody-at-all']) {
    const page = await pub(p);
    assert.deepEqual(banner(page.doc), { label: 'Live', title: s.title, href: `/en/politics/${s.slug}`, id: String(s.id) }, p);
    assert.ok(page.doc.querySelector(`meta[name=gazette-breaking][content="${s.id}"]`), 'named for the boot script');
  }
  assert.equal(banner((await pub('/ru/')).doc), null, 'not in another edition');
  const apps = await breakingApi('en');
  assert.equal(apps.json.breaking.id, s.id);
  assert.equal(apps.json.breaking.label, 'Live');
  assert.match(apps.json.breaking.url, new RegExp(`/en/politics/${s.slug}$`));
  assert.equal((await breakingApi('ru')).json.breaking, null);
  const shown = await editor.get(`/admin/articles/${s.id}`);
  assert.match(text(shown.doc.querySelector('.nr-breaking')), /The banner is on every page/);
  assert.equal(sql(site.db, `select action from audit_log where article_id = ${s.id} order by id desc limit 1`), 'breaking');
  // Ending it now.
  const end = await editor.post(`/admin/articles/${s.id}/breaking`, { action: 'end' });
  assert.equal(end.status, 303);
  assert.equal(banner((await pub('/en/politics/')).doc), null);
  assert.equal((await breakingApi('en')).json.breaking, null);
});

test('the Admin API: PATCH "breaking" starts, changes and ends it; the article says so; the newest story wins', async () => {
  const a = await story(), b = await story();
  let r = await api('PATCH', `/api/v1/admin/articles/${a.id}`, { breaking: { label: 'Election night' } });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.breaking.label, 'Election night');
  const until = Date.parse(r.json.breaking.until);
  assert.ok(Math.abs(until - (Date.now() + 2 * 3600e3)) < 120e3, 'two hours unless told');
  assert.equal(banner((await pub('/en/')).doc).title, a.title);
  r = await api('PATCH', `/api/v1/admin/articles/${b.id}`, { breaking: { until: iso(Date.now() + 3600e3) }, subtitle: 'Changed with it.' });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal(r.json.subtitle, 'Changed with it.');
  const shown = banner((await pub('/en/')).doc);
  assert.equal(shown.title, b.title, 'the newest breaking story');
  assert.equal(shown.label, 'Breaking news', 'the edition\'s own words without a label');
  assert.equal((await api('GET', `/api/v1/admin/articles/${a.id}`)).json.breaking.label, 'Election night');
  for (const id of [a.id, b.id]) {
    r = await api('PATCH', `/api/v1/admin/articles/${id}`, { breaking: null });
    assert.equal(r.status, 200);
    assert.equal(r.json.breaking, null);
  }
  assert.equal(banner((await pub('/en/')).doc), null);
});

test('the apps\' answer: filed under the story and the edition for purges, and reading it counts no view of the story', async () => {
  const s = await story();
  assert.equal((await api('PATCH', `/api/v1/admin/articles/${s.id}`, { breaking: { label: 'Counting' } })).status, 200);
  const views = async () => JSON.parse((await request(`${base}/api/v1/en/articles/${s.id}/views`)).text).views;
  const before = await views();
  let r;
  for (let i = 0; i < 4; i++) r = await breakingApi('en'); /* the first fills the page cache, the rest are hits */
  assert.equal(r.json.breaking.id, s.id);
  const keys = (r.headers['xkey'] || '').split(' ');
  for (const k of ['site', 'api', 'ed-en', `a${s.id}`]) assert.ok(keys.includes(k), `${k} in "${r.headers['xkey']}"`);
  assert.equal(await views(), before, 'the banner\'s answer is not a view of the story');
  assert.equal((await api('PATCH', `/api/v1/admin/articles/${s.id}`, { breaking: null })).status, 200);
});

test('refused, changing nothing: an author\'s token, a draft, bad labels and ends, on create', async () => {
  const s = await story();
  const draft = await story({ status: 'draft' });
  const before = sql(site.db, 'select count(*) from audit_log');
  const cases = [
    [s.id, { breaking: { label: 'x' } }, 403, authorToken],
    [draft.id, { breaking: { label: 'Too early' } }, 409],
    [s.id, { breaking: { label: 'x'.repeat(41) } }, 400],
    [s.id, { breaking: { label: 'Two\nlines' } }, 400],
    [s.id, { breaking: { until: iso(Date.now() - 60e3) } }, 400],
    [s.id, { breaking: { until: iso(Date.now() + 8 * 86400e3) } }, 400],
    [s.id, { breaking: { until: 'tomorrow' } }, 400],
    [s.id, { breaking: { label: 'x', colour: 'red' } }, 400],
    [s.id, { breaking: 'yes' }, 400],
    [999999, { breaking: { label: 'x' } }, 404],
  ];
  for (const [id, body, status, token] of cases) {
    const r = await api('PATCH', `/api/v1/admin/articles/${id}`, body, token);
    assert.equal(r.status, status, `${JSON.stringify(body).slice(0, 60)}: ${JSON.stringify(r.json)}`);
  }
  const created = await api('POST', '/api/v1/admin/articles', { lang: 'en', category: 'politics', title: 'Born breaking',
    body_markdown: 'x', status: 'published', breaking: { label: 'x' } });
  assert.equal(created.status, 400);
  assert.equal(created.json.field, 'breaking');
  assert.equal(sql(site.db, 'select count(*) from audit_log'), before, 'nothing audited');
  assert.equal(sql(site.db, 'select count(*) from articles where breaking_until > 0'), '0', 'nothing marked');
  assert.equal(banner((await pub('/en/')).doc), null);
  // The newsroom's form: an author cannot, a duration not offered is refused.
  for (const minutes of ['7', 'abc', '99999999999999999999', '-30', '']) {
    const bad = await editor.post(`/admin/articles/${s.id}/breaking`, { action: 'start', minutes });
    assert.equal(bad.status, 400, `minutes ${minutes}`);
  }
  const forged = await editor.post(`/admin/articles/${s.id}/breaking`, { action: 'start', minutes: '30' }, { csrf: false });
  assert.equal(forged.status, 403);
  assert.equal(banner((await pub('/en/')).doc), null);
});

test('no cache keeps the banner past its end: short Cache-Control, and the page cache lets go at the end', async () => {
  const s = await story();
  const r = await api('PATCH', `/api/v1/admin/articles/${s.id}`, { breaking: { label: 'Now', until: iso(Date.now() + 4000) } });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const first = await pub('/en/politics/');
  assert.equal(banner(first.doc)?.title, s.title);
  const age = Number(/max-age=(\d+)/.exec(first.headers['cache-control'])[1]);
  assert.ok(age >= 1 && age <= 5, `max-age ${age} while the banner has seconds left`);
  const again = await pub('/en/politics/');
  assert.equal(banner(again.doc)?.title, s.title, 'cached with it');
  assert.match((await request(`${base}/api/v1/en/breaking`)).headers['cache-control'], /max-age=[1-5]\b/);
  await sleep(5500);
  assert.equal(banner((await pub('/en/politics/')).doc), null, 'gone at its end, with no write');
  assert.equal((await breakingApi('en')).json.breaking, null);
});

test('unpublishing or trashing the story takes its banner away at once', async () => {
  const s = await story();
  assert.equal((await api('PATCH', `/api/v1/admin/articles/${s.id}`, { breaking: {} })).status, 200);
  assert.equal(banner((await pub('/en/')).doc)?.title, s.title);
  assert.equal((await api('PATCH', `/api/v1/admin/articles/${s.id}`, { status: 'unpublished' })).status, 200);
  assert.equal(banner((await pub('/en/')).doc), null);
  const t = await story();
  assert.equal((await api('PATCH', `/api/v1/admin/articles/${t.id}`, { breaking: {} })).status, 200);
  assert.equal((await api('DELETE', `/api/v1/admin/articles/${t.id}`)).status, 200);
  assert.equal(banner((await pub('/en/')).doc), null);
  assert.equal((await breakingApi('en')).json.breaking, null);
});

test('hostile labels and titles are escaped in the banner', async () => {
  const s = await story({ title: '<img src=x onerror=alert(1)> Storm' });
  const r = await api('PATCH', `/api/v1/admin/articles/${s.id}`, { breaking: { label: '<script>alert(2)</script>' } });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  const page = await pub('/en/');
  assert.doesNotMatch(page.text, /<script>alert|<img[^>]*onerror/);
  assert.equal(banner(page.doc).label, '<script>alert(2)</script>');
  await api('PATCH', `/api/v1/admin/articles/${s.id}`, { breaking: null });
});

const { failed } = await run({
  before: async () => {
    site = makeSite();
    const u = addUser(site, EDITOR);
    if (u.status !== 0) throw new Error(u.stderr);
    editorToken = addToken(site, 'breaking-editor', 'editor');
    authorToken = addToken(site, 'breaking-author', 'author');
    server = await serve(site);
    base = server.base;
    editor = new Client(base);
    await editor.login(EDITOR.email);
  },
  after: async () => {
    const stopped = await server.stop();
    const errs = sanitizerErrors(stopped.stderr);
    site.remove();
    if (stopped.code !== 0 || errs.length) throw new Error(`server exit ${stopped.code}: ${errs.join(' | ') || stopped.stderr.slice(-500)}`);
  },
});
process.exitCode = failed ? 1 : 0;
