// Browser tests of the breaking-news banner: it shows on the edition's
// pages, is dismissed by keyboard (focus goes to the page's content) and
// stays away for that story on the next pages, drawn hidden from the start
// (no flash); another story's banner shows again; on a 360 px phone a long
// title wraps and nothing is wider than the screen; without JavaScript it
// is a plain link with no button.
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addToken, request } from '../lib/newsroom.mjs';

suite('browser breaking news');
let site, server, base, browser, token;
let serial = 0;

async function api(method, pathname, json) {
  const r = await request(base + pathname, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(json) });
  return { status: r.status, json: JSON.parse(r.text) };
}

async function breakingStory(title) {
  serial++;
  const r = await api('POST', '/api/v1/admin/articles', { lang: 'en', category: 'politics', title, slug: `breaking-${serial}`,
    body_markdown: 'What happened.', status: 'published' });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  const b = await api('PATCH', `/api/v1/admin/articles/${r.json.id}`, { breaking: { label: 'Breaking' } });
  assert.equal(b.status, 200, JSON.stringify(b.json));
  return r.json;
}

const shown = page => page.locator('.breaking').isVisible();

test('dismissed by keyboard, it stays away for that story; another story\'s shows again', async () => {
  const first = await breakingStory('Bridge closed after the storm');
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  // Every page from the server (routing turns the browser's cache off):
  // what is tested is what the reader's storage does.
  await page.route('**/*', route => route.continue());
  try {
    await page.goto(base + '/en/');
    assert.ok(await shown(page));
    assert.equal(await page.locator('.breaking-link').textContent(), first.title);
    const close = page.getByRole('button', { name: 'Dismiss' });
    await close.focus();
    await page.keyboard.press('Enter');
    assert.equal(await shown(page), false);
    assert.equal(await page.evaluate(() => document.activeElement && document.activeElement.id), 'main');
    // The next pages draw it hidden from the start.
    for (const p of ['/en/politics/', '/en/']) {
      await page.goto(base + p, { waitUntil: 'commit' });
      await page.waitForSelector('.breaking', { state: 'attached' });
      assert.equal(await page.evaluate(() => getComputedStyle(document.querySelector('.breaking')).display), 'none', p);
    }
    const second = await breakingStory('Ferries stop for the day');
    await page.goto(base + '/en/');
    assert.ok(await shown(page), 'a new story\'s banner shows');
    assert.equal(await page.locator('.breaking-link').textContent(), second.title);
    await Promise.all([page.waitForURL(new RegExp(`/en/politics/breaking-${serial}$`)), page.locator('.breaking-link').click()]);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('on a 360 px phone a long title wraps, nothing wider than the screen; without script, a link and no button', async () => {
  await breakingStory('A very long breaking headline about the Caspian ferry timetable that changes again tonight for everyone');
  const phone = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  try {
    await page.goto(base + '/en/');
    assert.ok(await shown(page));
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 360, `${wide} px`);
    const box = await page.getByRole('button', { name: 'Dismiss' }).boundingBox();
    assert.ok(box.width >= 24 && box.height >= 24, 'a target a finger can hit');
  } finally {
    await phone.close();
  }
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await plain.newPage();
  try {
    await p2.goto(base + '/en/');
    assert.ok(await p2.locator('.breaking-link').isVisible());
    assert.equal(await p2.locator('[data-breaking-close]').isVisible(), false);
  } finally {
    await plain.close();
  }
});

const failed = await run({
  before: async () => {
    site = makeSite();
    token = addToken(site, 'breaking-browser', 'editor');
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
