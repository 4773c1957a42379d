// What an operator's load balancer asks a node: /healthz (the process
// serves) and /readyz (the database answers and its schema is this node's),
// on either engine; never cached, and in words anyone may read. (The
// database going away is tested with a real PostgreSQL restart in
// cluster.test.mjs.)
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors } from '../lib/server.mjs';
import { request } from '../lib/newsroom.mjs';
import { sql, engineOf } from '../lib/db.mjs';

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

const failed = await run({ after: async () => { await server.stop(); site.remove(); } });
process.exitCode = failed ? 1 : 0;
