// gazette backup and gazette restore, on either engine: a backup taken
// while the site serves and the Admin API writes, restored into a fresh
// database, serves the same article pages and the same image bytes; a
// damaged backup, a folder that is not empty and a database that holds a
// site are refused with a message, and change nothing.
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, gazette, fixtures, defaultConfig, sanitizerErrors } from '../lib/server.mjs';
import { request, addToken, multipart } from '../lib/newsroom.mjs';
import { engine, createDatabase, dropDatabase, sqlNumber, sql } from '../lib/db.mjs';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync, existsSync, rmSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

suite('backup');
const PHOTO = readFileSync(path.join(fixtures, 'images/photo.jpg'));
const SITE_URL = 'https://news.example.com'; // defaultConfig's base_url
const work = mkdtempSync(path.join(tmpdir(), 'gazette-backup-'));
const site = makeSite();
const token = addToken(site, 'backup', 'editor');
const server = await serve(site);
const made = [];

async function api(method, p, json) {
  const r = await request(server.base + p, { method, body: json === undefined ? undefined : JSON.stringify(json),
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
  try { r.json = JSON.parse(r.text); } catch { r.json = undefined; }
  return r;
}

// A restored site's database and configuration (images in a folder of its own on SQLite).
function target() {
  const dir = mkdtempSync(path.join(work, 'target-'));
  const ini = path.join(dir, 'site.ini');
  writeFileSync(ini, `${defaultConfig}\n[newsroom]\nmedia_dir = ${path.join(dir, 'media')}\n`);
  const db = engine === 'postgresql' ? createDatabase() : path.join(dir, 'site.db');
  made.push(db);
  return { dir, ini, db, media: path.join(dir, 'media') };
}

// A page as both sites must show it: the view count (which moves with
// every reader) left out.
const comparable = html => html.replace(/<span data-views>\d+<\/span>/g, '<span data-views></span>');

let uploaded, withPhoto, backupDir;

test('a backup taken while the Admin API writes is whole, checked, and says what it holds', async () => {
  const { body, contentType } = multipart({}, [{ name: 'file', filename: 'photo.jpg', type: 'image/jpeg', data: PHOTO }]);
  const up = await request(server.base + '/api/v1/admin/media', { method: 'POST', body,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType } });
  assert.ok(up.status === 200 || up.status === 201, up.text.slice(0, 300));
  uploaded = JSON.parse(up.text);
  const created = await api('POST', '/api/v1/admin/articles', { title: 'Backed up with its picture', category: 'politics',
    lang: 'en', body_markdown: 'A story kept safe.', status: 'published', lead_image_id: uploaded.id });
  assert.equal(created.status, 201, created.text.slice(0, 300));
  withPhoto = created.json.url.replace(SITE_URL, '');
  // Writers keep writing while the backup is taken.
  let writing = true, written = 0;
  const writer = (async () => {
    while (writing) {
      const r = await api('POST', '/api/v1/admin/articles', { title: `Written during the backup ${++written}`,
        category: 'world', lang: 'en', body_markdown: 'Meanwhile.', status: 'published' });
      assert.equal(r.status, 201, r.text.slice(0, 200));
    }
  })();
  backupDir = path.join(work, 'backup');
  const r = await new Promise(resolve => setTimeout(() => resolve(gazette(['backup', '--db', site.db, '--config', site.ini, '--to', backupDir])), 50));
  writing = false;
  await writer;
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^backed up \d+ articles and (\d+) image files \([\d.]+ MB\) to .*: integrity ok, (\d+) files' hashes checked\n$/);
  const [, files, checked] = r.stdout.match(/and (\d+) image files .* (\d+) files' hashes/);
  // Two files (WebP and JPEG) of each width of each image: the upload's and
  // the demo's pictures.
  const widths = sql(site.db, 'select variants from media').split('\n').join(' ').trim().split(/\s+/).length;
  assert.equal(Number(files), 2 * widths, 'every variant of every image');
  assert.equal(Number(checked), Number(files) + 1, 'every image and the database');
  assert.ok(written > 0, 'writes went on during the backup');
  const manifest = readFileSync(path.join(backupDir, 'MANIFEST'), 'utf8').trim().split('\n');
  assert.equal(manifest.length, Number(checked));
  for (const line of manifest) assert.match(line, /^[0-9a-f]{64} \d+ (gazette\.db|media\/[0-9a-f]{2}\/[0-9a-f]+-\d+\.(webp|jpg))$/);
  assert.deepEqual(sanitizerErrors(r.stderr), []);
});

test('the restored site serves the same article pages and the same image bytes', async () => {
  const t = target();
  const r = gazette(['restore', '--from', backupDir, '--db', t.db, '--config', t.ini]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^restored \d+ articles and \d+ image files from .* \(\d+ files' hashes checked first\)\n$/);
  assert.equal(sqlNumber(t.db, 'select count(*) from media'), sqlNumber(site.db, 'select count(*) from media'));
  const copy = await serve({ db: t.db, ini: t.ini });
  try {
    const pages = [withPhoto, '/en/politics/fixture-bridge-opens'];
    for (const p of pages) {
      const [a, b] = await Promise.all([request(server.base + p), request(copy.base + p)]);
      assert.equal(a.status, 200, p);
      assert.equal(b.status, 200, p);
      assert.equal(comparable(b.text), comparable(a.text), p);
    }
    for (const v of uploaded.variants) {
      for (const url of [v.webp, v.jpeg]) {
        const p = url.replace(SITE_URL, '');
        const [a, b] = await Promise.all([request(server.base + p), request(copy.base + p)]);
        assert.equal(b.status, 200, p);
        assert.ok(b.buffer.equals(a.buffer), `${p}: the same bytes`);
      }
    }
    // Search works there too: its index was rebuilt.
    const [mine, theirs] = await Promise.all([request(server.base + '/en/search?q=kept+safe'), request(copy.base + '/en/search?q=kept+safe')]);
    assert.match(mine.text, /Backed up with its picture/);
    assert.match(theirs.text, /Backed up with its picture/);
  } finally {
    await copy.stop();
  }
});

test('refused, with a message, changing nothing: a folder not empty, a database with a site, a damaged backup', async () => {
  const again = gazette(['backup', '--db', site.db, '--config', site.ini, '--to', backupDir]);
  assert.equal(again.status, 1);
  assert.match(again.stderr, /is not empty: a backup goes into a new folder/);
  const t = target();
  assert.equal(gazette(['restore', '--from', backupDir, '--db', t.db, '--config', t.ini]).status, 0);
  const twice = gazette(['restore', '--from', backupDir, '--db', t.db, '--config', t.ini]);
  assert.equal(twice.status, 1);
  assert.match(twice.stderr, /holds a site already \(say --replace to overwrite it\); the database is unchanged/);
  assert.equal(gazette(['restore', '--from', backupDir, '--db', t.db, '--config', t.ini, '--replace']).status, 0);
  // One byte of one image changed: the restore says which file, and stops before writing.
  const line = readFileSync(path.join(backupDir, 'MANIFEST'), 'utf8').split('\n').find(l => l.includes('media/'));
  const file = path.join(backupDir, line.split(' ')[2]);
  const bytes = readFileSync(file);
  bytes[bytes.length - 1] ^= 1;
  writeFileSync(file, bytes);
  const t2 = target();
  const damaged = gazette(['restore', '--from', backupDir, '--db', t2.db, '--config', t2.ini]);
  assert.equal(damaged.status, 1);
  assert.ok(damaged.stderr.includes(`${file} is not what the backup wrote (its hash differs)`), damaged.stderr);
  assert.match(damaged.stderr, /nothing was restored/);
  if (engine === 'sqlite') assert.ok(!existsSync(t2.db), 'no database made');
  // A manifest line pointing out of the folder is not followed.
  appendFileSync(path.join(backupDir, 'MANIFEST'), `${'0'.repeat(64)} 1 ../../etc/passwd\n`);
  const hostile = gazette(['restore', '--from', backupDir, '--db', t2.db, '--config', t2.ini]);
  assert.equal(hostile.status, 1);
  const missing = gazette(['restore', '--from', path.join(work, 'nowhere'), '--db', t2.db, '--config', t2.ini]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /MANIFEST: No such file or directory \(not a backup\)/);
  const usage = gazette(['restore', '--from', backupDir]);
  assert.equal(usage.status, 2);
  assert.match(usage.stderr, /--from DIR --db DB/);
});

test('a backup whose records name files outside it (its manifest made to match) writes nothing there', async () => {
  const dir = path.join(work, 'hostile');
  assert.equal(gazette(['backup', '--db', site.db, '--config', site.ini, '--to', dir]).status, 0);
  const db = path.join(dir, 'gazette.db');
  sql(db, `update media set hash = '../../../escaped' where id = ${uploaded.id}`);
  const digest = createHash('sha256').update(readFileSync(db)).digest('hex');
  const size = readFileSync(db).length;
  const manifest = path.join(dir, 'MANIFEST');
  writeFileSync(manifest, readFileSync(manifest, 'utf8').replace(/^[0-9a-f]{64} \d+ gazette\.db$/m, `${digest} ${size} gazette.db`));
  const t = target();
  const r = gazette(['restore', '--from', dir, '--db', t.db, '--config', t.ini]);
  assert.equal(r.status, 1, r.stdout);
  assert.match(r.stderr, /an image record of the backup has a bad hash \(not one gazette wrote\)/);
  assert.match(r.stderr, /nothing was restored/);
  if (engine === 'sqlite') assert.ok(!existsSync(t.db), 'no database made');
  else assert.equal(sql(t.db, "select count(*) from information_schema.tables where table_schema = 'public'"), '0');
});

const failed = await run({ after: async () => {
  await server.stop();
  site.remove();
  if (engine === 'postgresql') for (const db of made) dropDatabase(db);
  rmSync(work, { recursive: true, force: true });
} });
process.exitCode = failed ? 1 : 0;
