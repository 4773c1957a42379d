// HTTP tests of the sitemaps against their published schemas, and of what
// feeds and sitemaps do when the store fails:
// - every sitemap (the index, pages, articles, the Google News sitemap) is
//   valid by the sitemaps.org 0.9 and Google News 0.9 schemas, checked by
//   `xmllint --schema` with tests/fixtures/schemas/ (written from the
//   published definitions), also when no story is 48 hours old;
// - on a site that published more than 1,000 stories in 48 hours the news
//   sitemap holds the newest 1,000, newest first, this minute's included;
// - a store error while a feed or a sitemap is made is a 500 that no cache
//   keeps (the store is broken under the running server by renaming a table
//   or a column, then mended; on PostgreSQL too, whose prepared statements
//   are analysed again after the change and fail the same way).
// Runs against GAZETTE_BIN.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, gazette, fixtures, defaultConfig } from '../lib/server.mjs';
import { sql, nowSeconds } from '../lib/db.mjs';

suite('http sitemaps');

const SITE = 'https://news.example.com';
const SCHEMA = path.join(fixtures, 'schemas/sitemaps.xsd');
const SITEMAPS = ['/sitemap.xml', '/sitemaps/pages.xml', '/sitemaps/articles-1.xml', '/news-sitemap.xml'];
const servers = [], dirs = [];

// A site made by makeSite() and served; stopped and removed at the end.
async function started(options) {
  const site = makeSite(options);
  let server;
  try {
    server = await serve(site);
  } catch (err) {
    site.remove(); // (its PostgreSQL database too)
    throw err;
  }
  servers.push({ site, server });
  return { site, server, get: (p, init) => fetch(server.base + p, init) };
}

// Checks XML text against the sitemap schemas; throws with xmllint's words.
function validates(xml, what) {
  const r = spawnSync('xmllint', ['--nonet', '--noout', '--schema', SCHEMA, '-'], { input: xml, encoding: 'utf8' });
  assert.equal(r.status, 0, `${what} is not valid by the sitemap schemas: ${r.stderr.trim().split('\n').slice(0, 3).join(' | ')}`);
}

// One XPath 1.0 string, evaluated by xmllint.
function xpath(xml, expr) {
  const r = spawnSync('xmllint', ['--nonet', '--xpath', expr, '-'], { input: xml, encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0 && r.status !== 10) throw new Error('xmllint --xpath: ' + r.stderr);
  return r.stdout.replace(/\n$/, '');
}
const SM = "*[local-name()='urlset']/*[local-name()='url']";
const locs = xml => [...xml.matchAll(/<loc>([^<]*)<\/loc>/g)].map(m => m[1]);

// ------------------------------------------------------------------ schemas

test('every sitemap is valid by the sitemaps.org and Google News schemas', async () => {
  const { get } = await started({ imports: [path.join(fixtures, 'articles')] });
  // A story of this hour, so that the news sitemap has news in it.
  const fresh = new Date(Date.now() - 3600e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const dir = mkdtempSync(path.join(tmpdir(), 'gazette-sitemaps-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'fresh.md'),
    `---\ntitle: "A fresh story & <b>markup</b>"\ncategory: politics\ndate: ${fresh}\nslug: fresh-story\n---\nNews.\n`);
  const site = servers.at(-1).site;
  assert.equal(gazette(['import', '--db', site.db, '--config', site.ini, dir]).status, 0);
  await new Promise(r => setTimeout(r, 300)); // the server's watcher sees another process's write
  for (const p of SITEMAPS) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    validates(await r.text(), p);
  }
  const news = await (await get('/news-sitemap.xml')).text();
  assert.deepEqual(locs(news), [`${SITE}/en/politics/fresh-story`]);
  assert.equal(xpath(news, `count(//${SM}/*[local-name()='news'])`), '1');
});

test('with no story in 48 hours the news sitemap is still valid: the editions\' homes, no news:news', async () => {
  // The demo's and the fixtures' articles are all older than two days.
  const { get, site } = await started({ imports: [path.join(fixtures, 'articles')] });
  const now = nowSeconds();
  assert.equal(sql(site.db, `select count(*) from articles where status = 1 and published_at > ${now - 172800} and published_at <= ${now}`), '0');
  const r = await get('/news-sitemap.xml');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('cache-control'), /^public, max-age=120/);
  const xml = await r.text();
  validates(xml, 'the empty news sitemap');
  assert.deepEqual(locs(xml), [`${SITE}/en/`, `${SITE}/ru/`]);
  assert.equal(xpath(xml, `count(//${SM}/*[local-name()='news'])`), '0', 'nothing claims to be news');
  assert.equal(xpath(xml, `count(//${SM}/*[local-name()='lastmod'])`), '2');
  for (const home of ['/en/', '/ru/']) assert.equal((await get(home)).status, 200, home);
  for (const p of SITEMAPS.slice(0, 3)) validates(await (await get(p)).text(), p);
});

// ------------------------------------------------------------ a busy site

test('more than 1,000 stories in 48 hours: the newest 1,000, newest first, this minute\'s included', async () => {
  const { get, site } = await started({ demo: false, imports: [] });
  // 1,200 stories over the last 24 hours, the newest a minute old; ids grow
  // with dates, as in a real archive.
  const gen = gazette(['gen', '--db', site.db, '--config', site.ini, '--count', '1200', '--per-day', '1200']);
  assert.equal(gen.status, 0, gen.stderr);
  const r = await get('/news-sitemap.xml');
  assert.equal(r.status, 200);
  const xml = await r.text();
  validates(xml, 'the news sitemap of a busy site');
  const got = locs(xml);
  assert.equal(got.length, 1000, 'Google News takes at most 1,000');
  const want = sql(site.db, `select a.lang || '/' || c.slug || '/' || a.slug from articles a join categories c on c.id = a.category_id
    where a.status = 1 and a.published_at <= ${nowSeconds()} order by a.published_at desc, a.id desc limit 1000`)
    .split('\n').map(p => `${SITE}/${p}`);
  assert.deepEqual(got, want, 'the newest 1,000, newest first');
  const newest = sql(site.db, "select slug from articles order by published_at desc, id desc limit 1");
  assert.ok(got[0].endsWith('/' + newest), `the story of a minute ago (${newest}) comes first`);
  const dates = xpath(xml, `//${SM}/*[local-name()='news']/*[local-name()='publication_date']/text()`).split('\n').map(Date.parse);
  assert.equal(dates.length, 1000);
  assert.deepEqual(dates, [...dates].sort((x, y) => y - x), 'publication dates newest first');
  assert.ok(Date.now() - dates[0] < 10 * 60e3, 'the first is minutes old');
});

// ---------------------------------------------------------- store failures

test('a store error while a feed or a sitemap is made is a 500 that no cache keeps', async () => {
  // One worker thread, whose connection has prepared every statement these
  // answers use before the store breaks (a statement that cannot even be
  // prepared is a bug, and fatal); the warm-up's query strings keep the
  // answers tested below out of the page cache.
  const { get, site, server } = await started({ config: `${defaultConfig}\n[server]\nthreads = 1\n`,
    imports: [path.join(fixtures, 'articles')] });
  for (const p of ['/ru/rss.xml', '/ru/politics/rss.xml', ...SITEMAPS]) assert.equal((await get(p + '?warm-up')).status, 200, p);
  const broken = async (p, what) => {
    const r = await get(p);
    assert.equal(r.status, 500, `${p} while ${what}: ${r.status}`);
    assert.equal(r.headers.get('cache-control'), 'no-store', p);
    assert.equal(r.headers.get('etag'), null, p + ': no validators on an error');
    assert.doesNotMatch(await r.text(), /<rss|<feed|<urlset|<sitemapindex/, p + ': no partial document');
  };
  // The bodies are away: a feed cannot be made (before, it went out with
  // empty bodies and was cached for a minute).
  sql(site.db, 'ALTER TABLE article_bodies RENAME TO article_bodies_away');
  for (const p of ['/en/rss.xml', '/en/atom.xml', '/en/politics/rss.xml', '/ru/atom.xml']) {
    await broken(p, 'the bodies are away');
    await broken(p, 'the bodies are still away'); // not kept by the page cache either
  }
  sql(site.db, 'ALTER TABLE article_bodies_away RENAME TO article_bodies');
  for (const p of ['/en/rss.xml', '/en/atom.xml']) {
    const r = await get(p);
    assert.equal(r.status, 200, p + ' once the store is mended');
    const text = await r.text();
    assert.equal((text.match(/<content:encoded>&lt;p&gt;|<content type="html">&lt;p&gt;/g) || []).length, 50, p + ': 50 bodies');
  }
  // The articles' change dates are away: no sitemap can be made.
  sql(site.db, 'ALTER TABLE articles RENAME COLUMN updated_at TO updated_away');
  for (const p of ['/sitemap.xml', '/news-sitemap.xml', '/sitemaps/articles-1.xml', '/sitemaps/pages.xml']) await broken(p, 'updated_at is away');
  sql(site.db, 'ALTER TABLE articles RENAME COLUMN updated_away TO updated_at');
  for (const p of SITEMAPS) {
    const r = await get(p);
    assert.equal(r.status, 200, p + ' once the store is mended');
    validates(await r.text(), p);
  }
  assert.match(server.stderr(), /feed: body/, 'the failure is logged');
  assert.match(server.stderr(), /sitemap: last change/, 'the failure is logged');
});

const failed = await run({
  after: async () => {
    const problems = [];
    for (const { site, server } of servers) {
      const stopped = await server.stop();
      const errs = sanitizerErrors(stopped.stderr);
      site.remove();
      if (stopped.code !== 0 || errs.length) problems.push(`server exit ${stopped.code}: ${errs.join(' | ') || stopped.stderr.slice(-300)}`);
    }
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
    if (problems.length) throw new Error(problems.join('; '));
  },
});
process.exitCode = failed ? 1 : 0;
