// Power loss: a newsroom or Admin API write answered "saved" is on the disk
// before the answer goes out (SQLite synchronous = FULL: the WAL is synced at
// every commit), while the view counter's batches need not be (NORMAL). A
// power cut cannot be simulated here, so the test watches what the server
// asks of the disk: under strace, every acknowledged write is followed by an
// fsync of the database's WAL before its answer, and a view batch is not.
// Runs against GAZETTE_BIN.
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, bin } from '../lib/server.mjs';
import { addToken, request } from '../lib/newsroom.mjs';

suite('durability');

let site, child, base, trace;

// Starts the server under strace, noting fsync-family calls with file names.
function traced() {
  return new Promise((resolve, reject) => {
    trace = path.join(site.dir, 'strace.txt');
    child = spawn('strace', ['-f', '-y', '-qq', '-e', 'trace=fsync,fdatasync', '-o', trace,
      bin, 'serve', '--db', site.db, '--config', site.ini, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    const timer = setTimeout(() => reject(new Error('server did not start: ' + err)), 30000);
    child.stdout.on('data', d => {
      out += d;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.stderr.on('data', d => { err += d; });
    child.once('exit', code => { clearTimeout(timer); reject(new Error(`strace/server exited (${code}): ${err}`)); });
  });
}

// The WAL syncs strace has seen so far.
const walSyncs = () => (existsSync(trace) ? readFileSync(trace, 'utf8') : '').split('\n')
  .filter(l => /(fsync|fdatasync)\(\d+<[^>]*test\.db-wal>/.test(l)).length;

const sleep = ms => new Promise(r => setTimeout(r, ms));

test('every Admin API write is synced to the WAL before it is answered', async () => {
  const token = addToken(site, 'durable-editor', 'editor');
  for (let i = 0; i < 3; i++) {
    const before = walSyncs();
    const r = await request(base + '/api/v1/admin/articles', {
      method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: `Durable story ${i}`, category: 'politics', body_markdown: 'Saved for good.', status: 'published' }),
    });
    assert.equal(r.status, 201, r.text.slice(0, 200));
    await sleep(100); // strace writes its log as the calls return
    assert.ok(walSyncs() > before, `write ${i}: no fsync of the WAL before the answer (${before} syncs before, ${walSyncs()} after)`);
  }
});

test('a batch of view counts is not synced on its own', async () => {
  const list = await request(base + '/api/v1/en/articles?limit=1');
  const url = JSON.parse(list.text).articles[0].url.replace('https://news.example.com', '');
  await sleep(6000); // let any earlier batch go
  const before = walSyncs();
  for (let i = 0; i < 20; i++) assert.equal((await request(base + url)).status, 200);
  await sleep(6000); // the counter writes every 5 s
  assert.equal(walSyncs(), before, 'the view batch was written without waiting for the disk');
});

const failed = await run({
  before: async () => {
    if (spawnSync('strace', ['-V']).status !== 0) throw new Error('strace is missing (scripts/install-deps --test installs it)');
    site = makeSite();
    base = await traced();
  },
  after: async () => {
    if (child && child.exitCode === null) {
      // Stop the server itself (strace's child); strace ends with it.
      const done = new Promise(r => child.once('exit', r));
      const server = Number(readFileSync(`/proc/${child.pid}/task/${child.pid}/children`, 'utf8').trim().split(/\s+/)[0]);
      if (server) process.kill(server, 'SIGTERM');
      else child.kill('SIGKILL');
      await done;
    }
    site.remove();
  },
});
process.exitCode = failed ? 1 : 0;
