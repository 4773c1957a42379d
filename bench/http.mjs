// HTTP benchmark (make bench; never part of make test). In one run, side by
// side: Gazette's pages under wrk (keep-alive, 64 connections, loopback)
// with a warm cache and with no cache, the same article page served by
// nginx as a static file, the article page and a search at 20,000 and
// 200,000 articles, the server's memory, the weight of a first visit, and
// Lighthouse's four scores for the home and an article page.
//   node bench/http.mjs [--seconds N]
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, chmodSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'build/gazette');
const cache = path.join(root, 'bench/.cache');
const secondsArg = process.argv.indexOf('--seconds');
const SECONDS = secondsArg > 0 ? Number(process.argv[secondsArg + 1]) : 10;
const work = mkdtempSync(path.join(tmpdir(), 'gazette-bench-'));
chmodSync(work, 0o755);
const rows = [];
const notes = [];

// ----------------------------------------------------------------- helpers

function gazette(args) {
  const r = spawnSync(bin, args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`gazette ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

// Serves db with config ini (plus extra INI text); resolves {base, pid, stop}.
function serve(db, ini, extra = '') {
  const conf = path.join(work, `site-${Math.random().toString(36).slice(2)}.ini`);
  writeFileSync(conf, readFileSync(ini, 'utf8') + '\n' + extra + '\n');
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve', '--db', db, '--config', conf, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stderr.on('data', d => { err += d; });
    child.stdout.on('data', d => {
      out += d;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) resolve({
        base: m[1], pid: child.pid,
        stop: () => new Promise(res => { child.once('exit', () => res(err)); child.kill('SIGTERM'); }),
      });
    });
    child.once('exit', code => reject(new Error(`gazette serve exited ${code}: ${err}`)));
  });
}

function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    http.get(url, { headers, agent: false }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, rawHeaders: res.rawHeaders, body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

// wrk() without blocking this process (so that it can make load of its own meanwhile).
function wrkAsync(url, seconds = SECONDS) {
  return new Promise((resolve, reject) => {
    const child = spawn('wrk', ['-t2', '-c64', `-d${seconds}s`, '--latency', url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', d => { out += d; });
    child.once('exit', code => (code === 0 ? resolve(parseWrk(out)) : reject(new Error(`wrk exited ${code}`))));
  });
}

// wrk's requests/s and latency percentiles (ms) for url.
function wrk(url, seconds = SECONDS) {
  spawnSync('wrk', ['-t2', '-c64', '-d2s', url], { encoding: 'utf8' }); // warm up
  const out = execFileSync('wrk', ['-t2', '-c64', `-d${seconds}s`, '--latency', url], { encoding: 'utf8' });
  return parseWrk(out, url);
}

// What wrk printed: requests/s and the 50th and 99th percentile (ms).
function parseWrk(out, url = '') {
  const ms = label => {
    const m = out.match(new RegExp(`^\\s+${label}%\\s+([\\d.]+)(us|ms|s)`, 'm'));
    if (!m) return NaN;
    return Number(m[1]) * (m[2] === 'us' ? 0.001 : m[2] === 's' ? 1000 : 1);
  };
  const errors = out.match(/Non-2xx or 3xx responses: (\d+)/);
  if (errors) throw new Error(`${url}: ${errors[1]} failed responses`);
  return { rps: Number(out.match(/Requests\/sec:\s+([\d.]+)/)[1]), p50: ms(50), p99: ms(99) };
}

function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+) kB/)[1]) / 1024;
}

function row(what, r, rss) {
  rows.push({ what, ...r, rss });
  const f = (v, d) => (Number.isFinite(v) ? v.toFixed(d) : '-').padStart(9);
  console.log(`${what.padEnd(46)}${f(r.rps, 0)}${f(r.p50, 2)}${f(r.p99, 2)}${f(rss, 1)}`);
}

// --------------------------------------------------------------- the sites

console.log(`== http (${new Date().toISOString().slice(0, 10)}, ${execFileSync('nproc').toString().trim()} cores, ` +
  `wrk -t2 -c64, ${SECONDS} s a run, loopback)`);
console.log(`${'what'.padEnd(46)}${'req/s'.padStart(9)}${'p50 ms'.padStart(9)}${'p99 ms'.padStart(9)}${'RSS MB'.padStart(9)}`);

const demoDb = path.join(work, 'demo.db');
const demoIni = path.join(root, 'gazette.ini');
gazette(['init', '--demo', '--db', demoDb, '--config', demoIni]);
const article = execFileSync('sqlite3', [demoDb,
  "select '/' || a.lang || '/' || c.slug || '/' || a.slug from articles a join categories c on c.id = a.category_id " +
  "where a.lang = 'en' and a.status = 1 order by a.published_at desc limit 1 offset 3"], { encoding: 'utf8' }).trim();
const category = article.split('/').slice(0, 3).join('/') + '/';

const site = await serve(demoDb, demoIni);
const pages = [
  ['article page (cached)', article], ['home page (cached)', '/en/'], ['category page (cached)', category],
  ['search page (cached)', '/en/search?q=bridge'], ['API: article list (cached)', '/api/v1/en/articles?limit=20'],
];
const results = {};
for (const [what, p] of pages) {
  results[p] = wrk(site.base + p);
  row(what, results[p], rssMb(site.pid));
}
const articleHtml = (await get(site.base + article)).body;

// The issue's attack on the cache: two connections sending anonymous POSTs
// to the newsroom while readers read the cached article (before the fix
// every refused POST emptied the cache: 72,000 fell to 18,700 req/s).
const flood = { running: true, sent: 0, statuses: {} };
const postLoop = async () => {
  while (flood.running) {
    const status = await new Promise(resolve => {
      const req = http.request(site.base + '/admin/articles/new', { method: 'POST', agent: false,
        headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Content-Length': 9 } }, res => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
      });
      req.on('error', () => resolve('error'));
      req.end('title=x&y');
    });
    flood.sent++;
    flood.statuses[status] = (flood.statuses[status] || 0) + 1;
  }
};
const loops = [postLoop(), postLoop()];
const underFlood = await wrkAsync(site.base + article);
flood.running = false;
await Promise.all(loops);
row('article page (cached), 2 connections POSTing anonymously to the newsroom', underFlood, rssMb(site.pid));
notes.push(`cached article while anonymous newsroom POSTs come (${flood.sent.toLocaleString('en')} sent, ` +
  `${Object.entries(flood.statuses).map(([k, v]) => `${v} x ${k}`).join(', ')}): ` +
  `${(underFlood.rps / results[article].rps).toFixed(2)}x the undisturbed rate`);

// A burst of 100,000 views of one article (64 keep-alive connections),
// then a clean shutdown: the database must hold every one.
// (Another article than the one measured above: that server, still up,
// writes its own counts for it every 5 seconds.)
const [articleId, burstArticle] = execFileSync('sqlite3', [demoDb,
  "select a.id, '/' || a.lang || '/' || c.slug || '/' || a.slug from articles a join categories c on c.id = a.category_id " +
  "where a.lang = 'en' and a.status = 1 order by a.published_at desc limit 1 offset 7"], { encoding: 'utf8' }).trim().split('|');
const burst = await serve(demoDb, demoIni);
const storedViews = () => Number(execFileSync('sqlite3', [demoDb,
  `select coalesce((select count from article_views where article_id = ${articleId}), 0)`], { encoding: 'utf8' }).trim());
const viewsBefore = storedViews();
const started = Date.now();
const sent = await burstOf(burst.base + burstArticle, 100000, 64);
const burstSeconds = (Date.now() - started) / 1000;
await burst.stop();
const viewsAfter = storedViews();
notes.push(`views: a burst of ${sent.toLocaleString('en')} views in ${burstSeconds.toFixed(1)} s, then SIGTERM: ` +
  `${(viewsAfter - viewsBefore).toLocaleString('en')} stored (${viewsAfter - viewsBefore === sent ? 'none lost' : 'LOST SOME'})`);

// The same page from nginx, as a static file.
const www = path.join(work, 'www');
execFileSync('mkdir', ['-p', www, path.join(work, 'nginx-temp')]);
writeFileSync(path.join(www, 'article.html'), articleHtml);
chmodSync(www, 0o755);
const nginxPort = 18000 + Math.floor(Math.random() * 1000);
writeFileSync(path.join(work, 'nginx.conf'), `
worker_processes 2;
user root;
pid ${work}/nginx.pid;
error_log ${work}/nginx-error.log;
events { worker_connections 4096; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  open_file_cache max=1000 inactive=60s;
  open_file_cache_valid 60s;
  keepalive_requests 1000000;
  client_body_temp_path ${work}/nginx-temp;
  proxy_temp_path ${work}/nginx-temp;
  fastcgi_temp_path ${work}/nginx-temp;
  default_type text/html;
  server { listen 127.0.0.1:${nginxPort}; root ${www}; }
}
`);
const nginx = spawn('nginx', ['-p', work, '-c', path.join(work, 'nginx.conf'), '-g', 'daemon off;'], { stdio: 'inherit' });
await new Promise(r => setTimeout(r, 500));
const viaNginx = wrk(`http://127.0.0.1:${nginxPort}/article.html`);
row('article page, nginx static file (same bytes)', viaNginx);
nginx.kill('SIGTERM');
const ratio = results[article].rps / viaNginx.rps;
notes.push(`cached article page / nginx static: ${ratio.toFixed(2)}x (target >= 0.9)`);

// No cache: every page rendered.
const bare = await serve(demoDb, demoIni, '[server]\ncache_mb = 0');
const cold = wrk(bare.base + article);
row('article page (no cache: rendered each time)', cold, rssMb(bare.pid));
notes.push(`rendered article pages: ${cold.rps.toFixed(0)}/s (target >= 10,000)`);
const coldHome = wrk(bare.base + '/en/');
row('home page (no cache)', coldHome, rssMb(bare.pid));
await bare.stop();

// First visit: what a browser asks for, and its weight with brotli.
const weight = await firstVisit(site.base + article);
notes.push(`first visit to an article: ${weight.requests} requests, ${(weight.brotli / 1024).toFixed(1)} KB with brotli ` +
  `(${(weight.identity / 1024).toFixed(1)} KB uncompressed), third-party requests: ${weight.thirdParty} (target < 40 KB, none)`);

// Lighthouse, mobile.
for (const [what, p] of [['home', '/en/'], ['article', article]]) notes.push(`Lighthouse ${what}: ${lighthouse(site.base + p)}`);
await site.stop();

// Scale: rendered (no cache), so the archive's size shows.
const scale = {};
for (const n of [20000, 200000]) {
  const db = path.join(cache, `search-${n}.db`);
  if (!existsSync(db)) { notes.push(`scale: ${db} missing (bench/search makes it)`); continue; }
  const mid = execFileSync('sqlite3', [db,
    `select '/' || a.lang || '/' || c.slug || '/' || a.slug from articles a join categories c on c.id = a.category_id ` +
    `where a.lang = 'en' and a.status = 1 order by a.id limit 1 offset ${Math.floor(n / 4)}`], { encoding: 'utf8' }).trim();
  const s = await serve(db, path.join(root, 'bench/bench.ini'), '[server]\ncache_mb = 0');
  scale[n] = { article: wrk(s.base + mid), search: wrk(s.base + '/en/search?q=market+prices') };
  row(`${n.toLocaleString('en')} articles: article page (no cache)`, scale[n].article, rssMb(s.pid));
  row(`${n.toLocaleString('en')} articles: search page (no cache)`, scale[n].search, rssMb(s.pid));
  await s.stop();
  const warm = await serve(db, path.join(root, 'bench/bench.ini'));
  const cached = wrk(warm.base + mid);
  row(`${n.toLocaleString('en')} articles: article page (cached)`, cached, rssMb(warm.pid));
  await warm.stop();
}
if (scale[20000] && scale[200000]) {
  const r = (a, b) => (b / a).toFixed(2);
  notes.push(`200,000 vs 20,000 articles, p50 latency: article ${r(scale[20000].article.p50, scale[200000].article.p50)}x, ` +
    `search ${r(scale[20000].search.p50, scale[200000].search.p50)}x (target <= 1.3x)`);
}

console.log('');
for (const n of notes) console.log(n);
rmSync(work, { recursive: true, force: true });

// ------------------------------------------------------------ measurements

// Sends exactly count GETs of url over conns keep-alive connections.
async function burstOf(url, count, conns) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: conns });
  let next = 0, ok = 0;
  const one = () => new Promise((resolve, reject) => {
    http.get(url, { agent, headers: { 'Accept-Encoding': 'br' } }, res => {
      if (res.statusCode === 200) ok++;
      res.resume();
      res.on('end', resolve);
    }).on('error', reject);
  });
  const lane = async () => { while (next < count) { next++; await one(); } };
  await Promise.all(Array.from({ length: conns }, lane));
  agent.destroy();
  return ok;
}

async function firstVisit(url) {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
  const page = await (await browser.newContext()).newPage();
  const urls = [];
  page.on('request', r => urls.push(r.url()));
  await page.goto(url, { waitUntil: 'networkidle' });
  await browser.close();
  const origin = new URL(url).origin;
  let brotli = 0, identity = 0;
  for (const u of urls.filter(u => u.startsWith(origin))) {
    const br = await get(u, { 'Accept-Encoding': 'br' });
    const plain = await get(u);
    const head = r => r.rawHeaders.reduce((n, h) => n + h.length + 2, 0) + 17;
    brotli += br.body.length + head(br);
    identity += plain.body.length + head(plain);
  }
  return { requests: urls.length, brotli, identity, thirdParty: urls.filter(u => !u.startsWith(origin) && !u.startsWith('data:')).length };
}

function lighthouse(url) {
  const out = path.join(work, 'lighthouse.json');
  const r = spawnSync(path.join(root, 'bench/node_modules/.bin/lighthouse'), [url, '--quiet', '--output=json', `--output-path=${out}`,
    '--only-categories=performance,accessibility,best-practices,seo',
    '--chrome-flags=--headless --no-sandbox --disable-gpu --disable-background-networking'],
  { encoding: 'utf8', env: { ...process.env, CHROME_PATH: '/usr/bin/chromium' } });
  if (r.status !== 0) return `failed: ${r.stderr.slice(-300)}`;
  const c = JSON.parse(readFileSync(out, 'utf8')).categories;
  return ['performance', 'accessibility', 'best-practices', 'seo'].map(k => `${k} ${Math.round(c[k].score * 100)}`).join(', ');
}
