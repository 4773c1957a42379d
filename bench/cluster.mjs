// Several machines (make bench; never part of make test). In one run, side
// by side: the same site (the demo plus `gazette gen` articles) on SQLite and
// on PostgreSQL (a throwaway cluster from tests/pg-cluster, fsync on, as in
// production), under wrk: the article page cached and uncached, the home and
// search pages uncached, and Admin API writes; then two PostgreSQL nodes
// behind nginx against one; how long a write on one node takes to show on
// another's cached home page; and what one uncached article page costs the
// database (statements, round trips, the server's time and CPU).
//   node bench/cluster.mjs [--seconds N] [--count N]
// --seconds: each wrk row's length after a 2 s warm-up (5 by default here,
// so that the whole run, building both sites included, stays under 6
// minutes); --count: generated articles (20,000).
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, readdirSync, rmSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir, loadavg } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'build/gazette');
const option = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const SECONDS = option('--seconds', 5);
const COUNT = option('--count', 20000);
const WRITERS = 4;        // Admin API clients at once
const FRESHNESS = 100;    // writes whose delay to the other node is measured
const PAGES = 1000;       // uncached article pages whose statements are counted
const SEARCH = '/en/search?q=city';  // a common word: in 11,000 of the 20,000 English articles
const TICK = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));
const work = mkdtempSync(path.join(tmpdir(), 'gazette-cluster-bench-'));
chmodSync(work, 0o755);
const pgDir = path.join(work, 'pg');
const ini = path.join(root, 'gazette.ini');
const rows = [];
const notes = [];
const problems = [];      // non-2xx answers, socket errors, failed writes
const children = new Set();
let pgStarted = false;

// ----------------------------------------------------------------- helpers

function gazette(args) {
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gazette ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

// The same, without blocking (both sites are built at once); resolves to
// the seconds it took.
function gazetteAsync(args) {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    children.add(child);
    let err = '';
    child.stderr.on('data', d => { err += d; });
    child.once('exit', code => {
      children.delete(child);
      if (code === 0) resolve((performance.now() - started) / 1000);
      else reject(new Error(`gazette ${args.join(' ')} exited ${code}: ${err.slice(-2000)}`));
    });
  });
}

function pgCluster(...args) {
  const r = spawnSync(path.join(root, 'tests/pg-cluster'), args, { encoding: 'utf8',
    env: { ...process.env, PG_CLUSTER_OPTS: '-c shared_preload_libraries=pg_stat_statements' } });
  if (r.status !== 0) throw new Error(`pg-cluster ${args.join(' ')}: ${r.stderr}`);
  return r.stdout.trim();
}

// Runs SQL; its rows as text (columns split by |).
function psql(url, query) {
  const r = spawnSync('psql', ['-X', '-At', '-v', 'ON_ERROR_STOP=1', url, '-c', query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout.trim();
}

// Serves db with the demo's configuration (plus extra INI text); resolves {base, pid, stop}.
function serve(db, extra = '') {
  const conf = path.join(work, `site-${Math.random().toString(36).slice(2)}.ini`);
  writeFileSync(conf, readFileSync(ini, 'utf8') + '\n' + extra + '\n');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve', '--db', db, '--config', conf, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '', err = '';
    child.stderr.on('data', d => { err += d; });
    child.stdout.on('data', d => {
      out += d;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:(\d+))\//);
      if (m) resolve({
        base: m[1], port: Number(m[2]), pid: child.pid,
        stop: () => new Promise(res => {
          if (child.exitCode !== null) return res(err);
          child.once('exit', () => { children.delete(child); res(err); });
          child.kill('SIGTERM');
        }),
      });
    });
    child.once('exit', code => { children.delete(child); reject(new Error(`gazette serve exited ${code}: ${err}`)); });
  });
}

const keepAlive = new http.Agent({ keepAlive: true, maxSockets: 16 });

function request(url, { method = 'GET', headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent: keepAlive }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const sleep = ms => new Promise(r => setTimeout(r, ms));
const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p / 100))];

// CPU seconds used so far by these processes (user + system).
function cpuSeconds(pids) {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch { /* gone */ }
  }
  return ticks / TICK;
}

// The PostgreSQL server's processes: the postmaster and its children
// (a backend per connection, the checkpointer, the WAL writer...).
function pgPids() {
  const postmaster = Number(readFileSync(path.join(pgDir, 'data/postmaster.pid'), 'utf8').split('\n')[0]);
  const pids = [postmaster];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      if (Number(stat.split(') ')[1].split(' ')[1]) === postmaster) pids.push(Number(d));
    } catch { /* gone */ }
  }
  return pids;
}

// The machine's CPU (all cores) in seconds: busy, and in all.
function machineCpu() {
  const f = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1, 9).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = f;
  return { busy: (user + nice + system + irq + softirq + steal) / TICK, all: f.reduce((a, b) => a + b, 0) / TICK };
}

// nginx's processes while it runs (its master and workers).
let nginxPid = 0;
function nginxPids() {
  if (!nginxPid) return [];
  const pids = [nginxPid];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try { if (Number(readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ')[1]) === nginxPid) pids.push(Number(d)); } catch { /* gone */ }
  }
  return pids;
}

// What a row's measured window used: the nodes' CPU, PostgreSQL's, and
// the share of the machine's CPU that none of this run's processes used
// (other work on the same cores). watch() starts a window, its result's
// end(extra) closes it (extra: CPU seconds of a process that has exited
// meanwhile, wrk's).
let watched = { pids: [], pg: false };
function watch() {
  const mine = () => {
    const usage = process.cpuUsage();
    return cpuSeconds([...nginxPids(), ...pgPids()]) + (usage.user + usage.system) / 1e6;
  };
  const start = { nodes: cpuSeconds(watched.pids), pg: watched.pg ? cpuSeconds(pgPids()) : 0, mine: mine(), machine: machineCpu() };
  return {
    end(extra = 0) {
      const nodes = cpuSeconds(watched.pids) - start.nodes;
      const pg = watched.pg ? cpuSeconds(pgPids()) - start.pg : 0;
      const machine = machineCpu();
      const others = (machine.busy - start.machine.busy) - nodes - (mine() - start.mine) - extra;  // PostgreSQL's CPU is in mine()
      return { nodes, pg, otherPct: Math.max(0, others) * 100 / (machine.all - start.machine.all) };
    },
  };
}

// Runs fn (a wrk row or the writes) watching these nodes (and PostgreSQL):
// the CPU per request in ms.
async function withCpu(nodes, fn, pg = false) {
  watched = { pids: nodes.map(n => n.pid), pg };
  const r = await fn();
  watched = { pids: [], pg: false };
  r.nodeCpu = r.cpu.nodes * 1000 / r.requests;
  if (pg) r.pgCpu = r.cpu.pg * 1000 / r.requests;
  r.otherPct = r.cpu.otherPct;
  return r;
}

// wrk, without blocking this process; what it printed, and its CPU seconds
// (the shell's `times`).
function runWrk(url, seconds, args = []) {
  return new Promise((resolve, reject) => {
    const child = spawn('sh', ['-c', 'wrk "$@"; rc=$?; times >&2; exit $rc', 'sh', '-t2', '-c64', `-d${seconds}s`, '--latency', ...args, url],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '', err = '';
    child.stdout.on('data', d => { out += d; });
    child.stderr.on('data', d => { err += d; });
    child.once('exit', code => {
      children.delete(child);
      const t = err.trim().split('\n').pop().match(/(\d+)m([\d.]+)s\s+(\d+)m([\d.]+)s/);
      const cpu = t ? Number(t[1]) * 60 + Number(t[2]) + Number(t[3]) * 60 + Number(t[4]) : 0;
      if (code === 0) resolve({ out, cpu });
      else reject(new Error(`wrk exited ${code}: ${err}`));
    });
  });
}

// wrk's requests/s and latency percentiles (ms) for url, after a 2 s warm-up.
// When some answers were not 2xx or 3xx, one more second under a Lua
// script that counts the statuses says which they were.
async function wrk(url, what) {
  const port = Number(new URL(url).port);
  await runWrk(url, 2);
  await drained(port);
  const w = watch();
  const run = await runWrk(url, SECONDS);
  const cpu = w.end(run.cpu);
  const r = { ...parseWrk(run.out, what), cpu };
  await drained(port);
  if (r.failed) problems.push(`  (${what}: then 1 s counting statuses: ${await statuses(url)})`);
  return r;
}

// Waits until the server on port has answered and closed the connections
// of a wrk that has ended (a slow page leaves requests queued behind it,
// and the server's per-address limit, 128, counts their connections until
// then): no more than 2 of its sockets established or closing.
async function drained(port) {
  const hex = ':' + port.toString(16).toUpperCase().padStart(4, '0') + ' ';
  const deadline = Date.now() + 15000;
  for (;;) {
    let open = 0;
    for (const f of ['/proc/net/tcp', '/proc/net/tcp6']) {
      let text = '';
      try { text = readFileSync(f, 'utf8'); } catch { continue; }
      for (const line of text.split('\n').slice(1)) {
        const cols = line.trim().split(/\s+/);
        if (cols.length > 3 && (cols[1] + ' ').endsWith(hex) && (cols[3] === '01' || cols[3] === '08')) open++;
      }
    }
    if (open <= 2 || Date.now() > deadline) return;
    await sleep(50);
  }
}

async function statuses(url) {
  const lua = path.join(work, 'statuses.lua');
  writeFileSync(lua, `
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) counts = {} end
function response(status, headers, body)
  counts[status] = (counts[status] or 0) + 1
  if status >= 400 and not sample then sample = body:sub(1, 160):gsub("%s+", " ") end
end
function done(summary, latency, requests)
  local all, sample = {}, nil
  for _, t in ipairs(threads) do
    for k, v in pairs(t:get("counts")) do all[k] = (all[k] or 0) + v end
    sample = sample or t:get("sample")
  end
  for k, v in pairs(all) do io.write(v, " x ", k, ", ") end
  print(sample and ("e.g. " .. sample) or "")
end
`);
  const out = execFileSync('wrk', ['-t2', '-c64', '-d1s', '-s', lua, url], { encoding: 'utf8' });
  return out.trim().split('\n').pop();
}

// What wrk printed: requests/s, the 50th and 99th percentile (ms), and the
// failures (non-2xx or 3xx answers, socket errors), which go to problems.
function parseWrk(out, what) {
  const ms = label => {
    const m = out.match(new RegExp(`^\\s+${label}%\\s+([\\d.]+)(us|ms|s)`, 'm'));
    if (!m) return NaN;
    return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
  };
  const failed = out.match(/Non-2xx or 3xx responses: (\d+)/);
  if (failed) problems.push(`${what}: ${failed[1]} of ${out.match(/(\d+) requests in/)[1]} answers not 2xx or 3xx`);
  const socket = out.match(/Socket errors: (.*)/);
  if (socket) problems.push(`${what}: socket errors ${socket[1]}`);
  return { rps: Number(out.match(/Requests\/sec:\s+([\d.]+)/)[1]), p50: ms(50), p99: ms(99),
    requests: Number(out.match(/(\d+) requests in/)[1]), failed: failed ? Number(failed[1]) : 0 };
}

// Admin API writes from WRITERS clients at once for `seconds`: each POSTs a
// published article; writes/s and latency percentiles (ms).
async function writes(base, token, label) {
  const body = Array.from({ length: 12 }, (_, i) =>
    `The council met on Tuesday to discuss the bridge, the ferry timetable and the budget for item ${i}.`).join(' ');
  const agent = new http.Agent({ keepAlive: true, maxSockets: WRITERS });
  const statuses = {};
  const latencies = [];
  let serial = 0;
  const post = json => new Promise((resolve, reject) => {
    const data = JSON.stringify(json);
    const req = http.request(base + '/api/v1/admin/articles', { method: 'POST', agent, headers: {
      Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(data);
  });
  const lane = async end => {
    while (performance.now() < end) {
      const started = performance.now();
      const r = await post({ title: `Bench write ${label} ${++serial} ${process.pid}`, category: 'politics', lang: 'en',
        body_markdown: body, status: 'published' });
      latencies.push(performance.now() - started);
      statuses[r.status] = (statuses[r.status] || 0) + 1;
      if (r.status !== 201 && statuses[r.status] === 1) problems.push(`${label} write: ${r.status} ${r.text.slice(0, 200)}`);
    }
  };
  const warm = performance.now() + 1000;
  await Promise.all(Array.from({ length: WRITERS }, () => lane(warm)));
  for (const k of Object.keys(statuses)) delete statuses[k];
  latencies.length = 0;
  const started = performance.now();
  const end = started + SECONDS * 1000;
  const w = watch();
  await Promise.all(Array.from({ length: WRITERS }, () => lane(end)));
  const cpu = w.end();
  const elapsed = (performance.now() - started) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const ok = statuses[201] || 0;
  const failed = latencies.length - ok;
  if (failed) problems.push(`${label} writes: ${failed} of ${latencies.length} not 201 (${JSON.stringify(statuses)})`);
  return { rps: ok / elapsed, p50: percentile(latencies, 50), p99: percentile(latencies, 99), requests: latencies.length, cpu };
}

function row(what, r, rss) {
  rows.push({ what, ...r, rss });
  const f = (v, d, w = 9) => (Number.isFinite(v) ? v.toFixed(d) : '-').padStart(w);
  console.log(`${what.padEnd(50)}${f(r.rps, 0)}${f(r.p50, 2)}${f(r.p99, 2)}${f(rss, 1)}${f(r.nodeCpu, 3, 11)}${f(r.pgCpu, 3, 11)}${f(r.otherPct, 0, 8)}`);
}

function rssMb(...pids) {
  // Per node: the largest of them.
  return Math.max(...pids.map(pid => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)[1]) / 1024));
}

function startNginx(conf) {
  const nginx = spawn('nginx', ['-p', work, '-c', conf, '-g', 'daemon off;'], { stdio: 'inherit' });
  children.add(nginx);
  nginx.once('exit', () => children.delete(nginx));
  return nginx;
}

// Stops everything this run started: the nodes, nginx, wrk, the cluster.
let cleaned = false;
function cleanup() {
  if (cleaned) return;
  cleaned = true;
  for (const c of children) { try { c.kill('SIGKILL'); } catch { /* gone */ } }
  if (pgStarted) { try { pgCluster('stop', pgDir); } catch (e) { console.error(String(e)); } }
  rmSync(work, { recursive: true, force: true });
}
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanup(); process.exit(130); });

// ---------------------------------------------------------------- the run

try {
  await main();
} catch (e) {
  console.error(`cluster bench failed: ${e.stack || e}`);
  process.exitCode = 1;
} finally {
  keepAlive.destroy();
  cleanup();
}

async function main() {
  const cores = execFileSync('nproc').toString().trim();
  console.log(`== cluster (${new Date().toISOString().slice(0, 10)}, ${cores} cores, wrk -t2 -c64, ${SECONDS} s a run, ` +
    'loopback; PostgreSQL, the nodes, nginx and wrk all on these cores)');
  const load = () => loadavg().map(l => l.toFixed(2)).join(' ');
  notes.push(`load average before the run: ${load()} (other work shares these cores)`);

  // The two sites, built at once: the demo, then COUNT generated articles.
  const admin = pgCluster('start', pgDir);
  pgStarted = true;
  const pgVersion = psql(admin, 'SHOW server_version').split(' ')[0];
  psql(admin, 'CREATE DATABASE bench');
  const pg = admin.replace(/\/postgres$/, '/bench');
  const lite = path.join(work, 'site.db');
  const build = async db => {
    const init = await gazetteAsync(['init', '--demo', '--db', db, '--config', ini]);
    const gen = await gazetteAsync(['gen', '--count', String(COUNT), '--db', db, '--config', ini]);
    return { init, gen };
  };
  const [liteBuild, pgBuild] = await Promise.all([build(lite), build(pg)]);
  // What autovacuum would soon do by itself after the bulk load, done now
  // so that it does not run during the rows.
  psql(pg, 'VACUUM (ANALYZE)');
  notes.push(`sites: the demo + ${COUNT.toLocaleString('en')} generated articles, built at the same time: ` +
    `SQLite ${(liteBuild.init + liteBuild.gen).toFixed(0)} s, PostgreSQL ${pgVersion} (fsync on) ` +
    `${(pgBuild.init + pgBuild.gen).toFixed(0)} s, then VACUUM (ANALYZE) on PostgreSQL`);

  const articleSql = "select '/' || a.lang || '/' || c.slug || '/' || a.slug from articles a join categories c on c.id = a.category_id " +
    "where a.lang = 'en' and a.status = 1 order by a.published_at desc, a.id desc limit 1 offset 3";
  const article = execFileSync('sqlite3', [lite, articleSql], { encoding: 'utf8' }).trim();
  const pgArticle = psql(pg, articleSql);
  if (article !== pgArticle) notes.push(`(the article pages differ: SQLite ${article}, PostgreSQL ${pgArticle})`);
  const liteToken = gazette(['token', 'add', '--db', lite, '--config', ini, '--name', 'bench', '--role', 'editor']).trim();
  const pgToken = gazette(['token', 'add', '--db', pg, '--config', ini, '--name', 'bench', '--role', 'editor']).trim();

  console.log(`${'what'.padEnd(50)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'RSS MB'.padStart(9)}` +
    `${'node CPU'.padStart(11)}${'PG CPU'.padStart(11)}${'others'.padStart(8)}`);
  console.log(`${''.padEnd(77)}${'ms/req'.padStart(11)}${'ms/req'.padStart(11)}${'% CPU'.padStart(8)}`);

  // One node of each, cached and not; the same rows one after the other.
  const bare = '[server]\ncache_mb = 0';
  const sites = {
    SQLite: { cached: await serve(lite), bare: await serve(lite, bare), article, token: liteToken, pg: false },
    PostgreSQL: { cached: await serve(pg), bare: await serve(pg, bare), article: pgArticle, token: pgToken, pg: true },
  };
  const res = { SQLite: {}, PostgreSQL: {} };
  const kinds = [
    ['article', 'article page (cached)', s => s.cached, s => s.article],
    ['articleBare', 'article page (no cache)', s => s.bare, s => s.article],
    ['homeBare', 'home page (no cache)', s => s.bare, () => '/en/'],
    ['searchBare', `search page (no cache, ${SEARCH.split('?')[1]})`, s => s.bare, () => SEARCH],
  ];
  // The cached article, whose target is tight (within 5%), is measured
  // twice, SQLite and PostgreSQL in turn, and the better of each kept: on
  // these shared cores a cached row moves by 10-15% from run to run.
  for (const [key, what, node, page] of kinds) {
    const rounds = key === 'article' ? 2 : 1;
    for (let round = 1; round <= rounds; round++) {
      for (const [name, s] of Object.entries(sites)) {
        const n = node(s);
        const check = await request(n.base + page(s));
        if (check.status !== 200) problems.push(`${name} ${what}: ${check.status} ${check.text.slice(0, 200)}`);
        const r = await withCpu([n], () => wrk(n.base + page(s), `${name} ${what}`), s.pg);
        if (!res[name][key] || r.rps > res[name][key].rps) res[name][key] = r;
        if (round === rounds) row(`${what}${rounds > 1 ? `, best of ${rounds}` : ''}: ${name}`, res[name][key], rssMb(n.pid));
      }
    }
  }

  // PostgreSQL: one node behind nginx, then two (each cached, or not), on
  // nodes of their own that trust nginx's address, as in production.
  const behind = '[server]\ntrusted_proxies = 127.0.0.1';
  const proxiedNodes = {
    cached: [await serve(pg, behind), await serve(pg, behind)],
    bare: [await serve(pg, `${behind}\ncache_mb = 0`), await serve(pg, `${behind}\ncache_mb = 0`)],
  };
  const nginxPort = 18000 + Math.floor(Math.random() * 1000);
  const upstreams = {
    cachedOne: proxiedNodes.cached.slice(0, 1), cachedTwo: proxiedNodes.cached,
    bareOne: proxiedNodes.bare.slice(0, 1), bareTwo: proxiedNodes.bare,
  };
  mkdirSync(path.join(work, 'nginx-temp'));
  const conf = path.join(work, 'nginx.conf');
  writeFileSync(conf, `
worker_processes 2;
user root;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path ${work}/nginx-temp;
  proxy_temp_path ${work}/nginx-temp;
  fastcgi_temp_path ${work}/nginx-temp;
  proxy_buffer_size 16k;
  proxy_buffers 16 16k;
${Object.entries(upstreams).map(([name, nodes]) => `
  upstream ${name} {
${nodes.map(n => `    server 127.0.0.1:${n.port} max_fails=2 fail_timeout=5s;`).join('\n')}
    keepalive 64;
  }`).join('\n')}
${Object.keys(upstreams).map((name, i) => `
  server {
    listen 127.0.0.1:${nginxPort + i};
    location / {
      proxy_pass http://${name};
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_next_upstream error timeout http_503;
    }
  }`).join('\n')}
}
`);
  const nginx = startNginx(conf);
  nginxPid = nginx.pid;
  await sleep(500);
  const proxied = {};
  const proxiedWhat = {
    cachedOne: 'nginx + 1 PostgreSQL node: article (cached)', cachedTwo: 'nginx + 2 PostgreSQL nodes: article (cached)',
    bareOne: 'nginx + 1 PostgreSQL node: article (no cache)', bareTwo: 'nginx + 2 PostgreSQL nodes: article (no cache)',
  };
  for (const [i, [name, nodes]] of Object.entries(upstreams).entries()) {
    const url = `http://127.0.0.1:${nginxPort + i}${pgArticle}`;
    proxied[name] = await withCpu(nodes, () => wrk(url, proxiedWhat[name]), true);
    row(proxiedWhat[name], proxied[name], rssMb(...nodes.map(n => n.pid)));
  }
  nginx.kill('SIGTERM');
  nginxPid = 0;
  const nginxErrors = readFileSync(path.join(work, 'nginx-error.log'), 'utf8').split('\n').filter(l => /\[(error|crit|alert|emerg)\]/.test(l));
  if (nginxErrors.length) problems.push(`nginx logged ${nginxErrors.length} errors, e.g. ${nginxErrors[0]}`);

  // Admin API writes (through the cached node: each write also drops its
  // edition from the page cache, as in production).
  for (const [name, s] of Object.entries(sites)) {
    res[name].write = await withCpu([s.cached], () => writes(s.cached.base, s.token, name), s.pg);
    row(`Admin API write (${WRITERS} clients): ${name}`, res[name].write, rssMb(s.cached.pid));
  }

  // Cross-node freshness: B's home page in its cache, a write through A,
  // then B's home polled until the new title is on it.
  const [a, b] = proxiedNodes.cached;
  const delays = [];
  let polls = 0, firstPoll = 0;   // firstPoll: writes visible at the first poll
  for (let i = 0; i < FRESHNESS; i++) {
    await request(b.base + '/en/');
    await request(b.base + '/en/');
    const title = `Freshness ${i} ${process.pid} ${Date.now() % 100000}`;
    const data = JSON.stringify({ title, category: 'politics', lang: 'en', body_markdown: `Body of ${title}.`, status: 'published' });
    const created = await request(a.base + '/api/v1/admin/articles', { method: 'POST', body: data, headers: {
      Authorization: `Bearer ${pgToken}`, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) } });
    const acknowledged = performance.now();
    if (created.status !== 201) { problems.push(`freshness write: ${created.status} ${created.text.slice(0, 200)}`); break; }
    for (let tries = 1; ; tries++) {
      polls++;
      if (tries === 1) firstPoll++;
      const home = await request(b.base + '/en/');
      if (home.text.includes(title)) { delays.push(performance.now() - acknowledged); if (tries > 1) firstPoll--; break; }
      if (performance.now() - acknowledged > 5000) { problems.push(`freshness: "${title}" not on B within 5 s`); break; }
      await sleep(1);
    }
  }
  delays.sort((x, y) => x - y);
  if (delays.length) {
    const f = v => v.toFixed(1);
    notes.push(`cross-node freshness (write acknowledged by A to title on B's home, ${delays.length} writes, ` +
      `${(polls / delays.length).toFixed(1)} polls each): p50 ${f(percentile(delays, 50))} ms, p99 ${f(percentile(delays, 99))} ms, ` +
      `max ${f(delays[delays.length - 1])} ms; ${firstPoll} of ${delays.length} were on the first poll, whose answer B had ` +
      'to render anew, so those delays are that rendering\'s time');
  }

  // What one uncached page asks of the database: only one node up (cache
  // off), the search, home and article pages, each `count` times one
  // after another, twice (cost() below). The node is stopped at the end of
  // the article's second pass, so that the view counts it writes then are
  // in that window.
  for (const s of Object.values(sites)) { await s.cached.stop(); await s.bare.stop(); }
  for (const n of [...proxiedNodes.cached, proxiedNodes.bare[1]]) await n.stop();
  const node = proxiedNodes.bare[0];
  psql(pg, 'CREATE EXTENSION IF NOT EXISTS pg_stat_statements');
  const search = await cost(pg, node, SEARCH, PAGES / 20, false);
  const home = await cost(pg, node, '/en/', PAGES / 4, false);
  const page = await cost(pg, node, pgArticle, PAGES, true);
  for (const [what, c] of [['search page', search], ['home page', home], ['article page', page]]) {
    console.log(`\nstatements executed during ${c.count} uncached ${what}s, one after another${c === page ? ', and the node\'s stop' : ''} ` +
      '(from the server\'s log):');
    for (const [text, n] of [...c.executed.entries()].sort((x, y) => y[1] - x[1])) console.log(`${String(n).padStart(7)}  ${text.length > 150 ? `${text.slice(0, 120)} ... ${text.slice(-27)}` : text}`);
    notes.push(`one uncached ${what} on PostgreSQL: ${c.perPage.toFixed(2)} statements executed (BEGIN and COMMIT included; ` +
      `${c.executed.size} distinct statements in the window, the node's background work included), ` +
      'sent in libpq\'s pipeline mode, as few round trips as the page\'s code allows (an article page: one); in the server ' +
      `${c.planMs.toFixed(3)} ms planning (${c.plans} plans for ${c.calls} executions of prepared statements) + ` +
      `${c.execMs.toFixed(3)} ms executing (pg_stat_statements), ` +
      `${c.pgCpu.toFixed(2)} ms of PostgreSQL CPU and ${c.nodeCpu.toFixed(2)} ms of the node's CPU per page; ` +
      `page p50 ${c.p50.toFixed(2)} ms one at a time (${c.loggedP50.toFixed(2)} ms while logging every statement)`);
  }
  const pageP50 = page.p50;

  // One round trip: pgbench, one client, SELECT 1 as a prepared statement
  // (what Gazette sends is prepared too), on the same loopback.
  const pgbench = readdirSync('/usr/lib/postgresql').sort((x, y) => Number(x) - Number(y))
    .map(v => `/usr/lib/postgresql/${v}/bin/pgbench`).pop();
  const script = path.join(work, 'select1.sql');
  writeFileSync(script, 'SELECT 1;\n');
  const bench = spawnSync(pgbench, ['-n', '-c', '1', '-T', '3', '-M', 'prepared', '-f', script, pg], { encoding: 'utf8' });
  const latency = bench.stdout && bench.stdout.match(/latency average = ([\d.]+) ms/);
  if (latency) {
    const rtt = Number(latency[1]);
    notes.push(`one round trip on loopback (pgbench, 1 client, prepared SELECT 1, 3 s, no other load of this run): ${(rtt * 1000).toFixed(0)} us; ` +
      `an uncached article page waits for one: ${(rtt).toFixed(2)} ms of its ${pageP50.toFixed(2)} ms`);
  } else {
    notes.push(`pgbench did not run (${(bench.stderr || String(bench.error)).slice(0, 200)}): ` +
      `the article page's p50, ${pageP50.toFixed(2)} ms, is an upper bound of its one round trip`);
  }

  // Ratios.
  const ratio = (x, y) => (x / y).toFixed(2);
  const L = res.SQLite, P = res.PostgreSQL;
  notes.push(`uncached article, PostgreSQL / SQLite: ${ratio(P.articleBare.rps, L.articleBare.rps)}x (target >= 0.5)`);
  notes.push(`cached article, PostgreSQL / SQLite: ${ratio(P.article.rps, L.article.rps)}x (target within 5%)`);
  notes.push(`uncached home ${ratio(P.homeBare.rps, L.homeBare.rps)}x, uncached search ${ratio(P.searchBare.rps, L.searchBare.rps)}x, ` +
    `Admin API writes ${ratio(P.write.rps, L.write.rps)}x (PostgreSQL / SQLite)`);
  notes.push(`through nginx, two nodes / one node: cached ${ratio(proxied.cachedTwo.rps, proxied.cachedOne.rps)}x, ` +
    `uncached ${ratio(proxied.bareTwo.rps, proxied.bareOne.rps)}x (both nodes on the same ${cores} cores)`);
  notes.push(`nginx in front of one node / that node alone: cached ${ratio(proxied.cachedOne.rps, P.article.rps)}x, ` +
    `uncached ${ratio(proxied.bareOne.rps, P.articleBare.rps)}x`);

  notes.push(`load average after the run: ${load()}`);
  console.log('');
  for (const n of notes) console.log(n);
  console.log(problems.length ? `PROBLEMS:\n  ${problems.join('\n  ')}` : 'no failed answers: every wrk row 2xx/3xx, every write 201');
  if (problems.length) process.exitCode = 1;
}

// One uncached page `count` times, one request after another, twice:
// 1. with pg_stat_statements reset first (planning tracked): the server's
//    planning and execution time per page, with the CPU that PostgreSQL
//    and the node used meanwhile. (PostgreSQL 15's pg_stat_statements
//    counts a utility statement sent as a prepared statement, as Gazette
//    sends BEGIN and COMMIT, only once, so it cannot count them:)
// 2. with log_statement = all: every statement the server executes, BEGIN
//    and COMMIT included, read from its log.
async function cost(pg, node, page, count, stopAtEnd) {
  for (let i = 0; i < 20; i++) await request(node.base + page);
  const pages = async () => {
    const times = [];
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      const r = await request(node.base + page);
      times.push(performance.now() - started);
      if (r.status !== 200) { problems.push(`statements of ${page}: ${r.status}`); break; }
    }
    return times.sort((x, y) => x - y);
  };
  const reload = () => { psql(pg, 'SELECT pg_reload_conf()'); return sleep(300); };
  psql(pg, 'ALTER SYSTEM SET pg_stat_statements.track_planning = on');
  await reload();
  psql(pg, 'SELECT pg_stat_statements_reset()');
  const pids = [node.pid];
  const cpuBefore = [cpuSeconds(pids), cpuSeconds(pgPids())];
  const times = await pages();
  const cpuAfter = [cpuSeconds(pids), cpuSeconds(pgPids())];
  const [calls, plans, planMs, execMs] = psql(pg, 'SELECT sum(calls), sum(plans), sum(total_plan_time), sum(total_exec_time) ' +
    'FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) ' +
    "AND query NOT ILIKE '%pg_stat_statements%' AND query NOT ILIKE 'BEGIN%' AND query NOT ILIKE 'COMMIT%'").split('|').map(Number);
  psql(pg, 'ALTER SYSTEM RESET pg_stat_statements.track_planning');

  const log = path.join(pgDir, 'server.log');
  psql(pg, "ALTER SYSTEM SET log_statement = 'all'");
  await reload();
  const logFrom = readFileSync(log).length;
  const logged = await pages();
  if (stopAtEnd) await node.stop();
  const text = readFileSync(log).subarray(logFrom).toString();
  psql(pg, 'ALTER SYSTEM RESET log_statement');
  await reload();
  const executed = new Map();
  for (const line of text.split('\n')) {
    const m = line.match(/\] LOG: {2}(?:execute [^:]*|statement): (.*)/);
    if (!m || /pg_reload_conf|ALTER SYSTEM|pg_stat_statements/i.test(m[1])) continue;
    const key = m[1].replace(/\s+/g, ' ');
    executed.set(key, (executed.get(key) || 0) + 1);
  }
  const total = [...executed.values()].reduce((n, x) => n + x, 0);
  return { count, executed, perPage: total / count, calls, plans, planMs: planMs / count, execMs: execMs / count,
    pgCpu: (cpuAfter[1] - cpuBefore[1]) * 1000 / count, nodeCpu: (cpuAfter[0] - cpuBefore[0]) * 1000 / count,
    p50: percentile(times, 50), loggedP50: percentile(logged, 50) };
}
