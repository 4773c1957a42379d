// HTTP tests of pictures and embeds in a story's body (the Markdown
// contract of src/render/markdown_media.c): an article saved through the
// Admin API renders its figures (the library's variants, alt text and
// credit), galleries and embed placeholders; publishing with an image
// without alt text is refused, with the message, on the Admin API and on
// the newsroom's form; the images page edits alt text and credit and
// shows each image's Markdown; the lead image has an alt text of its own;
// the reader's pages allow frames from exactly the embeds' providers.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, fixtures } from '../lib/server.mjs';
import { addToken, addUser, Client, multipart, request, sql, parseHtml } from '../lib/newsroom.mjs';

suite('body media');

let site, server, base, token, photo, editor;
const PHOTO = readFileSync(path.join(fixtures, 'images/photo.jpg'));
const EDITOR = { email: 'pics@example.com', name: 'Pic Editor', role: 'editor' };
const FRAMES = 'https://www.youtube-nocookie.com https://platform.twitter.com https://www.instagram.com https://www.facebook.com https://t.me';

async function api(method, pathname, json) {
  const r = await request(base + pathname, {
    method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(json),
  });
  r.json = JSON.parse(r.text);
  return r;
}

async function page(pathname) {
  const r = await request(base + pathname);
  r.doc = parseHtml(r.text);
  return r;
}

let serial = 0;
const fresh = (fields = {}) => ({ title: `Pictures ${++serial} ${Date.now() % 100000}`, category: 'economy', lang: 'en', ...fields });
const publicPath = url => new URL(url).pathname;
const mediaAlt = () => sql(site, `select alt || '|' || credit from media where id = ${photo.id}`);

// The body of the story most tests use: a figure of the library's image,
// a gallery whose first picture has no alt text of its own, embeds.
const body = () => [
  'The ferry left at dawn.',
  '',
  `![The ferry at the quay](/media/${photo.hash}-960.jpg "The morning ferry")`,
  '',
  'Passengers boarded.',
  '',
  `![](/media/${photo.hash}-480.jpg)`,
  '![Passengers on deck](https://images.example.org/deck.jpg "On deck")',
  '',
  'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
  '',
  'https://x.com/herald/status/1790000000000000001',
  '',
  'https://t.me/caspian_herald/42',
  '',
  'https://example.org/timetable',
].join('\n');

test('publishing with a body image without alt text is refused on the Admin API, naming the image; a draft saves', async () => {
  const draft = await api('POST', '/api/v1/admin/articles', fresh({ body_markdown: body() }));
  assert.equal(draft.status, 201, draft.text);
  const refused = await api('PATCH', `/api/v1/admin/articles/${draft.json.id}`, { status: 'published' });
  assert.equal(refused.status, 400, refused.text);
  assert.equal(refused.json.field, 'body_markdown');
  assert.equal(refused.json.error, 'body: image 2 (photo.jpg) has no alt text; describe it before publishing');
  assert.equal(sql(site, `select workflow from articles where id = ${draft.json.id}`), 'draft', 'nothing changed');
  // Scheduling is publishing later: refused too. Review is not.
  const later = new Date(Date.now() + 86400e3).toISOString().replace(/\.\d+Z$/, 'Z');
  const scheduled = await api('PATCH', `/api/v1/admin/articles/${draft.json.id}`, { status: 'published', date: later });
  assert.equal(scheduled.status, 400, scheduled.text);
  assert.match(scheduled.json.error, /image 2 \(photo\.jpg\) has no alt text/);
  const review = await api('PATCH', `/api/v1/admin/articles/${draft.json.id}`, { status: 'review' });
  assert.equal(review.status, 200, review.text);
  // Created published at once: refused as well, nothing made.
  const direct = await api('POST', '/api/v1/admin/articles', fresh({ body_markdown: '![](https://example.org/a.jpg)', status: 'published' }));
  assert.equal(direct.status, 400, direct.text);
  assert.equal(direct.json.error, 'body: image 1 (a.jpg) has no alt text; describe it before publishing');
});

test('publishing without alt text is refused on the newsroom form, with the message at the body field', async () => {
  const c = new Client(base);
  await c.login(EDITOR.email);
  const r = await c.post('/admin/articles', { ...fresh({ body_markdown: `Words.\n\n![ ](/media/${photo.hash}-960.jpg)` }), action: 'publish' });
  assert.equal(r.status, 400, r.text.slice(0, 300));
  const error = r.doc.querySelector('.nr-error');
  assert.equal(error.text.trim(), 'body: image 1 (photo.jpg) has no alt text; describe it before publishing');
  assert.equal(error.getAttribute('data-field'), 'body_markdown');
  assert.equal(Number(sql(site, `select count(*) from articles where title like 'Pictures ${serial} %'`)), 0, 'nothing saved');
  // Saved as a draft it is kept.
  const saved = await c.post('/admin/articles', { ...fresh({ body_markdown: `![](/media/${photo.hash}-960.jpg)` }), action: 'save' });
  assert.equal(saved.status, 303);
});

test('the images page shows each image\'s address and Markdown, and edits its alt text and credit', async () => {
  const c = new Client(base);
  await c.login(EDITOR.email);
  let list = await c.get('/admin/media');
  const item = list.doc.querySelector(`#image-${photo.id}`);
  assert.ok(item, 'the image is listed');
  assert.equal(item.querySelector(`#m-url-${photo.id}`).getAttribute('value'), `/media/${photo.hash}-960.jpg`);
  assert.equal(item.querySelector(`#m-md-${photo.id}`).getAttribute('value'), `![](/media/${photo.hash}-960.jpg)`);
  assert.equal(item.querySelector('[data-copy-markdown]').text.trim(), 'Copy Markdown');
  assert.equal(item.querySelector('form.nr-describe input[name=csrf]').getAttribute('value'), c.csrf, 'the form carries the token');
  // Bad input is named and changes nothing.
  const bad = await c.post('/admin/media', { id: photo.id, alt: 'Two\nlines', credit: 'x' });
  assert.equal(bad.status, 400);
  assert.match(bad.doc.querySelector('.nr-error').text, /Alt text must be one line/);
  const long = await c.post('/admin/media', { id: photo.id, alt: 'ok', credit: 'c'.repeat(201) });
  assert.equal(long.status, 400);
  assert.match(long.doc.querySelector('.nr-error').text, /Credit is too long/);
  const missing = await c.post('/admin/media', { id: 999999, alt: 'ok', credit: '' });
  assert.equal(missing.status, 404);
  assert.equal(mediaAlt(), '|', 'nothing changed');
  const ok = await c.post('/admin/media', { id: photo.id, alt: 'A white ferry [Baku]', credit: 'Photo: R. <Mammadov>' });
  assert.equal(ok.status, 303, ok.text.slice(0, 300));
  assert.equal(mediaAlt(), 'A white ferry [Baku]|Photo: R. <Mammadov>');
  assert.equal(sql(site, `select action from audit_log order by id desc limit 1`), 'described image');
  list = await c.get('/admin/media');
  const after = list.doc.querySelector(`#image-${photo.id}`);
  assert.equal(after.querySelector(`#m-md-${photo.id}`).getAttribute('value'), `![A white ferry \\[Baku\\]](/media/${photo.hash}-960.jpg)`);
  assert.equal(after.querySelector('input[name=credit]').getAttribute('value'), 'Photo: R. <Mammadov>');
  assert.ok(list.text.includes('value="Photo: R. &lt;Mammadov&gt;"'), 'escaped in the page');
});

test('with the library\'s alt text the story publishes; its page shows figures, a gallery and embed placeholders', async () => {
  assert.match(mediaAlt(), /^A white ferry/, 'set by the test before');
  const r = await api('POST', '/api/v1/admin/articles', fresh({ body_markdown: body(), status: 'published' }));
  assert.equal(r.status, 201, r.text);
  const got = await page(publicPath(r.json.url));
  assert.equal(got.status, 200);
  const articleBody = got.doc.querySelector('.article-body');
  const figures = articleBody.querySelectorAll('figure.body-figure');
  assert.equal(figures.length, 3);
  const first = figures[0].querySelector('img');
  assert.equal(first.getAttribute('src'), `/media/${photo.hash}-960.jpg`);
  const widths = sql(site, `select variants from media where id = ${photo.id}`).split(' ');
  assert.equal(first.getAttribute('srcset'), widths.map(w => `/media/${photo.hash}-${w}.jpg ${w}w`).join(', '));
  assert.equal(first.getAttribute('sizes'), '(min-width: 48rem) 46rem, 100vw');
  assert.equal(first.getAttribute('width'), String(photo.width));
  assert.equal(first.getAttribute('height'), String(photo.height));
  assert.equal(first.getAttribute('alt'), 'The ferry at the quay');
  assert.equal(first.getAttribute('loading'), 'lazy', 'not the first block');
  assert.equal(first.getAttribute('decoding'), 'async');
  assert.equal(figures[0].querySelector('figcaption').text, 'The morning ferry Photo: R. <Mammadov>');
  assert.ok(got.text.includes('<span class="credit">Photo: R. &lt;Mammadov&gt;</span>'), 'the credit escaped');
  // The gallery: the library's default alt text, links to the largest variants.
  const gallery = articleBody.querySelector('div.gallery[data-gallery]');
  assert.ok(gallery, 'a gallery');
  const links = gallery.querySelectorAll('a.gallery-link');
  assert.equal(links.length, 2, gallery.outerHTML);
  assert.equal(links[0].getAttribute('href'), `/media/${photo.hash}-${widths[widths.length - 1]}.jpg`);
  assert.equal(links[0].querySelector('img').getAttribute('alt'), 'A white ferry [Baku]');
  assert.equal(links[1].getAttribute('href'), 'https://images.example.org/deck.jpg');
  const external = links[1].querySelector('img');
  assert.equal(external.getAttribute('class'), 'external');
  assert.equal(external.getAttribute('srcset'), undefined);
  assert.equal(external.getAttribute('loading'), 'lazy');
  // Embeds: placeholders with a link and a button, never a frame.
  const youtube = articleBody.querySelector('figure.embed-youtube');
  assert.equal(youtube.getAttribute('data-embed'), 'youtube');
  assert.equal(youtube.getAttribute('data-src'), 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
  assert.equal(youtube.querySelector('a').getAttribute('href'), 'https://www.youtube.com/watch?v=dQw4w9WgXcQ');
  assert.equal(youtube.querySelector('button[data-embed-load]').text, 'Load the YouTube video');
  assert.equal(articleBody.querySelector('figure.embed-x').getAttribute('data-src'),
    'https://platform.twitter.com/embed/Tweet.html?id=1790000000000000001');
  assert.equal(articleBody.querySelector('figure.embed-telegram').getAttribute('data-src'), 'https://t.me/caspian_herald/42?embed=1');
  const card = articleBody.querySelector('a.embed-card');
  assert.equal(card.getAttribute('href'), 'https://example.org/timetable');
  assert.equal(card.querySelector('.embed-host').text, 'example.org');
  assert.ok(!/<iframe/i.test(got.text), 'no frame before the reader asks');
  // The lightbox's words come from the page.
  assert.equal(articleBody.getAttribute('data-lightbox-next'), 'Next picture');
});

test('the embeds\' words follow the edition', async () => {
  const r = await api('POST', '/api/v1/admin/articles', fresh({ lang: 'ru', body_markdown: 'https://youtu.be/dQw4w9WgXcQ', status: 'published' }));
  assert.equal(r.status, 201, r.text);
  const got = await page(publicPath(r.json.url));
  assert.equal(got.doc.querySelector('button[data-embed-load]').text, 'Загрузить видео с YouTube');
  assert.equal(got.doc.querySelector('.article-body').getAttribute('data-lightbox-previous'), 'Предыдущий снимок');
});

test('hostile image and embed URLs do not break out of their attributes', async () => {
  const hostile = ['![x](javascript:alert(1))', '', '<javascript:alert(1)>', '',
    '![a&quot;><script>alert(1)</script>](https://example.org/x.jpg "t&quot; onload=&quot;y")', '',
    'https://www.youtube.com/watch?v=dQw4w9WgXcQ&x="><script>alert(2)</script>', '',
    'https://example.org/' + 'a'.repeat(3000)].join('\n');
  const r = await api('POST', '/api/v1/admin/articles', fresh({ body_markdown: hostile, status: 'published' }));
  assert.equal(r.status, 201, r.text);
  const got = await page(publicPath(r.json.url));
  const articleBody = got.doc.querySelector('.article-body');
  assert.ok(!/<script/i.test(articleBody.innerHTML), articleBody.innerHTML.slice(0, 500));
  assert.ok(!/(href|src)="javascript:/i.test(articleBody.innerHTML));
  for (const el of articleBody.querySelectorAll('*'))
    for (const name of Object.keys(el.attributes)) assert.ok(!/^on/i.test(name), `no ${name} attribute`);
  // The raw HTML inside the alt text is dropped, its quote escaped.
  assert.equal(articleBody.querySelector('figure.body-figure img').getAttribute('alt'), 'a">alert(1)');
  assert.ok(got.text.includes('alt="a&quot;&gt;alert(1)"'));
  assert.ok(!articleBody.querySelector('figure.embed-youtube'), 'the quote is not part of a YouTube address: a card');
});

test('the lead image has an alt text of its own: Admin API, newsroom form and the reader\'s page', async () => {
  const r = await api('POST', '/api/v1/admin/articles', fresh({ body_markdown: 'Words.', status: 'published' }));
  const patched = await api('PATCH', `/api/v1/admin/articles/${r.json.id}`,
    { lead_image_id: photo.id, lead_image_caption: 'The caption', lead_image_alt: 'A ferry leaving Baku at dawn' });
  assert.equal(patched.status, 200, patched.text);
  assert.equal(patched.json.lead_image_alt, 'A ferry leaving Baku at dawn');
  let got = await page(publicPath(r.json.url));
  assert.equal(got.doc.querySelector('figure.lead-image img').getAttribute('alt'), 'A ferry leaving Baku at dawn');
  assert.equal(got.doc.querySelector('figure.lead-image figcaption').text.trim(), 'The caption');
  const c = new Client(base);
  await c.login(EDITOR.email);
  const form = await c.get(`/admin/articles/${r.json.id}`);
  assert.equal(form.doc.querySelector('#f-alt').getAttribute('value'), 'A ferry leaving Baku at dawn');
  assert.equal(form.doc.querySelector('label[for=f-alt]').text.startsWith('Alt text'), true);
  const bad = await api('PATCH', `/api/v1/admin/articles/${r.json.id}`, { lead_image_alt: 'two\nlines' });
  assert.equal(bad.status, 400);
  assert.equal(bad.json.field, 'lead_image_alt');
  // Without one, the caption as before.
  await api('PATCH', `/api/v1/admin/articles/${r.json.id}`, { lead_image_alt: '' });
  got = await page(publicPath(r.json.url));
  assert.equal(got.doc.querySelector('figure.lead-image img').getAttribute('alt'), 'The caption');
});

test('reader pages allow frames from exactly the embeds\' providers', async () => {
  for (const p of ['/en/', '/en/economy/']) {
    const r = await request(base + p);
    const csp = r.headers['content-security-policy'];
    const frame = csp.split(';').map(d => d.trim()).filter(d => d.startsWith('frame-src '));
    assert.deepEqual(frame, [`frame-src ${FRAMES}`], csp);
    assert.match(csp, /object-src 'none'/);
  }
});

const failed = await run({
  before: async () => {
    site = makeSite();
    token = addToken(site, 'pictures-editor', 'editor');
    const added = addUser(site, EDITOR);
    if (added.status !== 0) throw new Error(added.stderr);
    editor = EDITOR;
    server = await serve(site);
    base = server.base;
    const { body: upload, contentType } = multipart({}, [{ name: 'file', filename: 'photo.jpg', type: 'image/jpeg', data: PHOTO }]);
    const r = await request(base + '/api/v1/admin/media', {
      method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType }, body: upload,
    });
    if (r.status !== 201) throw new Error(`upload: ${r.status} ${r.text}`);
    photo = JSON.parse(r.text);
  },
  after: async () => {
    const stopped = await server.stop();
    const errs = sanitizerErrors(stopped.stderr);
    site.remove();
    if (stopped.code !== 0 || errs.length) throw new Error(`server exit ${stopped.code}: ${errs.join(' | ') || stopped.stderr.slice(-500)}`);
  },
});
process.exitCode = failed ? 1 : 0;
