// Many machines on one PostgreSQL: two (and three) `gazette serve` nodes on
// one database of a throwaway cluster this file starts itself (so that it
// can stop and restart the server under the nodes). What must hold across
// nodes: a write on one is visible on the other within a second (LISTEN/
// NOTIFY into each node's page cache), with the same Last-Modified; a node
// whose notification connection is cut subscribes again and lets go of its
// cache; an embargoed article is published once however many schedulers
// run; views counted on both nodes are all stored, none twice; an image
// uploaded through one node is served by the other; sessions, CSRF and the
// lockout hold whichever node a request lands on; kill -9 of a node loses
// nothing committed; and when PostgreSQL restarts, cached pages are still
// served, other reads get a styled 503 with Retry-After, writes a clear
// error, and the nodes serve again by themselves once it is back.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { assert, run, suite, test } from '../lib/harness.mjs';
import { defaultConfig, fixtures, gazette, root, serve } from '../lib/server.mjs';
import { addToken, addUser, Client, multipart, request, sleep, PASSWORD } from '../lib/newsroom.mjs';

suite('cluster');

const PHOTO = readFileSync(path.join(fixtures, 'images/photo.jpg'));
const SITE_URL = 'https://news.example.com';
let pgDir, siteDir, dbUrl, site, token, a, b;

function pgCluster(...args) {
  const r = spawnSync(path.join(root, 'tests/pg-cluster'), args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`pg-cluster ${args[0]}: ${r.stderr}`);
  return r.stdout.trim();
}

// Runs SQL on the site's database; its rows as text.
function psql(query, url = dbUrl) {
  const r = spawnSync('psql', ['-X', '-At', '-v', 'ON_ERROR_STOP=1', url, '-c', query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout.trim();
}
const number = query => Number(psql(query));

async function api(node, method, pathname, json) {
  const headers = { Authorization: `Bearer ${token}` };
  let body;
  if (json !== undefined) {
    body = JSON.stringify(json);
    headers['Content-Type'] = 'application/json';
  }
  const r = await request(node.base + pathname, { method, headers, body });
  try { r.json = JSON.parse(r.text); } catch { r.json = undefined; }
  return r;
}

let serial = 0;
const story = (fields = {}) => ({ title: `Cluster story ${++serial} ${Date.now() % 100000}`, category: 'politics',
  lang: 'en', body_markdown: `Body of cluster story ${serial}.`, status: 'published', ...fields });
const local = url => url.replace(SITE_URL, '');

// Polls until fn() is true (checking every 10 ms); the milliseconds it took.
async function until(fn, limitMs, what) {
  const start = Date.now();
  for (;;) {
    if (await fn()) return Date.now() - start;
    if (Date.now() - start > limitMs) throw new Error(`${what}: not within ${limitMs} ms`);
    await sleep(10);
  }
}

async function before() {
  pgDir = mkdtempSync(path.join(tmpdir(), 'gazette-pg-'));
  const admin = pgCluster('start', pgDir, 'fast');
  psql('CREATE DATABASE cluster', admin);
  dbUrl = admin.replace(/\/postgres$/, '/cluster');
  siteDir = mkdtempSync(path.join(tmpdir(), 'gazette-cluster-'));
  const ini = path.join(siteDir, 'site.ini');
  // The nodes share nothing but the database and this file.
  writeFileSync(ini, `${defaultConfig}\n[database]\nurl = ${dbUrl}\n\n[newsroom]\nscheduler_seconds = 1\nmedia_dir = ${path.join(siteDir, 'media-unused')}\n`);
  site = { db: dbUrl, ini };
  for (const args of [['init', '--config', ini, '--demo'], ['import', '--config', ini, path.join(fixtures, 'articles')]]) {
    const r = gazette(args);
    if (r.status !== 0) throw new Error(`${args[0]}: ${r.stderr}`);
  }
  token = addToken(site, 'cluster', 'editor');
  const added = addUser(site, { email: 'ed@example.com', name: 'Ed', role: 'editor' });
  if (added.status !== 0) throw new Error(added.stderr);
  [a, b] = await Promise.all([serve(site), serve(site)]);
}

async function after() {
  for (const node of [a, b]) if (node) await node.stop();
  if (pgDir) {
    try { pgCluster('stop', pgDir); } catch { /* already stopped */ }
    rmSync(pgDir, { recursive: true, force: true });
  }
  if (siteDir) rmSync(siteDir, { recursive: true, force: true });
}

test('a write through one node is on the other\'s cached pages within a second, with the same Last-Modified', async () => {
  // The other node's home page is in its page cache.
  await request(b.base + '/en/');
  const cached = await request(b.base + '/en/');
  assert.equal(cached.status, 200);
  const delays = [];
  for (let i = 0; i < 5; i++) {
    const created = await api(a, 'POST', '/api/v1/admin/articles', story());
    assert.equal(created.status, 201, created.text);
    const title = created.json.title;
    delays.push(await until(async () => (await request(b.base + '/en/')).text.includes(title), 1000,
      'the new story on the other node\'s home page'));
    assert.equal((await request(b.base + local(created.json.url))).status, 200);
  }
  const [ha, hb] = await Promise.all([request(a.base + '/en/'), request(b.base + '/en/')]);
  assert.equal(ha.headers['last-modified'], hb.headers['last-modified'], 'the same Last-Modified on both');
  assert.ok(Math.max(...delays) < 1000, `delays ${delays.join(', ')} ms`);
});

test('a node whose notification connection is cut subscribes again and lets go of its cache', async () => {
  await request(b.base + '/en/');
  const cut = number("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'");
  assert.ok(cut >= 2, `both nodes were listening (${cut} listeners cut)`);
  const created = await api(a, 'POST', '/api/v1/admin/articles', story());
  assert.equal(created.status, 201);
  await until(async () => (await request(b.base + '/en/')).text.includes(created.json.title), 5000,
    'the story after the listener came back');
  await until(async () => number("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'LISTEN%'") >= 2, 5000,
    'both nodes listening again');
});

test('an embargoed article goes live on every node at its time and is published once by three schedulers', async () => {
  const c = await serve(site);
  try {
    const when = Date.now() + 2500;
    const date = new Date(when).toISOString().replace(/\.\d+Z$/, 'Z');
    const created = await api(a, 'POST', '/api/v1/admin/articles', story({ date }));
    assert.equal(created.status, 201, created.text);
    assert.equal(created.json.status, 'scheduled');
    const url = local(created.json.url);
    for (const node of [a, b, c]) assert.equal((await request(node.base + url)).status, 404, 'not before its time');
    for (const node of [a, b, c])
      await until(async () => (await request(node.base + url)).status === 200, 8000, 'live at its time');
    await until(async () => number(`SELECT count(*) FROM audit_log WHERE article_id = ${created.json.id} AND action = 'published'`) >= 1,
      8000, 'the scheduler published it');
    await sleep(2500); // every scheduler has run again since
    assert.equal(number(`SELECT count(*) FROM audit_log WHERE article_id = ${created.json.id} AND action = 'published'`), 1,
      'one audit entry');
    assert.equal(psql(`SELECT workflow FROM articles WHERE id = ${created.json.id}`), 'published');
  } finally {
    await c.stop();
  }
});

test('views counted on two nodes are all stored, none twice, across clean shutdowns of both', async () => {
  const created = await api(a, 'POST', '/api/v1/admin/articles', story());
  const url = local(created.json.url);
  const id = created.json.id;
  const before = number(`SELECT COALESCE((SELECT count FROM article_views WHERE article_id = ${id}), 0)`);
  const N = 120;
  await Promise.all(Array.from({ length: N }, (_, i) => request((i % 2 ? a : b).base + url)));
  for (const node of [a, b]) {
    const r = await node.stop();
    assert.equal(r.code, 0, r.stderr.slice(-500));
  }
  assert.equal(number(`SELECT count FROM article_views WHERE article_id = ${id}`), before + N);
  [a, b] = await Promise.all([serve(site), serve(site)]);
  const live = JSON.parse((await request(b.base + `/api/v1/en/articles/${id}/views`)).text).views;
  assert.equal(live, before + N, 'the other node reads the same count');
});

test('an image uploaded through one node is served with its variants by the other', async () => {
  const { body, contentType } = multipart({}, [{ name: 'file', filename: 'photo.jpg', type: 'image/jpeg', data: PHOTO }]);
  const r = await request(a.base + '/api/v1/admin/media',
    { method: 'POST', body, headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType } });
  assert.equal(r.status, 201, r.text);
  const media = JSON.parse(r.text);
  assert.deepEqual(media.variants.map(v => v.width), [480, 960, 1600]);
  for (const v of media.variants) {
    for (const [u, type] of [[v.webp, 'image/webp'], [v.jpeg, 'image/jpeg']]) {
      const fromA = await request(a.base + local(u)), fromB = await request(b.base + local(u));
      assert.equal(fromB.status, 200, u);
      assert.equal(fromB.headers['content-type'], type);
      assert.equal(fromB.buffer.length, fromA.buffer.length);
      assert.ok(fromB.buffer.equals(fromA.buffer), 'the same bytes from both nodes');
      assert.match(fromB.headers['cache-control'] || '', /immutable/);
    }
  }
  assert.equal((await request(b.base + `/media/${media.hash}-123.jpg`)).status, 404);
});

test('sessions, CSRF and the lockout hold whichever node a request lands on', async () => {
  const onA = new Client(a.base);
  await onA.login('ed@example.com');
  const onB = new Client(b.base);
  onB.cookies = new Map(onA.cookies);
  const page = await onB.get('/admin/articles');
  assert.equal(page.status, 200, 'the session made on one node works on the other');
  onB.csrf = onA.csrf;
  const out = await onB.post('/admin/logout', {});
  assert.ok(out.status === 303 || out.status === 200, `logout with the CSRF token of the other node: ${out.status}`);
  const after = await new Client(a.base, { headers: { Cookie: onA.cookieHeader() } }).get('/admin/articles');
  assert.notEqual(after.status, 200, 'ended on one node, ended on both');
  // Failed logins through both nodes count together.
  for (let i = 0; i < 6; i++) await new Client(i % 2 ? a.base : b.base).tryLogin('ed@example.com', 'wrong password');
  const right = await new Client(a.base).tryLogin('ed@example.com', PASSWORD);
  assert.notEqual(right.status, 303, 'locked out after failures spread over two nodes');
});

test('kill -9 of a node loses nothing it committed; the others serve on', async () => {
  const c = await serve(site);
  const created = await api(c, 'POST', '/api/v1/admin/articles', story());
  assert.equal(created.status, 201);
  c.child.kill('SIGKILL');
  await new Promise(res => c.child.once('exit', res));
  assert.equal((await request(a.base + local(created.json.url))).status, 200);
  assert.equal((await request(b.base + '/en/')).status, 200);
});

test('PostgreSQL restarting: cached pages are served, other reads get a styled 503, writes a clear error, then all comes back', async () => {
  const created = await api(a, 'POST', '/api/v1/admin/articles', story());
  const fresh = await api(a, 'POST', '/api/v1/admin/articles', story());
  await until(async () => (await request(b.base + local(created.json.url))).status === 200, 1000, 'visible');
  await request(b.base + local(created.json.url)); // in b's page cache now
  pgCluster('stop', pgDir);
  try {
    const cached = await request(b.base + local(created.json.url));
    assert.equal(cached.status, 200, 'a cached page is served while the database is away');
    const uncached = await request(b.base + local(fresh.json.url));
    assert.equal(uncached.status, 503);
    assert.equal(uncached.headers['retry-after'], '5');
    assert.match(uncached.headers['content-type'], /text\/html/);
    assert.match(uncached.text, /<link[^>]+stylesheet/, 'in the site\'s dress');
    const write = await api(a, 'POST', '/api/v1/admin/articles', story({ title: 'Written while away' }));
    assert.equal(write.status, 503);
    assert.match(write.json.error, /database/);
    // The balancer takes the node out, and only by its readiness.
    const ready = await request(b.base + '/readyz');
    assert.equal(ready.status, 503);
    assert.deepEqual(JSON.parse(ready.text), { status: 'unavailable', reason: 'the database does not answer' });
    assert.doesNotMatch(ready.text, /127\.0\.0\.1|port|connection/, 'no server address or message in the answer');
    assert.equal((await request(b.base + '/healthz')).status, 200, 'the process itself is alive');
  } finally {
    pgCluster('up', pgDir);
  }
  const back = await until(async () => (await request(b.base + local(fresh.json.url))).status === 200, 10000,
    'serving again after the restart');
  // Every thread of both nodes serves at once, each connection idle through
  // the restart included (its first read is sent again on a new one).
  const all = await Promise.all(Array.from({ length: 24 }, (_, i) =>
    api(i % 2 ? a : b, 'GET', `/api/v1/admin/articles/${created.json.id}`)));
  for (const r of all) assert.equal(r.status, 200, r.text.slice(0, 200));
  const again = await api(a, 'POST', '/api/v1/admin/articles', story());
  assert.equal(again.status, 201, again.text);
  assert.equal(number("SELECT count(*) FROM articles WHERE title = 'Written while away'"), 0, 'nothing half-written');
  assert.ok(back < 10000);
  assert.equal((await request(b.base + '/readyz')).status, 200, 'ready again');
});

test('gazette copy both ways: PostgreSQL to SQLite and back, and every copy serves the same pages and images', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gazette-copy-'));
  const file = path.join(dir, 'copy.db');
  const media = path.join(dir, 'media');
  const ini = path.join(dir, 'copy.ini');
  writeFileSync(ini, `${defaultConfig}\n[newsroom]\nmedia_dir = ${media}\n`);
  const nodes = [];
  try {
    const { body, contentType } = multipart({}, [{ name: 'file', filename: 'photo.jpg', type: 'image/jpeg', data: PHOTO }]);
    const up = await request(a.base + '/api/v1/admin/media',
      { method: 'POST', body, headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType } });
    assert.ok(up.status === 200 || up.status === 201, `upload: ${up.status} ${up.text.slice(0, 300)}`);
    const uploaded = JSON.parse(up.text);
    assert.ok(uploaded.variants?.length && uploaded.variants[0].jpeg, `the upload's variants: ${up.text.slice(0, 400)}`);
    const image = local(uploaded.variants[0].jpeg);
    const created = await api(a, 'POST', '/api/v1/admin/articles', story({ title: 'Copied with its picture' }));
    assert.equal(created.status, 201, created.text.slice(0, 400));
    const out = gazette(['copy', '--config', ini, '--from', dbUrl, '--to', file]);
    assert.equal(out.status, 0, out.stderr);
    assert.match(out.stdout, /every table's rows counted alike/);
    const again = gazette(['copy', '--config', ini, '--from', dbUrl, '--to', file]);
    assert.notEqual(again.status, 0, 'a destination with a site is refused');
    assert.match(again.stderr, /--replace/);
    psql('CREATE DATABASE copied', dbUrl.replace(/\/cluster$/, '/postgres'));
    const back = dbUrl.replace(/\/cluster$/, '/copied');
    const out2 = gazette(['copy', '--config', ini, '--from', file, '--to', back]);
    assert.equal(out2.status, 0, out2.stderr);
    const original = a;
    const onFile = await serve({ db: file, ini });
    nodes.push(onFile);
    const onBack = await serve({ db: back, ini: site.ini });
    nodes.push(onBack);
    const pages = ['/en/', '/en/politics/', local(created.json.url), '/en/search?q=cluster', '/sitemap.xml',
      '/en/rss.xml', `/api/v1/en/articles/${created.json.id}`];
    for (const p of pages) {
      const [x, y, z] = await Promise.all([original, onFile, onBack].map(n => request(n.base + p)));
      assert.equal(x.status, 200, p);
      // The most-read lists are each node's own, made at most once a
      // minute from the views it has seen flushed: left out of the likeness.
      const same = t => t.replace(/<section class="most-read"[\s\S]*?<\/section>/g, '');
      assert.equal(same(y.text), same(x.text), `${p}: the SQLite copy serves the same`);
      assert.equal(same(z.text), same(x.text), `${p}: the copy of the copy serves the same`);
    }
    const [ix, iy, iz] = await Promise.all([original, onFile, onBack].map(n => request(n.base + image)));
    assert.equal(ix.status, 200);
    assert.ok(iy.buffer.equals(ix.buffer) && iz.buffer.equals(ix.buffer), 'the image, from files and from the database');
  } finally {
    for (const n of nodes) await n.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

run({ before, after });
