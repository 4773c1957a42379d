// A full disk: the database and media_dir are on a small tmpfs, which the
// test fills to the last block while the server runs. Then newsroom and
// Admin API writes and uploads fail with a clear message and change
// nothing, readers' pages (cached or not) are still served, and once space
// is freed writes work again. Needs root for mount(8); when mounting is
// refused the file says so with "ok - ... # skip". Runs against GAZETTE_BIN.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, readFileSync, rmSync, statfsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { serve, sanitizerErrors, gazette, defaultConfig, fixtures } from '../lib/server.mjs';
import { Client, addUser, addToken, request, sql, sqlNumber, filesUnder, multipart, idFrom } from '../lib/newsroom.mjs';

suite('disk full');

const dir = mkdtempSync(path.join(tmpdir(), 'gazette-diskfull-'));
const mnt = path.join(dir, 'disk');
mkdirSync(mnt);
// 32 MB: the demo database (about 2 MB), its WAL, the demo's pictures
// (about 14 MB for two editions) and the test's uploads, then full.
const mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=32768k,mode=0755', 'tmpfs', mnt], { encoding: 'utf8' });
const canMount = mounted.status === 0;
let unmounted = !canMount;

// Unmounts the tmpfs (once), also when the test file fails or dies.
function unmount() {
  if (unmounted) return;
  let r = spawnSync('umount', [mnt], { encoding: 'utf8' });
  if (r.status !== 0) r = spawnSync('umount', ['-l', mnt], { encoding: 'utf8' });
  unmounted = r.status === 0;
  if (!unmounted) console.log(`# could not unmount ${mnt}: ${r.stderr.trim()}`);
}
process.on('exit', () => { unmount(); rmSync(dir, { recursive: true, force: true }); });

const site = {
  dir, ini: path.join(dir, 'site.ini'), db: path.join(mnt, 'gazette.db'), media: path.join(mnt, 'media'),
};
let server, base, token, desk;
const ARTICLE = '/en/politics/fixture-bridge-opens';
const READER_PAGES = [ARTICLE, '/en/', '/ru/', '/en/politics/', '/en/rss.xml', '/sitemap.xml', '/api/v1/en/articles?limit=5', '/en/search?q=bridge'];
const cached = new Map();
const PHOTO = readFileSync(path.join(fixtures, 'images/photo.jpg'));
const BIG_BODY = `The disk-full story.\n\n${'A paragraph long enough to need pages of its own on the disk. '.repeat(3000)}\n`;

async function api(method, pathname, json) {
  const r = await request(base + pathname, {
    method, body: json === undefined ? undefined : JSON.stringify(json),
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  });
  try { r.json = JSON.parse(r.text); } catch { r.json = null; }
  return r;
}

// Fills the filesystem to its last block; gives the free bytes left (0).
function fill() {
  for (const [name, bs] of [['filler-1', '1M'], ['filler-2', '4k'], ['filler-3', '512']]) {
    const r = spawnSync('dd', ['if=/dev/zero', `of=${path.join(mnt, name)}`, `bs=${bs}`], { encoding: 'utf8' });
    if (r.status === 0 || !/No space left/.test(r.stderr)) throw new Error(`dd did not fill the disk: ${r.stderr}`);
  }
  const st = statfsSync(mnt);
  return st.bavail * st.bsize;
}

function freeSpace() {
  for (const name of ['filler-1', 'filler-2', 'filler-3']) rmSync(path.join(mnt, name), { force: true });
}

// A refusal for want of space: the server's error (500, or 503 for a
// fault that passes: not a success, not the client's fault, not a crash)
// and a message that says the disk is full without naming the server's
// files.
const FULL_MESSAGE = /disk is full/i;
function isFullRefusal(r, what, message) {
  assert.ok(r.status === 500 || r.status === 503, `${what}: a server error, got ${r.status} ${r.text.slice(0, 200)}`);
  assert.match(message ?? '', FULL_MESSAGE, `${what}: the message says the disk is full`);
  assert.ok(!message.includes(mnt), `${what}: the message does not name the server's files: ${message}`);
}

const articleCount = () => sqlNumber(site.db, 'select count(*) from articles');
const serverAlive = () => server.child.exitCode === null && server.child.signalCode === null;

if (!canMount) {
  const why = (mounted.stderr || '').replace(/\s+/g, ' ').trim() || `status ${mounted.status}`;
  test(`# skip mount -t tmpfs was refused (${why})`, () => {});
} else {
  test('with the disk full, an Admin API write fails with a clear message and changes nothing', async () => {
    assert.equal(fill(), 0, 'the disk is full');
    const before = articleCount();
    const r = await api('POST', '/api/v1/admin/articles', { title: 'Written on a full disk', category: 'politics', slug: 'full-disk-api', body_markdown: BIG_BODY });
    assert.ok(r.json && typeof r.json.error === 'string', `a JSON error: ${r.text.slice(0, 200)}`);
    isFullRefusal(r, 'POST', r.json.error);
    assert.ok(serverAlive(), 'the server runs on');
    assert.equal(articleCount(), before, 'no article made');
    assert.equal(sqlNumber(site.db, "select count(*) from articles where slug = 'full-disk-api'"), 0);
    // A change to an article that exists: refused, the article as it was.
    const id = Number(sql(site.db, "select id from articles where slug = 'fixture-bridge-opens'"));
    const was = sql(site.db, `select a.title || '|' || b.body_markdown from articles a join article_bodies b on b.article_id = a.id where a.id = ${id}`);
    const revisions = sqlNumber(site.db, `select count(*) from revisions where article_id = ${id}`);
    const patch = await api('PATCH', `/api/v1/admin/articles/${id}`, { title: 'Changed on a full disk', body_markdown: BIG_BODY });
    isFullRefusal(patch, 'PATCH', patch.json?.error);
    assert.equal(sql(site.db, `select a.title || '|' || b.body_markdown from articles a join article_bodies b on b.article_id = a.id where a.id = ${id}`), was);
    assert.equal(sqlNumber(site.db, `select count(*) from revisions where article_id = ${id}`), revisions, 'no revision kept');
  });

  test('with the disk full, a newsroom write fails with a clear message and changes nothing', async () => {
    const before = articleCount();
    const r = await desk.post('/admin/articles', { title: 'Typed on a full disk', lang: 'en', category: 'politics', slug: 'full-disk-desk',
      body_markdown: BIG_BODY, action: 'publish' });
    assert.ok(r.doc, 'an HTML page');
    const error = r.doc.querySelector('.nr-error');
    assert.ok(error, `the editor shows an error: ${r.text.slice(0, 300)}`);
    isFullRefusal(r, 'the editor', error.text);
    assert.ok(serverAlive(), 'the server runs on');
    assert.equal(articleCount(), before);
    assert.equal((await request(base + '/en/politics/full-disk-desk')).status, 404);
  });

  test('with the disk full, an image upload fails with a clear message and stores nothing', async () => {
    const files = filesUnder(site.media);
    const rows = sqlNumber(site.db, 'select count(*) from media');
    const { body, contentType } = multipart({}, [{ name: 'file', filename: 'photo.jpg', type: 'image/jpeg', data: PHOTO }]);
    const r = await request(base + '/api/v1/admin/media', { method: 'POST', body, headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType } });
    let json = null;
    try { json = JSON.parse(r.text); } catch { /* checked below */ }
    assert.ok(json && typeof json.error === 'string', r.text.slice(0, 200));
    isFullRefusal(r, 'upload', json.error);
    assert.ok(serverAlive(), 'the server runs on');
    assert.equal(sqlNumber(site.db, 'select count(*) from media'), rows, 'no media row');
    assert.deepEqual(filesUnder(site.media), files, 'no file left behind');
  });

  test('with the disk full, readers are served: cached pages and pages made anew', async () => {
    for (const p of READER_PAGES) {
      const r = await request(base + p, { headers: { 'Accept-Encoding': 'br' } });
      assert.equal(r.status, 200, p);
      assert.equal(r.headers.etag, cached.get(p), `${p}: the same answer as before the disk filled`);
    }
    // Not in the cache: rendered on the full disk.
    for (const p of ['/en/search?q=kura', '/en/culture/', '/api/v1/en/categories', '/news-sitemap.xml', '/ru/rss.xml']) {
      const r = await request(base + p);
      assert.equal(r.status, 200, `${p}: ${r.text.slice(0, 200)}`);
    }
    assert.ok(serverAlive(), 'the server runs on');
  });

  test('once space is freed, writes work again and the refused ones never appear', async () => {
    freeSpace();
    const r = await api('POST', '/api/v1/admin/articles', { title: 'Written after the disk was freed', category: 'politics', slug: 'freed-disk-api', body_markdown: BIG_BODY });
    assert.equal(r.status, 201, r.text.slice(0, 300));
    const pub = await api('PATCH', `/api/v1/admin/articles/${r.json.id}`, { status: 'published' });
    assert.equal(pub.status, 200, pub.text.slice(0, 300));
    assert.equal((await request(base + '/en/politics/freed-disk-api')).status, 200);
    const made = await desk.post('/admin/articles', { title: 'Typed after the disk was freed', lang: 'en', category: 'politics',
      slug: 'freed-disk-desk', body_markdown: 'Room again.', action: 'publish' });
    assert.equal(made.status, 303, made.text.slice(0, 300));
    assert.ok(idFrom(made.location) > 0);
    const { body, contentType } = multipart({}, [{ name: 'file', filename: 'photo.jpg', type: 'image/jpeg', data: PHOTO }]);
    const up = await request(base + '/api/v1/admin/media', { method: 'POST', body, headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType } });
    assert.equal(up.status, 201, up.text.slice(0, 300));
    for (const slug of ['full-disk-api', 'full-disk-desk'])
      assert.equal(sqlNumber(site.db, `select count(*) from articles where slug = '${slug}'`), 0, slug);
    assert.equal(sql(site.db, 'pragma integrity_check'), 'ok');
    const stopped = await server.stop();
    assert.equal(stopped.code, 0, stopped.stderr.slice(-1000));
    assert.deepEqual(sanitizerErrors(stopped.stderr), []);
    assert.equal(sql(site.db, 'pragma integrity_check'), 'ok');
    server = await serve(site);
    base = server.base;
    assert.equal((await request(base + '/en/politics/freed-disk-api')).status, 200);
  });
}

await run({
  before: async () => {
    if (!canMount) return;
    writeFileSync(site.ini, `${defaultConfig}\n[newsroom]\nmedia_dir = ${site.media}\n`);
    const init = gazette(['init', '--db', site.db, '--config', site.ini, '--demo']);
    if (init.status !== 0) throw new Error(`init failed: ${init.stderr}`);
    const imp = gazette(['import', '--db', site.db, '--config', site.ini, path.join(fixtures, 'articles')]);
    if (imp.status !== 0) throw new Error(`import failed: ${imp.stderr}`);
    token = addToken(site, 'full-disk', 'editor');
    const who = { email: 'full@example.com', name: 'Full Disk', role: 'editor' };
    const added = addUser(site, who);
    if (added.status !== 0) throw new Error(added.stderr);
    server = await serve(site);
    base = server.base;
    desk = new Client(base);
    await desk.login(who.email);
    for (const p of READER_PAGES) {
      const r = await request(base + p, { headers: { 'Accept-Encoding': 'br' } });
      if (r.status !== 200) throw new Error(`${p}: ${r.status}`);
      cached.set(p, r.headers.etag);
    }
  },
  after: async () => {
    try {
      if (server) {
        const { code, stderr } = serverAlive() ? await server.stop() : { code: server.child.exitCode, stderr: server.stderr() };
        const errors = sanitizerErrors(stderr);
        if (code !== 0 || errors.length) throw new Error(`server exit ${code}: ${errors.join(' | ') || stderr.slice(-500)}`);
      }
    } finally {
      unmount();
    }
  },
});
