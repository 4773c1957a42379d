// Browser tests in real headless Chromium: night theme, text size, copy
// link, endless feed, print stylesheet, search overlay, reading without
// JavaScript, phone layout, colour contrast and target sizes in both themes.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { wireArticles } from '../lib/wire.mjs';

suite('browser');
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
let site, server, base, browser;
const ARTICLE = '/en/economy/ferry-winter-timetable-baku-aktau';

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  return { context, page };
}

const background = page => page.evaluate(() => getComputedStyle(document.body).backgroundColor);

test('the night theme toggle switches the theme and is kept after reload', async () => {
  const { context, page } = await newPage({ colorScheme: 'light' });
  await page.goto(base + ARTICLE);
  assert.equal(await background(page), 'rgb(255, 255, 255)');
  const toggle = page.locator('[data-theme-toggle]');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.click();
  assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark');
  assert.equal(await background(page), 'rgb(18, 18, 18)');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await page.reload();
  assert.equal(await background(page), 'rgb(18, 18, 18)');
  await page.goto(base + '/en/');
  assert.equal(await background(page), 'rgb(18, 18, 18)', 'kept on other pages');
  await page.locator('[data-theme-toggle]').click();
  assert.equal(await background(page), 'rgb(255, 255, 255)');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the default theme follows prefers-color-scheme', async () => {
  const { context, page } = await newPage({ colorScheme: 'dark' });
  await page.goto(base + ARTICLE);
  assert.equal(await background(page), 'rgb(18, 18, 18)');
  assert.equal(await page.locator('[data-theme-toggle]').getAttribute('aria-pressed'), 'true');
  await context.close();
});

test('A+ and A- change the article text size, which is remembered', async () => {
  const { context, page } = await newPage();
  await page.goto(base + ARTICLE);
  const size = () => page.evaluate(() => parseFloat(getComputedStyle(document.querySelector('.article-body p')).fontSize));
  const start = await size();
  await page.getByRole('button', { name: 'Larger text' }).click();
  const bigger = await size();
  assert.ok(bigger > start, `${bigger} > ${start}`);
  await page.reload();
  assert.equal(await size(), bigger);
  await page.getByRole('button', { name: 'Smaller text' }).click();
  await page.getByRole('button', { name: 'Smaller text' }).click();
  assert.ok(await size() < start);
  for (let i = 0; i < 10; i++) await page.getByRole('button', { name: 'Smaller text' }).click();
  assert.ok(await size() >= 14, 'bounded below');
  await context.close();
});

test('Copy link copies the canonical URL and shows "Link copied"', async () => {
  const { context, page } = await newPage();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await page.goto(base + ARTICLE);
  const toast = page.locator('[data-toast]');
  assert.equal(await toast.isVisible(), false);
  await page.getByRole('button', { name: 'Copy link' }).click();
  await toast.waitFor({ state: 'visible' });
  assert.equal(await toast.textContent(), 'Link copied');
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(clip, 'https://news.example.com' + ARTICLE);
  await toast.waitFor({ state: 'hidden', timeout: 5000 });
  await context.close();
});

test('scrolling loads older stories of the category, with a Loading indicator', async () => {
  const { context, page } = await newPage({ viewport: { width: 1280, height: 800 } });
  // Slow the fragment answers down so the indicator can be seen.
  await page.route('**/*fragment=1*', async route => {
    await new Promise(r => setTimeout(r, 400));
    await route.continue();
  });
  await page.goto(base + '/en/wire/wire-story-45');
  const cards = page.locator('section.more li.card');
  assert.equal(await cards.count(), 6);
  await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await page.locator('[data-feed-loading]').waitFor({ state: 'visible' });
  assert.equal(await page.locator('[data-feed-loading]').textContent(), 'Loading…');
  await page.waitForFunction(() => document.querySelectorAll('section.more li.card').length > 6);
  for (let i = 0; i < 8; i++) {
    await page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
    await page.waitForTimeout(600);
  }
  await page.waitForFunction(() => document.querySelectorAll('section.more li.card').length === 44, null, { timeout: 10000 });
  assert.equal(await page.locator('.feed-more').count(), 0, 'the More link goes when the feed ends');
  const titles = await cards.locator('h3').allTextContents();
  assert.equal(new Set(titles).size, 44, 'no story twice');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the print stylesheet leaves only the article', async () => {
  const { context, page } = await newPage();
  await page.goto(base + ARTICLE);
  await page.emulateMedia({ media: 'print' });
  for (const sel of ['header.masthead', 'footer', '.share', 'section.more', '.youtube-cta', '.text-size'])
    assert.equal(await page.locator(sel).first().isVisible(), false, sel + ' hidden in print');
  for (const sel of ['h1', '.lead', '.article-body', '.byline', '.article-meta'])
    assert.equal(await page.locator(sel).first().isVisible(), true, sel + ' printed');
  assert.equal(await background(page), 'rgb(255, 255, 255)');
  const pdf = await page.pdf({ format: 'A4' });
  assert.ok(pdf.length > 1000);
  await context.close();
});

test('the search button opens the overlay "What are you looking for?"', async () => {
  const { context, page } = await newPage();
  await page.goto(base + ARTICLE);
  const dialog = page.locator('#search-dialog');
  assert.equal(await dialog.isVisible(), false);
  await page.getByRole('link', { name: 'Search' }).click();
  await dialog.waitFor({ state: 'visible' });
  assert.equal(await page.locator('#search-prompt').textContent(), 'What are you looking for?');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'search-q');
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'hidden' });
  await context.close();
});

test('without JavaScript the page reads fully and offers plain links', async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  await page.goto(base + '/en/wire/wire-story-45');
  assert.equal(await page.locator('h1').isVisible(), true);
  assert.equal(await page.locator('.article-body').isVisible(), true);
  assert.equal(await page.locator('[data-copy-link]').isVisible(), false, 'script-only buttons hidden');
  assert.equal(await page.locator('.text-size').isVisible(), false);
  const more = page.locator('section.more [data-feed-next]');
  assert.equal(await more.isVisible(), true);
  await more.click();
  await page.waitForURL(/older=/);
  assert.equal(await page.locator('ul.feed li.card').count(), 20);
  await context.close();
});

test('on a phone the page fits the screen and the navigation scrolls sideways', async () => {
  const { context, page } = await newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
  for (const p of ['/en/', ARTICLE, '/en/politics/']) {
    await page.goto(base + p);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${p} overflows by ${overflow}px`);
  }
  const tap = await page.evaluate(() => Math.min(...[...document.querySelectorAll('.share-links a, .share-links button, .text-size button')]
    .map(e => e.getBoundingClientRect().height)));
  assert.ok(tap >= 44, `tap targets ${tap}px`);
  await context.close();
});

// WCAG 2.2 AA brings target-size: every link and button at least 24px
// high and wide, or far enough from its neighbours (the section labels
// above the lead story were not).
test('contrast and accessibility (axe, WCAG 2.2 AA with target size) pass in both themes', async () => {
  for (const scheme of ['light', 'dark']) {
    const { context, page } = await newPage({ colorScheme: scheme, bypassCSP: true });
    for (const p of [ARTICLE, '/en/', '/en/politics/', '/en/author/herald-desk', '/nope']) {
      await page.goto(base + p);
      await page.addScriptTag({ content: axeSource });
      const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag22aa', 'best-practice'] }));
      assert.ok(result.passes.some(r => r.id === 'target-size') || result.inapplicable.some(r => r.id === 'target-size'),
        'the target-size rule ran');
      const problems = result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`);
      assert.deepEqual(problems, [], `${scheme} ${p}`);
    }
    await context.close();
  }
});

const failed = await run({
  before: async () => {
    site = makeSite({ imports: ['fixtures/articles', wireArticles()] });
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
