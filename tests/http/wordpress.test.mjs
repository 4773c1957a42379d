// Tests of gazette import-wordpress against the project's own WXR fixtures
// (tests/fixtures/wordpress: a small harbour newspaper written for these
// tests, its uploads folder with one picture): every post state, pages,
// categories with a parent and Yoast's primary one, tags, authors, featured
// and body images from the media folder, shortcodes, titles with markup and
// none, old addresses answering 301, importing again (unchanged, edited
// here, --overwrite), --dry-run, and the hostile files (a DOCTYPE, a feed
// that is not an export, a truncated export). Runs against GAZETTE_BIN, on
// either engine.
import path from 'node:path';
import { parse } from 'node-html-parser';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { gazette, makeSite, serve, fixtures, sanitizerErrors } from '../lib/server.mjs';
import { sql, sqlNumber } from '../lib/db.mjs';
import { addToken, request } from '../lib/newsroom.mjs';

suite('wordpress import');

const dir = path.join(fixtures, 'wordpress');
const EXPORT = path.join(dir, 'harbour-gazette.xml');
const UPLOADS = path.join(dir, 'uploads');
let site, server, base;

function importing(args, s = site) {
  const r = gazette(['import-wordpress', '--db', s.db, '--config', s.ini, ...args]);
  assert.deepEqual(sanitizerErrors(r.stderr), []);
  return r;
}
const summary = out => {
  const m = out.match(/import-wordpress: (\d+) imported, (\d+) updated, (\d+) unchanged, (\d+) skipped, (\d+) warnings, (\d+) failed/);
  assert.ok(m, out);
  const [imported, updated, unchanged, skipped, warnings, failed] = m.slice(1).map(Number);
  return { imported, updated, unchanged, skipped, warnings, failed };
};
const line = (out, id) => out.split('\n').find(l => new RegExp(`^(post|page) ${id} `).test(l)) || '';
const count = q => sqlNumber(site.db, q);
const get = p => request(base + p, { redirect: 'manual' });

test('setup: a site without the demo, and the export imported with its media folder', async () => {
  site = makeSite({ demo: false, imports: [] });
  const r = importing(['--media', UPLOADS, EXPORT]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.deepEqual(summary(r.stdout), { imported: 7, updated: 0, unchanged: 0, skipped: 1, warnings: summary(r.stdout).warnings, failed: 0 });
  assert.match(r.stdout, /left out 1 item of type nav_menu_item/);
  server = await serve(site);
  base = server.base;
});

test('every state: published, scheduled, draft, review; private, password-protected and trashed never public', async () => {
  const r = importing([EXPORT]);
  const states = Object.fromEntries(['41', '42', '43', '44', '46', '47'].map(id => [id, line(r.stdout, id)]));
  assert.match(states['41'], /unchanged \(published\)/);
  assert.match(states['42'], /\(scheduled\)/);
  assert.match(states['43'], /\(draft\)/);
  assert.match(states['44'], /\(draft\)/);
  assert.match(states['46'], /\(in the trash\)/);
  assert.match(states['47'], /\(review\)/);
  assert.equal((await get('/en/harbour/council-approves-harbour-budget')).status, 200);
  for (const p of ['/en/ferries/night-ferries-return', '/en/uncategorized/harbour-master-notes',
    '/en/uncategorized/old-pier-demolished', '/en/uncategorized/pending-the-lighthouse-keeper-retires'])
    assert.equal((await get(p)).status, 404, p);
  assert.equal(count("select count(*) from articles where deleted_at is not null"), 1, 'the trashed post is in the trash');
  assert.equal(count("select count(*) from articles where status = 1 and workflow = 'scheduled'"), 1);
});

test('the published post: its text, not its markup; shortcodes; its pictures from the media folder', async () => {
  const r = await get('/en/harbour/council-approves-harbour-budget');
  const doc = parse(r.text);
  assert.equal(doc.querySelector('h1').text.trim(), 'Council approves the harbour budget', 'the title without its markup');
  const body = doc.querySelector('.article-body');
  assert.doesNotMatch(body.innerHTML, /<script|onerror|onclick|alert\(/i, 'nothing of a script comes through');
  assert.match(body.text, /\[contact-form-7 id=.12. title=.Tips.\]/, 'an unknown shortcode kept as visible text');
  assert.ok(body.querySelector('strong'), 'emphasis');
  assert.doesNotMatch(body.text, /\\/, 'no stray backslash of a line break');
  assert.ok(body.querySelector('h2'), 'a heading');
  const img = body.querySelector('img');
  assert.match(img.getAttribute('src'), /^\/media\/[0-9a-f]{32}-\d+\.jpg$/, 'the body image is the library copy');
  assert.equal(img.getAttribute('alt'), 'A white ferry moored at a wooden pier');
  const lead = doc.querySelector('.lead-image img');
  assert.ok(lead, 'the featured image is the lead image');
  assert.equal(lead.getAttribute('alt'), 'A white ferry moored at a wooden pier');
  assert.equal((await get(img.getAttribute('src'))).status, 200);
  assert.equal(count('select count(*) from media'), 1, 'one picture, stored once');
  assert.equal(count("select count(*) from media where alt = 'A white ferry moored at a wooden pier'"), 1,
    'the library keeps the attachment\'s alt text');
});

test('blocks and shortcodes: block comments dropped, [gallery] and embeds made Gazette\'s', () => {
  const md = sql(site.db, "select b.body_markdown from article_bodies b join articles a on a.id = b.article_id where a.slug = 'night-ferries-return'");
  assert.doesNotMatch(md, /wp:|<!--|\[gallery/);
  assert.match(md, /!\[A white ferry moored at a wooden pier\]\(\/media\/[0-9a-f]{32}-\d+\.jpg "The morning ferry at the north pier"\)/,
    'the gallery\'s picture from the library, with its alt text and caption');
  assert.match(md, /^https:\/\/www\.youtube\.com\/watch\?v=Qd4Ferry001$/m, 'the embed block as an embed line');
  assert.match(md, /The \*night\* ferry/);
});

test('categories: Yoast primary first, named with their parent; the others and the tags are tags; the byline', async () => {
  assert.equal(count("select count(*) from category_texts where lang = 'en' and name = 'Harbour & Boats'"), 1);
  assert.equal(count("select count(*) from category_texts where lang = 'en' and name = 'Harbour & Boats / Ferries'"), 1);
  const doc = parse((await get('/en/harbour/council-approves-harbour-budget')).text);
  const tags = doc.querySelectorAll('a[href^="/en/tag/"]').map(a => a.text.trim());
  assert.ok(tags.includes('Town Hall') && tags.includes('Budget'), JSON.stringify(tags));
  assert.equal((await get('/en/tag/budget')).status, 200);
  assert.ok(count("select count(*) from authors") >= 1, 'an author profile from the display name');
});

test('a page becomes the edition\'s static page; an untitled post gets its first words, with a warning', async () => {
  assert.equal((await get('/en/page/about')).status, 200);
  const r = importing(['--dry-run', EXPORT]);
  assert.match(r.stdout, /untitled on WordPress: titled "Fishermen say the autumn catch/);
});

test('old addresses answer 301 to where the stories, pages, categories and tags are now', async () => {
  const cases = [
    ['/2024/05/06/council-approves-harbour-budget/', '/en/harbour/council-approves-harbour-budget'],
    ['/2024/05/06/council-approves-harbour-budget', '/en/harbour/council-approves-harbour-budget'],
    ['/?p=41', '/en/harbour/council-approves-harbour-budget'],
    ['/index.php?p=41', '/en/harbour/council-approves-harbour-budget'],
    ['/?page_id=45', '/en/page/about'],
    ['/about/', '/en/page/about'],
    ['/category/harbour/ferries/', '/en/ferries/'],
    ['/?cat=6', '/en/harbour/'],
    ['/tag/budget/', '/en/tag/budget'],
  ];
  for (const [from, to] of cases) {
    const r = await get(from);
    assert.equal(r.status, 301, from);
    assert.equal(new URL(r.headers.location, base).pathname, to, from);
  }
  // A draft's old address leads nowhere public; unknown ones stay 404.
  assert.notEqual((await get('/?p=44')).status, 301);
  assert.equal((await get('/2031/01/01/no-such-story/')).status, 404);
});

test('importing again: nothing duplicated; an edit made here is kept unless --overwrite', async () => {
  const before = count('select count(*) from articles');
  let r = importing(['--media', UPLOADS, EXPORT]);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(summary(r.stdout).unchanged, 7);
  assert.equal(count('select count(*) from articles'), before, 'no duplicates');
  const token = addToken(site, 'wp-editor', 'editor');
  const id = count("select id from articles where slug = 'council-approves-harbour-budget'");
  const edit = await request(`${base}/api/v1/admin/articles/${id}`, { method: 'PATCH',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify({ title: 'Edited in Gazette' }) });
  assert.equal(edit.status, 200, edit.text);
  r = importing(['--media', UPLOADS, EXPORT]);
  assert.match(line(r.stdout, 41), /skipped: changed here since it was imported \(--overwrite replaces it\)/);
  assert.equal(count(`select count(*) from articles where id = ${id} and title = 'Edited in Gazette'`), 1);
  r = importing(['--overwrite', '--media', UPLOADS, EXPORT]);
  assert.match(line(r.stdout, 41), /updated \(published\)/);
  assert.equal(count(`select count(*) from articles where id = ${id} and title = 'Council approves the harbour budget'`), 1);
  assert.equal(count('select count(*) from articles'), before);
});

test('--dry-run reports everything and writes nothing', () => {
  const other = makeSite({ demo: false, imports: [] });
  try {
    const r = importing(['--dry-run', '--media', UPLOADS, EXPORT], other);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(summary(r.stdout).imported, 7);
    assert.match(r.stdout, /dry run: nothing was written/);
    for (const t of ['articles', 'media', 'old_addresses', 'import_links', 'pages'])
      assert.equal(sqlNumber(other.db, `select count(*) from ${t}`), 0, t);
  } finally {
    other.remove();
  }
});

test('a DOCTYPE is refused, a feed that is not an export gets one line, a truncated export imports what was complete', () => {
  const other = makeSite({ demo: false, imports: [] });
  try {
    let r = importing([path.join(dir, 'doctype-attack.xml')], other);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /DOCTYPE/);
    assert.equal(sqlNumber(other.db, 'select count(*) from articles'), 0);
    r = importing([path.join(dir, 'not-wxr-feed.xml')], other);
    assert.equal(r.status, 1);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
    assert.match(r.stderr, /not a WordPress export/);
    r = importing([path.join(dir, 'truncated.xml')], other);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /breaks off at line \d+/);
    assert.ok(sqlNumber(other.db, 'select count(*) from articles') >= 1, 'what came before the break');
    r = importing(['--lang', 'xx', EXPORT], other);
    assert.equal(r.status, 1);
    assert.match(r.stderr, /--lang xx is not an edition/);
  } finally {
    other.remove();
  }
});

test('Polylang and WPML: each post to its edition, translations linked; a language without an edition is skipped', async () => {
  const r = importing([path.join(dir, 'polylang.xml')]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(line(r.stdout, 101), /imported \(published\) \/en\/routes\/new-ferry-line-aktau/);
  assert.match(line(r.stdout, 102), /imported \(published\) \/ru\/routes-ru\/novaya-liniya-aktau/);
  assert.match(line(r.stdout, 103), /skipped: in language 'de', which this site has no edition of/);
  assert.match(line(r.stdout, 104), /\/ru\/routes-ru\/raspisanie-na-leto/, 'WPML names the edition; a slug WordPress percent-encoded is made anew');
  const en = parse((await get('/en/routes/new-ferry-line-aktau')).text);
  assert.ok(en.querySelector('link[hreflang="ru"][href$="/ru/routes-ru/novaya-liniya-aktau"]'), 'the translation is linked');
  const old = await get('/en/new-ferry-line-aktau/');
  assert.equal(old.status, 301, 'an old address under the edition\'s own prefix');
  assert.equal(new URL(old.headers.location, base).pathname, '/en/routes/new-ferry-line-aktau');
});

test('a hostile export: no markup, script or handler comes through, and nothing outside the media folder is read', async () => {
  const r = importing(['--media', UPLOADS, path.join(dir, 'hostile.xml')]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /not an address in the uploads folder/);
  assert.match(r.stdout, /<script> removed/);
  assert.match(r.stdout, /left out 1 item of type revision/);
  const page = await get('/en/search-section/storm-warning');
  assert.equal(page.status, 200, 'a reserved slug ("search") becomes another');
  for (const bad of [/<script>alert/i, /onerror=/i, /onclick=/i, /onmouseover=/i, /href="javascript:/i])
    assert.doesNotMatch(page.text, bad);
  const doc = parse(page.text);
  assert.doesNotMatch(doc.querySelector('.article-body').innerHTML, /<iframe|<form|<input|<style/i);
  assert.equal(doc.querySelector('h1').text.trim(), 'Storm warning for the docks');
  assert.match(doc.querySelector('.article-body').text, /a bad link/, 'the text of a javascript: link stays');
  assert.equal(count("select count(*) from articles where author like '%<%'"), 0, 'a byline is text');
  assert.equal(count('select count(*) from media'), 1, 'only the harbour picture, nothing of /etc/passwd');
});

test('teardown', async () => {
  if (server) await server.stop();
  site?.remove();
});

await run();
