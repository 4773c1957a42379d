// HTTP tests of preview links (src/site/preview.c, src/newsroom/admin_previews.c):
// a draft shown to someone without an account by an unguessable address,
// exactly as its page will look, never indexed, cached or counted; it ends
// at its time or when revoked; only those who may edit the story make one.
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve } from '../lib/server.mjs';
import { addUser, Client, request, sql, sqlNumber, idFrom } from '../lib/newsroom.mjs';

suite('previews');
let site, server, base, editor, author, other;
const EDITOR = { email: 'pe@example.com', name: 'Pia Editor', role: 'editor' };
const AUTHOR = { email: 'pa@example.com', name: 'Pat Author', role: 'author' };
const OTHER = { email: 'po@example.com', name: 'Pol Other', role: 'author' };

async function create(c, fields = {}) {
  const r = await c.post('/admin/articles', {
    lang: 'en', category: 'politics', body_markdown: 'A body of the draft.', action: 'save', ...fields,
  });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  return idFrom(r.location);
}

// Makes a link to article id as client c; returns {status, url, path, token}.
async function makeLink(c, id, hours) {
  const r = await c.post(`/admin/articles/${id}/previews`, hours === undefined ? {} : { hours: String(hours) });
  const m = /value="(https?:\/\/[^"]*\/preview\/([A-Za-z0-9_-]+))"/.exec(r.text);
  return { status: r.status, text: r.text, url: m && m[1], token: m && m[2], path: m && '/preview/' + m[2] };
}

const get = (path, headers = {}) => request(base + path, { headers });

test('a draft shown by its preview link: the page as it will be, not indexed, cached, counted or referred', async () => {
  const id = await create(editor, { title: 'Preview of the harbour plan', subtitle: 'What the council will vote on.',
    body_markdown: 'The **plan** has three parts.\n\n## Costs\n\nTwelve million.', tags: 'harbour' });
  const link = await makeLink(editor, id);
  assert.equal(link.status, 200);
  assert.match(link.token, /^[A-Za-z0-9_-]{43}$/);
  assert.match(link.text, /it is not shown again/);
  // The public address of a draft is not found; its preview is.
  assert.equal((await get('/en/politics/preview-of-the-harbour-plan')).status, 404);
  const r = await get(link.path);
  assert.equal(r.status, 200);
  assert.match(r.text, /<h1[^>]*>Preview of the harbour plan<\/h1>/);
  assert.match(r.text, /What the council will vote on\./);
  assert.match(r.text, /The <strong>plan<\/strong> has three parts\./);
  assert.match(r.text, /<h2[^>]*>Costs<\/h2>/);
  assert.match(r.text, /<meta name="robots" content="noindex">/);
  assert.equal(r.headers['x-robots-tag'], 'noindex, nofollow');
  assert.equal(r.headers['cache-control'], 'private, no-store');
  assert.equal(r.headers['referrer-policy'], 'no-referrer');
  assert.equal(r.headers['surrogate-key'], undefined, 'no cache tags: nothing in front keeps it');
  assert.equal(sqlNumber(site.db, `select count(*) from article_views where article_id = ${id}`), 0, 'not counted');
  // Only the token's hash is kept.
  assert.equal(sqlNumber(site.db, `select count(*) from preview_links where article_id = ${id}`), 1);
  assert.ok(!sql(site.db, 'select created_by from preview_links').includes(link.token));
  // An edit shows at once (no page cache between).
  const form = await editor.get(`/admin/articles/${id}`);
  const version = /name="version" value="(\d+)"/.exec(form.text)[1];
  const saved = await editor.post(`/admin/articles/${id}`, { title: 'Preview of the harbour plan', lang: 'en', category: 'politics',
    body_markdown: 'Rewritten after the meeting.', version, action: 'save' });
  assert.equal(saved.status, 303);
  assert.match((await get(link.path)).text, /Rewritten after the meeting\./);
  // The editor lists the live link.
  const editorPage = await editor.get(`/admin/articles/${id}`);
  assert.match(editorPage.text, /Live preview links/);
  assert.match(editorPage.text, /Pia Editor/);
});

test('a link that is not one, has ended, or was revoked answers the site\'s 404, the same for each', async () => {
  const id = await create(editor, { title: 'Short-lived preview' });
  const link = await makeLink(editor, id, 1);
  assert.equal((await get(link.path)).status, 200);
  const shapes = ['/preview/', '/preview/short', '/preview/' + 'A'.repeat(43), '/preview/' + 'A'.repeat(44),
    '/preview/' + link.token + 'x', '/preview/' + link.token.slice(0, 42) + '%2F', '/preview/' + link.token + '/more'];
  for (const p of shapes) {
    const r = await get(p);
    assert.equal(r.status, 404, p);
    assert.equal(r.headers['cache-control'], 'no-store', p);
  }
  // Ended: its time has passed.
  sql(site.db, `update preview_links set expires_at = expires_at - 7200 where article_id = ${id}`);
  assert.equal((await get(link.path)).status, 404, 'ended');
  // Revoked: by the editor's button.
  const second = await makeLink(editor, id);
  assert.equal((await get(second.path)).status, 200);
  const page = await editor.get(`/admin/articles/${id}`);
  const revoke = /action="(\/admin\/articles\/\d+\/previews\/\d+\/revoke)"/.exec(page.text)[1];
  const r = await editor.post(revoke, {});
  assert.equal(r.status, 303);
  assert.match(r.location, /notice=preview-revoked$/);
  assert.equal((await get(second.path)).status, 404, 'revoked');
  assert.equal((await editor.post(revoke, {})).status, 404, 'revoked once');
  // The story in the trash: its links open nothing.
  const third = await makeLink(editor, id);
  assert.equal((await editor.post(`/admin/articles/${id}/delete`, {})).status, 303);
  assert.equal((await get(third.path)).status, 404, 'trashed');
});

test('only those who may edit the story make or revoke its links; a form without its token changes nothing', async () => {
  const mine = await create(author, { title: 'An author\'s own draft' });
  assert.equal((await makeLink(author, mine)).status, 200, 'an author previews their own story');
  assert.equal((await makeLink(other, mine)).status, 403, 'not someone else\'s');
  const before = sqlNumber(site.db, 'select count(*) from preview_links');
  const anonymous = await request(base + `/admin/articles/${mine}/previews`, { method: 'POST', body: 'hours=48',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(anonymous.status, 403);
  const noToken = await editor.post(`/admin/articles/${mine}/previews`, { hours: '48' }, { csrf: false });
  assert.equal(noToken.status, 403);
  for (const hours of ['0', '721', '-5', 'many']) {
    const r = await editor.post(`/admin/articles/${mine}/previews`, { hours });
    assert.equal(r.status, 400, hours);
    assert.match(r.text, /from 1 hour to 30 days/);
  }
  assert.equal(sqlNumber(site.db, 'select count(*) from preview_links'), before, 'nothing made');
  assert.equal((await makeLink(editor, 999999)).status, 404);
});

const failed = await run({
  before: async () => {
    site = makeSite();
    for (const u of [EDITOR, AUTHOR, OTHER]) {
      const r = addUser(site, u);
      if (r.status !== 0) throw new Error(r.stderr);
    }
    server = await serve(site);
    base = server.base;
    editor = new Client(base);
    author = new Client(base);
    other = new Client(base);
    await editor.login(EDITOR.email);
    await author.login(AUTHOR.email);
    await other.login(OTHER.email);
  },
  after: async () => {
    await server.stop();
    site.remove();
  },
});
process.exitCode = failed ? 1 : 0;
