// What "Most read" costs a page (make bench; never part of make test): the
// statements one uncached page runs on the database, counted in the server
// by bench/statements.c (LD_PRELOAD), for the home page and an article page
// with the block, and (--before BIN: a Gazette built without it, e.g. from
// the commit before) without. With the page cache off every request makes
// its page; the lists are made once (the first request, in the warm-up) and
// then come from memory, so a page's statements are what every request
// costs. Counted as the difference between a run of W warm-up requests and
// one of W + N, so that what the server does to start and stop cancels out.
// The requests say they are a robot: the page is the same, and counting no
// view, the counter writes nothing meanwhile.
//   node bench/most-read.mjs [--before BIN] [--postgres ADMIN_URL] [--pages N]
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const arg = name => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const current = path.join(root, 'build/gazette');
const before = arg('--before');
const postgres = arg('--postgres') || process.env.GAZETTE_BENCH_POSTGRES;
const N = Number(arg('--pages') || 200), WARM = 20;
const shim = path.join(root, 'build/bench-statements.so');
const work = mkdtempSync(path.join(tmpdir(), 'gazette-most-read-'));
const ROBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const READER = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';

execFileSync('make', ['-s', '-C', root, 'build/gazette', 'build/bench-statements.so'], { stdio: 'inherit' });
for (const bin of [current, before].filter(Boolean)) if (!existsSync(bin)) throw new Error(`no ${bin}`);

const ini = path.join(work, 'site.ini');
writeFileSync(ini, `[site]
name = Bench Herald
base_url = http://127.0.0.1:8080
timezone = Asia/Baku
languages = en, ru
default_language = en
[server]
cache_mb = 0
threads = 2
[newsroom]
scheduler_seconds = 3600
media_dir = ${path.join(work, 'media')}
`);

function get(url, agent) {
  return new Promise((resolve, reject) => {
    http.get(url, { agent: false, headers: { 'User-Agent': agent } }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
    }).on('error', reject);
  });
}

// Serves db with bin, counting into file; resolves {base, stop}.
function serve(bin, db, file) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve', '--db', db, '--config', ini, '--listen', '127.0.0.1:0'],
      { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LD_PRELOAD: shim, GAZETTE_STATEMENTS: file } });
    let out = '', err = '';
    child.stderr.on('data', d => { err += d; });
    child.stdout.on('data', d => {
      out += d;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) resolve({ base: m[1], stop: () => new Promise(res => { child.once('exit', () => res(err)); child.kill('SIGTERM'); }) });
    });
    child.once('exit', code => reject(new Error(`gazette serve exited ${code}: ${err}`)));
  });
}

// What the server ran in one life: W (+ N) requests of page.
async function life(bin, db, page, requests) {
  const file = path.join(work, `count-${Math.random().toString(36).slice(2)}`);
  const s = await serve(bin, db, file);
  let shown = false;
  for (let i = 0; i < requests; i++) {
    const r = await get(s.base + page, ROBOT);
    if (r.status !== 200) throw new Error(`${page}: ${r.status}`);
    shown = r.text.includes('class="most-read"');
  }
  await s.stop();
  const counts = Object.fromEntries(readFileSync(file, 'utf8').trim().split('\n').map(l => l.split(' ')).map(([k, v]) => [k, Number(v)]));
  return { counts, shown };
}

// A demo site for bin on engine, whose readers read six stories (7 to 2
// times each), so that the lists have something in them.
async function site(bin, engine) {
  const name = `gazette_most_read_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  let db = path.join(work, `${name}.db`);
  if (engine === 'postgresql') {
    execFileSync('psql', ['-X', '-q', '-d', postgres, '-c', `CREATE DATABASE ${name}`]);
    const u = new URL(postgres);
    u.pathname = '/' + name;
    db = u.toString();
  }
  const init = spawnSync(bin, ['init', '--demo', '--db', db, '--config', ini], { encoding: 'utf8' });
  if (init.status !== 0) throw new Error(init.stderr);
  const s = await serve(bin, db, path.join(work, 'setup-count'));
  const home = await get(s.base + '/en/', READER);
  const links = [...home.text.matchAll(/href="(\/en\/[a-z0-9-]+\/[a-z0-9-]+)"/g)].map(m => m[1]);
  const stories = [...new Set(links)].slice(0, 6);
  for (const [i, p] of stories.entries()) for (let n = 0; n < 7 - i; n++) await get(s.base + p, READER);
  await s.stop();
  return { db, article: stories[1], drop: () => engine === 'postgresql' && execFileSync('psql', ['-X', '-q', '-d', postgres, '-c', `DROP DATABASE ${name} WITH (FORCE)`]) };
}

// Statements (and, on PostgreSQL, round trips) per page.
async function perPage(bin, db, page, engine) {
  const warm = await life(bin, db, page, WARM);
  const full = await life(bin, db, page, WARM + N);
  const key = engine === 'postgresql' ? 'postgresql' : 'sqlite';
  return { statements: (full.counts[key] - warm.counts[key]) / N, trips: (full.counts.round_trips - warm.counts.round_trips) / N,
    shown: full.shown };
}

const engines = ['sqlite', ...(postgres ? ['postgresql'] : [])];
const binaries = [...(before ? [['without the block', before]] : []), ['with the block', current]];
console.log(`== most read: statements per uncached page (${N} pages after ${WARM}, page cache off)`);
const results = [];
for (const engine of engines) {
  for (const [label, bin] of binaries) {
    const s = await site(bin, engine);
    try {
      for (const [what, page] of [['home page', '/en/'], ['article page', s.article]]) {
        const r = await perPage(bin, s.db, page, engine);
        results.push({ engine, label, what, ...r });
        console.log(`${engine.padEnd(11)} ${what.padEnd(13)} ${label.padEnd(18)} ${r.statements.toFixed(2).padStart(6)} statements` +
          (engine === 'postgresql' ? `, ${r.trips.toFixed(2)} round trips` : '') + (r.shown ? ' (the block shown)' : ''));
      }
    } finally {
      s.drop();
    }
  }
}
if (before) {
  for (const engine of engines)
    for (const what of ['home page', 'article page']) {
      const [a, b] = ['without the block', 'with the block'].map(l => results.find(r => r.engine === engine && r.what === what && r.label === l));
      console.log(`${engine} ${what}: ${(b.statements - a.statements).toFixed(2)} statements more with the block` +
        (engine === 'postgresql' ? `, ${(b.trips - a.trips).toFixed(2)} round trips more` : ''));
    }
}
rmSync(work, { recursive: true, force: true });
