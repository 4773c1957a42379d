// Browser tests of the site on phones: every page type of every edition
// (home, category, article, author, tag, static page, search, not found)
// is no wider than a 360 or a 390 px screen, in both themes' layout; the
// phone menu (sections, editions, social and app links, search) opens and
// closes by touch and by keyboard (Enter, Escape gives the focus back), a
// tap outside closes it, and its search and links work; on a wide screen it
// is not there.
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, defaultConfig } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';

suite('browser phone');
let site, server, base, browser;
const EDITIONS = ['en', 'ru', 'az'];
// Long names in the other editions, as a real masthead has them.
const config = defaultConfig.replace('languages = en, ru', 'languages = en, ru, az') +
  '\n[ru]\nname = Каспийский вестник\n\n[az]\nname = Xəzər Xəbərçisi\n';

// The pages of one edition to measure: found by following its own links.
async function pagesOf(page, lang) {
  await page.goto(`${base}/${lang}/`);
  const first = sel => page.locator(sel).first().getAttribute('href');
  const category = await first('.sections a');
  const article = await first('main a[href^="/' + lang + '/"][href*="/"]:not([href$="/"])');
  await page.goto(base + article);
  const author = await page.locator('.byline a').first().getAttribute('href').catch(() => null);
  const tag = await page.locator('.tags a').first().getAttribute('href').catch(() => null);
  const staticPage = await page.locator('.footer-pages a').first().getAttribute('href').catch(() => null);
  return [`/${lang}/`, category, article, author, tag, staticPage, `/${lang}/search?q=a`, `/${lang}/no-such-page-here`]
    .filter(Boolean);
}

test('every page type of every edition fits a 360 and a 390 px screen', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 800 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const wide = [];
  try {
    for (const lang of EDITIONS) {
      const paths = await pagesOf(page, lang);
      assert.ok(paths.length >= 7, `${lang}: ${paths.join(' ')}`);
      for (const width of [360, 390]) {
        await page.setViewportSize({ width, height: 800 });
        for (const p of paths) {
          await page.goto(base + p);
          const w = await page.evaluate(() => document.documentElement.scrollWidth);
          if (w > width) wide.push(`${p} is ${w} px on ${width}`);
        }
      }
    }
  } finally {
    await context.close();
  }
  assert.deepEqual(wide, []);
});

test('the phone menu opens and closes by touch and keyboard, and takes the reader where it says', async () => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  try {
    await page.goto(`${base}/ru/`);
    const button = page.locator('.phone-menu > summary');
    assert.equal(await button.getAttribute('aria-label'), 'Меню');
    const panel = page.locator('.phone-menu-panel');
    assert.equal(await panel.isVisible(), false);
    await button.tap();
    assert.ok(await panel.isVisible(), 'opened by a tap');
    const sections = await page.locator('.phone-menu-sections a').count();
    assert.equal(sections, await page.locator('.sections a').count(), 'every section');
    assert.deepEqual(await page.locator('.phone-menu-editions a').allTextContents(), ['English', 'Русский', 'Azərbaycanca']);
    assert.ok(await page.locator('.phone-menu-social a').count() >= 1);
    assert.ok(await page.locator('.phone-menu-apps a').count() >= 1);
    const box = await panel.boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 360, 'within the screen');
    // A tap outside closes it.
    await page.touchscreen.tap(180, 700);
    assert.equal(await panel.isVisible(), false, 'closed by a tap outside');
    // By keyboard: Enter opens, Escape closes and the focus comes back.
    await button.focus();
    await page.keyboard.press('Enter');
    assert.ok(await panel.isVisible(), 'opened by Enter');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'phone-menu-q', 'the search field comes first');
    await page.keyboard.press('Escape');
    assert.equal(await panel.isVisible(), false, 'closed by Escape');
    assert.equal(await page.evaluate(() => document.activeElement.tagName), 'SUMMARY', 'the focus back on the button');
    // Its search and its editions lead where they say.
    await button.tap();
    await page.locator('#phone-menu-q').fill('Баку');
    await Promise.all([page.waitForURL(/\/ru\/search\?q=/), page.keyboard.press('Enter')]);
    await page.locator('.phone-menu > summary').tap();
    await Promise.all([page.waitForURL(/\/az\/$/), page.locator('.phone-menu-editions a[hreflang=az]').tap()]);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
  const desk = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const p2 = await desk.newPage();
  try {
    await p2.goto(`${base}/en/`);
    assert.equal(await p2.locator('.phone-menu > summary').isVisible(), false, 'no phone menu on a wide screen');
    assert.ok(await p2.locator('.masthead-tools > .editions').isVisible(), 'the editions in the masthead there');
  } finally {
    await desk.close();
  }
});

const failed = await run({
  before: async () => {
    site = makeSite({ config });
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
