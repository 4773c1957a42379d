// HTTP tests of merging two people's versions of a story (src/newsroom/merge.c
// and the conflict page in admin_articles.c): a stale save shows the
// conflict with "Merge both versions"; the merge puts both people's
// changes in the editor without saving; a passage both changed keeps both
// versions between marks, which publishing refuses until they are gone.
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve } from '../lib/server.mjs';
import { addUser, Client, idFrom, editorForm } from '../lib/newsroom.mjs';

suite('merge');
let site, server, eda, ozan;
const EDA = { email: 'eda@example.com', name: 'Eda Editor', role: 'editor' };
const OZAN = { email: 'ozan@example.com', name: 'Ozan Reporter', role: 'editor' };
let serial = 0;

async function create(body) {
  const r = await eda.post('/admin/articles', { lang: 'en', category: 'politics', title: `Merged story ${++serial}`,
    body_markdown: body, action: 'save' });
  assert.equal(r.status, 303, r.text.slice(0, 300));
  return idFrom(r.location);
}

const formFor = async (c, id) => editorForm((await c.get(`/admin/articles/${id}`)).doc);

async function storedBody(id) {
  return (await formFor(eda, id)).body_markdown;
}

test('changes to different paragraphs: both are in the merged text, and saving it keeps both', async () => {
  const id = await create('One.\n\nTwo.\n\nThree.\n');
  const edas = await formFor(eda, id), ozans = await formFor(ozan, id);
  const theirs = await ozan.post(`/admin/articles/${id}`, { ...ozans, body_markdown: 'One.\n\nTwo.\n\nThree, by Ozan.\n', action: 'save' });
  assert.equal(theirs.status, 303);
  const stale = await eda.post(`/admin/articles/${id}`, { ...edas, body_markdown: 'One, by Eda.\n\nTwo.\n\nThree.\n', action: 'save' });
  assert.equal(stale.status, 409);
  const conflict = editorForm(stale.doc);
  assert.ok(conflict.merge_base, 'the conflict page knows where the writer started');
  assert.ok(stale.doc.querySelector('button[name=action][value=merge]'), 'a "Merge both versions" button');
  const merged = await eda.post(`/admin/articles/${id}`, { ...conflict, action: 'merge' });
  assert.equal(merged.status, 200);
  assert.match(merged.doc.querySelector('.nr-notice[role=status]').text, /^Merged: their changes and yours are both in the text\./);
  const form = editorForm(merged.doc);
  assert.equal(form.body_markdown, 'One, by Eda.\n\nTwo.\n\nThree, by Ozan.\n');
  assert.equal(await storedBody(id), 'One.\n\nTwo.\n\nThree, by Ozan.\n', 'nothing saved by merging');
  const saved = await eda.post(`/admin/articles/${id}`, { ...form, action: 'save' });
  assert.equal(saved.status, 303, 'the merged form is at the current version');
  assert.equal(await storedBody(id), 'One, by Eda.\n\nTwo.\n\nThree, by Ozan.\n');
});

test('the same paragraph changed by both: both versions kept between marks; publishing refuses them, a draft keeps them', async () => {
  const id = await create('The mayor said yes.\n\nEnd.\n');
  const edas = await formFor(eda, id), ozans = await formFor(ozan, id);
  assert.equal((await ozan.post(`/admin/articles/${id}`, { ...ozans, body_markdown: 'The mayor said maybe.\n\nEnd.\n', action: 'save' })).status, 303);
  const stale = await eda.post(`/admin/articles/${id}`, { ...edas, body_markdown: 'The mayor said no.\n\nEnd.\n', action: 'save' });
  assert.equal(stale.status, 409);
  const merged = await eda.post(`/admin/articles/${id}`, { ...editorForm(stale.doc), action: 'merge' });
  assert.equal(merged.status, 200);
  assert.match(merged.doc.querySelector('.nr-notice[role=status]').text, /^Merged\. 1 passage both of you changed keeps both versions/);
  const form = editorForm(merged.doc);
  assert.equal(form.body_markdown, '<<<<<<< Your version\n\nThe mayor said no.\n\n======= Their version\n\nThe mayor said maybe.\n\n<<<<<<< End of the two versions\n\nEnd.\n');
  const publish = await eda.post(`/admin/articles/${id}`, { ...form, action: 'publish' });
  assert.equal(publish.status, 400);
  assert.match(publish.doc.querySelector('.nr-error').text, /line 1 still has a mark of a merge/);
  assert.equal(await storedBody(id), 'The mayor said maybe.\n\nEnd.\n', 'nothing published');
  assert.equal((await eda.post(`/admin/articles/${id}`, { ...form, action: 'save' })).status, 303, 'a draft may keep them');
  // Resolved: publishing goes through.
  const now = await formFor(eda, id);
  const done = await eda.post(`/admin/articles/${id}`, { ...now, body_markdown: 'The mayor said no, then maybe.\n\nEnd.\n', action: 'publish' });
  assert.equal(done.status, 303);
});

test('a merge without the version it started from, or of another story\'s revision, says so and merges nothing', async () => {
  const id = await create('Alone.\n');
  const other = await create('Other.\n');
  const form = await formFor(eda, id);
  const otherForm = await formFor(eda, other);
  for (const base of ['', '999999', otherForm.revision]) {
    const r = await eda.post(`/admin/articles/${id}`, { ...form, body_markdown: 'Mine.\n', merge_base: base, action: 'merge' });
    assert.equal(r.status, 409, base);
    assert.match(r.doc.querySelector('.nr-error').text, /cannot be merged/);
    assert.equal(await storedBody(id), 'Alone.\n');
  }
});

const failed = await run({
  before: async () => {
    site = makeSite();
    for (const u of [EDA, OZAN]) {
      const r = addUser(site, u);
      if (r.status !== 0) throw new Error(r.stderr);
    }
    server = await serve(site);
    eda = new Client(server.base);
    ozan = new Client(server.base);
    await eda.login(EDA.email);
    await ozan.login(OZAN.email);
  },
  after: async () => {
    await server.stop();
    site.remove();
  },
});
process.exitCode = failed ? 1 : 0;
