// Browser tests of several authors: the editor's Authors list (admin.js
// setupAuthors) worked by keyboard alone (add two names, one from the
// profiles' list and one new, move one up, save), then the article page
// shows both linked in that order and the author page the profile; and
// neither page overflows sideways on a 390-pixel-wide phone.
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addUser, addToken, request, PASSWORD } from '../lib/newsroom.mjs';

suite('browser authors');
let site, server, base, browser, token;
const EDITOR = { email: 'eda@example.com', name: 'Eda Editor', role: 'editor' };

async function api(method, pathname, json) {
  const headers = { Authorization: `Bearer ${token}` };
  let body;
  if (json) { headers['Content-Type'] = 'application/json'; body = JSON.stringify(json); }
  const r = await request(base + pathname, { method, headers, body });
  return { status: r.status, json: r.text ? JSON.parse(r.text) : null };
}

async function loggedIn(viewport) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  await page.goto(base + '/admin/login');
  await page.locator('#email').fill(EDITOR.email);
  await page.locator('#password').fill(PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/articles$/), page.getByRole('button', { name: 'Log in' }).click()]);
  return { context, page };
}

// How far a page is wider than its viewport, in pixels.
const overflow = page => page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);

test('by keyboard: add two authors, move the second up, save; the article shows both linked and the author page the profile', async () => {
  const made = await api('POST', '/api/v1/admin/authors', { name: 'Kamala Known', bio: 'Covers the capital.', website: 'https://kamala.example.com/' });
  assert.equal(made.status, 201, JSON.stringify(made.json));
  const story = await api('POST', '/api/v1/admin/articles', { title: 'Keyboard authors story', category: 'politics', lang: 'en',
    status: 'draft', body_markdown: 'Text of the story.', author: 'Eda Editor' });
  assert.equal(story.status, 201);
  const { context, page } = await loggedIn({ width: 1280, height: 900 });
  try {
    await page.goto(`${base}/admin/articles/${story.json.id}`);
    const add = page.getByRole('combobox', { name: 'Add an author by name' });
    await add.waitFor();
    assert.equal(await page.locator('textarea[name=authors]').isHidden(), true, 'the plain field gives way to the list');
    const list = page.getByRole('list', { name: 'Authors, in order' });
    assert.deepEqual(await list.locator('li span').allTextContents(), ['Eda Editor']);
    // Type a known name (the datalist offers it) and a new one, Enter each.
    await add.focus();
    await page.keyboard.type('Kamala Known');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Newcomer Nadia');
    await page.keyboard.press('Enter');
    assert.deepEqual(await list.locator('li span').allTextContents(), ['Eda Editor', 'Kamala Known', 'Newcomer Nadia']);
    // Move Kamala up by keyboard: focus her up button, Space; the focus stays on the moved one.
    await page.getByRole('button', { name: 'Move Kamala Known up' }).focus();
    await page.keyboard.press('Space');
    assert.deepEqual(await list.locator('li span').allTextContents(), ['Kamala Known', 'Eda Editor', 'Newcomer Nadia']);
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Move Kamala Known down',
      'the focus follows the moved author');
    // Remove Eda by keyboard.
    await page.getByRole('button', { name: 'Remove Eda Editor' }).focus();
    await page.keyboard.press('Enter');
    assert.deepEqual(await list.locator('li span').allTextContents(), ['Kamala Known', 'Newcomer Nadia']);
    assert.equal(await page.locator('textarea[name=authors]').inputValue(), 'Kamala Known\nNewcomer Nadia');
    await Promise.all([page.waitForURL(/notice=/), page.getByRole('button', { name: /^Publish/ }).click()]);
    assert.deepEqual(page.errors, []);
  } finally { await context.close(); }
  const got = await api('GET', `/api/v1/admin/articles/${story.json.id}`);
  assert.deepEqual(got.json.authors, [{ name: 'Kamala Known', slug: 'kamala-known' }, { name: 'Newcomer Nadia', slug: 'newcomer-nadia' }]);
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 } });
  try {
    const reader = await phone.newPage();
    await reader.goto(base + new URL(got.json.url).pathname);
    const byline = reader.locator('.byline');
    assert.equal((await byline.textContent()).trim(), 'Kamala Known and Newcomer Nadia');
    assert.deepEqual(await byline.locator('a').evaluateAll(as => as.map(a => a.getAttribute('href'))),
      ['/en/author/kamala-known', '/en/author/newcomer-nadia']);
    assert.ok(await overflow(reader) <= 0, `the article fits 390 px (${await overflow(reader)} over)`);
    await Promise.all([reader.waitForURL(/\/en\/author\/kamala-known$/), byline.getByRole('link', { name: 'Kamala Known' }).click()]);
    assert.equal(await reader.getByRole('heading', { level: 1 }).textContent(), 'Kamala Known');
    assert.equal((await reader.locator('.author-bio').textContent()).trim(), 'Covers the capital.');
    assert.equal(await reader.getByRole('link', { name: 'Kamala Known: Website' }).getAttribute('rel'), 'me noopener');
    assert.ok(await reader.getByRole('link', { name: 'Keyboard authors story' }).count() >= 1, 'the story on the page');
    assert.ok(await overflow(reader) <= 0, `the author page fits 390 px (${await overflow(reader)} over)`);
  } finally { await phone.close(); }
});

test('the editor\'s authors list fits a 390-pixel screen', async () => {
  const story = await api('POST', '/api/v1/admin/articles', { title: 'Narrow authors story', category: 'politics', lang: 'en',
    status: 'draft', body_markdown: 'Text.', authors: [{ name: 'A Very Long Name Of Someone Who Writes Together With Others' }, { name: 'Eda Editor' }] });
  const { context, page } = await loggedIn({ width: 390, height: 844 });
  try {
    await page.goto(`${base}/admin/articles/${story.json.id}`);
    await page.getByRole('list', { name: 'Authors, in order' }).waitFor();
    const box = await page.locator('[data-authors]').evaluate(el => el.scrollWidth - el.clientWidth);
    assert.ok(box <= 0, `the authors field does not overflow (${box})`);
  } finally { await context.close(); }
});

const { failed } = await run({
  before: async () => {
    site = makeSite();
    const r = addUser(site, EDITOR);
    if (r.status !== 0) throw new Error(r.stderr);
    token = addToken(site, 'authors browser', 'editor');
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
