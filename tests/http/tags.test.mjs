// HTTP tests of tag pages, /{lang}/tag/{slug}: the tags under a story link
// there; the page lists the edition's visible stories with the tag, newest
// first, 20 a page, whatever the tag's case ("Ferry timetable" and "ferry
// timetable" are one page, named as most stories write it), in any
// alphabet (slugs made as articles' are); never a draft, an embargoed or a
// trashed story, nor another edition's; its RSS and Atom feeds; JSON-LD;
// a renamed tag moves to its new page; hostile tags escaped; on
// PostgreSQL, tags saved before tag pages get their slugs when the store
// opens. Runs against GAZETTE_BIN, on either engine.
import { parse } from 'node-html-parser';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, gazette } from '../lib/server.mjs';
import { addToken, sql, request } from '../lib/newsroom.mjs';
import { engineOf } from '../lib/db.mjs';

suite('tag pages');

let site, server, base, token;
let serial = 0;
const text = el => (el ? el.text.replace(/\s+/g, ' ').trim() : null);
const pub = async pathname => {
  const r = await request(base + pathname);
  r.doc = parse(r.text);
  return r;
};

async function api(method, pathname, json) {
  const headers = { Authorization: `Bearer ${token}` };
  let body;
  if (json !== undefined) { headers['Content-Type'] = 'application/json'; body = JSON.stringify(json); }
  const r = await request(base + pathname, { method, headers, body });
  return { status: r.status, json: r.text ? JSON.parse(r.text) : null };
}

// A story with tags (published now unless told), returned as the API answers.
async function story(tags, fields = {}) {
  serial++;
  const r = await api('POST', '/api/v1/admin/articles', { lang: 'en', category: 'politics', title: `Tagged story ${serial}`,
    slug: `tagged-story-${serial}`, body_markdown: `Body ${serial}.`, status: 'published', tags,
    date: new Date(Date.now() - (1000 - serial) * 60000).toISOString(), ...fields });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
}
const titles = doc => doc.querySelectorAll('main article h2, main article h3, main .card-title, main li h2, main li h3')
  .map(text).filter(Boolean);
const listed = (doc, title) => doc.querySelector('main').text.includes(title);

test('the tags under a story lead to their pages, which list the stories newest first', async () => {
  const a = await story(['Ferry timetable', 'Baku']);
  const b = await story(['ferry timetable']);
  const c = await story(['Ferry timetable']);
  const page = await pub(`/en/politics/${a.slug}`);
  const links = page.doc.querySelectorAll('.tags a').map(x => [text(x), x.getAttribute('href'), x.getAttribute('rel')]);
  assert.deepEqual(links, [['Baku', '/en/tag/baku', 'tag'], ['Ferry timetable', '/en/tag/ferry-timetable', 'tag']]);
  const tag = await pub('/en/tag/ferry-timetable');
  assert.equal(tag.status, 200);
  assert.equal(text(tag.doc.querySelector('main h1')), 'Ferry timetable', 'named as most of its stories write it');
  const main = tag.doc.querySelector('main').toString();
  const at = t => main.indexOf(t);
  assert.ok(at(c.title) >= 0 && at(b.title) > at(c.title) && at(a.title) > at(b.title), 'newest first, every spelling');
  assert.match(tag.doc.querySelector('link[rel=canonical]').getAttribute('href'), /\/en\/tag\/ferry-timetable$/);
  const ld = tag.doc.querySelectorAll('script[type="application/ld+json"]').map(s => JSON.parse(s.text));
  assert.ok(ld.some(x => x['@type'] === 'CollectionPage' && x.name === 'Ferry timetable'));
  const feeds = tag.doc.querySelectorAll('link[rel=alternate]').map(l => l.getAttribute('href'));
  assert.ok(feeds.includes('/en/tag/ferry-timetable/rss.xml') && feeds.includes('/en/tag/ferry-timetable/atom.xml'), feeds.join(' '));
});

test('never a draft, an embargoed, a trashed or another edition\'s story', async () => {
  const visible = await story(['Harbour works']);
  const draft = await story(['Harbour works'], { status: 'draft' });
  const later = await story(['Harbour works'], { date: new Date(Date.now() + 86400000).toISOString() });
  const trashed = await story(['Harbour works']);
  assert.equal((await api('DELETE', `/api/v1/admin/articles/${trashed.id}`)).status, 200);
  const ru = await story(['Harbour works'], { lang: 'ru', title: 'Работы в порту' });
  const page = await pub('/en/tag/harbour-works');
  assert.equal(page.status, 200);
  assert.ok(listed(page.doc, visible.title));
  for (const hidden of [draft, later, trashed, ru]) assert.ok(!listed(page.doc, hidden.title), hidden.title);
  assert.match(text(page.doc.querySelector('main')), /\b1\b/, 'counted: one story');
  assert.equal((await pub('/ru/tag/harbour-works')).status, 200, 'the Russian edition\'s own page');
  // A tag only hidden stories have is no page.
  await story(['Only a draft'], { status: 'draft' });
  assert.equal((await pub('/en/tag/only-a-draft')).status, 404);
  for (const p of ['/en/tag/no-such-tag', '/en/tag/Bad_Slug', '/en/tag/', '/en/tag/a/b', '/xx/tag/baku'])
    assert.equal((await pub(p)).status, 404, p);
});

test('tags in other alphabets make transliterated slugs, as articles\' addresses do', async () => {
  const s = await story(['Xəzər dənizi'], { title: 'Xəzər hekayəsi' });
  const ru = await story(['Паромы'], { lang: 'ru', title: 'О паромах' });
  const az = await pub(`/en/politics/${s.slug}`);
  const href = az.doc.querySelector('.tags a').getAttribute('href');
  assert.equal(href, '/en/tag/xezer-denizi');
  const page = await pub(href);
  assert.equal(page.status, 200);
  assert.equal(text(page.doc.querySelector('main h1')), 'Xəzər dənizi');
  const ruHref = (await pub(`/ru/politics/${ru.slug}`)).doc.querySelector('.tags a').getAttribute('href');
  assert.match(ruHref, /^\/ru\/tag\/[a-z0-9-]+$/);
  assert.ok(listed((await pub(ruHref)).doc, 'О паромах'));
});

test('20 stories a page, then ?page=2; the endless feed\'s fragment ends empty', async () => {
  for (let i = 0; i < 23; i++) await story(['Long list']);
  const first = await pub('/en/tag/long-list');
  const next = first.doc.querySelector('a[rel=next]');
  assert.ok(next, 'a next link');
  const second = await pub(new URL(next.getAttribute('href'), base).pathname + new URL(next.getAttribute('href'), base).search);
  assert.equal(second.status, 200);
  const count = doc => doc.querySelectorAll('main a[href^="/en/politics/tagged-story-"]').map(a => a.getAttribute('href'))
    .filter((h, i, all) => all.indexOf(h) === i).length;
  assert.equal(count(first.doc), 20);
  assert.equal(count(second.doc), 3);
  assert.equal((await pub('/en/tag/long-list?page=9')).status, 404);
});

test('the tag\'s feeds: RSS and Atom with its stories, named for it', async () => {
  const rss = await pub('/en/tag/ferry-timetable/rss.xml');
  assert.equal(rss.status, 200);
  assert.match(rss.headers['content-type'], /rss\+xml/);
  assert.match(rss.text, /<title>Ferry timetable — /);
  assert.equal((rss.text.match(/<item>/g) || []).length, 3);
  assert.match(rss.text, /<link>[^<]*\/en\/tag\/ferry-timetable<\/link>/);
  const atom = await pub('/en/tag/ferry-timetable/atom.xml');
  assert.equal(atom.status, 200);
  assert.equal((atom.text.match(/<entry>/g) || []).length, 3);
  assert.equal((await pub('/en/tag/no-such-tag/rss.xml')).status, 404);
});

test('a renamed tag moves to its new page', async () => {
  await story(['Old name']);
  assert.equal((await pub('/en/tag/old-name')).status, 200);
  const r = await api('PATCH', '/api/v1/admin/tags/Old%20name', { name: 'New name' });
  assert.equal(r.status, 200, JSON.stringify(r.json));
  assert.equal((await pub('/en/tag/old-name')).status, 404);
  const moved = await pub('/en/tag/new-name');
  assert.equal(moved.status, 200);
  assert.equal(text(moved.doc.querySelector('main h1')), 'New name');
});

test('hostile tags are escaped on the story and on the tag page', async () => {
  const s = await story(['<script>alert(1)</script> tag']);
  const page = await pub(`/en/politics/${s.slug}`);
  assert.doesNotMatch(page.text, /<script>alert/);
  const href = page.doc.querySelector('.tags a').getAttribute('href');
  assert.equal(href, '/en/tag/script-alert-1-script-tag');
  const tag = await pub(href);
  assert.equal(tag.status, 200);
  assert.doesNotMatch(tag.text, /<script>alert/);
  assert.equal(text(tag.doc.querySelector('main h1')), '<script>alert(1)</script> tag');
});

test('tags saved before tag pages get their slugs: SQLite in its migration, PostgreSQL when the store opens', async () => {
  const s = await story(['Legacy tag']);
  sql(site.db, `update article_tags set tag_slug = null where article_id = ${s.id}`);
  if (engineOf(site) === 'postgresql') {
    // Any command that opens the store fills them.
    const r = gazette(['reindex', '--db', site.db, '--config', site.ini]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(sql(site.db, `select tag_slug from article_tags where article_id = ${s.id}`), 'legacy-tag');
  } else {
    // The migration's own fill: made again by hand as it ran.
    sql(site.db, `update article_tags set tag_slug = 'legacy-tag' where article_id = ${s.id}`);
  }
  assert.equal((await pub('/en/tag/legacy-tag')).status, 200);
});

const { failed } = await run({
  before: async () => {
    site = makeSite();
    token = addToken(site, 'tags-editor', 'editor');
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
