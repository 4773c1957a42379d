// HTTP tests of several authors per article and their profiles: the
// editor's Authors field without script (one a line), bylines joined in
// each edition's language with a link per author, author pages with the
// profile and every co-authored story, feeds naming every author, JSON-LD
// (a Person per author, ProfilePage), the Authors page's permissions, the
// Admin API's authors (checked against the OpenAPI document), revisions,
// the change log's author pages, and hostile profiles refused or escaped.
// Runs against GAZETTE_BIN, on either engine.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { suite, test as harnessTest, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, fixtures } from '../lib/server.mjs';
import { Client, addUser, addToken, sql, request, idFrom, editorForm } from '../lib/newsroom.mjs';
import { operationOf, validate } from '../lib/openapi.mjs';

suite('authors');

let site, server, base;
let admin, editor, author, other, editorToken, authorToken;
const ADMIN = { email: 'ada@example.com', name: 'Ada Admin', role: 'admin' };
const EDITOR = { email: 'eda@example.com', name: 'Eda Editor', role: 'editor' };
const AUTHOR = { email: 'aria@example.com', name: 'Aria Author', role: 'author' };
const OTHER = { email: 'otto@example.com', name: 'Otto Other', role: 'author' };
const PHOTO = readFileSync(path.join(fixtures, 'images', 'photo.jpg'));
const test = harnessTest;

const text = el => (el ? el.text.replace(/\s+/g, ' ').trim() : null);
const pub = async pathname => {
  const r = await request(base + pathname);
  r.doc = parse(r.text);
  return r;
};
let serial = 0;

// Publishes an article through the editor's form (no script: authors one
// a line); returns {id, path}.
async function publish(c, authors, fields = {}) {
  serial++;
  const title = fields.title || `Co-written story ${serial}`;
  const r = await c.post('/admin/articles', { lang: 'en', category: 'politics', title, body_markdown: `Body ${serial}.`,
    authors, action: 'publish', ...fields });
  assert.equal(r.status, 303, `publish: ${r.status} ${text(r.doc?.querySelector('.nr-error')) || r.text.slice(0, 300)}`);
  const id = idFrom(r.location);
  const [lang, cat, slug] = sql(site.db, `select a.lang || ' ' || c.slug || ' ' || a.slug from articles a join categories c on c.id = a.category_id where a.id = ${id}`).split(' ');
  return { id, path: `/${lang}/${cat}/${slug}` };
}

// The JSON-LD blocks of a page, each parsed (a block that is not JSON fails).
const jsonLd = doc => doc.querySelectorAll('script[type="application/ld+json"]').map(s => JSON.parse(s.text));

// One Admin API call, checked against the document.
async function api(method, pathname, { token = editorToken, json } = {}) {
  const headers = { Authorization: `Bearer ${token}` };
  let body;
  if (json !== undefined) {
    body = JSON.stringify(json);
    headers['Content-Type'] = 'application/json';
  }
  const r = await request(base + pathname, { method, headers, body });
  r.json = JSON.parse(r.text);
  const p = new URL(base + pathname).pathname;
  if (operationOf(method, p)) validate(method, p, r.status, r.json);
  return r;
}

test('the editor form without script: authors one a line, saved in order, the byline joined and each name linked', async () => {
  const { id, path: at } = await publish(editor, 'Eda Editor\nOzan Reporter');
  const page = await pub(at);
  assert.equal(page.status, 200);
  const byline = page.doc.querySelector('.byline');
  assert.equal(text(byline), 'Eda Editor and Ozan Reporter');
  const links = byline.querySelectorAll('a').map(a => [a.text, a.getAttribute('href'), a.getAttribute('rel')]);
  assert.deepEqual(links, [['Eda Editor', '/en/author/eda-editor', 'author'], ['Ozan Reporter', '/en/author/ozan-reporter', 'author']]);
  assert.equal(sql(site.db, `select author_slug from article_authors where article_id = ${id} order by position`).split('\n').join(' '),
    'eda-editor ozan-reporter');
  // The form shows them again, in order, for the next save; three, with commas.
  const form = await editor.get(`/admin/articles/${id}`);
  assert.equal(editorForm(form.doc).authors, 'Eda Editor\nOzan Reporter');
  assert.ok(form.doc.querySelector('datalist#author-names option[value="Ozan Reporter"]'), 'the profiles to choose from');
  const three = await editor.post(`/admin/articles/${id}`, { ...editorForm(form.doc), authors: 'Ozan Reporter, Lale Writer, Eda Editor', action: 'save' });
  assert.equal(three.status, 303, three.text.slice(0, 300));
  assert.equal(text((await pub(at)).doc.querySelector('.byline')), 'Ozan Reporter, Lale Writer and Eda Editor');
});

test('bylines join in the edition\'s language: "и" in Russian (Azerbaijani\'s "və": tests/unit)', async () => {
  const ru = await publish(editor, 'Ivan Petrov\nOlga Smirnova', { lang: 'ru' });
  const page = await pub(ru.path);
  assert.equal(text(page.doc.querySelector('.byline')), 'Ivan Petrov и Olga Smirnova');
  assert.equal(text(page.doc.querySelector('.byline a[href="/ru/author/olga-smirnova"]')), 'Olga Smirnova');
  assert.equal((await pub('/ru/author/olga-smirnova')).status, 200);
});

test('bad authors are refused with a clear message and change nothing', async () => {
  const before = sql(site.db, 'select count(*) from articles');
  const eleven = Array.from({ length: 11 }, (_, i) => `Writer Number ${i}`).join('\n');
  for (const [authors, message] of [[eleven, /at most 10 authors/], ['Ozan Reporter\nozan reporter', /listed twice/], ['!!!', /makes no address/]]) {
    const r = await editor.post('/admin/articles', { lang: 'en', category: 'politics', title: 'Refused authors', authors, action: 'save' });
    assert.equal(r.status, 400, `${authors.slice(0, 20)}: ${r.status}`);
    assert.match(text(r.doc.querySelector('.nr-error')), message);
  }
  assert.equal(sql(site.db, 'select count(*) from articles'), before, 'nothing saved');
});

test('an author page shows the profile, then every story the person wrote alone or with others, newest first, and its feeds', async () => {
  const solo = await publish(editor, 'Mira Columnist', { date: '2026-01-02T10:00' });
  const shared = await publish(editor, 'Eda Editor\nMira Columnist', { date: '2026-01-03T10:00' });
  const upload = await editor.postMultipart('/admin/library', {}, [{ name: 'file', filename: 'mira.jpg', type: 'image/jpeg', data: PHOTO }]);
  assert.ok(upload.status === 201 || upload.status === 200, upload.text);
  const photo = JSON.parse(upload.text).image.id;
  const form = await editor.get('/admin/authors/mira-columnist');
  assert.equal(form.status, 200);
  const saved = await editor.post('/admin/authors/mira-columnist', { name: 'Mira Columnist', bio: 'Writes on cities.\nAnd trains.',
    photo_id: photo, website: 'https://mira.example.com/', twitter: 'https://x.com/mira', facebook: '', telegram: 'https://t.me/mira',
    email: 'mira@example.com', user_id: '0' });
  assert.equal(saved.status, 303, saved.text.slice(0, 300));
  const page = await pub('/en/author/mira-columnist');
  assert.equal(page.status, 200);
  assert.equal(text(page.doc.querySelector('h1')), 'Mira Columnist');
  const img = page.doc.querySelector('.author-profile img');
  assert.equal(img.getAttribute('alt'), 'Mira Columnist');
  assert.match(img.getAttribute('src'), /^\/media\/[0-9a-f]{32}-\d+\.jpg$/);
  assert.match(text(page.doc.querySelector('.author-bio')), /Writes on cities\. And trains\./);
  const links = page.doc.querySelectorAll('.author-links a').map(a => [a.getAttribute('href'), a.getAttribute('rel'), a.getAttribute('aria-label')]);
  assert.deepEqual(links, [
    ['https://mira.example.com/', 'me noopener', 'Mira Columnist: Website'], ['https://x.com/mira', 'me noopener', 'Mira Columnist: X'],
    ['https://t.me/mira', 'me noopener', 'Mira Columnist: Telegram'], ['mailto:mira@example.com', 'me noopener', 'Mira Columnist: E-mail']]);
  const stories = page.doc.querySelectorAll('.feed a[href^="/en/politics/"]').map(a => a.getAttribute('href'));
  const order = [...new Set(stories)];
  assert.deepEqual(order.filter(h => h === shared.path || h === solo.path), [shared.path, solo.path], 'the shared story too, newest first');
  assert.ok(page.doc.querySelector('link[rel=alternate][href="/en/author/mira-columnist/rss.xml"]'), 'its feed in the head');
  // ProfilePage JSON-LD with the Person.
  const profile = jsonLd(page.doc).find(o => o['@type'] === 'ProfilePage');
  assert.equal(profile.mainEntity['@type'], 'Person');
  assert.equal(profile.mainEntity.name, 'Mira Columnist');
  assert.match(profile.mainEntity.url, /^https?:\/\/[^/]+\/en\/author\/mira-columnist$/);
  assert.match(profile.mainEntity.image, /\/media\/[0-9a-f]{32}-\d+\.jpg$/);
  assert.deepEqual(profile.mainEntity.sameAs, ['https://mira.example.com/', 'https://x.com/mira', 'https://t.me/mira']);
  // The article's JSON-LD: an array of Persons, in order, with their pages.
  const article = jsonLd((await pub(shared.path)).doc).find(o => o['@type'] === 'NewsArticle');
  assert.ok(Array.isArray(article.author), 'author is an array');
  assert.deepEqual(article.author.map(p => [p['@type'], p.name, new URL(p.url).pathname]),
    [['Person', 'Eda Editor', '/en/author/eda-editor'], ['Person', 'Mira Columnist', '/en/author/mira-columnist']]);
  assert.ok(!('image' in article.author[0]) && !('sameAs' in article.author[0]), 'nothing unset');
  assert.match(article.author[1].image, /\.jpg$/);
  assert.equal(article.author[1].sameAs.length, 3);
  // The author's own feeds list the shared story with both authors.
  const rss = await pub('/en/author/mira-columnist/rss.xml');
  assert.equal(rss.status, 200);
  assert.match(rss.headers['content-type'], /rss\+xml/);
  const item = rss.text.split('<item>').find(i => i.includes(shared.path));
  assert.deepEqual([...item.matchAll(/<dc:creator>([^<]*)<\/dc:creator>/g)].map(m => m[1]), ['Eda Editor', 'Mira Columnist']);
  assert.ok(rss.text.includes(solo.path), 'the solo story too');
  const atom = await pub('/en/author/mira-columnist/atom.xml');
  const entry = atom.text.split('<entry>').find(e => e.includes(shared.path));
  assert.deepEqual([...entry.matchAll(/<author>\s*<name>([^<]*)<\/name>\s*<\/author>/g)].map(m => m[1]), ['Eda Editor', 'Mira Columnist']);
  assert.equal((await pub('/en/author/nobody-at-all/rss.xml')).status, 404);
});

test('the edition\'s feeds name every author of a story: a dc:creator and an Atom author each', async () => {
  const shared = await publish(editor, 'Eda Editor\nOzan Reporter\nLale Writer', { title: 'Three hands story' });
  const rss = await pub('/en/rss.xml');
  const item = rss.text.split('<item>').find(i => i.includes(shared.path));
  assert.deepEqual([...item.matchAll(/<dc:creator>([^<]*)<\/dc:creator>/g)].map(m => m[1]), ['Eda Editor', 'Ozan Reporter', 'Lale Writer']);
  const atom = await pub('/en/atom.xml');
  const entry = atom.text.split('<entry>').find(e => e.includes(shared.path));
  assert.equal([...entry.matchAll(/<author>/g)].length, 3);
});

test('the change log names every author page a story is on, when it changes and when an author is taken off', async () => {
  const { id } = await publish(editor, 'Eda Editor\nOzan Reporter\nLale Writer');
  const from = Number(sql(site.db, 'select coalesce(max(id), 0) from content_log'));
  const form = await editor.get(`/admin/articles/${id}`);
  const r = await editor.post(`/admin/articles/${id}`, { ...editorForm(form.doc), title: 'Retitled three hands', authors: 'Eda Editor\nOzan Reporter', action: 'save' });
  assert.equal(r.status, 303);
  const slugs = new Set(sql(site.db, `select author_slug from content_log where id > ${from} and article_id = ${id}`).split('\n'));
  for (const who of ['eda-editor', 'ozan-reporter', 'lale-writer'])
    assert.ok(slugs.has(who), `${who}'s page is purged (got ${[...slugs].join(', ')})`);
});

test('an author edits their own profile only; the profile is made on their first visit', async () => {
  const list = await author.get('/admin/authors');
  assert.equal(list.status, 200);
  const mine = list.doc.querySelector('a[href="/admin/authors/aria-author"]');
  assert.ok(mine, 'their own profile is made and linked');
  assert.equal(sql(site.db, "select count(*) from authors a join users u on u.id = a.user_id where a.slug = 'aria-author' and u.email = 'aria@example.com'"), '1');
  const own = await author.post('/admin/authors/aria-author', { name: 'Aria Author', bio: 'My own words.' });
  assert.equal(own.status, 303, own.text.slice(0, 300));
  assert.equal(sql(site.db, "select bio from authors where slug = 'aria-author'"), 'My own words.');
  // Another's: refused, read or written; nothing changes.
  await other.get('/admin/authors');
  const before = sql(site.db, "select name || '|' || bio from authors where slug = 'aria-author'");
  assert.equal((await other.get('/admin/authors/aria-author')).status, 403);
  assert.equal((await other.post('/admin/authors/aria-author', { name: 'Hijacked', bio: 'Not yours' })).status, 403);
  assert.equal((await author.post('/admin/authors/eda-editor', { name: 'Hijacked' })).status, 403);
  assert.equal(sql(site.db, "select name || '|' || bio from authors where slug = 'aria-author'"), before);
  // An author may not re-link their profile to someone else (the field is ignored).
  await author.post('/admin/authors/aria-author', { name: 'Aria Author', user_id: '1' });
  assert.equal(sql(site.db, "select count(*) from authors a join users u on u.id = a.user_id where a.slug = 'aria-author' and u.email = 'aria@example.com'"), '1');
  // Editors and admins edit any.
  assert.equal((await admin.get('/admin/authors/aria-author')).status, 200);
  assert.ok(editor.get && (await editor.get('/admin/authors')).doc.querySelector('a[href="/admin/authors/aria-author"]'));
});

test('hostile profiles: a bio with markup shows as text; script, http and quoted links and bad e-mail are refused, changing nothing', async () => {
  await publish(editor, 'Hostile Writer');
  const hostile = '<script>alert(1)</script><img src=x onerror=alert(2)> & "quotes"';
  const ok = await editor.post('/admin/authors/hostile-writer', { name: 'Hostile Writer', bio: hostile });
  assert.equal(ok.status, 303);
  const page = await pub('/en/author/hostile-writer');
  assert.ok(!page.text.includes('<script>alert(1)'), 'no script from the bio');
  assert.ok(!page.text.includes('<img src=x'), 'no element from the bio');
  assert.ok(page.text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'shown as text');
  const json = jsonLd(page.doc).find(o => o['@type'] === 'ProfilePage');
  assert.equal(json.mainEntity.description, hostile, 'the JSON-LD holds it as data, parsed fine');
  assert.ok(!/<\/script>alert/i.test(page.text.split('application/ld+json')[1] || ''), 'JSON-LD cannot close its element');
  const before = sql(site.db, "select bio || website || email from authors where slug = 'hostile-writer'");
  for (const [field, value] of [['website', 'javascript:alert(1)'], ['website', 'http://plain.example.com/'],
    ['twitter', 'https://x.com/"onmouseover="alert(1)'], ['telegram', 'https://t.me/a b'], ['email', 'not an address'],
    ['email', 'a@b'], ['bio', 'x'.repeat(601)], ['name', ''], ['photo_id', '999999']]) {
    const r = await editor.post('/admin/authors/hostile-writer', { name: 'Hostile Writer', bio: hostile, [field]: value });
    assert.equal(r.status, 400, `${field}=${value.slice(0, 30)}: ${r.status}`);
    assert.ok(text(r.doc.querySelector('.nr-error')).length > 10, 'a message');
  }
  assert.equal(sql(site.db, "select bio || website || email from authors where slug = 'hostile-writer'"), before, 'nothing changed');
});

test('revisions keep the authors, and the compare view shows an Authors change as names', async () => {
  const { id } = await publish(editor, 'Eda Editor');
  const form = await editor.get(`/admin/articles/${id}`);
  await editor.post(`/admin/articles/${id}`, { ...editorForm(form.doc), authors: 'Eda Editor\nOzan Reporter', action: 'save' });
  const snapshot = JSON.parse(sql(site.db, `select snapshot from revisions where article_id = ${id} order by id desc limit 1`));
  assert.deepEqual(snapshot.authors, [{ name: 'Eda Editor', slug: 'eda-editor' }, { name: 'Ozan Reporter', slug: 'ozan-reporter' }]);
  const revs = sql(site.db, `select id from revisions where article_id = ${id} order by id`).split('\n');
  const page = await editor.get(`/admin/articles/${id}/revisions?a=${revs[0]}&b=${revs[revs.length - 1]}`);
  const rows = page.doc.querySelectorAll('table tr').map(tr => tr.querySelectorAll('td, th').map(text));
  const authors = rows.find(r => r[0] === 'Authors');
  assert.ok(authors, `an Authors row (${JSON.stringify(rows)})`);
  assert.deepEqual(authors.slice(1), ['Eda Editor', 'Eda Editor, Ozan Reporter']);
});

test('the Admin API: articles take and give ordered authors (author alone still works), and the public API lists them', async () => {
  const made = await api('POST', '/api/v1/admin/articles', { json: { title: 'API duo story', category: 'politics', lang: 'en',
    status: 'published', body_markdown: 'Text.', authors: [{ name: 'Ozan Reporter' }, { name: 'Api Newcomer', slug: 'api-newcomer' }] } });
  assert.equal(made.status, 201, made.text);
  assert.deepEqual(made.json.authors, [{ name: 'Ozan Reporter', slug: 'ozan-reporter' }, { name: 'Api Newcomer', slug: 'api-newcomer' }]);
  assert.equal(made.json.author, 'Ozan Reporter and Api Newcomer');
  const publicOne = await request(`${base}/api/v1/en/articles/${made.json.id}`);
  const body = JSON.parse(publicOne.text);
  validate('GET', `/api/v1/en/articles/${made.json.id}`, publicOne.status, body);
  assert.deepEqual(body.authors.map(a => [a.name, new URL(a.url).pathname]), [['Ozan Reporter', '/en/author/ozan-reporter'], ['Api Newcomer', '/en/author/api-newcomer']]);
  const listed = JSON.parse((await request(`${base}/api/v1/en/articles?limit=5`)).text);
  assert.ok(listed.articles.find(i => i.id === made.json.id).authors.length === 2, 'lists name them too');
  const single = await api('PATCH', `/api/v1/admin/articles/${made.json.id}`, { json: { author: 'Solo Byline' } });
  assert.equal(single.status, 200, single.text);
  assert.deepEqual(single.json.authors, [{ name: 'Solo Byline', slug: 'solo-byline' }]);
  for (const bad of [[], Array.from({ length: 11 }, (_, i) => ({ name: `N ${i}` })), [{ slug: 'x' }], ['Name'], [{ name: 'A', extra: 1 }]]) {
    const r = await api('PATCH', `/api/v1/admin/articles/${made.json.id}`, { json: { authors: bad } });
    assert.equal(r.status, 400, JSON.stringify(bad).slice(0, 40));
    assert.equal(r.json.field, 'authors');
  }
});

test('the Admin API\'s profiles: list by cursor, get, create, patch; checked, and an author\'s token edits none', async () => {
  const made = await api('POST', '/api/v1/admin/authors', { json: { name: 'Zed Profile', bio: 'From the API.', website: 'https://zed.example.org/a?b=c' } });
  assert.equal(made.status, 201, made.text);
  assert.equal(made.json.slug, 'zed-profile');
  assert.equal((await api('POST', '/api/v1/admin/authors', { json: { name: 'Zed Profile' } })).status, 409);
  const got = await api('GET', '/api/v1/admin/authors/zed-profile');
  assert.equal(got.json.bio, 'From the API.');
  const changed = await api('PATCH', '/api/v1/admin/authors/zed-profile', { json: { telegram: 'https://t.me/zed', bio: 'Changed.' } });
  assert.equal(changed.status, 200, changed.text);
  assert.equal(changed.json.telegram, 'https://t.me/zed');
  assert.equal(changed.json.website, 'https://zed.example.org/a?b=c', 'the rest stays');
  const refused = await api('PATCH', '/api/v1/admin/authors/zed-profile', { json: { website: 'http://zed.example.org/' } });
  assert.equal(refused.status, 400);
  assert.equal(refused.json.field, 'website');
  assert.equal((await api('PATCH', '/api/v1/admin/authors/zed-profile', { json: { slug: 'other' } })).json.field, 'slug');
  assert.equal((await api('PATCH', '/api/v1/admin/authors/zed-profile', { token: authorToken, json: { bio: 'Mine now' } })).status, 403);
  assert.equal((await api('POST', '/api/v1/admin/authors', { token: authorToken, json: { name: 'Token Made' } })).status, 403);
  assert.equal((await api('GET', '/api/v1/admin/authors/zed-profile')).json.bio, 'Changed.');
  assert.equal((await api('GET', '/api/v1/admin/authors/no-such-one')).status, 404);
  // Every page by cursor: each profile once, in slug order.
  const all = [];
  let cursor = null, pages = 0;
  do {
    const r = await api('GET', `/api/v1/admin/authors?limit=2${cursor ? '&cursor=' + encodeURIComponent(cursor) : ''}`);
    assert.equal(r.status, 200, r.text);
    all.push(...r.json.items.map(i => i.slug));
    cursor = r.json.next_cursor;
    assert.ok(++pages < 200);
  } while (cursor);
  assert.deepEqual(all, [...all].sort(), 'in slug order');
  assert.equal(new Set(all).size, all.length, 'none twice');
  assert.equal(all.length, Number(sql(site.db, 'select count(*) from authors')));
  assert.equal((await api('GET', '/api/v1/admin/authors?limit=0')).status, 400);
  assert.equal((await api('GET', '/api/v1/admin/authors?cursor=%3Cx%3E')).status, 400);
});

test('every byline in use has a profile and its article that one author (what the migration and saves keep)', async () => {
  const missing = sql(site.db, "select count(*) from articles a where a.author_slug <> '' and not exists (select 1 from article_authors aa where aa.article_id = a.id and aa.position = 0 and aa.author_slug = a.author_slug)");
  assert.equal(missing, '0');
  const orphans = sql(site.db, 'select count(*) from article_authors aa where not exists (select 1 from authors p where p.slug = aa.author_slug)');
  assert.equal(orphans, '0');
});

const { failed } = await run({
  before: async () => {
    site = makeSite();
    for (const u of [ADMIN, EDITOR, AUTHOR, OTHER]) {
      const r = addUser(site, u);
      if (r.status !== 0) throw new Error(r.stderr);
    }
    editorToken = addToken(site, 'authors-editor', 'editor');
    authorToken = addToken(site, 'authors-author', 'author');
    server = await serve(site);
    base = server.base;
    for (const [who, set] of [[ADMIN, c => (admin = c)], [EDITOR, c => (editor = c)], [AUTHOR, c => (author = c)], [OTHER, c => (other = c)]]) {
      const c = new Client(base);
      await c.login(who.email);
      set(c);
    }
  },
  after: async () => {
    const stopped = await server.stop();
    const errs = sanitizerErrors(stopped.stderr);
    site.remove();
    if (stopped.code !== 0 || errs.length) throw new Error(`server exit ${stopped.code}: ${errs.join(' | ') || stopped.stderr.slice(-500)}`);
  },
});
process.exitCode = failed ? 1 : 0;
