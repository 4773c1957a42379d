// Browser tests of a live blog left open: an update posted through the
// Admin API shows as a "1 new update" button at the page's next poll (the
// page's clock is driven, the server and network are real); pressing it
// puts the update in place without a reload and without moving the page
// under the reader (what was on the screen stays where it was, the new
// update under the pinned one); polls are conditional (304 while nothing changed) and stop once
// the coverage has ended; without JavaScript a reload shows the updates.
// Screenshots of a 390 px phone and a desktop go to GAZETTE_SCREENSHOTS
// (a folder) when it is set; nothing on the phone is wider than the screen.
import path from 'node:path';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addToken, request } from '../lib/newsroom.mjs';

suite('browser live blogs');
let site, server, base, browser, token;
let serial = 0;
const shots = process.env.GAZETTE_SCREENSHOTS;

async function api(method, pathname, json) {
  const r = await request(base + pathname, { method, headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(json) });
  return { status: r.status, json: r.text ? JSON.parse(r.text) : null };
}

const paragraphs = n => Array.from({ length: n }, (_, i) => `Paragraph ${i + 1} of what happened, with enough words to fill a line or two on a phone.`).join('\n\n');

async function liveBlog(updates) {
  serial++;
  const r = await api('POST', '/api/v1/admin/articles', { kind: 'live', lang: 'en', category: 'politics', title: `Election night, live ${serial}`,
    slug: `live-${serial}`, body_markdown: paragraphs(3), status: 'published' });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  for (const u of updates) {
    const p = await api('POST', `/api/v1/admin/articles/${r.json.id}/updates`, u);
    assert.equal(p.status, 201, JSON.stringify(p.json));
  }
  return r.json;
}

test('a page left open shows "1 new update"; pressing it shows the update without a reload or a jump; polls stop when coverage ends', async () => {
  const blog = await liveBlog([{ title: 'Polls open', body_markdown: paragraphs(4) }, { title: 'Queues', body_markdown: paragraphs(4) },
    { title: 'Turnout so far', body_markdown: paragraphs(4), pinned: true }]);
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.route('**/*', route => (route.request().url().startsWith(base) ? route.continue() : route.abort()));
  const page = await context.newPage();
  const errors = [], polls = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('response', r => { if (r.url().endsWith(`/articles/${blog.id}/updates`)) polls.push(r.status()); });
  try {
    await page.clock.install();
    await page.goto(`${base}/en/politics/${blog.slug}`);
    let loads = 0;
    page.on('load', () => loads++);
    // The reader is at the updates.
    await page.evaluate(() => window.scrollTo(0, document.querySelector('[data-live]').getBoundingClientRect().top + window.scrollY - 100));
    assert.equal(await page.locator('[data-live-show]').isVisible(), false);
    await page.clock.runFor(21000);
    await page.waitForFunction(() => document.querySelectorAll('.live-update[data-update-id]').length === 3);
    for (let i = 0; i < 50 && polls.length < 1; i++) await page.waitForTimeout(100);
    assert.deepEqual(polls, [200], 'the first poll');
    await page.clock.runFor(20000);
    for (let i = 0; i < 50 && polls.length < 2; i++) await page.waitForTimeout(100);
    assert.deepEqual(polls, [200, 304], 'nothing new: a 304');
    const posted = await api('POST', `/api/v1/admin/articles/${blog.id}/updates`, { title: 'First results', body_markdown: 'The count **begins**.\n\nhttps://youtu.be/dQw4w9WgXcQ' });
    assert.equal(posted.status, 201);
    const scrolledBefore = await page.evaluate(() => window.scrollY);
    await page.clock.runFor(20000);
    const button = page.locator('[data-live-show]');
    await button.waitFor({ state: 'visible' });
    assert.equal((await button.textContent()).trim(), '1 new update');
    assert.equal(await page.locator(`#update-${posted.json.id}`).count(), 0, 'not put in before the reader asks');
    assert.equal(await page.evaluate(() => window.scrollY), scrolledBefore, 'the page did not move');
    const pinned = page.locator('.live-update.is-pinned');
    const pinnedTop = (await pinned.boundingBox()).y;
    await button.click();
    const fresh = page.locator(`#update-${posted.json.id}`);
    await fresh.waitFor({ state: 'visible' });
    assert.equal(loads, 0, 'no reload');
    assert.equal((await fresh.locator('.live-update-title').textContent()).trim(), 'First results');
    assert.equal(await fresh.locator('.live-update-body strong').textContent(), 'begins');
    const pinnedAfter = (await pinned.boundingBox()).y;
    assert.ok(Math.abs(pinnedAfter - pinnedTop) <= 2, `what the reader saw stays in place (${pinnedAfter} for ${pinnedTop}): no jump`);
    const freshBox = await fresh.boundingBox();
    const pinnedBox = await pinned.boundingBox();
    assert.ok(Math.abs(freshBox.y - (pinnedBox.y + pinnedBox.height)) <= 40, 'the new update right under the pinned one');
    assert.equal(await button.isVisible(), false);
    const order = await page.$$eval('.live-update[data-update-id]', els => els.map(e => e.querySelector('.live-update-title').textContent.trim()));
    assert.deepEqual(order, ['Turnout so far', 'First results', 'Queues', 'Polls open'], 'after the pinned one, newest first');
    // Its embed works as the page's own do: a placeholder until pressed.
    assert.equal(await fresh.locator('iframe').count(), 0);
    await fresh.getByRole('button', { name: 'Load the YouTube video' }).click();
    assert.equal(await fresh.locator('iframe').getAttribute('src'), 'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ');
    if (shots) await page.screenshot({ path: path.join(shots, 'live-desktop.png') });
    // The coverage ends: the next poll learns it, and no poll follows.
    assert.equal((await api('PATCH', `/api/v1/admin/articles/${blog.id}`, { live: { ended_at: new Date(Date.now() - 1000).toISOString() } })).status, 200);
    const before = polls.length;
    await page.clock.runFor(20000);
    for (let i = 0; i < 50 && polls.length === before; i++) await page.waitForTimeout(100);
    assert.equal(polls.length, before + 1);
    await page.clock.runFor(60000);
    await page.waitForTimeout(500);
    assert.equal(polls.length, before + 1, 'no more polls once it ended');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('a hidden tab does not poll; on a 390 px phone nothing is wider than the screen; without script a reload shows new updates', async () => {
  const blog = await liveBlog([{ title: 'Polls open', body_markdown: paragraphs(2) },
    { title: 'A long title about the count in every district of the Caspian coast tonight', body_markdown: '![Queue at a polling station](https://example.com/queue.jpg "Voters queue")\n\n' + paragraphs(2) }]);
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await phone.newPage();
  const polls = [];
  page.on('response', r => { if (r.url().endsWith(`/articles/${blog.id}/updates`)) polls.push(r.status()); });
  try {
    await page.clock.install();
    await page.goto(`${base}/en/politics/${blog.slug}`);
    const wide = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(wide <= 390, `${wide} px wide`);
    // Hidden: no poll.
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => true });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    await page.clock.runFor(60000);
    await page.waitForTimeout(300);
    assert.deepEqual(polls, [], 'a hidden tab asks nothing');
    await page.evaluate(() => {
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => false });
      document.dispatchEvent(new Event('visibilitychange'));
    });
    for (let i = 0; i < 50 && polls.length < 1; i++) await page.waitForTimeout(100);
    assert.equal(polls.length, 1, 'seen again: it asks at once');
    await api('POST', `/api/v1/admin/articles/${blog.id}/updates`, { body_markdown: 'Two new ones.' });
    await api('POST', `/api/v1/admin/articles/${blog.id}/updates`, { body_markdown: 'And a third.' });
    await page.clock.runFor(20000);
    await page.locator('[data-live-show]').waitFor({ state: 'visible' });
    assert.equal((await page.locator('[data-live-show]').textContent()).trim(), '2 new updates');
    const box = await page.locator('[data-live-show]').boundingBox();
    assert.ok(box.height >= 24 && box.width >= 24, 'a target a finger can hit');
    if (shots) {
      await page.locator('[data-live]').scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(shots, 'live-phone.png') });
    }
  } finally {
    await phone.close();
  }
  const plain = await browser.newContext({ javaScriptEnabled: false });
  const p2 = await plain.newPage();
  try {
    await p2.goto(`${base}/en/politics/${blog.slug}`);
    assert.equal(await p2.locator('.live-update[data-update-id]').count(), 4);
    assert.equal(await p2.locator('[data-live-show]').isVisible(), false, 'no button without script');
    const added = await api('POST', `/api/v1/admin/articles/${blog.id}/updates`, { title: 'Fourth', body_markdown: 'Seen after a reload.' });
    await p2.reload();
    assert.equal(await p2.locator(`#update-${added.json.id} .live-update-title`).textContent(), 'Fourth');
    assert.equal(await p2.locator('.live-update[data-update-id]').first().getAttribute('id'), `update-${added.json.id}`);
  } finally {
    await plain.close();
  }
});

const failed = await run({
  before: async () => {
    site = makeSite();
    token = addToken(site, 'live-browser', 'editor');
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
