// Browser tests of "Most read": on a 390-pixel phone the home's block shows
// the numbered list of the day, switches to the week's by touch and by the
// arrow keys (the tabs pattern), and nothing on the home, an article or the
// most-read page is wider than the screen; without the script the switch
// is two links that show the panel asked for; the block and the page pass
// axe (WCAG 2.2 AA) in both themes.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { request, sql } from '../lib/newsroom.mjs';

suite('browser most read');
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let site, server, base, browser;
const PHONE = { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true };
const BROWSER = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_2 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';
let read = []; // the stories read, most read first: {path, title}

// How far a page is wider than its viewport, in pixels.
const overflow = page => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

// A new page in a context made with options; errors the page's script
// reports are collected in page.errors.
async function open(options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', e => page.errors.push(e.message));
  return { context, page };
}

test('on a phone the home shows the day\'s most read, numbered, and switches to the week\'s; nothing is wider than the screen', async () => {
  const { context, page } = await open(PHONE);
  try {
    await page.goto(base + '/en/');
    const block = page.locator('.most-read');
    await block.scrollIntoViewIfNeeded();
    assert.ok(await block.isVisible());
    const day = page.locator('#most-read-day');
    assert.ok(await day.isVisible(), 'the day\'s list shows first');
    assert.ok(!(await page.locator('#most-read-week').isVisible()), 'the week\'s waits');
    assert.deepEqual(await day.locator('li a').allTextContents(), read.slice(0, 5).map(r => r.title));
    // An ordered list, its numbers drawn before each title.
    assert.equal(await day.locator('ol').count(), 1);
    const numbers = await day.locator('li').evaluateAll(items => items.map(li => getComputedStyle(li, '::before').content));
    assert.ok(numbers.length === 5 && numbers.every(c => c && c !== 'none' && c !== 'normal'), JSON.stringify(numbers));
    // Tabs: one selected, the other panel hidden; a tap switches.
    const tabs = page.getByRole('tab');
    assert.equal(await tabs.count(), 2);
    assert.equal(await page.getByRole('tab', { name: '24 hours' }).getAttribute('aria-selected'), 'true');
    await page.getByRole('tab', { name: '7 days' }).tap();
    assert.equal(await page.getByRole('tab', { name: '7 days' }).getAttribute('aria-selected'), 'true');
    assert.ok(await page.locator('#most-read-week').isVisible());
    assert.ok(!(await day.isVisible()));
    assert.equal(page.url(), base + '/en/', 'the tab does not navigate');
    // The arrow keys move between the tabs, as the pattern has it.
    await page.getByRole('tab', { name: '7 days' }).focus();
    await page.keyboard.press('ArrowLeft');
    assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), '24 hours');
    assert.ok(await day.isVisible());
    assert.equal(await page.getByRole('tabpanel').count(), 1, 'one panel shown');
    assert.ok(await overflow(page) <= 0, `the home fits 390 px (${await overflow(page)} over)`);
    const box = await block.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, `the block is within the screen: ${JSON.stringify(box)}`);

    // Under an article, without the article itself.
    await page.goto(base + read[0].path);
    const under = page.locator('.most-read #most-read-day li a');
    await under.first().scrollIntoViewIfNeeded();
    assert.deepEqual(await under.allTextContents(), read.slice(1, 6).map(r => r.title));
    assert.ok(await overflow(page) <= 0, `the article fits 390 px (${await overflow(page)} over)`);

    // The block's link leads to the page of both lists.
    await page.goto(base + '/en/');
    const more = page.locator('.most-read-more a');
    await more.scrollIntoViewIfNeeded();
    await Promise.all([page.waitForURL(/\/en\/most-read$/), more.tap()]);
    assert.equal(await page.locator('h1').textContent(), 'Most read');
    assert.equal(await page.locator('#day .card').count(), Math.min(10, read.length));
    assert.ok(await overflow(page) <= 0, `the most-read page fits 390 px (${await overflow(page)} over)`);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test('without the script the switch is two links, and the panel asked for shows', async () => {
  const { context, page } = await open({ ...PHONE, javaScriptEnabled: false });
  try {
    await page.goto(base + '/en/');
    assert.ok(await page.locator('#most-read-day').isVisible());
    assert.ok(!(await page.locator('#most-read-week').isVisible()));
    await page.getByRole('link', { name: '7 days' }).tap();
    await page.waitForURL(/#most-read-week$/);
    assert.ok(await page.locator('#most-read-week').isVisible(), 'the week\'s list, by :target');
    assert.ok(!(await page.locator('#most-read-day').isVisible()));
    await page.getByRole('link', { name: '24 hours' }).tap();
    await page.waitForURL(/#most-read-day$/);
    assert.ok(await page.locator('#most-read-day').isVisible());
    assert.ok(await overflow(page) <= 0);
  } finally {
    await context.close();
  }
});

test('the block and the page pass axe (WCAG 2.2 AA) in both themes', async () => {
  for (const colorScheme of ['light', 'dark']) {
    const { context, page } = await open({ ...PHONE, colorScheme, bypassCSP: true });
    try {
      for (const p of ['/en/', read[0].path, '/en/most-read']) {
        await page.goto(base + p);
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa', 'wcag22aa'] }));
        const problems = result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`);
        assert.deepEqual(problems, [], `${colorScheme} ${p}`);
      }
    } finally {
      await context.close();
    }
  }
});

const failed = await run({
  before: async () => {
    site = makeSite();
    server = await serve(site);
    base = server.base;
    // Seven stories read 7, 6, ... 1 times: the longest titles, the most read.
    const rows = sql(site.db, "select c.slug, a.slug, a.title from articles a join categories c on c.id = a.category_id" +
      " where a.lang = 'en' and a.status = 1 order by length(a.title) desc, a.id limit 7").split('\n');
    read = rows.map(r => { const [cat, slug, ...title] = r.split('|'); return { path: `/en/${cat}/${slug}`, title: title.join('|') }; });
    for (const [i, r] of read.entries())
      for (let n = 0; n < 7 - i; n++) {
        const got = await request(base + r.path, { headers: { 'User-Agent': BROWSER } });
        if (got.status !== 200) throw new Error(`${r.path}: ${got.status}`);
      }
    // The counter writes what it counted when the server stops.
    await server.stop();
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
