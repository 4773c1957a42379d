// Related stories: what they cost an uncached article page, on SQLite and
// on PostgreSQL side by side. One site (the demo plus `gazette gen`
// articles, each generated one given two of the demo's tags, so that tag
// candidates are as many as a newsroom's), copied into a throwaway
// PostgreSQL cluster (tests/pg-cluster) with `gazette copy`; each engine
// served with the page cache off, once with related stories (4, the
// default) and once without ([site] related_stories = 0), one request at
// a time over the same article pages (so each time is one render, client
// included), the two servers' runs interleaved. Prints p50 and mean per
// page and the ratio with / without. `node bench/related.mjs [--count N]
// [--passes N]`; BENCH_POSTGRES=postgresql://.../postgres uses a running
// server instead of starting one. Never part of make test.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'build/gazette');
const ini = path.join(root, 'gazette.ini');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const COUNT = arg('--count', 5000);   // generated articles
const PASSES = arg('--passes', 5);    // times each page is asked for, per server
const PAGES = 200;                    // article pages, spread over the archive

const work = mkdtempSync(path.join(tmpdir(), 'gazette-related-'));
const children = new Set();
let pgDir = null;

function gazette(args) {
  const r = spawnSync(bin, args, { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (r.status !== 0) throw new Error(`gazette ${args.join(' ')}: ${r.stderr.slice(-2000)}`);
  return r.stdout;
}

function psql(url, query) {
  const r = spawnSync('psql', ['-X', '-At', '-v', 'ON_ERROR_STOP=1', url, '-c', query], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`psql: ${r.stderr}`);
  return r.stdout.trim();
}

// Serves db with the demo's configuration, no page cache and `related` stories.
function serve(db, related) {
  const conf = path.join(work, `site-${related}-${Math.random().toString(36).slice(2)}.ini`);
  writeFileSync(conf, readFileSync(ini, 'utf8') + `\n[site]\nrelated_stories = ${related}\n[server]\ncache_mb = 0\n`);
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve', '--db', db, '--config', conf, '--listen', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.add(child);
    let out = '', err = '';
    child.stderr.on('data', d => { err += d; });
    child.stdout.on('data', d => {
      out += d;
      const m = out.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) resolve({
        base: m[1],
        stop: () => new Promise(res => { child.once('exit', () => { children.delete(child); res(err); }); child.kill('SIGTERM'); }),
      });
    });
    child.once('exit', code => { children.delete(child); reject(new Error(`gazette serve exited ${code}: ${err}`)); });
  });
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
function get(url) {
  return new Promise((resolve, reject) => {
    http.get(url, { agent }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, text: Buffer.concat(chunks).toString() }));
    }).on('error', reject);
  });
}

// Times one pass over the pages: the milliseconds of each request.
async function pass(base, pages) {
  const times = [];
  for (const p of pages) {
    const t = process.hrtime.bigint();
    const r = await get(base + p);
    times.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.status !== 200) throw new Error(`${p}: ${r.status}`);
  }
  return times;
}

const p50 = xs => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = xs => xs.reduce((a, b) => a + b, 0) / xs.length;

// Gives every generated article two of the demo's tags, spread evenly.
function tagGenerated(db, runSql) {
  const tags = execFileSync('sqlite3', ['-separator', '\t', db, 'select distinct tag, tag_slug from article_tags order by tag'],
    { encoding: 'utf8' }).trim().split('\n').map(l => l.split('\t'));
  const ids = execFileSync('sqlite3', [db, "select id from articles where slug like 'gen-%' order by id"], { encoding: 'utf8' })
    .trim().split('\n').map(Number);
  const q = s => `'${s.replace(/'/g, "''")}'`;
  const rows = [];
  for (const id of ids) {
    const a = tags[(id * 7) % tags.length], b = tags[(id * 13 + 5) % tags.length];
    rows.push(`(${id}, ${q(a[0])}, ${q(a[1])})`);
    if (b !== a) rows.push(`(${id}, ${q(b[0])}, ${q(b[1])})`);
  }
  const file = path.join(work, 'tags.sql');
  writeFileSync(file, `BEGIN;\n${rows.map(r => `INSERT INTO article_tags (article_id, tag, tag_slug) VALUES ${r};`).join('\n')}\nCOMMIT;\n`);
  runSql(file);
  return { tags: tags.length, rows: rows.length };
}

try {
  console.log(`== related stories (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores; ` +
    `the demo + ${COUNT.toLocaleString('en')} generated articles; cache off; one request at a time)`);
  const lite = path.join(work, 'site.db');
  gazette(['init', '--demo', '--db', lite, '--config', ini]);
  gazette(['gen', '--count', String(COUNT), '--db', lite, '--config', ini]);
  const tagged = tagGenerated(lite, file => execFileSync('sqlite3', [lite, `.read ${file}`]));
  console.log(`generated articles tagged: ${tagged.rows} tags of ${tagged.tags} kinds`);

  let admin = process.env.BENCH_POSTGRES;
  if (!admin) {
    pgDir = path.join(work, 'pg');
    admin = execFileSync(path.join(root, 'tests/pg-cluster'), ['start', pgDir], { encoding: 'utf8' }).trim();
  }
  const dbName = `related_bench_${process.pid}`;
  psql(admin, `CREATE DATABASE ${dbName}`);
  const pg = admin.replace(/\/[^/?]*(\?|$)/, `/${dbName}$1`);
  gazette(['copy', '--from', lite, '--to', pg, '--config', ini]);
  psql(pg, 'VACUUM (ANALYZE)');

  const pages = execFileSync('sqlite3', [lite,
    "select '/' || a.lang || '/' || c.slug || '/' || a.slug from articles a join categories c on c.id = a.category_id " +
    `where a.lang = 'en' and a.status = 1 and a.slug like 'gen-%' order by a.id`], { encoding: 'utf8' })
    .trim().split('\n').filter((_, i, all) => i % Math.max(1, Math.floor(all.length / PAGES)) === 0).slice(0, PAGES);

  const rows = [];
  for (const [engine, db] of [['SQLite', lite], ['PostgreSQL', pg]]) {
    const withRelated = await serve(db, 4), without = await serve(db, 0);
    const sample = (await get(withRelated.base + pages[0])).text;
    const shown = (sample.match(/class="related"[\s\S]*?<\/section>/) || [''])[0].split('card-title').length - 1;
    await pass(withRelated.base, pages); // warm: connections, statements, the OS's cache
    await pass(without.base, pages);
    const t = { with: [], without: [] };
    for (let i = 0; i < PASSES; i++) {
      t.with.push(...await pass(withRelated.base, pages));
      t.without.push(...await pass(without.base, pages));
    }
    await withRelated.stop();
    await without.stop();
    rows.push({ engine, shown, with: t.with, without: t.without });
  }
  console.log('');
  console.log('| engine | related shown | with: p50 ms | mean ms | without: p50 ms | mean ms | with / without (p50, mean) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|');
  for (const r of rows)
    console.log(`| ${r.engine} | ${r.shown} | ${p50(r.with).toFixed(3)} | ${mean(r.with).toFixed(3)} | ` +
      `${p50(r.without).toFixed(3)} | ${mean(r.without).toFixed(3)} | ` +
      `${(p50(r.with) / p50(r.without)).toFixed(2)}x, ${(mean(r.with) / mean(r.without)).toFixed(2)}x |`);
  console.log(`\n${PAGES} pages x ${PASSES} passes per server.`);
  if (process.env.BENCH_POSTGRES) psql(admin, `DROP DATABASE ${dbName}`);
} finally {
  for (const c of children) c.kill('SIGKILL');
  if (pgDir) spawnSync(path.join(root, 'tests/pg-cluster'), ['stop', pgDir]);
  rmSync(work, { recursive: true, force: true });
}
