// Browser test of the search overlay in headless Chromium: the header's
// search link opens it, suggestions come from search.json as the reader
// types, "All results (N)" and Enter lead to the results page, Escape
// closes it.
import path from 'node:path';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, fixtures } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';

suite('browser search');
let site, server, base, browser;
const ARTICLE = '/en/economy/ferry-winter-timetable-baku-aktau';

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  return { context, page };
}

async function openOverlay(page) {
  await page.goto(base + ARTICLE);
  const dialog = page.locator('#search-dialog');
  assert.equal(await dialog.isVisible(), false);
  await page.getByRole('link', { name: 'Search' }).click();
  await dialog.waitFor({ state: 'visible' });
  return dialog;
}

test('typing shows suggestions with links and "All results (N)"; Enter opens the results page', async () => {
  const { context, page } = await newPage();
  const expected = await (await fetch(base + '/en/search.json?limit=5&q=timetable')).json();
  assert.ok(expected.total > 5, 'enough matches for the test: ' + expected.total);
  const dialog = await openOverlay(page);
  assert.equal(await page.locator('#search-prompt').textContent(), 'What are you looking for?');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-q');
  const box = page.locator('[data-search-results]');
  assert.equal(await box.locator('a').count(), 0, 'empty before typing');
  const asked = [];
  page.on('request', r => { if (r.url().includes('/search.json')) asked.push(new URL(r.url()).search); });
  await page.locator('#search-q').pressSequentially('timetable', { delay: 50 });
  const all = box.locator('a.search-all');
  await all.waitFor({ state: 'visible' });
  assert.equal(await all.textContent(), `All results (${expected.total})`);
  assert.equal(await all.getAttribute('href'), '/en/search?q=timetable');
  // The suggestions are the first results, in order, with their category.
  const links = box.locator('ul li a');
  assert.equal(await links.count(), expected.results.length);
  assert.deepEqual(await links.evaluateAll(as => as.map(a => a.getAttribute('href'))), expected.results.map(r => r.url));
  assert.deepEqual(await links.allTextContents(), expected.results.map(r => r.title));
  assert.deepEqual(await box.locator('ul li .kicker').allTextContents(), expected.results.map(r => r.category));
  // Typing slowly waits for the reader: not one request per key.
  assert.ok(asked.length >= 1 && asked.length <= 3, 'requests: ' + asked.join(' '));
  assert.ok(asked[asked.length - 1].includes('q=timetable'), asked.join(' '));
  // Enter submits the form to the results page.
  await page.locator('#search-q').press('Enter');
  await page.waitForURL(url => url.pathname === '/en/search' && url.searchParams.get('q') === 'timetable');
  assert.equal(await page.locator('h1').textContent(), 'Search');
  assert.equal(await page.locator('#search-page-q').inputValue(), 'timetable');
  assert.match(await page.locator('.search-count').textContent(), new RegExp(`^${expected.total} results$`));
  const cards = page.locator('ol.search-results > li.card');
  assert.equal(await cards.count(), Math.min(20, expected.total));
  assert.ok(await page.locator('ol.search-results mark').count() > 0, 'matches highlighted');
  assert.equal(await dialog.isVisible(), false);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('"All results (N)" leads to the results page; a suggestion leads to its article', async () => {
  const { context, page } = await newPage();
  await openOverlay(page);
  const box = page.locator('[data-search-results]');
  await page.locator('#search-q').pressSequentially('heliograph', { delay: 50 });
  await box.locator('a.search-all').waitFor({ state: 'visible' });
  assert.equal(await box.locator('a.search-all').textContent(), 'All results (3)');
  assert.equal(await box.locator('ul li a').first().textContent(), 'Heliograph network restored on the Absheron coast');
  await box.locator('a.search-all').click();
  await page.waitForURL(url => url.pathname === '/en/search' && url.searchParams.get('q') === 'heliograph');
  assert.equal(await page.locator('ol.search-results > li.card').count(), 3);
  await page.goBack();
  await openOverlay(page);
  await page.locator('#search-q').pressSequentially('samovar', { delay: 50 });
  const first = page.locator('[data-search-results] ul li a').first();
  await first.waitFor({ state: 'visible' });
  const href = await first.getAttribute('href');
  assert.match(href, /^\/en\/culture\/samovar-makers-(newer|older)$/);
  await first.click();
  await page.waitForURL(url => url.pathname === href);
  assert.equal(await page.locator('h1').textContent(), 'Samovar makers gather in Lahij');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('no match says so; shortening the query clears the suggestions', async () => {
  const { context, page } = await newPage();
  await openOverlay(page);
  const box = page.locator('[data-search-results]');
  const input = page.locator('#search-q');
  await input.pressSequentially('qwxzvbnm', { delay: 30 });
  await page.waitForFunction(() => document.querySelector('[data-search-results]').textContent.includes('Nothing was found.'));
  assert.equal(await box.locator('a').count(), 0);
  await input.fill('');
  await input.pressSequentially('heliograph', { delay: 30 });
  await box.locator('a.search-all').waitFor({ state: 'visible' });
  assert.ok(!(await box.textContent()).includes('Nothing was found.'), 'the old answer is replaced');
  await input.fill('h');
  await input.dispatchEvent('input');
  await page.waitForFunction(() => document.querySelector('[data-search-results]').childElementCount === 0);
  assert.equal(await box.locator('a').count(), 0);
  // Hostile input is shown as text, never as markup.
  await input.fill('');
  await input.pressSequentially('zeppelin', { delay: 30 });
  const hostile = box.locator('ul li a').first();
  await hostile.waitFor({ state: 'visible' });
  assert.equal(await hostile.textContent(), '<script>alert("zeppelin")</script> Zeppelin & "friends" <b>land</b>');
  assert.equal(await box.locator('script, b').count(), 0);
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('Escape closes the overlay', async () => {
  const { context, page } = await newPage();
  const dialog = await openOverlay(page);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden', timeout: 3000 });
  assert.equal(new URL(page.url()).pathname, ARTICLE, 'still on the article');
  // It opens again.
  await page.getByRole('link', { name: 'Search' }).click();
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-q');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden', timeout: 3000 });
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('Escape closes the overlay after typing a query, too', async () => {
  const { context, page } = await newPage();
  const dialog = await openOverlay(page);
  await page.locator('#search-q').pressSequentially('timetable', { delay: 50 });
  await page.locator('[data-search-results] a.search-all').waitFor({ state: 'visible' });
  await page.keyboard.press('Escape');
  try {
    await dialog.waitFor({ state: 'hidden', timeout: 3000 });
  } catch {
    const value = await page.locator('#search-q').inputValue();
    throw new Error(`one Escape left the overlay open (the field now holds ${JSON.stringify(value)})`);
  } finally {
    await context.close();
  }
});

const failed = await run({
  before: async () => {
    site = makeSite({ imports: [path.join(fixtures, 'search')] });
    server = await serve(site);
    base = server.base;
    browser = await launch();
  },
  after: async () => {
    if (browser) await browser.close();
    await server.stop();
    site.remove();
  },
});
process.exitCode = failed ? 1 : 0;
