// Browser test of the editor's "Search and social" fieldset in headless
// Chromium: it opens from the keyboard, the character counts follow what
// is typed (and mark a title or description longer than search engines
// show), and the search result and social card previews follow the
// overrides, falling back to the title, the lead and the lead image.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, fixtures } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addUser, addToken, multipart, request, PASSWORD } from '../lib/newsroom.mjs';

suite('browser seo');
let site, server, base, browser, image;
const EDITOR = { email: 'sami@example.com', name: 'Sami Seo', role: 'editor' };

test('the Search and social fieldset: keyboard, counts and previews as one types', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  await page.goto(base + '/admin/login');
  await page.locator('#email').fill(EDITOR.email);
  await page.locator('#password').fill(PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/articles$/), page.getByRole('button', { name: 'Log in' }).click()]);
  await page.goto(base + '/admin/articles/new');
  await page.locator('#f-title').fill('Ferry timetable changes on Monday');
  await page.locator('#f-subtitle').fill('Boats leave earlier from the port.');

  // Closed at first; Tab from the last field before it reaches its summary,
  // and Enter opens it.
  const details = page.locator('details[data-seo]');
  assert.equal(await details.evaluate(d => d.open), false);
  await page.locator('input[name=featured]').focus();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SUMMARY');
  await page.keyboard.press('Enter');
  assert.equal(await details.evaluate(d => d.open), true, 'opened by the keyboard');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-seo-title', 'its first field comes next');

  // Without overrides the previews show the article's own title and lead.
  const text = sel => page.locator(sel).textContent();
  assert.equal(await text('[data-seo-card-title]'), 'Ferry timetable changes on Monday');
  assert.equal(await text('[data-seo-result-description]'), 'Boats leave earlier from the port.');
  await page.locator('#f-title').fill('Ferry timetable changes on Tuesday');
  assert.equal(await text('[data-seo-card-title]'), 'Ferry timetable changes on Tuesday', 'the title, as typed');

  // The SEO title: counted, previewed, marked when longer than ~60.
  await page.locator('#f-seo-title').pressSequentially('Ferries: new times');
  assert.equal(await text('#f-seo-title-count [data-count]'), '18');
  assert.equal(await page.locator('#f-seo-title-count').evaluate(e => e.classList.contains('nr-charcount-long')), false);
  assert.equal(await text('[data-seo-card-title]'), 'Ferries: new times');
  assert.match(await text('[data-seo-result-title]'), /^Ferries: new times — /);
  await page.locator('#f-seo-title').fill('Ferries: new times from Monday, with earlier boats and later returns at night');
  assert.equal(await text('#f-seo-title-count [data-count]'), '77');
  assert.equal(await page.locator('#f-seo-title-count').evaluate(e => e.classList.contains('nr-charcount-long')), true, 'marked long');
  const result = await text('[data-seo-result-title]');
  assert.equal(Array.from(result).length, 61, 'cut at 60 characters, with an ellipsis');
  assert.ok(result.endsWith('…'));

  // The description, counted in characters (not bytes).
  await page.locator('#f-seo-description').pressSequentially('Gəmilər daha tez yola düşür.');
  assert.equal(await text('#f-seo-description-count [data-count]'), '28');
  assert.equal(await text('[data-seo-result-description]'), 'Gəmilər daha tez yola düşür.');
  assert.equal(await text('[data-seo-card-description]'), 'Gəmilər daha tez yola düşür.');

  // The canonical URL moves the result's address and the card's host.
  assert.match(await text('[data-seo-result-url]'), /^https:\/\/news\.example\.com\/en\//);
  await page.locator('#f-canonical').fill('https://wire.example.org/ferries');
  assert.equal(await text('[data-seo-result-url]'), 'https://wire.example.org/ferries');
  assert.equal(await text('[data-seo-card-host]'), 'wire.example.org');

  // The social image: none, then the library's, then the lead image.
  assert.equal(await page.locator('[data-seo-card-image]').isVisible(), false);
  assert.equal(await page.locator('[data-seo-card-noimage]').isVisible(), true);
  await page.locator('#f-social-image').selectOption(String(image.id));
  assert.equal(await page.locator('[data-seo-card-image]').isVisible(), true);
  assert.ok((await page.locator('[data-seo-card-image]').getAttribute('src')).includes(image.hash));
  await page.locator('#f-social-image').selectOption('0');
  assert.equal(await page.locator('[data-seo-card-image]').isVisible(), false);
  await page.locator('#f-image').selectOption(String(image.id));
  assert.equal(await page.locator('[data-seo-card-image]').isVisible(), true, 'the lead image stands in');

  // Saved, the page comes back with what was typed, rendered by the server.
  await page.locator('#f-canonical').fill('');
  await Promise.all([page.waitForURL(/\/admin\/articles\/\d+/), page.getByRole('button', { name: 'Save', exact: true }).click()]);
  assert.equal(await details.evaluate(d => d.open), true, 'open: something is set');
  assert.equal(await text('#f-seo-title-count [data-count]'), '77');
  assert.equal(await text('[data-seo-result-description]'), 'Gəmilər daha tez yola düşür.');
  assert.deepEqual(errors, []);
  await context.close();
});

const failed = await run({
  before: async () => {
    site = makeSite();
    const r = addUser(site, EDITOR);
    if (r.status !== 0) throw new Error(r.stderr);
    const token = addToken(site, 'seo-browser', 'editor');
    server = await serve(site);
    base = server.base;
    const m = multipart({}, [{ name: 'file', filename: 'photo.jpg', type: 'image/jpeg',
      data: readFileSync(path.join(fixtures, 'images/photo.jpg')) }]);
    const up = await request(base + '/api/v1/admin/media', { method: 'POST', body: m.body,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': m.contentType } });
    image = JSON.parse(up.text);
    browser = await launch();
  },
  after: async () => {
    if (browser) await browser.close();
    await server.stop();
    site.remove();
  },
});
process.exitCode = failed ? 1 : 0;
