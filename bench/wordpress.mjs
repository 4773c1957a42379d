// WordPress import: how fast `gazette import-wordpress` reads a large
// export, and that its memory stays flat as the export grows. Writes a
// synthetic WXR 1.2 export of about --mb MB (default 100; the same file
// every run: a fixed word list and a seeded generator) with 5 authors, 20
// categories, 50 tags and posts of classic-editor HTML (4 to 12 KB each,
// every tenth a draft), imports it into a fresh SQLite site, and does the
// same with a quarter-size export. Prints posts and MB per second, the peak
// RSS of both imports and their ratio, and the database's size; the exit
// status is 1 unless every post was imported and none failed.
//   node bench/wordpress.mjs [--mb N]
//   node bench/wordpress.mjs [--mb N] --write FILE   (only writes the export)
// Timed with GNU time (Debian's `time`), else by Node and /proc. Never part
// of make test.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, statSync, readFileSync, readdirSync, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir, cpus } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bin = path.join(root, 'build/gazette');
const ini = path.join(root, 'gazette.ini');
const arg = name => { const i = process.argv.indexOf(name); return i > 0 ? process.argv[i + 1] : undefined; };
const MB = Number(arg('--mb') || 100);
const SITE = 'https://bench.example.com';
const AUTHORS = 5, CATEGORIES = 20, TAGS = 50;

const WORDS = (
  'the of and to in a is that for it as was with be by on not he this are or his from at which but have an they ' +
  'you were her she there been one all we their has would when if so no will more can about said what up out ' +
  'them into only other new some could time these two may then first any like now people my made over did down ' +
  'year city council minister government river harbour market election report water bridge school station ' +
  'morning evening weather season festival museum theatre village mountain coast island street railway budget ' +
  'winter summer autumn spring village farmers fishermen teachers doctors workers students visitors residents ' +
  'announced confirmed suggested expected reported described explained promised delayed opened closed built ' +
  'quiet busy ancient modern local regional national foreign public private small large early late recent ' +
  'important difficult careful sudden gradual familiar unusual narrow broad bright heavy cheerful serious ' +
  'after before during between against under around through without within across along behind beyond ' +
  'however meanwhile although because therefore perhaps indeed still almost already often rarely usually ' +
  'road garden library hospital airport factory office kitchen window border harvest concert exhibition ' +
  'decision question answer problem solution agreement project programme journey history future distance'
).split(' ');

// mulberry32: a small seeded generator, so that the export is the same every run.
function prng(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = n => String(n).padStart(2, '0');
const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// Post N's time (UTC): every 3 hours from 2019 on, at varied minutes.
const when = n => new Date(Date.UTC(2019, 0, 1, 6, 0, 0) + n * 3 * 3600e3 + ((n * 37) % 60) * 60e3 + ((n * 13) % 60) * 1e3);
const wpDate = d => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ` +
  `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
const rfc822 = d => `${DAYS[d.getUTCDay()]}, ${pad(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
  `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000`;
const link = n => { const d = when(n); return `${SITE}/${d.getUTCFullYear()}/${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/post-${n}/`; };
const esc = s => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cdata = s => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

// Post n's body: classic-editor HTML, paragraphs separated by blank lines.
function body(n, rand) {
  const pick = a => a[Math.floor(rand() * a.length)];
  const words = k => Array.from({ length: k }, () => pick(WORDS));
  const cap = s => s[0].toUpperCase() + s.slice(1);
  const sentence = () => {
    const w = words(8 + Math.floor(rand() * 13));
    w[0] = cap(w[0]);
    const i = Math.floor(rand() * w.length), r = rand();
    if (r < 0.15) w[i] = `<strong>${w[i]}</strong>`;
    else if (r < 0.3) w[i] = `<em>${w[i]}</em>`;
    else if (r < 0.38 && n > 1) w[i] = `<a href="${link(1 + Math.floor(rand() * (n - 1)))}">${w[i]}</a>`;
    return w.join(' ') + (rand() < 0.1 ? '?' : '.');
  };
  const paragraph = () => Array.from({ length: 3 + Math.floor(rand() * 4) }, sentence).join(' ');
  const target = 4096 + Math.floor(rand() * 8192), parts = [];
  let size = 0;
  for (let p = 0; size < target; p++) {
    let part = paragraph();
    if (p === 2) part = `<h2>${cap(words(3 + Math.floor(rand() * 4)).join(' '))}</h2>\n\n` + part;
    if (p === 4) part += '\n\n<ul>\n' + Array.from({ length: 3 + Math.floor(rand() * 3) },
      () => `\t<li>${cap(words(4 + Math.floor(rand() * 6)).join(' '))}</li>`).join('\n') + '\n</ul>';
    if (p === 1 && n % 5 === 0) {
      const alt = words(4).join(' ');
      part = `[caption id="attachment_${n}" align="aligncenter" width="800"]<img class="size-large wp-image-${n}" ` +
        `src="${SITE}/wp-content/uploads/2024/05/pic-${n}.jpg" alt="${cap(alt)}" width="800" height="533" /> ` +
        `${cap(words(6).join(' '))}.[/caption]\n\n` + part;
    }
    parts.push(part);
    size += part.length + 2;
  }
  return parts.join('\n\n');
}

function item(n, rand) {
  const d = when(n), local = new Date(d.getTime() + 4 * 3600e3); // the old site was at UTC+4
  const cat = 1 + Math.floor(rand() * CATEGORIES), t1 = 1 + Math.floor(rand() * TAGS);
  const t2 = 1 + (t1 + Math.floor(rand() * (TAGS - 1))) % TAGS;
  const title = esc(WORDS[Math.floor(rand() * WORDS.length)].replace(/^./, c => c.toUpperCase()) + ' ' +
    Array.from({ length: 4 + Math.floor(rand() * 6) }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' '));
  return `\n<item>\n<title>${title}</title>\n<link>${link(n)}</link>\n<pubDate>${rfc822(d)}</pubDate>\n` +
    `<dc:creator>${cdata(`author${1 + (n % AUTHORS)}`)}</dc:creator>\n` +
    `<guid isPermaLink="false">${SITE}/?p=${n}</guid>\n<description></description>\n` +
    `<content:encoded>${cdata(body(n, rand))}</content:encoded>\n<excerpt:encoded>${cdata('')}</excerpt:encoded>\n` +
    `<wp:post_id>${n}</wp:post_id>\n<wp:post_date>${cdata(wpDate(local))}</wp:post_date>\n` +
    `<wp:post_date_gmt>${cdata(wpDate(d))}</wp:post_date_gmt>\n` +
    `<wp:comment_status>${cdata(n % 3 ? 'open' : 'closed')}</wp:comment_status>\n` +
    `<wp:ping_status>${cdata('open')}</wp:ping_status>\n<wp:post_name>${cdata(`post-${n}`)}</wp:post_name>\n` +
    `<wp:status>${cdata(n % 10 === 0 ? 'draft' : 'publish')}</wp:status>\n<wp:post_parent>0</wp:post_parent>\n` +
    `<wp:menu_order>0</wp:menu_order>\n<wp:post_type>${cdata('post')}</wp:post_type>\n` +
    `<wp:post_password>${cdata('')}</wp:post_password>\n<wp:is_sticky>0</wp:is_sticky>\n` +
    `<category domain="category" nicename="cat-${cat}">${cdata(`Category ${cat}`)}</category>\n` +
    `<category domain="post_tag" nicename="tag-${t1}">${cdata(`Tag ${t1}`)}</category>\n` +
    `<category domain="post_tag" nicename="tag-${t2}">${cdata(`Tag ${t2}`)}</category>\n` +
    `<wp:postmeta>\n<wp:meta_key>${cdata('_edit_last')}</wp:meta_key>\n<wp:meta_value>${cdata('1')}</wp:meta_value>\n</wp:postmeta>\n</item>`;
}

// Streams an export of about mb MB to file; resolves to the number of posts in it.
async function writeExport(file, mb) {
  const out = createWriteStream(file), limit = mb * 1048576, rand = prng(20240501);
  const END = '\n</channel>\n</rss>\n';
  let bytes = 0, posts = 0;
  const write = async s => { bytes += Buffer.byteLength(s); if (!out.write(s)) await once(out, 'drain'); };
  let head = '<?xml version="1.0" encoding="UTF-8" ?>\n<rss version="2.0" ' +
    'xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" ' +
    'xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:dc="http://purl.org/dc/elements/1.1/" ' +
    'xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<title>Bench Gazette</title>\n' +
    `<link>${SITE}</link>\n<description>A synthetic export</description>\n<language>en-US</language>\n` +
    `<wp:wxr_version>1.2</wp:wxr_version>\n<wp:base_site_url>${SITE}</wp:base_site_url>\n<wp:base_blog_url>${SITE}</wp:base_blog_url>\n`;
  for (let a = 1; a <= AUTHORS; a++)
    head += `<wp:author><wp:author_id>${a}</wp:author_id><wp:author_login>${cdata(`author${a}`)}</wp:author_login>` +
      `<wp:author_email>${cdata(`author${a}@bench.example.com`)}</wp:author_email>` +
      `<wp:author_display_name>${cdata(`Author Number ${a}`)}</wp:author_display_name></wp:author>\n`;
  for (let k = 1; k <= CATEGORIES; k++)
    head += `<wp:category><wp:term_id>${k}</wp:term_id><wp:category_nicename>${cdata(`cat-${k}`)}</wp:category_nicename>` +
      `<wp:category_parent>${cdata(k > 15 ? `cat-${k - 15}` : '')}</wp:category_parent>` +
      `<wp:cat_name>${cdata(`Category ${k}`)}</wp:cat_name></wp:category>\n`;
  for (let j = 1; j <= TAGS; j++)
    head += `<wp:tag><wp:term_id>${CATEGORIES + j}</wp:term_id><wp:tag_slug>${cdata(`tag-${j}`)}</wp:tag_slug>` +
      `<wp:tag_name>${cdata(`Tag ${j}`)}</wp:tag_name></wp:tag>\n`;
  await write(head);
  while (bytes + END.length < limit) await write(item(++posts, rand));
  await write(END);
  out.end();
  await once(out, 'finish');
  return { posts, bytes };
}

const work = mkdtempSync(path.join(tmpdir(), 'gazette-wordpress-'));
let child = null;
const cleanup = () => { if (child) try { process.kill(-child.pid, 'SIGKILL'); } catch { } rmSync(work, { recursive: true, force: true }); };
process.on('exit', cleanup);
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => { cleanup(); process.exit(130); });
const fail = reason => { console.error(`bench/wordpress: ${reason}`); process.exit(1); };

// Runs gazette with args: its exit code, wall seconds, peak RSS (KB), stdout's line count and last line.
async function run(args) {
  const gnuTime = existsSync('/usr/bin/time'), timeFile = path.join(work, 'time.txt');
  const start = process.hrtime.bigint();
  const opts = { stdio: ['ignore', 'pipe', 'pipe'], detached: true }; // its own process group, killed whole on exit
  child = gnuTime ? spawn('/usr/bin/time', ['-f', '%e %M', '-o', timeFile, bin, ...args], opts) : spawn(bin, args, opts);
  let lines = 0, last = '', partial = '', err = '', hwm = 0;
  child.stdout.setEncoding('utf8').on('data', d => {
    const parts = (partial + d).split('\n');
    partial = parts.pop();
    lines += parts.length;
    for (const l of parts) if (l.trim()) last = l;
  });
  child.stderr.setEncoding('utf8').on('data', d => { err = (err + d).slice(-4000); });
  const poll = gnuTime ? null : setInterval(() => {
    try { hwm = Math.max(hwm, Number(readFileSync(`/proc/${child.pid}/status`, 'utf8').match(/VmHWM:\s+(\d+)/)[1])); } catch { }
  }, 100);
  const [code] = await once(child, 'close');
  clearInterval(poll);
  child = null;
  if (partial.trim()) { lines++; last = partial; }
  let seconds = Number(process.hrtime.bigint() - start) / 1e9, rssKB = hwm;
  if (gnuTime) [seconds, rssKB] = readFileSync(timeFile, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  return { code, seconds, rssKB, lines, last, err, how: gnuTime ? 'GNU time' : 'Node and /proc VmHWM' };
}

const SUMMARY = /^import-wordpress: (\d+) imported, (\d+) updated, (?:(\d+) unchanged, )?(\d+) skipped, (\d+) warnings, (\d+) failed/;

// A fresh site, the export imported into it: what it took and what it said.
async function importRun(name, mb) {
  const xml = path.join(work, `${name}.xml`), db = path.join(work, `${name}.db`);
  const gen = await writeExport(xml, mb);
  const init = await run(['init', '--db', db, '--config', ini]);
  if (init.code !== 0) fail(`gazette init failed (${init.code}): ${init.err.trim()}`);
  const r = await run(['import-wordpress', '--db', db, '--config', ini, xml]);
  const m = r.last.match(SUMMARY);
  if (!m) fail(`import-wordpress printed no summary line (exit ${r.code}); is it built yet?\n` +
    `last stdout line: ${r.last || '(none)'}\nstderr: ${r.err.trim().split('\n').slice(-10).join('\n') || '(none)'}`);
  const [imported, updated, , skipped, warnings, failed] = m.slice(1).map(Number);
  const dbBytes = readdirSync(work).filter(f => f.startsWith(`${name}.db`)).reduce((s, f) => s + statSync(path.join(work, f)).size, 0);
  rmSync(xml, { force: true });
  return { ...gen, ...r, imported, updated, skipped, warnings, failed, dbBytes };
}

if (arg('--write')) {
  const { posts, bytes } = await writeExport(path.resolve(arg('--write')), MB);
  console.log(`${arg('--write')}: ${posts} posts, ${(bytes / 1048576).toFixed(1)} MB`);
  process.exit(0);
}
if (!existsSync(bin)) fail('build/gazette is missing: run `make` first');

console.log(`== WordPress import (${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores; ` +
  `a synthetic WXR 1.2 export of ${MB} MB and one of ${MB / 4} MB, each into a fresh SQLite site)`);
const small = await importRun('quarter', MB / 4);
const full = await importRun('full', MB);
const mbOf = b => (b / 1048576).toFixed(1);
console.log('');
console.log('| export | posts | seconds | posts/s | MB/s | peak RSS MB | imported | warnings | failed | database MB |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
for (const r of [small, full])
  console.log(`| ${mbOf(r.bytes)} MB | ${r.posts} | ${r.seconds.toFixed(2)} | ${(r.posts / r.seconds).toFixed(0)} | ` +
    `${(r.bytes / 1048576 / r.seconds).toFixed(1)} | ${(r.rssKB / 1024).toFixed(1)} | ${r.imported} | ${r.warnings} | ` +
    `${r.failed} | ${mbOf(r.dbBytes)} |`);
console.log(`\nPeak RSS, ${mbOf(full.bytes)} MB export / ${mbOf(small.bytes)} MB export: ` +
  `${(full.rssKB / small.rssKB).toFixed(2)}x (flat is about 1x); measured with ${full.how}; ` +
  `${full.lines} report lines for the larger import.`);
for (const r of [small, full]) {
  const why = r.failed ? `${r.failed} failed` : r.imported !== r.posts ? `${r.imported} imported of ${r.posts} posts`
    : r.code !== 0 ? `exit status ${r.code}` : null;
  if (why) fail(`${mbOf(r.bytes)} MB export: ${why}\n${r.err.trim().split('\n').slice(-10).join('\n')}`);
}
