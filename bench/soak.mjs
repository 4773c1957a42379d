// Soak test (make soak; never part of make test): for SOAK_SECONDS (600 by
// default) at once, readers on many URLs in every coding, searches, newsroom
// writes through the editor's form, Admin API writes, image uploads, logins
// with wrong passwords and slow clients, against build/gazette. Prints the
// errors (which must be 0 outside expected refusals: a wrong password is
// 401, and after 5 the lockout's 429, both counted apart), p50 and p99 per
// kind, and the server's RSS after the warm-up and at the end (growth must
// stay under 10%). Exits 1 when either fails.
//   SOAK_SECONDS=60 node bench/soak.mjs
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, readFileSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import net from 'node:net';
import { gunzipSync, brotliDecompressSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = process.env.GAZETTE_BIN || path.join(root, 'build/gazette');
const SECONDS = Number(process.env.SOAK_SECONDS || 600);
if (!(SECONDS >= 10)) throw new Error('SOAK_SECONDS must be a number of seconds, at least 10');
// RSS is taken after the warm-up (a tenth of the run, at most a minute),
// when the page cache and SQLite's caches have filled, and at the end.
const WARMUP = Math.min(60, SECONDS / 10);
const ARCHIVE = 2000;          // synthetic articles beside the demo
const PASSWORD = 'correct horse battery';
const work = mkdtempSync(path.join(tmpdir(), 'gazette-soak-'));
chmodSync(work, 0o755);

// ----------------------------------------------------------------- set-up

function gazette(args, input) {
  const r = spawnSync(bin, args, { encoding: 'utf8', input: input ?? '' });
  if (r.status !== 0) throw new Error(`gazette ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const db = path.join(work, 'soak.db');
const ini = path.join(work, 'soak.ini');
writeFileSync(ini, `[site]\nname = Soak Herald\nbase_url = https://soak.example.com\ntimezone = Asia/Baku\n` +
  `languages = en, ru\ndefault_language = en\n\n[newsroom]\nmedia_dir = ${path.join(work, 'media')}\n`);
console.log(`soak: ${SECONDS} s against ${bin} (${new Date().toISOString().slice(0, 10)})`);
gazette(['init', '--db', db, '--config', ini, '--demo']);
gazette(['gen', '--db', db, '--config', ini, '--count', String(ARCHIVE), '--langs', 'en,ru']);
gazette(['user', 'add', '--db', db, '--email', 'desk@example.com', '--name', 'Soak Desk', '--role', 'editor'], PASSWORD + '\n');
gazette(['user', 'add', '--db', db, '--email', 'target@example.com', '--name', 'Bad Login Target', '--role', 'author'], PASSWORD + '\n');
const token = gazette(['token', 'add', '--db', db, '--name', 'soak-bot', '--role', 'editor']).trim();

function serve() {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve', '--db', db, '--config', ini, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '';
    child.stderr.on('data', d => { err += d; });
    child.stdout.on('data', d => {
      out += d;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:(\d+))\//);
      if (m) resolve({
        base: m[1], port: Number(m[2]), pid: child.pid, child, stderr: () => err,
        stop: () => new Promise(res => { child.once('exit', (code, signal) => res({ code, signal, stderr: err })); child.kill('SIGTERM'); }),
      });
    });
    child.once('exit', code => reject(new Error(`gazette serve exited ${code}: ${err}`)));
  });
}

const rssMb = pid => Number(readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+) kB/)[1]) / 1024;

// ------------------------------------------------------------ bookkeeping

const stats = new Map();   // kind -> {ms: [], errors, examples: [], refused: {}}
function kind(name) {
  if (!stats.has(name)) stats.set(name, { ms: [], errors: 0, examples: [], refused: {} });
  return stats.get(name);
}
function record(name, ms, error) {
  const k = kind(name);
  k.ms.push(ms);
  if (error) {
    k.errors++;
    if (k.examples.length < 5) k.examples.push(error);
  }
}
function refused(name, why, ms) {
  const k = kind(name);
  k.ms.push(ms);
  k.refused[why] = (k.refused[why] || 0) + 1;
}
const percentile = (sorted, p) => sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] : NaN;

let running = true;
const deadline = Date.now() + SECONDS * 1000;
const pause = ms => new Promise(r => setTimeout(r, ms));
const pick = list => list[Math.floor(Math.random() * list.length)];

// One HTTP request; resolves {status, headers, body (decoded text), ms}.
function request(base, pathname, { method = 'GET', headers = {}, body, agent, localAddress } = {}) {
  return new Promise(resolve => {
    const started = process.hrtime.bigint();
    const data = body === undefined ? null : Buffer.isBuffer(body) ? body : Buffer.from(body);
    const h = { ...headers };
    if (data) h['Content-Length'] = String(data.length);
    const u = new URL(base + pathname);
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers: h,
      agent: agent || false, localAddress }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const ms = Number(process.hrtime.bigint() - started) / 1e6;
        let raw = Buffer.concat(chunks), text;
        try {
          if (res.headers['content-encoding'] === 'br') raw = brotliDecompressSync(raw);
          else if (res.headers['content-encoding'] === 'gzip') raw = gunzipSync(raw);
          text = raw.toString('utf8');
        } catch (e) { resolve({ status: -1, error: `${res.headers['content-encoding']} does not decode`, ms }); return; }
        resolve({ status: res.statusCode, headers: res.headers, body: text, ms });
      });
      res.on('error', e => resolve({ status: -1, error: e.message, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    });
    req.setTimeout(60000, () => req.destroy(new Error('no answer in 60 s')));
    req.on('error', e => resolve({ status: -1, error: e.message, ms: Number(process.hrtime.bigint() - started) / 1e6 }));
    req.end(data || undefined);
  });
}

// Checks an answer: the status wanted and, for HTML, a whole page.
function check(name, r, pathname, want = [200]) {
  let error = null;
  if (r.status === -1) error = `${pathname}: ${r.error}`;
  else if (!want.includes(r.status)) error = `${pathname}: ${r.status} ${String(r.body).slice(0, 120).replace(/\s+/g, ' ')}`;
  else if (r.status === 200 && /text\/html/.test(r.headers['content-type'] || '') && !/<\/html>\s*$/.test(r.body)) error = `${pathname}: a cut page`;
  record(name, r.ms, error);
  return !error;
}

// ------------------------------------------------------------- the loads

let urls = [];                // article addresses, from the sitemaps
const CODINGS = [undefined, 'br', 'gzip', 'gzip, deflate, br'];
const queries = ['en', 'ru'].flatMap(lang => readFileSync(path.join(root, `bench/queries-${lang}.txt`), 'utf8')
  .split('\n').filter(Boolean).map(q => ({ lang, q })));

async function reader(base, n) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const fixed = ['/', '/en/', '/ru/', '/en/politics/', '/en/economy/?page=2', '/ru/society/', '/en/rss.xml', '/ru/atom.xml',
    '/en/culture/rss.xml', '/sitemap.xml', '/news-sitemap.xml', '/sitemaps/articles-1.xml', '/robots.txt',
    '/api/v1/editions', '/api/v1/en/categories', '/api/v1/en/articles?limit=20', '/api/v1/ru/articles?category=economy'];
  for (let i = 0; running; i++) {
    const pathname = i % 3 ? pick(urls) : pick(fixed);
    const coding = CODINGS[(n + i) % CODINGS.length];
    const r = await request(base, pathname, { agent, headers: coding ? { 'Accept-Encoding': coding } : {} });
    check('pages', r, pathname, pathname === '/' ? [302] : [200]);
  }
  agent.destroy();
}

async function searcher(base) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  for (let i = 0; running; i++) {
    const { lang, q } = pick(queries);
    const page = i % 5 === 4 ? '&page=2' : '';
    const pathname = i % 2 ? `/${lang}/search?q=${encodeURIComponent(q)}${page}` : `/api/v1/${lang}/search?q=${encodeURIComponent(q)}`;
    check('searches', await request(base, pathname, { agent }), pathname);
  }
  agent.destroy();
}

// The newsroom's client: a session cookie and the CSRF token of its pages.
async function newsroomLogin(base, email, password, localAddress) {
  const form = await request(base, '/admin/login', { localAddress });
  const cookies = (form.headers?.['set-cookie'] || []).map(c => c.split(';')[0]);
  const csrf = (/name="csrf" value="([^"]+)"/.exec(form.body || '') || [])[1];
  const body = new URLSearchParams({ csrf: csrf || '', email, password, next: '/admin/articles' }).toString();
  const r = await request(base, '/admin/login', { method: 'POST', body, localAddress,
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookies.join('; ') } });
  r.ms += form.ms;
  for (const c of r.headers?.['set-cookie'] || []) cookies.push(c.split(';')[0]);
  return { r, cookie: cookies.join('; ') };
}

async function newsroomWriter(base, n) {
  const { r, cookie } = await newsroomLogin(base, 'desk@example.com', PASSWORD);
  if (!check('newsroom writes', r, 'login', [303])) return;
  const page = await request(base, '/admin/articles', { headers: { Cookie: cookie } });
  const csrf = (/name="csrf" value="([^"]+)"/.exec(page.body || '') || [])[1];
  const post = (pathname, fields) => request(base, pathname, { method: 'POST', body: new URLSearchParams({ csrf, ...fields }).toString(),
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie } });
  for (let i = 0; running; i++) {
    const slug = `soak-desk-${n}-${i}`;
    const fields = { title: `Soak desk story ${n} ${i}`, lang: i % 2 ? 'ru' : 'en', category: pick(['politics', 'economy', 'world', 'sport']),
      slug, subtitle: `Written during the soak, number ${i}.`, tags: 'soak, desk', body_markdown: `Soak body ${n} ${i}.\n\n${'Words of a story. '.repeat(50 + (i % 200))}\n` };
    const made = await post('/admin/articles', { ...fields, action: 'save' });
    if (!check('newsroom writes', made, 'create', [303])) { await pause(500); continue; }
    const id = (/\/admin\/articles\/(\d+)/.exec(made.headers.location || '') || [])[1];
    const editor = await request(base, `/admin/articles/${id}`, { headers: { Cookie: cookie } });
    check('newsroom reads', editor, `/admin/articles/${id}`);
    const date = (/name="date" type="datetime-local" value="([^"]*)"/.exec(editor.body || '') || [])[1] || '';
    // The preview is a fragment of HTML, not a page.
    const preview = await post('/admin/preview', { body_markdown: fields.body_markdown });
    record('newsroom reads', preview.ms, preview.status === 200 && preview.body.includes(`Soak body ${n} ${i}.`) ? null
      : `/admin/preview: ${preview.status} ${String(preview.body || preview.error).slice(0, 120)}`);
    check('newsroom writes', await post(`/admin/articles/${id}`, { ...fields, date, title: `${fields.title} (published)`, action: 'publish' }), `publish ${id}`, [303]);
    await pause(200);
  }
}

async function apiWriter(base, n) {
  const call = (method, pathname, json) => request(base, pathname, { method, body: json && JSON.stringify(json),
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
  for (let i = 0; running; i++) {
    const made = await call('POST', '/api/v1/admin/articles', { title: `Soak API story ${n} ${i}`, category: pick(['politics', 'culture', 'analytics']),
      lang: 'en', tags: ['soak', `api${n}`], body_markdown: `API body ${i}.\n\n${'An API paragraph. '.repeat(40)}` });
    if (!check('api writes', made, 'POST /api/v1/admin/articles', [201])) { await pause(500); continue; }
    const id = JSON.parse(made.body).id;
    check('api writes', await call('PATCH', `/api/v1/admin/articles/${id}`, { status: 'published', subtitle: 'Published by the soak.' }), `PATCH ${id}`);
    check('api reads', await call('GET', `/api/v1/admin/articles/${id}`), `GET ${id}`);
    // Every third: unpublished, then deleted (to the trash).
    if (i % 3 === 2) {
      check('api writes', await call('PATCH', `/api/v1/admin/articles/${id}`, { status: 'unpublished' }), `unpublish ${id}`);
      check('api writes', await call('DELETE', `/api/v1/admin/articles/${id}`), `DELETE ${id}`);
    }
    await pause(200);
  }
}

// Uploads: the fixtures' images, each made new by a few bytes after its
// end (so every upload is stored, not found by its hash).
async function uploader(base) {
  const images = [['photo.jpg', 'image/jpeg'], ['photo.webp', 'image/webp'], ['graphic.png', 'image/png']]
    .map(([name, type]) => ({ name, type, data: readFileSync(path.join(root, 'tests/fixtures/images', name)) }));
  for (let i = 0; running; i++) {
    const img = images[i % images.length];
    // JPEG ignores bytes after its end; the others get a new file each
    // round only when they come back unchanged (stored once).
    const data = img.type === 'image/jpeg' ? Buffer.concat([img.data, Buffer.from(`soak${i}`)]) : img.data;
    const boundary = `----soak${i}`;
    const body = Buffer.concat([Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${img.name}"\r\n` +
      `Content-Type: ${img.type}\r\n\r\n`), data, Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const r = await request(base, '/api/v1/admin/media', { method: 'POST', body,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': `multipart/form-data; boundary=${boundary}` } });
    check('uploads', r, `upload ${img.name}`, [200, 201]);
    await pause(500);
  }
}

// Wrong passwords for one account from many addresses: 401, then (after 5
// for the account or the address) the lockout's 429. Both are expected.
async function badLogins(base) {
  for (let i = 0; running; i++) {
    const { r } = await newsroomLogin(base, 'target@example.com', `wrong password ${i}`, `127.0.${2 + (i % 200)}.${1 + (i % 250)}`);
    if (r.status === 401) refused('bad logins', 'wrong password (401)', r.ms);
    else if (r.status === 429) refused('bad logins', 'locked out (429)', r.ms);
    else record('bad logins', r.ms, `wrong password answered ${r.status}${r.error ? ': ' + r.error : ''}`);
    await pause(100);
  }
}

// A slow client: sends its request a few bytes at a time, then reads the
// answer 1 KB at a time with pauses; the answer must still be whole.
function slowOne(port, pathname) {
  return new Promise(resolve => {
    const started = Date.now();
    const sock = net.connect(port, '127.0.0.1');
    const text = `GET ${pathname} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Encoding: identity\r\nConnection: close\r\n\r\n`;
    let sent = 0, got = Buffer.alloc(0), done = false;
    const finish = error => { if (done) return; done = true; sock.destroy(); resolve({ error, ms: Date.now() - started, got }); };
    sock.setTimeout(90000, () => finish('no progress in 90 s'));
    sock.on('connect', () => {
      const step = () => {
        if (done) return;
        if (sent >= text.length) return;
        sock.write(text.slice(sent, sent + 7));
        sent += 7;
        setTimeout(step, 150);
      };
      step();
    });
    sock.on('data', chunk => {
      got = Buffer.concat([got, chunk]);
      sock.pause();
      setTimeout(() => sock.resume(), 50);
    });
    sock.on('end', () => finish(null));
    sock.on('error', e => finish(e.message));
  });
}

async function slowClient(port, n) {
  for (let i = 0; running; i++) {
    const pathname = i % 2 ? pick(urls) : ['/en/', '/ru/', '/en/politics/'][(n + i) % 3];
    const r = await slowOne(port, pathname);
    const head = r.got.toString('latin1', 0, Math.min(r.got.length, 4096));
    const status = Number((/^HTTP\/1\.1 (\d+)/.exec(head) || [])[1]);
    const length = Number((/\r\ncontent-length: (\d+)/i.exec(head) || [])[1]);
    const bodyStart = r.got.indexOf('\r\n\r\n') + 4;
    let error = r.error;
    if (!error && status !== 200) error = `${pathname}: ${status || 'no status'}`;
    else if (!error && length && r.got.length - bodyStart !== length) error = `${pathname}: ${r.got.length - bodyStart} of ${length} bytes`;
    record('slow clients', r.ms, error);
  }
}

// --------------------------------------------------------------- the run

const server = await serve();
const base = server.base;
const index = await request(base, '/sitemap.xml');
for (const loc of (index.body || '').match(/<loc>[^<]+<\/loc>/g) || []) {
  const sub = await request(base, loc.slice(5, -6).replace(/^https:\/\/soak\.example\.com/, ''));
  for (const u of (sub.body || '').match(/<loc>[^<]+<\/loc>/g) || []) urls.push(u.slice(5, -6).replace(/^https:\/\/soak\.example\.com/, ''));
}
urls = urls.filter(u => /^\/(en|ru)\/[a-z0-9-]+\/[a-z0-9-]+$/.test(u));
if (urls.length < 1000) throw new Error(`only ${urls.length} article addresses in the sitemaps`);
console.log(`soak: ${urls.length} article addresses, ${queries.length} queries; warm-up ${WARMUP} s`);

let rssStart = null, rssMax = 0;
const sampler = setInterval(() => { try { rssMax = Math.max(rssMax, rssMb(server.pid)); } catch { /* gone */ } }, 1000);
const warm = setTimeout(() => { rssStart = rssMb(server.pid); }, WARMUP * 1000);
const progress = setInterval(() => {
  const done = [...stats.values()].reduce((n, k) => n + k.ms.length, 0);
  const errors = [...stats.values()].reduce((n, k) => n + k.errors, 0);
  console.log(`soak: ${Math.round((SECONDS * 1000 - (deadline - Date.now())) / 1000)} s, ${done} requests, ${errors} errors, RSS ${rssMb(server.pid).toFixed(1)} MB`);
}, 60000);
setTimeout(() => { running = false; }, SECONDS * 1000);

await Promise.all([
  ...Array.from({ length: 12 }, (_, n) => reader(base, n)),
  ...Array.from({ length: 3 }, () => searcher(base)),
  ...Array.from({ length: 2 }, (_, n) => newsroomWriter(base, n)),
  ...Array.from({ length: 2 }, (_, n) => apiWriter(base, n)),
  uploader(base),
  badLogins(base),
  ...Array.from({ length: 4 }, (_, n) => slowClient(server.port, n)),
]);
clearInterval(progress);
clearTimeout(warm);
const rssEnd = rssMb(server.pid);
clearInterval(sampler);
const stopped = await server.stop();

// ------------------------------------------------------------- the report

let errors = 0;
console.log(`\n| kind | requests | errors | p50 ms | p99 ms | expected refusals |\n|---|---:|---:|---:|---:|---|`);
for (const [name, k] of stats) {
  const sorted = [...k.ms].sort((a, b) => a - b);
  errors += k.errors;
  const refusals = Object.entries(k.refused).map(([why, n]) => `${n} ${why}`).join(', ') || '';
  console.log(`| ${name} | ${k.ms.length} | ${k.errors} | ${percentile(sorted, 0.5).toFixed(2)} | ${percentile(sorted, 0.99).toFixed(2)} | ${refusals} |`);
}
for (const [name, k] of stats) for (const e of k.examples) console.log(`  error (${name}): ${e}`);
const growth = rssStart ? (rssEnd - rssStart) / rssStart : NaN;
console.log(`\nRSS: ${rssStart?.toFixed(1)} MB after the warm-up, ${rssEnd.toFixed(1)} MB at the end ` +
  `(${(growth * 100).toFixed(1)}%; highest ${rssMax.toFixed(1)} MB)`);
// The lockout logs each refusal as an error: expected, counted apart.
const lockouts = stopped.stderr.split('\n').filter(l => / error: login refused for target@example\.com /.test(l));
const logged = stopped.stderr.split('\n').filter(l => / error: /.test(l) && !lockouts.includes(l));
console.log(`server: exit ${stopped.code}${stopped.signal ? ` (${stopped.signal})` : ''}; ${logged.length} error lines in its log ` +
  `(and ${lockouts.length} lockout refusals)`);
for (const l of logged.slice(0, 5)) console.log(`  ${l}`);
const integrity = spawnSync('sqlite3', [db, 'pragma integrity_check'], { encoding: 'utf8' });
if (integrity.status === 0) console.log(`database: integrity_check ${integrity.stdout.trim()}`);
const ok = errors === 0 && growth < 0.1 && stopped.code === 0 && logged.length === 0;
console.log(`\nsoak: ${ok ? 'passed' : 'FAILED'} (${errors} errors outside expected refusals; RSS growth ${(growth * 100).toFixed(1)}%, at most 10%)`);
rmSync(work, { recursive: true, force: true });
process.exitCode = ok ? 0 : 1;
