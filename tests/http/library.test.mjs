// HTTP tests of the story editor's image library (src/newsroom/admin_library.c):
// the list and the upload as JSON, with the images page's checks; an
// image's credit set from the editor, with bad words refused and nothing
// changed; a session and its CSRF token needed for every change.
import fs from 'node:fs';
import path from 'node:path';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, fixtures } from '../lib/server.mjs';
import { addUser, Client, request, sqlNumber } from '../lib/newsroom.mjs';

suite('library');
let site, server, base, editor;
const EDITOR = { email: 'li@example.com', name: 'Lib Editor', role: 'editor' };
const photo = fs.readFileSync(path.join(fixtures, 'images/photo.jpg'));

const json = r => JSON.parse(r.text);

test('an upload answers its record as JSON; the same image again is the same record; the list has it', async () => {
  const first = await editor.postMultipart('/admin/library', {}, [{ name: 'file', filename: 'harbour.jpg', type: 'image/jpeg', data: photo }]);
  assert.equal(first.status, 201, first.text);
  assert.match(first.headers['content-type'], /^application\/json/);
  const img = json(first).image;
  assert.match(img.src, /^\/media\/[0-9a-f]{32}-\d+\.jpg$/);
  assert.match(img.small, /^\/media\/[0-9a-f]{32}-\d+\.jpg$/);
  assert.equal(img.name, 'harbour.jpg');
  assert.ok(img.width > 0 && img.height > 0);
  assert.equal(json(first).created, true);
  const again = await editor.postMultipart('/admin/library', {}, [{ name: 'file', filename: 'again.jpg', type: 'image/jpeg', data: photo }]);
  assert.equal(again.status, 200);
  assert.equal(json(again).image.id, img.id);
  const list = await editor.get('/admin/library');
  assert.equal(list.status, 200);
  assert.ok(json(list).images.some(i => i.id === img.id && i.src === img.src));
});

test('a file that is not an image, or none, is refused with a message and nothing is stored', async () => {
  const before = sqlNumber(site.db, 'select count(*) from media');
  const bad = await editor.postMultipart('/admin/library', {}, [{ name: 'file', filename: 'x.jpg', type: 'image/jpeg', data: Buffer.from('<script>not an image</script>') }]);
  assert.ok(bad.status >= 400 && bad.status < 500, String(bad.status));
  assert.ok(json(bad).error.length > 0);
  const none = await editor.postMultipart('/admin/library', {}, []);
  assert.equal(none.status, 400);
  assert.equal(json(none).error, 'Choose an image file to upload.');
  assert.equal(sqlNumber(site.db, 'select count(*) from media'), before);
});

test('the editor sets an image\'s credit; bad words or a missing image change nothing', async () => {
  const img = json(await editor.get('/admin/library')).images[0];
  const ok = await editor.post(`/admin/library/${img.id}`, { credit: 'Photo: Desk <b>' });
  assert.equal(ok.status, 200, ok.text);
  assert.equal(json(ok).image.credit, 'Photo: Desk <b>');
  assert.equal(json(ok).image.alt, img.alt, 'the default alt text is kept');
  for (const credit of ['two\nlines', 'x'.repeat(201)]) {
    const r = await editor.post(`/admin/library/${img.id}`, { credit });
    assert.equal(r.status, 400);
    assert.match(json(r).error, /^Credit .*nothing was changed\.$/);
  }
  assert.equal(json(await editor.get('/admin/library')).images.find(i => i.id === img.id).credit, 'Photo: Desk <b>');
  assert.equal((await editor.post('/admin/library/999999', { credit: 'x' })).status, 404);
  assert.equal((await editor.post(`/admin/library/${img.id}`, { credit: 'x' }, { csrf: false })).status, 403);
  const anonymous = await request(base + `/admin/library/${img.id}`, { method: 'POST', body: 'credit=x',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(anonymous.status, 403);
  assert.equal((await request(base + '/admin/library')).status, 303, 'the list needs a session');
});

const failed = await run({
  before: async () => {
    site = makeSite();
    const r = addUser(site, EDITOR);
    if (r.status !== 0) throw new Error(r.stderr);
    server = await serve(site);
    base = server.base;
    editor = new Client(base);
    await editor.login(EDITOR.email);
  },
  after: async () => {
    await server.stop();
    site.remove();
  },
});
process.exitCode = failed ? 1 : 0;
