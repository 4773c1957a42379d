// HTTP tests of the page cache and compression: every coding decodes to
// the same bytes, Accept-Encoding is honoured (with Vary), no answer of one
// address, edition or coding is served for another, a change through the
// Admin API shows on the very next request, a change by another process
// (`gazette import`) and an embargo's end show within moments, the memory
// bound holds, and views counted under parallel load are all stored at
// shutdown. Also the server without a cache (cache_mb = 0).
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, defaultConfig, gazette, fixtures } from '../lib/server.mjs';
import { addToken, request, sql, sleep, bakuIso } from '../lib/newsroom.mjs';

suite('http cache');
let site, server, base, token, extra;
const ARTICLE = '/en/politics/fixture-bridge-opens';

const get = (p, headers = {}) => request(base + p, { headers });

// The body as the client reads it, decoded from its Content-Encoding.
function decoded(r) {
  const enc = r.headers['content-encoding'];
  if (enc === 'br') return brotliDecompressSync(r.buffer);
  if (enc === 'gzip') return gunzipSync(r.buffer);
  assert.equal(enc, undefined);
  return r.buffer;
}

async function adminApi(method, p, body) {
  return request(base + p, {
    method, body: JSON.stringify(body),
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  });
}

function writeArticle(name, fields, body = 'Body text.') {
  const front = Object.entries(fields).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n');
  const file = path.join(extra, name);
  writeFileSync(file, `---\n${front}\n---\n${body}\n`);
  return file;
}

// Waits until check() holds (polling), at most ms.
async function eventually(check, ms, what) {
  const end = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) assert.fail(`not within ${ms} ms: ${what}`);
    await sleep(25);
  }
}

test('every coding decodes to the same bytes, chosen by Accept-Encoding, with Vary', async () => {
  for (const p of [ARTICLE, '/en/', '/en/politics/', '/en/rss.xml', '/sitemap.xml', '/api/v1/en/articles?limit=5', '/en/search?q=bridge']) {
    const plain = await get(p);
    const br = await get(p, { 'Accept-Encoding': 'gzip, deflate, br' });
    const gz = await get(p, { 'Accept-Encoding': 'gzip' });
    const again = await get(p, { 'Accept-Encoding': 'br;q=0, gzip;q=0.5' });
    assert.equal(plain.headers['content-encoding'], undefined, p);
    assert.equal(br.headers['content-encoding'], 'br', p);
    assert.equal(gz.headers['content-encoding'], 'gzip', p);
    assert.equal(again.headers['content-encoding'], 'gzip', p + ': br refused with q=0');
    for (const r of [plain, br, gz]) {
      assert.equal(r.status, 200, p);
      assert.equal(r.headers.vary, 'Accept-Encoding', p);
      assert.equal(Number(r.headers['content-length']), r.buffer.length, p);
    }
    assert.ok(br.buffer.length < plain.buffer.length / 2, `${p}: brotli saves (${br.buffer.length} of ${plain.buffer.length})`);
    const body = plain.buffer;
    assert.ok(decoded(br).equals(body), p + ': br');
    assert.ok(decoded(gz).equals(body), p + ': gzip');
    assert.equal(br.headers['content-type'], plain.headers['content-type'], p);
    // One version, three codings: the tags differ, a 304 answers any of them.
    assert.notEqual(br.headers.etag, plain.headers.etag);
    for (const tag of [plain.headers.etag, br.headers.etag, gz.headers.etag]) {
      const r = await get(p, { 'Accept-Encoding': 'br', 'If-None-Match': tag });
      assert.equal(r.status, 304, `${p} ${tag}`);
      assert.equal(r.buffer.length, 0);
      assert.equal(r.headers.etag, br.headers.etag);
    }
  }
});

test('identity when the client takes no coding we make, or refuses them all', async () => {
  for (const ae of ['identity', 'deflate', 'br;q=0, gzip;q=0', '*;q=0', '']) {
    const r = await get('/en/', ae === '' ? {} : { 'Accept-Encoding': ae });
    assert.equal(r.headers['content-encoding'], undefined, ae);
    assert.match(r.text, /^<!DOCTYPE html>/);
  }
  const star = await get('/en/', { 'Accept-Encoding': '*' });
  assert.equal(star.headers['content-encoding'], 'br');
});

test('each address, query and edition has its own answer', async () => {
  const en = await get('/en/', { 'Accept-Encoding': 'br' });
  const ru = await get('/ru/', { 'Accept-Encoding': 'br' });
  assert.match(decoded(en).toString(), /<html lang="en">/);
  assert.match(decoded(ru).toString(), /<html lang="ru">/);
  const p1 = await get('/en/search?q=bridge');
  const p2 = await get('/en/search?q=kura');
  assert.notEqual(p1.headers.etag, p2.headers.etag);
  assert.match(p1.text, /value="bridge"/);
  assert.match(p2.text, /value="kura"/);
  const enc = await get('/en/search?q=' + encodeURIComponent('a&b=c'));
  assert.match(enc.text, /value="a&amp;b=c"/);
  const amp = await get('/en/search?q=a&b=c');
  assert.match(amp.text, /value="a"/);
  // HEAD and GET share the answer; HEAD has no body.
  const head = await request(base + ARTICLE, { method: 'HEAD', headers: { 'Accept-Encoding': 'br' } });
  const full = await get(ARTICLE, { 'Accept-Encoding': 'br' });
  assert.equal(head.headers.etag, full.headers.etag);
  assert.equal(head.buffer.length, 0);
  assert.equal(head.headers['content-length'], full.headers['content-length']);
});

test('the newsroom and the Admin API are never cached', async () => {
  const a = await get('/admin/login');
  assert.equal(a.headers['cache-control'], 'no-store');
  assert.equal(a.headers['content-encoding'], undefined);
  const api = await request(base + '/api/v1/admin/articles/1', { headers: { Authorization: `Bearer ${token}`, 'Accept-Encoding': 'br' } });
  assert.equal(api.headers['cache-control'], 'no-store');
  assert.equal(api.headers['content-encoding'], undefined);
});

test('an update through the Admin API shows on the next request, everywhere', async () => {
  const id = Number(sql(site.db, "select id from articles where slug = 'fixture-bridge-opens'"));
  const pages = [ARTICLE, '/en/search?q=fixture', '/en/politics/', '/en/politics/rss.xml', `/api/v1/en/articles/${id}`, '/api/v1/en/articles?category=politics'];
  for (const p of pages) for (const ae of [{}, { 'Accept-Encoding': 'br' }, { 'Accept-Encoding': 'gzip' }]) await get(p, ae);
  const title = `Fixture bridge renamed ${Date.now()}`;
  const r = await adminApi('PATCH', `/api/v1/admin/articles/${id}`, { title });
  assert.equal(r.status, 200, r.text);
  for (const p of pages) for (const ae of [{}, { 'Accept-Encoding': 'br' }, { 'Accept-Encoding': 'gzip' }]) {
    const a = await get(p, ae);
    const shown = decoded(a).toString().replace(/<\/?mark>/g, '');
    assert.ok(shown.includes(title), `${p} ${JSON.stringify(ae)} shows the new title`);
  }
  // Unpublishing takes the article away at once.
  const off = await adminApi('PATCH', `/api/v1/admin/articles/${id}`, { status: 'unpublished' });
  assert.equal(off.status, 200, off.text);
  assert.equal((await get(ARTICLE)).status, 404);
  assert.ok(!(await get('/en/politics/')).text.includes(title));
  const on = await adminApi('PATCH', `/api/v1/admin/articles/${id}`, { status: 'published' });
  assert.equal(on.status, 200, on.text);
  assert.equal((await get(ARTICLE)).status, 200);
});

test('a change by another process (`gazette import`) shows within moments', async () => {
  await get('/en/politics/');
  const file = writeArticle('outside.md', { title: 'Imported beside the server', lang: 'en', category: 'politics',
    date: new Date(Date.now() - 60000).toISOString().replace(/\.\d+Z$/, 'Z'), slug: 'imported-beside' });
  const imp = gazette(['import', '--db', site.db, '--config', site.ini, file]);
  assert.equal(imp.status, 0, imp.stderr);
  await eventually(async () => (await get('/en/politics/')).text.includes('Imported beside the server'), 2000, 'the category lists the import');
});

test('an embargoed article comes out at its time, though nothing was written then', async () => {
  const at = Date.now() + 3000;
  const file = writeArticle('embargo.md', { title: 'Embargo lifts now', lang: 'en', category: 'politics',
    date: bakuIso(at), slug: 'embargo-lifts-now' });
  const imp = gazette(['import', '--db', site.db, '--config', site.ini, file]);
  assert.equal(imp.status, 0, imp.stderr);
  await sleep(400);
  assert.ok(!(await get('/en/')).text.includes('Embargo lifts now'), 'hidden before its time');
  assert.equal((await get('/en/politics/embargo-lifts-now')).status, 404);
  await eventually(async () => (await get('/en/')).text.includes('Embargo lifts now'), (at - Date.now()) + 1500, 'the home lists it after its time');
  assert.ok(Date.now() >= at - 1000, 'not much before its time (dates have seconds)');
  assert.equal((await get('/en/politics/embargo-lifts-now')).status, 200);
});

test('views counted under parallel load are all stored at shutdown', async () => {
  const id = Number(sql(site.db, "select id from articles where slug = 'fixture-bridge-opens'"));
  const live = async () => JSON.parse((await get(`/api/v1/en/articles/${id}/views`)).text).views;
  const before = await live();
  const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });
  const one = () => new Promise((resolve, reject) => {
    http.get(base + ARTICLE, { agent, headers: { 'Accept-Encoding': 'br' } }, res => { res.resume(); res.on('end', resolve); }).on('error', reject);
  });
  const N = 3000;
  for (let done = 0; done < N; done += 300) await Promise.all(Array.from({ length: 300 }, one));
  agent.destroy();
  assert.equal(await live(), before + N);
  const stopped = await server.stop();
  assert.equal(stopped.code, 0, stopped.stderr);
  assert.deepEqual(sanitizerErrors(stopped.stderr), []);
  assert.match(stopped.stderr, /page cache: \d+ answers/);
  assert.equal(Number(sql(site.db, `select count from article_views where article_id = ${id}`)), before + N);
  server = await serve(site);
  base = server.base;
});

test('memory: the cache stays within cache_mb, dropping the least recently used', async () => {
  const small = makeSite({ config: defaultConfig + '\n[server]\ncache_mb = 1\n' });
  const srv = await serve(small);
  try {
    for (let i = 0; i < 400; i++) await request(`${srv.base}/en/search?q=word${i}`, { headers: { 'Accept-Encoding': 'br' } });
    const hot = await request(`${srv.base}/en/`, { headers: { 'Accept-Encoding': 'br' } });
    assert.equal(hot.status, 200);
  } finally {
    const stopped = await srv.stop();
    small.remove();
    const m = stopped.stderr.match(/page cache: (\d+) answers in (\d+) of (\d+) bytes; (\d+) hits, (\d+) misses/);
    assert.ok(m, stopped.stderr.slice(-500));
    const [, entries, bytes, max] = m.map(Number);
    assert.equal(max, 1024 * 1024);
    assert.ok(bytes <= max, `${bytes} bytes held, at most ${max}`);
    assert.ok(entries > 5 && entries < 401, `${entries} answers kept`);
    assert.deepEqual(sanitizerErrors(stopped.stderr), []);
  }
});

test('without a cache (cache_mb = 0): pages are made anew, counts show at once, the ETag holds', async () => {
  const bare = makeSite({ config: defaultConfig + '\n[server]\ncache_mb = 0\n' });
  const srv = await serve(bare);
  try {
    const views = r => Number(/data-views>(\d+)</.exec(r.text)[1]);
    const one = await request(srv.base + ARTICLE, { headers: { 'Accept-Encoding': 'br' } });
    const two = await request(srv.base + ARTICLE, { headers: { 'Accept-Encoding': 'br' } });
    assert.equal(one.headers['content-encoding'], undefined, 'no cache, no coding');
    assert.equal(views(two), views(one) + 1);
    assert.equal(two.headers.etag, one.headers.etag, 'the ETag is taken before the count goes in');
    assert.equal((await request(srv.base + ARTICLE, { headers: { 'If-None-Match': one.headers.etag } })).status, 304);
  } finally {
    const stopped = await srv.stop();
    bare.remove();
    assert.doesNotMatch(stopped.stderr, /page cache:/);
    assert.deepEqual(sanitizerErrors(stopped.stderr), []);
  }
});

await run({
  before: async () => {
    extra = mkdtempSync(path.join(tmpdir(), 'gazette-cache-'));
    site = makeSite({ imports: [path.join(fixtures, 'articles')] });
    token = addToken(site, 'cache-editor', 'editor');
    server = await serve(site);
    base = server.base;
  },
  after: async () => {
    const { code, stderr } = await server.stop();
    const errors = sanitizerErrors(stderr);
    rmSync(extra, { recursive: true, force: true });
    site.remove();
    if (code !== 0 || errors.length) throw new Error(`server exit ${code}: ${errors.join(' | ')}`);
  },
});
