// Browser tests of pictures and embeds in a story's body, in headless
// Chromium: nothing is asked of an embed's provider before the reader
// presses its button (every request is watched; the provider's address is
// answered here, so nothing reaches the network), pressing it makes the
// youtube-nocookie frame; a gallery's lightbox opens on a picture, moves
// with the arrow keys and its buttons, closes with Escape and gives focus
// back; no horizontal scrolling at 390 px; axe finds nothing in either theme.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, fixtures } from '../lib/server.mjs';
import { addToken, multipart, request } from '../lib/newsroom.mjs';
import { launch } from '../lib/browser.mjs';

suite('browser body media');
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
let site, server, base, browser, token, storyPath;
const PROVIDERS = /youtube|twitter|x\.com|instagram|facebook|fb\.watch|t\.me|telegram/;

// Opens a page whose every request is noted; requests away from the test
// server are answered here (the provider's frame) or refused.
async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [], outside = [];
  page.on('pageerror', e => errors.push(e.message));
  await context.route('**/*', route => {
    const url = route.request().url();
    if (url.startsWith(base)) return route.continue();
    outside.push(url);
    if (url.startsWith('https://www.youtube-nocookie.com/embed/'))
      return route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>player</title><p>A player</p>' });
    return route.abort();
  });
  page.errors = errors;
  page.outside = outside;
  return { context, page };
}

async function upload(filename, type) {
  const data = readFileSync(path.join(fixtures, 'images', filename));
  const { body, contentType } = multipart({}, [{ name: 'file', filename, type, data }]);
  const r = await request(base + '/api/v1/admin/media', {
    method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': contentType }, body,
  });
  if (r.status !== 201) throw new Error(`upload ${filename}: ${r.status} ${r.text}`);
  return JSON.parse(r.text);
}

test('no request reaches a provider before the click; the button makes the youtube-nocookie frame', async () => {
  const { context, page } = await newPage();
  await page.goto(base + storyPath, { waitUntil: 'networkidle' });
  await page.mouse.wheel(0, 5000);
  await page.waitForLoadState('networkidle');
  assert.deepEqual(page.outside.filter(u => PROVIDERS.test(u)), [], 'nothing asked of a provider');
  assert.equal(await page.locator('iframe').count(), 0);
  const embed = page.locator('figure.embed-youtube');
  await embed.getByRole('button', { name: 'Load the YouTube video' }).click();
  const frame = embed.locator('iframe');
  await frame.waitFor();
  assert.equal(await frame.getAttribute('src'), 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
  assert.equal(await frame.getAttribute('title'), 'YouTube video');
  assert.match(await frame.getAttribute('sandbox'), /allow-scripts/);
  await page.frameLocator('figure.embed-youtube iframe').locator('text=A player').waitFor();
  assert.deepEqual(page.outside.filter(u => PROVIDERS.test(u)), ['https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ']);
  // The other embeds are still placeholders: nothing asked of them.
  assert.equal(await page.locator('figure.embed-x iframe').count(), 0);
  assert.equal(await embed.locator('a.embed-link').getAttribute('href'), 'https://youtu.be/dQw4w9WgXcQ');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('without JavaScript an embed is a plain link and a gallery\'s pictures link to their largest variants', async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  await page.goto(base + storyPath);
  assert.equal(await page.locator('button[data-embed-load]').first().isVisible(), false, 'no dead button');
  assert.equal(await page.locator('figure.embed-youtube a.embed-link').isVisible(), true);
  const hrefs = await page.locator('.gallery a.gallery-link').evaluateAll(as => as.map(a => a.getAttribute('href')));
  assert.equal(hrefs.length, 3);
  for (const h of hrefs) assert.match(h, /^\/media\/[0-9a-f]{32}-\d+\.jpg$/);
  await context.close();
});

test('the lightbox opens on a picture, arrows and buttons move, Escape closes and focus returns', async () => {
  const { context, page } = await newPage();
  await page.goto(base + storyPath);
  const links = page.locator('.gallery a.gallery-link');
  const hrefs = await links.evaluateAll(as => as.map(a => a.getAttribute('href')));
  const alts = await page.locator('.gallery img').evaluateAll(is => is.map(i => i.alt));
  await links.nth(1).click();
  const dialog = page.locator('dialog.lightbox');
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await dialog.evaluate(d => d.open && d.matches(':modal')), true, 'a modal dialog');
  const shown = () => dialog.locator('img').evaluate(i => [i.getAttribute('src'), i.alt]);
  assert.deepEqual(await shown(), [hrefs[1], alts[1]]);
  assert.equal(await dialog.locator('figcaption').textContent(), 'Second caption');
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await shown(), [hrefs[2], alts[2]]);
  await page.keyboard.press('ArrowRight');
  assert.deepEqual(await shown(), [hrefs[0], alts[0]], 'round to the first');
  await page.keyboard.press('ArrowLeft');
  assert.deepEqual(await shown(), [hrefs[2], alts[2]]);
  await dialog.getByRole('button', { name: 'Previous picture' }).click();
  assert.deepEqual(await shown(), [hrefs[1], alts[1]]);
  await dialog.getByRole('button', { name: 'Next picture' }).click();
  assert.deepEqual(await shown(), [hrefs[2], alts[2]]);
  assert.equal(await dialog.getByRole('button', { name: 'Close' }).count(), 1);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('href')), hrefs[1], 'focus back on the picture');
  // The large picture was loaded only in the lightbox; the page kept its URL.
  assert.equal(new URL(page.url()).pathname, storyPath);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a swipe moves the lightbox on a phone', async () => {
  const { context, page } = await newPage({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  await page.goto(base + storyPath);
  const hrefs = await page.locator('.gallery a.gallery-link').evaluateAll(as => as.map(a => a.getAttribute('href')));
  await page.locator('.gallery a.gallery-link').first().tap();
  const dialog = page.locator('dialog.lightbox');
  await dialog.waitFor({ state: 'visible' });
  const swipe = dx => dialog.evaluate((d, dx) => {
    const touch = x => new Touch({ identifier: 1, target: d, clientX: x, clientY: 400 });
    d.dispatchEvent(new TouchEvent('touchstart', { touches: [touch(200)], changedTouches: [touch(200)], bubbles: true }));
    d.dispatchEvent(new TouchEvent('touchend', { touches: [], changedTouches: [touch(200 + dx)], bubbles: true }));
  }, dx);
  const src = () => dialog.locator('img').getAttribute('src');
  await swipe(-120);
  assert.equal(await src(), hrefs[1], 'left: the next');
  await swipe(120);
  assert.equal(await src(), hrefs[0], 'right: the previous');
  await swipe(10);
  assert.equal(await src(), hrefs[0], 'a small move is not a swipe');
  await context.close();
});

test('no horizontal scrolling at 390 px, before and after an embed loads; axe passes in both themes', async () => {
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await newPage({ viewport: { width: 390, height: 844 }, colorScheme: scheme, bypassCSP: true });
    await page.goto(base + storyPath, { waitUntil: 'networkidle' });
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.equal(await overflow(), 0, `${scheme}: no overflow`);
    const box = await page.locator('figure.embed-youtube').boundingBox();
    assert.ok(Math.abs(box.width / box.height - 16 / 9) < 0.02, `16:9 reserved: ${box.width}x${box.height}`);
    await page.addScriptTag({ content: axeSource });
    const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag22aa', 'best-practice'] }));
    const problems = result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`);
    assert.deepEqual(problems, [], scheme);
    await page.locator('figure.embed-youtube button').click();
    await page.locator('figure.embed-youtube iframe').waitFor();
    assert.equal(await overflow(), 0, `${scheme}: no overflow with the frame`);
    await context.close();
  }
});

const failed = await run({
  before: async () => {
    site = makeSite();
    token = addToken(site, 'browser-pictures', 'editor');
    server = await serve(site);
    base = server.base;
    browser = await launch();
    const photo = await upload('photo.jpg', 'image/jpeg');
    const graphic = await upload('graphic.png', 'image/png');
    const md = [
      'The ferry left at dawn.',
      '',
      `![The ferry at the quay](/media/${photo.hash}-960.jpg "The morning ferry")`,
      '',
      'The gallery:',
      '',
      `![A map of the route](/media/${graphic.hash}-480.jpg "First caption")`,
      `![The deck at noon](/media/${photo.hash}-480.jpg "Second caption")`,
      `![The harbour at night](/media/${photo.hash}-1600.jpg)`,
      '',
      'https://youtu.be/dQw4w9WgXcQ',
      '',
      'https://x.com/herald/status/1790000000000000001',
      '',
      'https://example.org/' + 'a-very-long-address-'.repeat(8),
    ].join('\n');
    const r = await request(base + '/api/v1/admin/articles', {
      method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ title: 'Pictures of the ferry', category: 'economy', lang: 'en', status: 'published', body_markdown: md }),
    });
    if (r.status !== 201) throw new Error(`article: ${r.status} ${r.text}`);
    storyPath = new URL(JSON.parse(r.text).url).pathname;
  },
  after: async () => {
    if (browser) await browser.close();
    await server.stop();
    site.remove();
  },
});
process.exitCode = failed ? 1 : 0;
