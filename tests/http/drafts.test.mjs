// HTTP tests of the editor's autosave and presence: the per-user server
// drafts (/admin/articles/{id|new}/draft: put, get, discard, the CSRF
// token, strangers, the size bound, gone after a real save or the trash,
// offered and restored by the editor page), the answer to a save whose
// session ended, and presence (/admin/articles/{id}/presence: who else
// is there, gone after leave, take over, bounded tabs). Runs against
// GAZETTE_BIN on either engine.
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors } from '../lib/server.mjs';
import { Client, addUser, sql, sqlNumber, idFrom, editorForm } from '../lib/newsroom.mjs';

suite('drafts');

let site, server, base;
const EDA = { email: 'eda@example.com', name: 'Eda Editor', role: 'editor' };
const OZAN = { email: 'ozan@example.com', name: 'Ozan Reporter', role: 'editor' };
const AUTHOR = { email: 'arif@example.com', name: 'Arif Author', role: 'author' };
let eda, ozan, author;

async function loggedIn(who) {
  const c = new Client(base);
  await c.login(who.email);
  return c;
}

const BODY_MAX = 2 * 1024 * 1024;
let serial = 0;
const title = words => `${words} ${++serial} ${Date.now() % 100000}`;

// Creates an article through the editor's form; returns its id.
async function create(c, fields = {}) {
  const r = await c.post('/admin/articles', {
    title: title('Draft story'), lang: 'en', category: 'politics', body_markdown: 'The saved text.', action: 'save', ...fields,
  });
  assert.equal(r.status, 303, `create: ${r.status} ${r.text.slice(0, 300)}`);
  return idFrom(r.location);
}

const json = r => JSON.parse(r.text);
const userId = who => sqlNumber(site.db, `select id from users where email = '${who.email}'`);
const draftsOf = (who, id) => sqlNumber(site.db, `select count(*) from drafts where user_id = ${userId(who)} and article_id = ${id}`);
const revisionsOf = id => sqlNumber(site.db, `select count(*) from revisions where article_id = ${id}`);

test('a draft is kept per person and article, read back, and never touches the article', async () => {
  const id = await create(eda);
  const before = sql(site.db, `select version || '|' || updated_at || '|' || title from articles where id = ${id}`);
  const revs = revisionsOf(id);
  const put = await eda.post(`/admin/articles/${id}/draft`, { title: 'Half-written title', body_markdown: 'Typed but not saved.', version: 1, featured: '1' });
  assert.equal(put.status, 200, put.text);
  assert.match(put.headers['content-type'], /^application\/json/);
  const answer = json(put);
  assert.ok(Math.abs(answer.saved_at - Date.now() / 1000) < 60, 'saved_at is now');
  assert.match(answer.time, /^\d\d:\d\d$|^\d+ \w+$/);
  const got = await eda.get(`/admin/articles/${id}/draft`);
  assert.equal(got.status, 200);
  const d = json(got);
  assert.deepEqual(d.fields, { title: 'Half-written title', body_markdown: 'Typed but not saved.', featured: '1' });
  assert.equal(d.base_version, 1);
  assert.equal(sql(site.db, `select version || '|' || updated_at || '|' || title from articles where id = ${id}`), before, 'the article is as it was');
  assert.equal(revisionsOf(id), revs, 'no revision');
  // Put again: the one draft is replaced.
  assert.equal((await eda.post(`/admin/articles/${id}/draft`, { body_markdown: 'Second try.' })).status, 200);
  assert.deepEqual(json(await eda.get(`/admin/articles/${id}/draft`)).fields, { body_markdown: 'Second try.' });
  assert.equal(draftsOf(EDA, id), 1);
  // Discard: gone, back to the editor.
  const gone = await eda.post(`/admin/articles/${id}/draft/discard`);
  assert.equal(gone.status, 303);
  assert.equal(gone.location, `/admin/articles/${id}`);
  assert.equal((await eda.get(`/admin/articles/${id}/draft`)).status, 404);
  assert.equal(draftsOf(EDA, id), 0);
});

test('a new article has its own draft (article 0) for each person', async () => {
  assert.equal((await eda.post('/admin/articles/new/draft', { title: 'Eda new' })).status, 200);
  assert.equal((await ozan.post('/admin/articles/new/draft', { title: 'Ozan new' })).status, 200);
  assert.equal(json(await eda.get('/admin/articles/new/draft')).fields.title, 'Eda new');
  assert.equal(json(await ozan.get('/admin/articles/new/draft')).fields.title, 'Ozan new');
  assert.equal(draftsOf(EDA, 0), 1);
  // The new-article page offers it, and ?draft=restore fills the form.
  const page = await eda.get('/admin/articles/new');
  assert.equal(page.doc.querySelector('[data-restore]').hasAttribute('hidden'), false, 'the banner shows');
  const restored = await eda.get('/admin/articles/new?draft=restore');
  assert.equal(editorForm(restored.doc).title, 'Eda new');
  // Creating the article for real forgets the new-article draft.
  const id = await create(eda, { title: title('Eda new') });
  assert.ok(id > 0);
  assert.equal(draftsOf(EDA, 0), 0);
  assert.equal(draftsOf(OZAN, 0), 1, "Ozan's is his own");
});

test('the draft routes need the CSRF token and a session', async () => {
  const id = await create(eda);
  const noToken = await eda.post(`/admin/articles/${id}/draft`, { title: 'x' }, { csrf: false });
  assert.equal(noToken.status, 403);
  const wrong = await eda.post(`/admin/articles/${id}/draft`, { title: 'x' }, { csrf: 'not-the-token-at-all' });
  assert.equal(wrong.status, 403);
  assert.equal(draftsOf(EDA, id), 0, 'nothing kept');
  const stranger = new Client(base);
  const anon = await stranger.post(`/admin/articles/${id}/draft`, { title: 'x' }, { csrf: 'whatever-token-here' });
  assert.equal(anon.status, 403);
  assert.equal(sqlNumber(site.db, `select count(*) from drafts where article_id = ${id}`), 0);
  // A GET without a session goes to the login.
  assert.equal((await stranger.get(`/admin/articles/${id}/draft`)).status, 303);
});

test("nobody reads or writes another person's draft; authors only of their own articles", async () => {
  const id = await create(eda);
  assert.equal((await eda.post(`/admin/articles/${id}/draft`, { body_markdown: 'Eda only.' })).status, 200);
  // Ozan reads his own (none), and writing makes his own, not Eda's.
  assert.equal((await ozan.get(`/admin/articles/${id}/draft`)).status, 404);
  assert.equal((await ozan.post(`/admin/articles/${id}/draft`, { body_markdown: 'Ozan here.' })).status, 200);
  assert.equal(json(await eda.get(`/admin/articles/${id}/draft`)).fields.body_markdown, 'Eda only.');
  assert.equal(json(await ozan.get(`/admin/articles/${id}/draft`)).fields.body_markdown, 'Ozan here.');
  // Ozan discarding his leaves Eda's.
  await ozan.post(`/admin/articles/${id}/draft/discard`);
  assert.equal(draftsOf(EDA, id), 1);
  // An author may not draft (nor read drafts of) someone else's article.
  const w = await author.post(`/admin/articles/${id}/draft`, { body_markdown: 'Not mine.' });
  assert.equal(w.status, 403);
  assert.equal((await author.get(`/admin/articles/${id}/draft`)).status, 403);
  assert.equal(draftsOf(AUTHOR, id), 0);
  // Nor of an article that is not there.
  assert.equal((await eda.post('/admin/articles/999999/draft', { title: 'x' })).status, 404);
});

test('a draft is bounded by the article\'s own limits; too much is refused and changes nothing', async () => {
  const id = await create(eda);
  assert.equal((await eda.post(`/admin/articles/${id}/draft`, { body_markdown: 'Kept before.' })).status, 200);
  const big = await eda.post(`/admin/articles/${id}/draft`, { body_markdown: 'x'.repeat(BODY_MAX + 1) });
  assert.equal(big.status, 413);
  assert.match(json(big).error, /body_markdown is longer than 2097152 bytes/);
  const long = await eda.post(`/admin/articles/${id}/draft`, { title: 'T'.repeat(301) });
  assert.equal(long.status, 413);
  assert.match(json(long).error, /title is longer than 300 characters/);
  assert.equal(json(await eda.get(`/admin/articles/${id}/draft`)).fields.body_markdown, 'Kept before.', 'the old draft stays');
  // At the limit it is kept.
  const atLimit = await eda.post(`/admin/articles/${id}/draft`, { title: 'Т'.repeat(300), body_markdown: 'y'.repeat(BODY_MAX) });
  assert.equal(atLimit.status, 200, atLimit.text.slice(0, 200));
  // Fields that are not the article's are not kept.
  await eda.post(`/admin/articles/${id}/draft`, { body_markdown: 'z', evil: 'x'.repeat(1000) });
  assert.deepEqual(Object.keys(json(await eda.get(`/admin/articles/${id}/draft`)).fields), ['body_markdown']);
});

test('saving the article for real removes that person\'s draft; the trash removes every draft of it', async () => {
  const id = await create(eda);
  await eda.post(`/admin/articles/${id}/draft`, { body_markdown: 'Unsaved words.' });
  await ozan.post(`/admin/articles/${id}/draft`, { body_markdown: 'Ozan unsaved.' });
  const page = await eda.get(`/admin/articles/${id}`);
  const saved = await eda.post(`/admin/articles/${id}`, { ...editorForm(page.doc), body_markdown: 'Unsaved words.', action: 'save' });
  assert.equal(saved.status, 303);
  assert.equal(draftsOf(EDA, id), 0, "Eda's draft went with her save");
  assert.equal(draftsOf(OZAN, id), 1, "Ozan's is still his");
  const trashed = await eda.post(`/admin/articles/${id}/delete`);
  assert.equal(trashed.status, 303);
  assert.equal(sqlNumber(site.db, `select count(*) from drafts where article_id = ${id}`), 0, 'the trash dropped them');
  // And no new draft of a trashed article.
  assert.equal((await ozan.post(`/admin/articles/${id}/draft`, { body_markdown: 'again' })).status, 409);
});

test('the editor offers a draft newer than the last save, and ?draft=restore fills the form at its version', async () => {
  const id = await create(eda, { body_markdown: 'Version one.' });
  let page = await eda.get(`/admin/articles/${id}`);
  assert.equal(page.doc.querySelector('[data-restore]').hasAttribute('hidden'), true, 'no draft: no banner');
  const form = editorForm(page.doc);
  await eda.post(`/admin/articles/${id}/draft`, { ...form, body_markdown: 'Typed <b>after</b> "it".', version: form.version });
  page = await eda.get(`/admin/articles/${id}`);
  const banner = page.doc.querySelector('[data-restore]');
  assert.equal(banner.hasAttribute('hidden'), false);
  assert.match(banner.text, /You have unsaved changes from \S+/);
  assert.equal(banner.querySelector('[data-restore-apply]').getAttribute('href'), `/admin/articles/${id}?draft=restore`);
  const offered = JSON.parse(page.doc.querySelector('form[data-editor]').getAttribute('data-server-draft')
    .replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
  assert.equal(offered.fields.body_markdown, 'Typed <b>after</b> "it".');
  assert.doesNotMatch(page.text, /Typed <b>after/, 'never unescaped');
  // Ozan saves meanwhile; Eda restores hers: the form is at her version, so saving shows the conflict.
  const theirs = await ozan.get(`/admin/articles/${id}`);
  assert.equal((await ozan.post(`/admin/articles/${id}`, { ...editorForm(theirs.doc), body_markdown: 'Ozan was here.', action: 'save' })).status, 303);
  const restored = await eda.get(`/admin/articles/${id}?draft=restore`);
  assert.equal(restored.status, 200);
  const filled = editorForm(restored.doc);
  assert.equal(filled.body_markdown, 'Typed <b>after</b> "it".');
  assert.equal(filled.version, form.version, 'the version the draft was written against');
  const conflict = await eda.post(`/admin/articles/${id}`, { ...filled, action: 'save' });
  assert.equal(conflict.status, 409, 'the stale-save conflict still protects Ozan');
  assert.equal(sql(site.db, `select body_markdown from article_bodies where article_id = ${id}`), 'Ozan was here.');
  // An older draft than the last save is not offered.
  sql(site.db, `update drafts set saved_at = 1000 where article_id = ${id}`);
  page = await eda.get(`/admin/articles/${id}`);
  assert.equal(page.doc.querySelector('[data-restore]').hasAttribute('hidden'), true);
});

test('a save whose session ended says nothing was saved and how to get the text back', async () => {
  const c = await loggedIn(EDA);
  const id = await create(c);
  const page = await c.get(`/admin/articles/${id}`);
  const form = editorForm(page.doc);
  sql(site.db, `delete from sessions where user_id = ${userId(EDA)} and csrf = '${c.csrf}'`);
  const r = await c.post(`/admin/articles/${id}`, { ...form, body_markdown: 'Lost?', action: 'save' });
  assert.equal(r.status, 403);
  assert.match(r.headers['content-type'], /^text\/html/);
  assert.match(r.text, /nothing was saved/);
  assert.match(r.text, /kept in this browser/);
  assert.equal(r.doc.querySelector('a.button').getAttribute('href'), `/admin/login?next=%2Fadmin%2Farticles%2F${id}`);
  assert.equal(sql(site.db, `select body_markdown from article_bodies where article_id = ${id}`), 'The saved text.');
  // The autosave's answer is 403 too, which the script reads as signed out.
  const auto = await c.post(`/admin/articles/${id}/draft`, { body_markdown: 'x' }, { csrf: form.csrf || 'stale-token-value' });
  assert.equal(auto.status, 403);
  // A new article's form leads back to a new article.
  const fresh = await c.post('/admin/articles', { title: 'x', action: 'save' }, { csrf: 'stale-token-value' });
  assert.equal(fresh.doc.querySelector('a.button').getAttribute('href'), '/admin/login?next=%2Fadmin%2Farticles%2Fnew');
});

test('GET /admin/session tells the script the session\'s token', async () => {
  const r = await eda.get('/admin/session');
  assert.equal(r.status, 200);
  assert.deepEqual(json(r), { user_id: userId(EDA), csrf: await eda.token() });
  assert.equal((await new Client(base).get('/admin/session')).status, 303);
});

const TAB_A = 'tabAAAAAAAAAAAAAAAAA', TAB_B = 'tabBBBBBBBBBBBBBBBBB', TAB_C = 'tabCCCCCCCCCCCCCCCCC';
const beat = (c, id, tab, extra = {}) => c.post(`/admin/articles/${id}/presence`, { tab, ...extra });

test('presence: the first editor holds the article, the second sees them; leave drops them at once', async () => {
  const id = await create(eda);
  const first = json(await beat(eda, id, TAB_A));
  assert.equal(first.holder, true);
  assert.deepEqual(first.others, []);
  assert.equal(first.next_seconds, 10);
  const second = json(await beat(ozan, id, TAB_B));
  assert.equal(second.holder, false);
  assert.equal(second.others.length, 1);
  assert.equal(second.others[0].name, 'Eda Editor');
  assert.equal(second.others[0].holder, true);
  assert.equal(second.others[0].you, false);
  assert.ok(second.next_seconds <= 5, 'sooner while someone else is there');
  const again = json(await beat(eda, id, TAB_A));
  assert.deepEqual(again.others.map(o => o.name), ['Ozan Reporter']);
  // Eda leaves: Ozan is alone at his next heartbeat, and becomes the holder.
  assert.equal((await beat(eda, id, TAB_A, { leave: '1' })).status, 200);
  const alone = json(await beat(ozan, id, TAB_B));
  assert.deepEqual(alone.others, []);
  assert.equal(alone.holder, true);
});

test('presence: a tab not heard from in 30 s is gone', async () => {
  const id = await create(eda);
  await beat(eda, id, TAB_A);
  await beat(ozan, id, TAB_B);
  sql(site.db, `update presence set seen_at = seen_at - 31 where tab = '${TAB_A}' and article_id = ${id}`);
  const r = json(await beat(ozan, id, TAB_B));
  assert.deepEqual(r.others, []);
  assert.equal(r.holder, true);
  assert.equal(sqlNumber(site.db, `select count(*) from presence where tab = '${TAB_A}'`), 0, 'swept');
});

test('presence: take over makes you the holder; the other learns it at their next heartbeat', async () => {
  const id = await create(eda);
  assert.equal(json(await beat(eda, id, TAB_A)).holder, true);
  assert.equal(json(await beat(ozan, id, TAB_B)).holder, false);
  const took = json(await beat(ozan, id, TAB_B, { take_over: '1' }));
  assert.equal(took.holder, true);
  const told = json(await beat(eda, id, TAB_A));
  assert.equal(told.holder, false);
  const holder = told.others.find(o => o.holder);
  assert.equal(holder.name, 'Ozan Reporter');
  assert.ok(Math.abs(holder.held_since - Date.now() / 1000) < 60);
  assert.match(holder.held_time, /^\d\d:\d\d$/);
  assert.equal(sqlNumber(site.db, `select count(*) from presence where article_id = ${id} and holder = 1`), 1, 'one holder');
  // And back.
  assert.equal(json(await beat(eda, id, TAB_A, { take_over: '1' })).holder, true);
  assert.equal(json(await beat(ozan, id, TAB_B)).holder, false);
});

test('presence: two tabs of one person are two editors, each knowing it is them', async () => {
  const id = await create(eda);
  await beat(eda, id, TAB_A);
  const r = json(await beat(eda, id, TAB_C));
  assert.equal(r.holder, false);
  assert.equal(r.others.length, 1);
  assert.equal(r.others[0].you, true);
  assert.equal(r.others[0].this_tab, false);
  // The same tab again is one row, not two.
  await beat(eda, id, TAB_C);
  assert.equal(sqlNumber(site.db, `select count(*) from presence where article_id = ${id}`), 2);
});

test('presence is bounded: tab ids are short tokens, and one person keeps at most 8 tabs', async () => {
  const id = await create(eda);
  for (const bad of ['', 'short', 'x'.repeat(41), 'has space in it', "quote'sAAAAAA", 'ünicodeAAAAAA']) {
    const r = await beat(eda, id, bad);
    assert.equal(r.status, 400, `tab ${JSON.stringify(bad)}`);
  }
  const uid = userId(OZAN);
  for (let i = 0; i < 20; i++) assert.equal((await beat(ozan, id, `many-tabs-${String(i).padStart(4, '0')}`)).status, 200);
  assert.equal(sqlNumber(site.db, `select count(*) from presence where user_id = ${uid}`), 8);
  assert.equal(sqlNumber(site.db, `select count(*) from presence where user_id = ${uid} and tab = 'many-tabs-0019'`), 1, 'the newest stay');
  // No presence for a new article, nor for one an author may not see.
  assert.equal((await beat(eda, 'new', TAB_A)).status, 404);
  assert.equal((await beat(author, id, TAB_A)).status, 403);
  // Moving a tab to another article lets go of the first.
  const other = await create(eda);
  await beat(eda, id, TAB_A);
  await beat(eda, other, TAB_A);
  assert.equal(sqlNumber(site.db, `select count(*) from presence where user_id = ${userId(EDA)} and tab = '${TAB_A}'`), 1);
});

const failed = await run({
  before: async () => {
    site = makeSite();
    for (const u of [EDA, OZAN, AUTHOR]) {
      const r = addUser(site, u);
      if (r.status !== 0) throw new Error(r.stderr);
    }
    server = await serve(site);
    base = server.base;
    eda = await loggedIn(EDA);
    ozan = await loggedIn(OZAN);
    author = await loggedIn(AUTHOR);
  },
  after: async () => {
    const stopped = await server.stop();
    const errs = sanitizerErrors(stopped.stderr);
    site.remove();
    if (stopped.code !== 0 || errs.length) throw new Error(`server exit ${stopped.code}: ${errs.join(' | ') || stopped.stderr.slice(-500)}`);
  },
});
process.exitCode = failed ? 1 : 0;
