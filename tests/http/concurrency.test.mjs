// HTTP tests of the server under concurrent load: many readers at once on
// cached and uncached pages (in every coding), while several newsroom
// clients and Admin API clients create, publish and retitle articles and
// readers count views. Afterwards every answer was right, every write that
// was answered with success is there, no page in the cache is older than
// the last write, every view was counted and stored, and the server stops
// cleanly. The tsan suite runs this file against the ThreadSanitizer build
// (tests/run tsan); the http suite against the sanitizer build.
import http from 'node:http';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, defaultConfig } from '../lib/server.mjs';
import { Client, addUser, addToken, request, sql, editorForm, idFrom } from '../lib/newsroom.mjs';
import { engineOf } from '../lib/db.mjs';

suite('concurrency');

// Four worker threads, so that requests run side by side even on two cores.
const CONFIG = defaultConfig + '\n[server]\nthreads = 4\n';
const ARTICLE = '/en/politics/fixture-bridge-opens';
const READERS = 12;           // reading loops at once
const READS_EACH = 120;       // requests per reading loop
const API_WRITERS = 3;        // Admin API clients, each with a token of its own
const NEWSROOM_WRITERS = 2;   // newsroom clients, each a person of its own
const WRITES_EACH = 6;        // articles each writer creates, publishes and retitles

let site, server, base;
let articleId;
const storm = { readerErrors: [], writerErrors: [], articleViews: 0, written: [], done: false };

// The pages readers read (with the article's URL counting views).
const pages = () => [ARTICLE, '/en/', '/ru/', '/en/politics/', '/en/rss.xml', '/en/atom.xml',
  '/sitemap.xml', '/news-sitemap.xml', '/en/search?q=bridge', '/en/search?q=storm', '/api/v1/en/articles?limit=5',
  `/api/v1/en/articles/${articleId}`, '/api/v1/editions', '/robots.txt'];
const CODINGS = [undefined, 'br', 'gzip', 'gzip, br'];

// One GET on a keep-alive agent; resolves with {status, headers, body (decoded)}.
function get(agent, pathname, coding) {
  return new Promise((resolve, reject) => {
    const headers = coding ? { 'Accept-Encoding': coding } : {};
    const req = http.get(base + pathname, { agent, headers }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        let body = Buffer.concat(chunks);
        try {
          if (res.headers['content-encoding'] === 'br') body = brotliDecompressSync(body);
          else if (res.headers['content-encoding'] === 'gzip') body = gunzipSync(body);
        } catch (err) { reject(new Error(`${pathname}: ${res.headers['content-encoding']} does not decode: ${err.message}`)); return; }
        resolve({ status: res.statusCode, headers: res.headers, body: body.toString('utf8') });
      });
      res.on('error', reject);
    });
    req.setTimeout(60000, () => req.destroy(new Error(`no answer in 60 s: ${pathname}`)));
    req.on('error', reject);
  });
}

// True when a body is whole for its type.
function whole(r) {
  const type = r.headers['content-type'] || '';
  if (type.startsWith('text/html')) return /<\/html>\s*$/.test(r.body);
  if (type.startsWith('application/json')) { try { JSON.parse(r.body); return true; } catch { return false; } }
  // (An empty news sitemap is one self-closed <urlset/>.)
  if (/xml/.test(type)) return /(<\/(rss|feed|urlset|sitemapindex)>|<urlset [^>]*\/>)\s*$/.test(r.body);
  return r.body.length > 0;
}

// One reading loop: the stable pages and the writers' articles as they come.
async function reader(n) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const list = pages();
  try {
    for (let i = 0; i < READS_EACH; i++) {
      const coding = CODINGS[(n + i) % CODINGS.length];
      // Every third read is one of the articles being written, if any yet.
      const fresh = storm.written.length && i % 3 === 2 ? storm.written[(n * 7 + i) % storm.written.length] : null;
      const pathname = fresh ? fresh.path : list[(n * 5 + i) % list.length];
      const r = await get(agent, pathname, coding);
      if (fresh) {
        // Not published yet is a 404; published, the page is whole.
        if (r.status !== 200 && r.status !== 404) storm.readerErrors.push(`${pathname}: ${r.status}`);
        else if (r.status === 200 && !whole(r)) storm.readerErrors.push(`${pathname}: a cut body`);
        continue;
      }
      if (r.status !== 200) storm.readerErrors.push(`${pathname} (${coding}): ${r.status} ${r.body.slice(0, 120)}`);
      else if (!whole(r)) storm.readerErrors.push(`${pathname} (${coding}): a cut body`);
      else if (pathname === ARTICLE || pathname === `/api/v1/en/articles/${articleId}`) storm.articleViews++;
    }
  } finally {
    agent.destroy();
  }
}

// An Admin API call with a token; resolves with {status, json, text}.
async function api(token, method, pathname, json) {
  const r = await request(base + pathname, {
    method, body: json === undefined ? undefined : JSON.stringify(json),
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  });
  try { r.json = JSON.parse(r.text); } catch { r.json = null; }
  return r;
}

// One Admin API writer: creates a draft, publishes it, then retitles it.
async function apiWriter(n, token) {
  for (let i = 0; i < WRITES_EACH; i++) {
    const title = `Storm api ${n} ${i} first`;
    const made = await api(token, 'POST', '/api/v1/admin/articles',
      { title, category: 'politics', lang: 'en', slug: `storm-api-${n}-${i}`, body_markdown: `Storm body api ${n} ${i}.` });
    if (made.status !== 201) { storm.writerErrors.push(`api ${n} create: ${made.status} ${made.text.slice(0, 200)}`); continue; }
    const item = { id: made.json.id, path: `/en/politics/storm-api-${n}-${i}`, title };
    storm.written.push(item);
    const pub = await api(token, 'PATCH', `/api/v1/admin/articles/${item.id}`, { status: 'published' });
    if (pub.status !== 200) { storm.writerErrors.push(`api ${n} publish: ${pub.status} ${pub.text.slice(0, 200)}`); continue; }
    const renamed = `Storm api ${n} ${i} final`;
    const patch = await api(token, 'PATCH', `/api/v1/admin/articles/${item.id}`, { title: renamed });
    if (patch.status !== 200) { storm.writerErrors.push(`api ${n} retitle: ${patch.status} ${patch.text.slice(0, 200)}`); continue; }
    item.title = renamed;
  }
}

// One newsroom writer: publishes from the editor's form, then retitles
// through the same form.
async function newsroomWriter(n, client) {
  for (let i = 0; i < WRITES_EACH; i++) {
    const title = `Storm desk ${n} ${i} first`;
    const made = await client.post('/admin/articles', { title, lang: 'en', category: 'politics', slug: `storm-desk-${n}-${i}`,
      body_markdown: `Storm body desk ${n} ${i}.`, action: 'publish' });
    if (made.status !== 303) { storm.writerErrors.push(`desk ${n} create: ${made.status}`); continue; }
    const item = { id: idFrom(made.location), path: `/en/politics/storm-desk-${n}-${i}`, title };
    storm.written.push(item);
    const page = await client.get(`/admin/articles/${item.id}`);
    if (page.status !== 200) { storm.writerErrors.push(`desk ${n} editor page: ${page.status}`); continue; }
    const renamed = `Storm desk ${n} ${i} final`;
    const saved = await client.post(`/admin/articles/${item.id}`, { ...editorForm(page.doc), title: renamed, action: 'publish' });
    if (saved.status !== 303) { storm.writerErrors.push(`desk ${n} retitle: ${saved.status}`); continue; }
    item.title = renamed;
  }
}

// One round of a write landing among readers of the page it changes.
// Each reader asks for the page under addresses of its own (a query the
// page ignores), so that every request is rendered and some renders are
// under way when the write commits. Once the write is answered, every
// address asked for must show it: a page rendered from before the write
// must not have been kept after the write emptied the cache. Gives the
// addresses that showed another title.
async function writeAmongReaders(token, id, pathname, title, round) {
  let running = true;
  const asked = [];
  const loop = async n => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      for (let i = 0; running; i++) {
        const address = `${pathname}?round=${round}&r=${n}-${i}`;
        asked.push(address);
        await get(agent, address, CODINGS[(n + i) % 2]);
      }
    } finally {
      agent.destroy();
    }
  };
  const readers = Array.from({ length: 8 }, (_, n) => loop(n));
  await new Promise(r => setTimeout(r, 5 + (round % 4) * 5));
  const patch = await api(token, 'PATCH', `/api/v1/admin/articles/${id}`, { title });
  running = false;
  await Promise.all(readers);
  assert.equal(patch.status, 200, patch.text);
  const stale = [];
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (const address of asked) {
    const page = await get(agent, address);
    const shown = (/<h1[^>]*>([^<]*)<\/h1>/.exec(page.body) || [])[1]?.trim();
    if (shown !== title) stale.push(`${address}: ${shown}`);
  }
  agent.destroy();
  return stale;
}

const liveViews = async () => JSON.parse((await request(`${base}/api/v1/en/articles/${articleId}/views`)).text).views;
let viewsBefore;

test('readers, newsroom writers and Admin API writers at once: every answer whole, every write answered with success', async () => {
  viewsBefore = await liveViews();
  const tokens = Array.from({ length: API_WRITERS }, (_, n) => addToken(site, `storm-${n}`, 'editor'));
  const desks = [];
  for (let n = 0; n < NEWSROOM_WRITERS; n++) {
    const who = { email: `storm${n}@example.com`, name: `Storm Desk ${n}`, role: 'editor' };
    const r = addUser(site, who);
    assert.equal(r.status, 0, r.stderr);
    const c = new Client(base);
    await c.login(who.email);
    desks.push(c);
  }
  await Promise.all([
    ...Array.from({ length: READERS }, (_, n) => reader(n)),
    ...tokens.map((t, n) => apiWriter(n, t)),
    ...desks.map((c, n) => newsroomWriter(n, c)),
  ]);
  storm.done = true;
  assert.deepEqual(storm.writerErrors, [], 'every write answered with success');
  assert.deepEqual(storm.readerErrors.slice(0, 10), [], 'every reader answer right');
  assert.equal(storm.written.length, (API_WRITERS + NEWSROOM_WRITERS) * WRITES_EACH);
});

test('every write is there, and no page shows what a later write changed', async () => {
  assert.ok(storm.done, 'the load ran');
  const token = addToken(site, 'storm-check', 'editor');
  for (const item of storm.written) {
    const r = await api(token, 'GET', `/api/v1/admin/articles/${item.id}`);
    assert.equal(r.status, 200, `${item.path}: ${r.text.slice(0, 200)}`);
    assert.equal(r.json.title, item.title);
    assert.equal(r.json.status, 'published', item.path);
    assert.equal(sql(site.db, `select title from articles where id = ${item.id}`), item.title);
    // The page, in every coding, from the cache or not: the last title.
    for (const coding of CODINGS) {
      const agent = new http.Agent({ keepAlive: false });
      const page = await get(agent, item.path, coding);
      assert.equal(page.status, 200, item.path);
      const shown = /<h1[^>]*>([^<]*)<\/h1>/.exec(page.body);
      assert.ok(shown, `${item.path}: a headline`);
      assert.equal(shown[1].trim(), item.title, `${item.path} (${coding}): the page shows the last title`);
    }
  }
  // The lists and search show the last titles too, never the first ones.
  const list = await get(new http.Agent(), '/en/politics/', 'br');
  assert.doesNotMatch(list.body, /Storm (api|desk) \d+ \d+ first/, 'the category page shows no replaced title');
  const search = await get(new http.Agent(), '/en/search?q=storm', 'gzip');
  assert.doesNotMatch(search.body.replace(/<\/?mark>/g, ''), /Storm (api|desk) \d+ \d+ first/, 'search shows no replaced title');
  const feed = await get(new http.Agent(), '/en/rss.xml');
  assert.doesNotMatch(feed.body, /Storm (api|desk) \d+ \d+ first/, 'the feed shows no replaced title');
});

test('a write that lands while its page is being rendered shows on the next request (20 rounds)', async () => {
  const token = addToken(site, 'storm-rounds', 'editor');
  const item = storm.written[0];
  assert.ok(item, 'an article from the load');
  const stale = [];
  for (let k = 1; k <= 20; k++) {
    const title = `Round ${k} of the storm`;
    stale.push(...await writeAmongReaders(token, item.id, item.path, title, k));
  }
  item.title = 'Round 20 of the storm';
  assert.deepEqual(stale.slice(0, 5), [], `no address served a page from before its write (${stale.length} did)`);
});

test('every view read under load is counted, and stored at shutdown', async () => {
  assert.ok(storm.done, 'the load ran');
  assert.ok(storm.articleViews > 0, 'the readers read the article');
  assert.equal(await liveViews(), viewsBefore + storm.articleViews);
  const stopped = await server.stop();
  assert.equal(stopped.code, 0, stopped.stderr.slice(-2000));
  assert.deepEqual(sanitizerErrors(stopped.stderr), []);
  assert.equal(Number(sql(site.db, `select count from article_views where article_id = ${articleId}`)), viewsBefore + storm.articleViews);
  // The database came through whole: on SQLite the file passes its check (on
  // PostgreSQL the files are the server's); on both, no article lost its body.
  if (engineOf(site) === 'sqlite') assert.equal(sql(site.db, 'pragma integrity_check'), 'ok');
  assert.equal(sql(site.db, 'select count(*) from articles a where not exists (select 1 from article_bodies b where b.article_id = a.id)'), '0',
    'every article has its body');
  server = await serve(site);
  base = server.base;
});

await run({
  before: async () => {
    site = makeSite({ config: CONFIG });
    articleId = Number(sql(site.db, "select id from articles where slug = 'fixture-bridge-opens'"));
    server = await serve(site);
    base = server.base;
  },
  after: async () => {
    const { code, stderr } = await server.stop();
    const errors = sanitizerErrors(stderr);
    site.remove();
    if (code !== 0 || errors.length) throw new Error(`server exit ${code}: ${errors.join(' | ')}`);
  },
});
