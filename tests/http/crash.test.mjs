// Crash safety: the server is killed with SIGKILL in the middle of a stream
// of Admin API writes from several clients at once, and `gazette import` in
// the middle of many files. Afterwards the database is consistent (on
// SQLite it passes PRAGMA integrity_check), every write that was answered
// with success is there field by field (a write in flight at the kill is
// there whole or not at all), every imported file is there whole or not at
// all, and a second import completes the first. Runs against GAZETTE_BIN,
// on either engine.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, bin, defaultConfig } from '../lib/server.mjs';
import { addToken, request } from '../lib/newsroom.mjs';
import { sql, sqlNumber, sqlRows, searchEntries, engineOf } from '../lib/db.mjs';

suite('crash');

const CONFIG = defaultConfig + '\n[server]\nthreads = 4\n';
const WRITERS = 6;            // Admin API clients writing at once
const KILL_AFTER = 40;        // acknowledged writes in a round before the kill
const CATEGORIES = ['politics', 'economy', 'world', 'culture'];

let site;
const sites = [];

// What a crash must never leave: a damaged database, broken references, an
// article without its body, a search index out of step with the articles.
function assertConsistent(db) {
  if (engineOf(db) === 'sqlite') {
    // The file itself, and the references (SQLite checks them only when asked).
    assert.equal(sql(db, 'pragma integrity_check'), 'ok');
    assert.equal(sql(db, 'pragma foreign_key_check'), '', 'no broken references');
  }
  // (On PostgreSQL the killed process is only a client: the server's files
  // are the server's, and every reference is a constraint it enforces.)
  assert.equal(sqlNumber(db, 'select count(*) from articles a where not exists (select 1 from article_bodies b where b.article_id = a.id)'), 0,
    'every article has its body');
  // The search index is written in the article's transaction: one entry per
  // published article of the edition.
  for (const lang of ['en', 'ru']) {
    assert.equal(searchEntries(db, [lang]),
      sqlNumber(db, `select count(*) from articles where lang = '${lang}' and status = 1`), `the ${lang} index matches the articles`);
  }
}

async function api(base, token, method, pathname, json) {
  const r = await request(base + pathname, {
    method, body: json === undefined ? undefined : JSON.stringify(json),
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  });
  try { r.json = JSON.parse(r.text); } catch { r.json = null; }
  return r;
}

// The fields of an article as the Admin API gives them, for comparison.
const FIELDS = ['title', 'subtitle', 'lang', 'category', 'slug', 'author', 'tags', 'body_markdown', 'status'];
// (The API gives tags in alphabetical order.)
const shape = a => Object.fromEntries(FIELDS.map(f => [f, f === 'tags' ? [...a.tags].sort() : a[f]]));

// ------------------------------------------------------- Admin API writes

// One round: WRITERS clients create, publish and rewrite articles without
// pause; at the KILL_AFTER-th success the server gets SIGKILL at once, with
// the other clients' requests in flight. Gives what the clients know:
// acked (id -> the state the last success left) and pending (id or slug ->
// the states a request in flight could have left).
async function writeAndKill(server, tokens, round) {
  const acked = new Map();      // id -> fields
  const pending = new Map();    // id or 'slug:...' -> fields it may have now
  let successes = 0, killed = false;
  const kill = () => {
    if (killed) return;
    killed = true;
    server.child.kill('SIGKILL');
  };
  const succeeded = () => { if (++successes >= KILL_AFTER) kill(); };
  // One request whose outcome is unknown until it is answered.
  const attempt = async (key, state, call) => {
    pending.set(key, state);
    let r;
    try { r = await call(); } catch { return null; }   // the kill cut it off: stays pending
    if (killed && r.status >= 500) return null;
    pending.delete(key);
    return r;
  };
  const writer = async n => {
    for (let i = 0; !killed; i++) {
      const slug = `crash-${round}-${n}-${i}`;
      const fields = {
        title: `Crash round ${round} writer ${n} story ${i}`, subtitle: `Lead ${round}.${n}.${i}`, lang: 'en',
        category: CATEGORIES[(n + i) % CATEGORIES.length], slug, author: `Desk ${n}`, tags: [`crash${round}`, `w${n}`, `s${i}`],
        body_markdown: `First paragraph of crashword${round}x${n}x${i}.\n\n${'A long line of text. '.repeat(40)}\n\n- one\n- two\n`,
      };
      const created = await attempt(`slug:${slug}`, { ...fields, status: 'draft' },
        () => api(server.base, tokens[n], 'POST', '/api/v1/admin/articles', fields));
      if (!created) return;
      assert.equal(created.status, 201, created.text);
      const id = created.json.id;
      acked.set(id, { ...fields, status: 'draft' });
      succeeded();
      if (killed) return;
      const published = await attempt(id, { ...acked.get(id), status: 'published' },
        () => api(server.base, tokens[n], 'PATCH', `/api/v1/admin/articles/${id}`, { status: 'published' }));
      if (!published) return;
      assert.equal(published.status, 200, published.text);
      acked.set(id, { ...acked.get(id), status: 'published' });
      succeeded();
      if (killed) return;
      const change = { title: `${fields.title} rewritten`, body_markdown: `${fields.body_markdown}\nA last paragraph.\n`, tags: [...fields.tags, 'rewritten'] };
      const rewritten = await attempt(id, { ...acked.get(id), ...change },
        () => api(server.base, tokens[n], 'PATCH', `/api/v1/admin/articles/${id}`, change));
      if (!rewritten) return;
      assert.equal(rewritten.status, 200, rewritten.text);
      acked.set(id, { ...acked.get(id), ...change });
      succeeded();
    }
  };
  // A writer that fails ends the round (and the others) with the kill.
  const guarded = n => writer(n).catch(err => { kill(); throw err; });
  await Promise.all(Array.from({ length: WRITERS }, (_, n) => guarded(n)));
  await new Promise(resolve => (server.child.exitCode !== null || server.child.signalCode) ? resolve() : server.child.once('exit', resolve));
  assert.equal(server.child.signalCode, 'SIGKILL', 'the server was killed');
  assert.ok(pending.size > 0, 'some writes were in flight at the kill');
  return { acked, pending };
}

// Reads every acknowledged article back through the Admin API of a new
// server, field by field, and checks that a write in flight left its
// article whole in one of the states it could have.
async function checkWrites(server, token, { acked, pending }) {
  for (const [id, want] of acked) {
    const r = await api(server.base, token, 'GET', `/api/v1/admin/articles/${id}`);
    assert.equal(r.status, 200, `article ${id}: ${r.text.slice(0, 200)}`);
    const got = shape(r.json);
    const maybe = pending.get(id);
    if (maybe && JSON.stringify(got) === JSON.stringify(shape(maybe))) continue;   // the write in flight made it
    assert.deepEqual(got, shape(want), `article ${id} as last acknowledged`);
  }
  for (const [key, state] of pending) {
    if (typeof key !== 'string') continue;
    // A create in flight: absent, or there whole.
    const found = sqlRows(site.db, `select id from articles where lang = 'en' and slug = '${state.slug}'`);
    if (!found.length) continue;
    const r = await api(server.base, token, 'GET', `/api/v1/admin/articles/${found[0].id}`);
    assert.equal(r.status, 200, r.text);
    assert.deepEqual(shape(r.json), shape(state), `${state.slug}, created as the kill came, is whole`);
  }
  // Published and acknowledged: on the site and in search.
  for (const [id, want] of acked) {
    if (want.status !== 'published' || pending.has(id)) continue;
    const page = await request(`${server.base}/en/${want.category}/${want.slug}`);
    assert.equal(page.status, 200, want.slug);
    assert.ok(page.text.includes(want.title), `${want.slug} shows its title`);
  }
  const [round, n, i] = [...acked.values()].find(a => a.status === 'published' && !a.tags.includes('rewritten'))?.slug.split('-').slice(1) || [];
  if (round !== undefined) {
    const search = await request(`${server.base}/en/search?q=crashword${round}x${n}x${i}`);
    assert.match(search.text, new RegExp(`crash-${round}-${n}-${i}`), 'search finds a published story');
  }
}

test('SIGKILL during Admin API writes from several clients: integrity ok, every acknowledged write there, field by field (two rounds)', async () => {
  site = makeSite({ config: CONFIG });
  sites.push(site);
  const tokens = Array.from({ length: WRITERS }, (_, n) => addToken(site, `crash-${n}`, 'editor'));
  for (let round = 1; round <= 2; round++) {
    const server = await serve(site);
    const known = await writeAndKill(server, tokens, round);
    assert.ok(known.acked.size >= KILL_AFTER / 3, `${known.acked.size} articles acknowledged`);
    assertConsistent(site.db);
    const again = await serve(site);
    try {
      await checkWrites(again, tokens[0], known);
    } finally {
      const stopped = await again.stop();
      assert.equal(stopped.code, 0, stopped.stderr.slice(-1000));
      assert.deepEqual(sanitizerErrors(stopped.stderr), []);
    }
    assertConsistent(site.db);
  }
});

// ---------------------------------------------------------------- import

const IMPORT_FILES = 300;

// Writes the files of an import: one article each, with tags and a body of
// a few kilobytes.
function importFiles() {
  const dir = mkdtempSync(path.join(tmpdir(), 'gazette-crash-import-'));
  writeFileSync(path.join(dir, 'categories.yaml'), 'wire:\n  en:\n    name: Wire\n    description: The wire.\n');
  for (let i = 0; i < IMPORT_FILES; i++) {
    const n = String(i).padStart(4, '0');
    writeFileSync(path.join(dir, `story-${n}.md`), `---\ntitle: "Imported story ${n}"\nsubtitle: "The lead of story ${n}."\n` +
      `lang: en\ncategory: wire\ndate: 2025-03-01T10:00:00+04:00\nslug: imported-${n}\nauthor: "Wire ${n}"\ntags: [imported, t${n}]\n---\n` +
      `The first paragraph of importword${n}.\n\n${`Sentence ${n} of a long body, to make the import take its time. `.repeat(60)}\n\n## A heading\n\nThe end of story ${n}.\n`);
  }
  return dir;
}

// What the database holds of the import's files: slug -> fields, with
// tags: its tags in order, joined by ','.
function importedNow(db) {
  const out = new Map();
  for (const r of sqlRows(db, "select a.slug, a.title, a.subtitle, a.author, b.body_markdown " +
    "from articles a join article_bodies b on b.article_id = a.id where a.slug like 'imported-%'"))
    out.set(r.slug, { ...r, tags: [] });
  for (const t of sqlRows(db, "select a.slug, t.tag from article_tags t join articles a on a.id = t.article_id " +
    "where a.slug like 'imported-%' order by a.slug, t.tag"))
    out.get(t.slug)?.tags.push(t.tag);
  for (const r of out.values()) r.tags = r.tags.join(',');
  return out;
}

function assertWholeFile(r) {
  const n = r.slug.slice('imported-'.length);
  assert.equal(r.title, `Imported story ${n}`);
  assert.equal(r.subtitle, `The lead of story ${n}.`);
  assert.equal(r.author, `Wire ${n}`);
  assert.equal(r.tags, `imported,t${n}`);
  assert.ok(r.body_markdown.startsWith(`The first paragraph of importword${n}.`) && r.body_markdown.includes(`The end of story ${n}.`),
    `${r.slug}: the whole body`);
}

test('SIGKILL during an import of many files: integrity ok, each file whole or absent; a second import completes it', async () => {
  const s = makeSite({ config: CONFIG, demo: false, imports: [] });
  sites.push(s);
  const dir = importFiles();
  try {
    const child = spawn(bin, ['import', '--db', s.db, '--config', s.ini, dir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', d => { stderr += d; });
    const exited = new Promise(resolve => child.once('exit', (code, signal) => resolve({ code, signal })));
    // Kill it once some files are in and many are not.
    let seen = 0;
    for (;;) {
      if (child.exitCode !== null) break;
      seen = sqlNumber(s.db, "select count(*) from articles where slug like 'imported-%'");
      if (seen >= 20) { child.kill('SIGKILL'); break; }
      await new Promise(r => setTimeout(r, 10));
    }
    const end = await exited;
    assert.equal(end.signal, 'SIGKILL', `the import was killed mid-way (it ended with ${end.code} after ${seen} files: ${stderr.slice(-300)})`);
    assertConsistent(s.db);
    const first = importedNow(s.db);
    assert.ok(first.size >= 20 && first.size < IMPORT_FILES, `${first.size} of ${IMPORT_FILES} files in`);
    for (const r of first.values()) assertWholeFile(r);
    // A second import completes the first.
    const again = spawnSync(bin, ['import', '--db', s.db, '--config', s.ini, dir], { encoding: 'utf8' });
    assert.deepEqual(sanitizerErrors(again.stderr), []);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stdout, new RegExp(`import: ${IMPORT_FILES - first.size} created, ${first.size} updated, 0 failed`));
    assertConsistent(s.db);
    const all = importedNow(s.db);
    assert.equal(all.size, IMPORT_FILES);
    for (const r of all.values()) assertWholeFile(r);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

await run({ after: () => sites.forEach(s => s.remove()) });
