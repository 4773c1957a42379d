// What an operator runs a node by, on either engine:
//   - what a load balancer asks: /healthz (the process serves) and /readyz
//     (the database answers and its schema is this node's), never cached,
//     in words anyone may read (the database going away is tested with a
//     real PostgreSQL restart in cluster.test.mjs);
//   - X-Request-Id on every answer, the client's when sane;
//   - logs a machine can read ([log] format = json, access = on), whose
//     lines name their request, and in which no secret ever appears;
//   - /metrics in Prometheus's text format, checked by promtool (Debian's
//     prometheus), only for the addresses [metrics] allow names.
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, defaultConfig } from '../lib/server.mjs';
import { request, Client, addUser, addToken, PASSWORD } from '../lib/newsroom.mjs';
import net from 'node:net';
import { rawConnect } from '../lib/raw.mjs';
import { sql, engineOf } from '../lib/db.mjs';
import { writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

suite('operations');
const site = makeSite();
const server = await serve(site);
const get = (p, options) => request(server.base + p, options);

// Sets the schema version the database says it is at.
function setSchema(version) {
  if (engineOf(site) === 'postgresql') sql(site, `UPDATE gazette_schema SET version = ${version}`);
  else sql(site, `PRAGMA user_version = ${version}`);
}
const schemaNow = () => Number(sql(site, engineOf(site) === 'postgresql' ? 'SELECT version FROM gazette_schema' : 'PRAGMA user_version'));

test('/healthz answers 200 {"status":"ok"}, uncached, to GET and HEAD only', async () => {
  const r = await get('/healthz');
  assert.equal(r.status, 200);
  assert.deepEqual(JSON.parse(r.text), { status: 'ok' });
  assert.match(r.headers['content-type'], /^application\/json/);
  assert.equal(r.headers['cache-control'], 'no-store');
  const head = await get('/healthz', { method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
  assert.equal((await get('/healthz?probe=1')).status, 200, 'a query changes nothing');
  const post = await get('/healthz', { method: 'POST', body: '' });
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET, HEAD');
  assert.equal((await get('/healthz/more')).status, 404, 'only the path itself');
  assert.equal((await get('/readyzz')).status, 404);
});

test('/readyz is 200 while the schema is this node\'s, 503 with what to do when another node changed it', async () => {
  const current = schemaNow();
  assert.ok(current > 0);
  const ready = await get('/readyz');
  assert.equal(ready.status, 200);
  assert.deepEqual(JSON.parse(ready.text), { status: 'ready' });
  assert.equal(ready.headers['cache-control'], 'no-store');
  try {
    // As a newer Gazette's migration on another node leaves it.
    setSchema(current + 1);
    const newer = await get('/readyz');
    assert.equal(newer.status, 503, 'asked anew each time, never cached');
    assert.equal(newer.headers['retry-after'], '5');
    assert.deepEqual(JSON.parse(newer.text), {
      status: 'unavailable',
      reason: `the database's schema is version ${current + 1}, and this Gazette's is ${current}: upgrade this node`,
    });
    assert.equal((await get('/healthz')).status, 200, 'alive all the same');
    setSchema(current - 1);
    const older = await get('/readyz');
    assert.equal(older.status, 503);
    assert.match(JSON.parse(older.text).reason, /is version \d+, and this Gazette's is \d+: run gazette init$/);
  } finally {
    setSchema(current);
  }
  assert.equal((await get('/readyz')).status, 200);
  assert.equal((await get('/readyz', { method: 'DELETE' })).status, 405);
});

test('health checks asked many times at once all answer, and the server reports nothing', async () => {
  const all = await Promise.all(Array.from({ length: 40 }, (_, i) => get(i % 2 ? '/healthz' : '/readyz')));
  for (const r of all) assert.equal(r.status, 200);
  assert.deepEqual(sanitizerErrors(server.stderr()), []);
});

test('/favicon.ico answers with the theme\'s icon, kept an hour (its address has no hash)', async () => {
  const r = await get('/favicon.ico');
  assert.equal(r.status, 200);
  assert.equal(r.headers['content-type'], 'image/svg+xml');
  assert.match(r.text, /^<svg /);
  assert.doesNotMatch(r.headers['cache-control'], /immutable/);
  assert.match(r.headers['cache-control'], /max-age=3600/);
  assert.equal((await get('/favicon.ico', { headers: { 'If-None-Match': r.headers.etag } })).status, 304);
});

const NEW_ID = /^[0-9a-f]{16}$/;
const ARTICLE = '/en/politics/fixture-bridge-opens';

test('every answer carries X-Request-Id: the client\'s when it is sane, else a new one', async () => {
  const sane = 'trace-1.2:3@a/b+c=';
  for (const p of [ARTICLE, ARTICLE, '/en/', '/missing', '/healthz', '/admin/login', '/api/v1/articles', '/en/search?q=bridge']) {
    const r = await get(p, { headers: { 'X-Request-Id': sane } });
    assert.equal(r.headers['x-request-id'], sane, p);
  }
  // The second asking of the article was a hit in the page cache; a 304 too.
  const etag = (await get(ARTICLE)).headers.etag;
  const fresh = await get(ARTICLE, { headers: { 'If-None-Match': etag, 'X-Request-Id': 'revalidate-1' } });
  assert.equal(fresh.status, 304);
  assert.equal(fresh.headers['x-request-id'], 'revalidate-1');
  const ids = new Set();
  for (const bad of ['<script>', 'a b', 'x'.repeat(65), 'caf\u00e9', '']) {
    const r = await get(ARTICLE, { headers: { 'X-Request-Id': Buffer.from(bad, 'utf8').toString('latin1') } });
    assert.match(r.headers['x-request-id'], NEW_ID, JSON.stringify(bad));
    ids.add(r.headers['x-request-id']);
  }
  assert.equal(ids.size, 5, 'a new id each time');
  assert.equal((await get('/en/', { headers: { 'X-Request-Id': 'x'.repeat(64) } })).headers['x-request-id'], 'x'.repeat(64));
  // Refused before any handler: a body too large, and a head the gate
  // turns away before the server proper sees it.
  const big = await request(server.base + '/admin/login', { method: 'POST', headers: { 'Content-Length': String(64 * 1024 * 1024), 'X-Request-Id': 'too-big' }, body: undefined, expectContinue: false }).catch(e => e);
  if (!(big instanceof Error)) assert.equal(big.headers['x-request-id'], 'too-big');
  const raw = await rawConnect(server.base);
  await raw.write('GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n');
  const head = await raw.head();
  raw.close();
  assert.equal(head.status, 400);
  assert.match(head.headers['x-request-id'], NEW_ID);
});

test('[log] format = json, access = on: one JSON object a line, an access line an answer, each line naming its request, no secret anywhere', async () => {
  const config = `${defaultConfig}\n[log]\nformat = json\naccess = on\n`;
  const own = makeSite({ config });
  assert.equal(addUser(own, { email: 'ed@example.com', name: 'Ed', role: 'editor' }).status, 0);
  const token = addToken(own, 'logs', 'editor');
  const node = await serve(own);
  try {
    const at = p => node.base + p;
    await request(at(ARTICLE), { headers: { 'X-Request-Id': 'first-read' } });
    await request(at(ARTICLE), { headers: { 'X-Request-Id': 'second-read' } });
    await request(at('/en/search?q=kura'), { headers: { 'X-Request-Id': 'a-search' } });
    await request(at('/healthz'), { headers: { 'X-Request-Id': 'health' } });
    const api = await request(at('/api/v1/admin/articles/1'), { headers: { Authorization: `Bearer ${token}`, 'X-Request-Id': 'api-list' } });
    assert.equal(api.status, 200);
    // A failed login, then the lockout (an error line), then a good one.
    const c = new Client(node.base, { headers: { 'X-Request-Id': 'newsroom' } });
    const wrong = 'not the password at all';
    for (let i = 0; i < 6; i++) await c.tryLogin('ed@example.com', wrong);
    const form = await c.get('/admin/login');
    const csrf = form.doc.querySelector('input[name=csrf]').getAttribute('value');
    const c2 = new Client(node.base, { localAddress: '127.0.0.2', headers: { 'X-Request-Id': 'good-login' } });
    assert.equal((await c2.login('ed@example.com')).status, 303);
    const session = c2.cookies.get('gazette_session');
    assert.ok(session && csrf);
    const stopped = await node.stop();
    // The server's lines; a sanitizer build's leak summary may follow them.
    const all = stopped.stderr.split('\n').filter(Boolean);
    const lines = all.slice(0, all.findIndex(l => l.includes('"message":"stopped cleanly"')) + 1);
    assert.ok(lines.length > 10);
    const objects = lines.map(l => {
      try { return JSON.parse(l); } catch { assert.fail(`not a JSON line: ${l}`); }
    });
    for (const o of objects) {
      assert.match(o.time, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.ok(['info', 'error'].includes(o.level), o.level);
      assert.equal(typeof o.message, 'string');
    }
    const access = objects.filter(o => o.message === 'access');
    const read = access.find(o => o.request_id === 'first-read');
    assert.deepEqual(Object.keys(read), ['time', 'level', 'message', 'request_id', 'client', 'method', 'path', 'status', 'bytes', 'duration_ms', 'cache']);
    assert.equal(read.client, '127.0.0.1');
    assert.equal(read.method, 'GET');
    assert.equal(read.path, ARTICLE);
    assert.equal(read.status, 200);
    assert.ok(read.bytes > 1000);
    assert.ok(read.duration_ms > 0);
    assert.equal(read.cache, 'miss');
    assert.equal(access.find(o => o.request_id === 'second-read').cache, 'hit');
    const search = access.find(o => o.request_id === 'a-search');
    assert.equal(search.path, '/en/search', 'the path without its query');
    assert.equal(access.find(o => o.request_id === 'api-list').cache, null, 'the newsroom never asks the page cache');
    assert.ok(!access.some(o => o.request_id === 'health'), 'no health check unless [log] health = on');
    // The newsroom's own lines name the request they were written for.
    const failedLine = objects.find(o => o.message.startsWith('failed login for ed@example.com'));
    assert.equal(failedLine?.request_id, 'newsroom');
    const refused = objects.find(o => o.level === 'error' && o.message.startsWith('login refused for ed@example.com'));
    assert.equal(refused?.request_id, 'newsroom', 'an error line names its request');
    assert.equal(objects.find(o => o.message.startsWith('login: ed@example.com'))?.request_id, 'good-login');
    // Not a password, token, session or CSRF value, nor what was searched.
    for (const secret of [PASSWORD, wrong, token, session, csrf, 'kura'])
      assert.ok(!stopped.stderr.includes(secret), `the log holds ${secret.slice(0, 6)}...`);
    assert.deepEqual(sanitizerErrors(stopped.stderr), []);
  } finally {
    await node.stop();
    own.remove();
  }
});

test('[log] with an unknown format or switch stops serve with a message naming the key', async () => {
  for (const [key, value, why] of [['format', 'xml', /\[log\] format: must be text or json/], ['access', 'yes', /\[log\] access: must be on or off/],
    ['colour', 'on', /\[log\] colour: unknown key/]]) {
    const own = makeSite({ demo: false, imports: [] });
    try {
      writeFileSync(own.ini, `${defaultConfig}\n[log]\n${key} = ${value}\n`);
      await assert.rejects(serve(own), why);
    } finally {
      own.remove();
    }
  }
});

// The value of one series in an exposition ("name{labels}" as written).
function series(text, name) {
  const line = text.split('\n').find(l => l.startsWith(name + ' '));
  return line === undefined ? undefined : Number(line.slice(name.length + 1));
}

test('/metrics is Prometheus text that promtool accepts, and its counters follow what the node does', async () => {
  const before = await get('/metrics');
  assert.equal(before.status, 200);
  assert.equal(before.headers['content-type'], 'text/plain; version=0.0.4; charset=utf-8');
  assert.equal(before.headers['cache-control'], 'no-store');
  const lint = spawnSync('promtool', ['check', 'metrics'], { input: before.text, encoding: 'utf8' });
  assert.equal(lint.status, 0, `promtool: ${lint.stdout}${lint.stderr}`);
  assert.equal(series(before.text, `gazette_build_info{version="0.1.0",engine="${engineOf(site)}"}`), 1);
  const article = t => series(t, 'gazette_http_requests_total{route="article",code="2xx"}');
  const hits = t => series(t, 'gazette_page_cache_hits_total');
  await get(ARTICLE);
  await get(ARTICLE);
  await get('/en/search?q=opens'); // asked first here: the page cache holds no answer for it
  await get('/no-such-page');
  await get('/healthz');
  const c = new Client(server.base, { localAddress: '127.0.0.3' });
  await c.tryLogin('nobody@example.com', 'wrong');
  const after = (await get('/metrics')).text;
  assert.equal(spawnSync('promtool', ['check', 'metrics'], { input: after }).status, 0);
  assert.equal(article(after) - article(before.text), 2);
  assert.ok(hits(after) - hits(before.text) >= 1, 'the second read was a hit');
  assert.equal(series(after, 'gazette_search_queries_total') - series(before.text, 'gazette_search_queries_total'), 1);
  assert.ok(series(after, 'gazette_search_duration_seconds_count') >= 1);
  assert.ok(series(after, 'gazette_http_requests_total{route="other",code="4xx"}') >= 1);
  assert.ok(series(after, 'gazette_http_requests_total{route="health",code="2xx"}') >= 1);
  assert.ok(series(after, 'gazette_http_requests_total{route="admin",code="2xx"}') >= 1, 'the login form');
  assert.equal(series(after, 'gazette_logins_total{result="failed"}') - series(before.text, 'gazette_logins_total{result="failed"}'), 1);
  assert.ok(series(after, 'gazette_http_response_bytes_total{route="article"}') > 2000);
  assert.ok(series(after, 'gazette_http_request_duration_seconds_count{route="article"}') >= 2);
  assert.ok(series(after, 'gazette_views_counted_total') >= 2);
  assert.ok(series(after, 'gazette_http_connections') >= 1);
  assert.equal(series(after, 'gazette_database_errors_total{kind="unavailable"}'), 0);
});

test('/metrics is a 404 page to anyone [metrics] allow does not name, the client being whom trusted proxies say', async () => {
  const config = `${defaultConfig.replace('[server]', '[server]\ntrusted_proxies = 127.0.0.1')}\n[metrics]\nallow = 127.0.0.1, 192.0.2.0/24\n`;
  const own = makeSite({ config, demo: false, imports: [] });
  const node = await serve(own);
  try {
    const mine = await request(node.base + '/metrics');
    assert.equal(mine.status, 200);
    const outside = await request(node.base + '/metrics', { headers: { 'X-Forwarded-For': '203.0.113.9' } });
    assert.equal(outside.status, 404);
    assert.match(outside.headers['content-type'], /text\/html/, 'the site\'s own 404 page');
    assert.doesNotMatch(outside.text, /gazette_/);
    const allowed = await request(node.base + '/metrics', { headers: { 'X-Forwarded-For': '192.0.2.77' } });
    assert.equal(allowed.status, 200);
    assert.match(allowed.text, /^# HELP gazette_build_info/);
    assert.equal((await request(node.base + '/metrics', { method: 'POST', body: '' })).status, 405);
  } finally {
    await node.stop();
    own.remove();
  }
  const closed = makeSite({ config: `${defaultConfig}\n[metrics]\nallow = 10.1.2.3\n`, demo: false, imports: [] });
  const other = await serve(closed);
  try {
    assert.equal((await request(other.base + '/metrics')).status, 404, 'loopback too, once allow names others only');
  } finally {
    await other.stop();
    closed.remove();
  }
});

test('a cache in front that is down never fails or holds a write: the purges are retried, counted and logged', async () => {
  // A port that refuses, and one that takes the connection and never answers.
  const silent = net.createServer(() => {}).listen(0, '127.0.0.1');
  await new Promise(r => silent.once('listening', r));
  const refusing = net.createServer().listen(0, '127.0.0.1');
  await new Promise(r => refusing.once('listening', r));
  const closed = refusing.address().port;
  await new Promise(r => refusing.close(r));
  const config = `${defaultConfig}\n[cache]\npurge_url = http://127.0.0.1:${closed}/, http://127.0.0.1:${silent.address().port}/\n`;
  const own = makeSite({ config, demo: false });
  const token = addToken(own, 'writer', 'editor');
  const node = await serve(own);
  try {
    for (let i = 0; i < 3; i++) {
      const started = Date.now();
      const r = await request(node.base + '/api/v1/admin/articles', { method: 'POST', headers: { Authorization: `Bearer ${token}`,
        'Content-Type': 'application/json' }, body: JSON.stringify({ title: `Written with the cache down ${i}`, category: 'world',
        lang: 'en', body_markdown: 'Text.', status: 'published' }) });
      assert.equal(r.status, 201, r.text.slice(0, 200));
      assert.ok(Date.now() - started < 2500, 'the write did not wait for the cache');
    }
    // Three tries each (1 s and 4 s apart, 3 s for the silent one's timeout).
    let failures = 0;
    const end = Date.now() + 30000;
    while (failures < 2 && Date.now() < end) {
      await new Promise(r => setTimeout(r, 500));
      failures = series((await request(node.base + '/metrics')).text, 'gazette_cache_purge_failures_total');
    }
    assert.ok(failures >= 2, `both caches' failures counted (${failures})`);
    const stopped = await node.stop();
    assert.match(stopped.stderr, new RegExp(`purge: http://127\\.0\\.0\\.1:${closed}/: .*Couldn't connect`));
  } finally {
    await node.stop();
    own.remove();
    silent.close();
  }
});

const failed = await run({ after: async () => { await server.stop(); site.remove(); } });
process.exitCode = failed ? 1 : 0;
