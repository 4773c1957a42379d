// HTTP tests of related stories: under an article, up to four stories of
// its edition, those sharing the most of its tags first, then those whose
// titles and leads are the most like its own, then the newest; never the
// article itself, another edition's, a draft, an embargoed (scheduled),
// an unpublished or a trashed story; the same list in the public API's
// article answer (checked against docs/openapi.json); the page is tagged
// for purges with the stories it shows, and a story unpublished or edited
// leaves (or changes on) the pages that listed it; thumbnails for stories
// with a lead image (lazy, with their size); hostile titles escaped.
// Words and tags are made up here so that nothing of the demo matches.
// Runs against GAZETTE_BIN, on either engine.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, fixtures } from '../lib/server.mjs';
import { addToken, request, multipart } from '../lib/newsroom.mjs';
import { validate } from '../lib/openapi.mjs';

suite('related stories');

let site, server, base, token;
let serial = 0;
const text = el => (el ? el.text.replace(/\s+/g, ' ').trim() : null);

async function api(method, pathname, json, headers = {}) {
  const h = { Authorization: `Bearer ${token}`, ...headers };
  let body = json;
  if (json !== undefined && !Buffer.isBuffer(json)) { h['Content-Type'] = 'application/json'; body = JSON.stringify(json); }
  const r = await request(base + pathname, { method, headers: h, body });
  return { status: r.status, json: r.text ? JSON.parse(r.text) : null };
}

// A story (published, dated `ago` minutes back unless told), as the Admin API answers it.
async function story(title, tags, fields = {}) {
  serial++;
  const { ago = 500 - serial, ...rest } = fields;
  const r = await api('POST', '/api/v1/admin/articles', { lang: 'en', category: 'politics', title, subtitle: '',
    slug: `related-story-${serial}`, body_markdown: `Body ${serial}.`, status: 'published', tags,
    date: new Date(Date.now() - ago * 60000).toISOString(), ...rest });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json;
}

// The page of a story: {status, headers, doc, related: its related cards' titles}.
async function page(s) {
  const r = await request(`${base}/${s.lang}/politics/${s.slug}`);
  const doc = parse(r.text);
  const block = doc.querySelector('section.related');
  return { ...r, doc, block, related: block ? block.querySelectorAll('.card-title').map(text) : [] };
}

// The public API's answer for a story, checked against the document.
async function answer(s) {
  const pathname = `/api/v1/${s.lang}/articles/${s.id}`;
  const r = await request(base + pathname);
  assert.equal(r.status, 200, r.text);
  const body = JSON.parse(r.text);
  validate('GET', pathname, 200, body);
  return body;
}

test('ordered by shared tags, then by how alike titles and leads are, then newest; at most four', async () => {
  const a = await story('Zorvex quillan brambleton harbour plans', ['rx-one', 'rx-two', 'rx-three']);
  const twoTags = await story('Memo about plovdinsk grain', ['rx-one', 'rx-two']);
  const oneTagAlike = await story('Zorvex quillan brambleton report', ['rx-three']);
  const oneTagOlder = await story('Tashkor velmira notice', ['rx-one'], { ago: 900 });
  const oneTagNewer = await story('Ondrelle kasprit bulletin', ['rx-two'], { ago: 10 });
  const alikeOnly = await story('Zorvex quillan brambleton harbour study', []);
  const p = await page(a);
  assert.equal(p.status, 200);
  assert.equal(text(p.block.querySelector('h2')), 'Related stories');
  assert.deepEqual(p.related, [twoTags.title, oneTagAlike.title, oneTagNewer.title, oneTagOlder.title],
    'two tags, then one tag and alike, then one tag newest first; four at most');
  assert.ok(!p.related.includes(alikeOnly.title));
  // Without shared tags, the most alike first: two words of the title and the lead against one word.
  const b = await story('Gravenhollow sprocketeer fjelda', [], { subtitle: 'Gravenhollow sprocketeers' });
  const weak = await story('Fjelda weather', [], { ago: 5 });
  const strong = await story('Gravenhollow sprocketeer audit', [], { ago: 800, subtitle: 'Gravenhollow sprocketeers' });
  const q = await page(b);
  assert.deepEqual(q.related.slice(0, 2), [strong.title, weak.title], 'more alike first, though older');
  // The API gives the same stories in the same order.
  const body = await answer(a);
  assert.deepEqual(body.related.map(x => x.title), p.related);
  assert.deepEqual(body.related.map(x => x.id), [twoTags.id, oneTagAlike.id, oneTagNewer.id, oneTagOlder.id]);
  assert.equal(body.related[0].url, `${body.url.split('/en/')[0]}/en/politics/${twoTags.slug}`);
});

test('never the story itself, another edition\'s, a draft, a scheduled, an unpublished or a trashed story', async () => {
  const tags = ['rx-hidden'];
  const a = await story('Kelvaran dockyard strike', tags);
  const visible = await story('Kelvaran dockyard talks', tags);
  const hidden = [
    await story('Kelvaran dockyard draft', tags, { status: 'draft' }),
    await story('Kelvaran dockyard scheduled', tags, { ago: -24 * 60, status: 'scheduled' }),
    await story('Kelvaran dockyard embargoed', tags, { ago: -60 }),
    await story('Kelvaran dockyard unpublished', tags),
    await story('Kelvaran dockyard trashed', tags),
    await story('Kelvaran dockyard russian', tags, { lang: 'ru' }),
  ];
  assert.equal((await api('PATCH', `/api/v1/admin/articles/${hidden[3].id}`, { status: 'unpublished' })).status, 200);
  assert.equal((await api('DELETE', `/api/v1/admin/articles/${hidden[4].id}`)).status, 200);
  const p = await page(a);
  assert.deepEqual(p.related, [visible.title]);
  const body = await answer(a);
  assert.deepEqual(body.related.map(x => x.id), [visible.id]);
  // Under the visible one: the first, never itself.
  assert.deepEqual((await page(visible)).related, [a.title]);
  assert.deepEqual((await answer(visible)).related.map(x => x.id), [a.id]);
  // The Russian one's are of its edition only (none here).
  const ru = await page(hidden[5]);
  assert.equal(ru.status, 200);
  assert.equal(ru.block, null, 'no block without related stories');
  assert.deepEqual((await answer(hidden[5])).related, []);
});

test('the page is tagged with the stories it shows; one unpublished or edited leaves or changes at once', async () => {
  const tags = ['rx-purge'];
  const a = await story('Morrowind vexalor tidings', tags);
  const b = await story('Morrowind vexalor fares', tags);
  const first = await page(a);
  assert.deepEqual(first.related, [b.title]);
  const keys = (first.headers['surrogate-key'] || '').split(' ');
  assert.ok(keys.includes(`a${b.id}`), `tagged with the related story: ${keys.join(' ')}`);
  assert.equal((await api('PATCH', `/api/v1/admin/articles/${b.id}`, { title: 'Morrowind vexalor fares rise' })).status, 200);
  assert.deepEqual((await page(a)).related, ['Morrowind vexalor fares rise'], 'the edited title, not the cached one');
  assert.equal((await api('PATCH', `/api/v1/admin/articles/${b.id}`, { status: 'unpublished' })).status, 200);
  assert.deepEqual((await page(a)).related, []);
  assert.deepEqual((await answer(a)).related, []);
});

test('a story with a lead image shows its thumbnail, lazy and with its size; titles are escaped', async () => {
  const photo = multipart({}, [{ name: 'file', filename: 'photo.jpg', type: 'image/jpeg',
    data: readFileSync(path.join(fixtures, 'images/photo.jpg')) }]);
  const up = await api('POST', '/api/v1/admin/media', photo.body, { 'Content-Type': photo.contentType });
  assert.ok(up.status === 201 || up.status === 200, JSON.stringify(up.json));
  const tags = ['rx-image'];
  const a = await story('Quorvath zibbleton', tags);
  const pictured = await story('Quorvath zibbleton <script>alert(1)</script> & "pictures"', tags, { lead_image_id: up.json.id });
  const p = await page(a);
  assert.deepEqual(p.related, [pictured.title]);
  assert.ok(!p.block.toString().includes('<script>alert'), 'escaped');
  const img = p.block.querySelector('.card-image img');
  assert.ok(img, 'a thumbnail');
  assert.equal(img.getAttribute('loading'), 'lazy');
  assert.match(img.getAttribute('width') || '', /^\d+$/);
  assert.match(img.getAttribute('height') || '', /^\d+$/);
  const body = await answer(a);
  assert.equal(body.related[0].lead_image.id, up.json.id);
});

const { failed } = await run({
  before: async () => {
    site = makeSite();
    token = addToken(site, 'related-editor', 'editor');
    server = await serve(site);
    base = server.base;
  },
  after: async () => {
    const stopped = await server.stop();
    const errs = sanitizerErrors(stopped.stderr);
    site.remove();
    if (stopped.code !== 0 || errs.length) throw new Error(`server exit ${stopped.code}: ${errs.join(' | ') || stopped.stderr.slice(-500)}`);
  },
});
process.exitCode = failed ? 1 : 0;
