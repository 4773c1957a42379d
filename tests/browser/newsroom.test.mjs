// Browser tests of the newsroom in real headless Chromium: logging in
// through the form, writing an article with a lead image while the live
// preview follows the text, publishing it, and finding it on the site and
// in its search.
import path from 'node:path';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, fixtures } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addUser, PASSWORD } from '../lib/newsroom.mjs';

suite('browser newsroom');
let site, server, base, browser;
const EDITOR = { email: 'bea@example.com', name: 'Bea Browser', role: 'editor' };
const WORD = 'xylophonist';
const TITLE = `The ${WORD} of Sheki plays at dawn`;

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  return { context, page };
}

// One context for the whole story: log in, write, publish, read.
let story;

async function logIn(page) {
  await page.goto(base + '/admin/');
  assert.match(page.url(), /\/admin\/login\?next=%2Fadmin%2F$/);
  await page.locator('#email').fill(EDITOR.email);
  await page.locator('#password').fill(PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/articles$/), page.getByRole('button', { name: 'Log in' }).click()]);
}

test('logging in through the form opens the newsroom', async () => {
  story = await newPage();
  const { page } = story;
  // A wrong password first: the form says so and stays.
  await page.goto(base + '/admin/login');
  await page.locator('#email').fill(EDITOR.email);
  await page.locator('#password').fill('not the right one');
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.locator('.nr-error').waitFor();
  assert.equal((await page.locator('.nr-error').textContent()).trim(), 'The e-mail or the password is wrong.');
  // Chromium logs the 401 answer as a console error: expected here.
  page.errors.length = 0;
  await logIn(page);
  assert.match(await page.locator('.nr-me').textContent(), /Bea Browser · editor/);
  const cookies = await story.context.cookies();
  const session = cookies.find(c => c.name === 'gazette_session');
  assert.ok(session, 'a session cookie');
  assert.equal(session.httpOnly, true);
  assert.equal(session.sameSite, 'Lax');
  assert.equal(await page.evaluate(() => document.cookie.includes('gazette_session')), false, 'not readable by scripts');
  assert.deepEqual(page.errors, []);
});

test('writing an article: a lead image, rich text, and the Markdown view with a live preview', async () => {
  const { page } = story;
  await page.getByRole('link', { name: 'New article', exact: true }).first().click();
  await page.waitForURL(/\/admin\/articles\/new$/);
  await page.locator('#f-title').fill(TITLE);
  await page.locator('#f-subtitle').fill('A morning concert in the old town.');
  await page.locator('#f-category').selectOption('culture');
  await page.locator('#f-file').setInputFiles(path.join(fixtures, 'images/photo.jpg'));
  await page.locator('#f-caption').fill('The square at dawn');
  await page.locator('#f-credit').fill('Photo: Browser Desk');
  // The story is written in the rich editor: the form's textarea follows.
  const text = page.getByRole('textbox', { name: 'Text', exact: true });
  await text.click();
  await page.keyboard.type(`The ${WORD} began before sunrise.`);
  await page.keyboard.press('Enter');
  await page.getByRole('button', { name: 'Heading' }).click();
  await page.keyboard.type('The programme');
  await page.keyboard.press('Enter');
  await page.keyboard.type('It was ');
  await page.keyboard.press('Control+b');
  await page.keyboard.type('loud');
  await page.keyboard.press('Control+b');
  await page.keyboard.type(' and <script>window.pwned = 1</script> bright.');
  const markdown = () => page.locator('textarea[name=body_markdown]').inputValue();
  await page.waitForFunction(() => document.querySelector('textarea[name=body_markdown]').value.includes('bright.'));
  assert.equal(await markdown(), `The ${WORD} began before sunrise.\n\n## The programme\n\nIt was **loud** and \\<script>window.pwned = 1\\</script> bright.\n`);
  // The Markdown view: the source, and beside it the server's preview.
  await page.getByRole('button', { name: 'Markdown' }).click();
  const source = page.locator('.nr-source-host .cm-content');
  await source.waitFor();
  const preview = page.locator('[data-preview]');
  await preview.locator('h2').waitFor();
  assert.equal((await preview.locator('h2').textContent()).trim(), 'The programme');
  await page.waitForFunction(() => document.querySelector('[data-preview] strong')?.textContent === 'loud');
  assert.equal(await preview.locator('script').count(), 0, 'no raw HTML in the preview');
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  // The preview follows the source as it is typed.
  await source.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type('\n\nOnly the last line is new.');
  await page.waitForFunction(() => document.querySelector('[data-preview]').textContent.includes('Only the last line is new.'));
  // Back to rich text: what was typed in the source is there.
  await page.getByRole('button', { name: 'Markdown' }).click();
  await page.locator('.nr-rich p', { hasText: 'Only the last line is new.' }).waitFor();
  await text.click();
  await page.keyboard.press('Control+End');
  for (let i = 0; i < 'Only the last line is new.'.length; i++) await page.keyboard.press('Backspace');
  await page.keyboard.press('Backspace');
  await page.waitForFunction(() => !document.querySelector('textarea[name=body_markdown]').value.includes('Only the last'));
  assert.equal(await markdown(), `The ${WORD} began before sunrise.\n\n## The programme\n\nIt was **loud** and \\<script>window.pwned = 1\\</script> bright.\n`);
  assert.deepEqual(page.errors, []);
});

test('"Publish" puts the article on the site; "View on the site" shows the title, the image and the text', async () => {
  const { page } = story;
  await Promise.all([
    page.waitForURL(/\/admin\/articles\/\d+\?notice=published/),
    page.getByRole('button', { name: /^Publish/ }).click(),
  ]);
  assert.equal((await page.locator('.nr-notice').textContent()).trim(), 'Published.');
  assert.equal((await page.locator('.nr-status').first().textContent()).trim(), 'published');
  assert.equal(await page.locator('.nr-image img').count(), 1, 'the editor shows the lead image');
  const view = page.getByRole('link', { name: 'View on the site' });
  assert.match(await view.getAttribute('href'), /^\/en\/culture\/the-xylophonist-of-sheki-plays-at-dawn$/);
  await Promise.all([page.waitForURL(/\/en\/culture\/the-xylophonist/), view.click()]);
  assert.equal((await page.locator('h1.article-title').textContent()).trim(), TITLE);
  const img = page.locator('article figure.lead-image img');
  await img.scrollIntoViewIfNeeded();
  await page.waitForFunction(() => {
    const i = document.querySelector('article figure.lead-image img');
    return i && i.complete && i.naturalWidth > 0;
  }, null, { timeout: 10000 });
  const shown = await img.evaluate(i => ({ natural: i.naturalWidth, current: i.currentSrc, alt: i.alt }));
  assert.ok(shown.natural > 0);
  assert.match(shown.current, /\/media\/[0-9a-f]{32}-\d+\.(webp|jpg)$/);
  assert.equal(shown.alt, 'The square at dawn');
  assert.match(await page.locator('figure.lead-image figcaption').textContent(), /The square at dawn\s+Photo: Browser Desk/);
  const text = await page.locator('.article-body').textContent();
  assert.match(text, new RegExp(`The ${WORD} began before sunrise\\.`));
  assert.equal((await page.locator('.article-body h2').textContent()).trim(), 'The programme');
  assert.equal((await page.locator('.article-body strong').textContent()).trim(), 'loud');
  assert.match(text, /and <script>window\.pwned = 1<\/script> bright\./, 'typed markup stays text');
  assert.equal(await page.evaluate(() => window.pwned), undefined);
  assert.deepEqual(page.errors, []);
});

test('Ctrl+S saves the story; leaving it with unsaved changes asks first', async () => {
  const { context, page } = await newPage();
  try {
    await logIn(page);
    await page.getByRole('link', { name: TITLE }).first().click();
    await page.waitForURL(/\/admin\/articles\/\d+$/);
    const edit = page.url();
    await page.locator('#f-subtitle').fill('A morning concert in the old town, at six.');
    await Promise.all([page.waitForURL(/notice=updated$/), page.keyboard.press('Control+s')]);
    assert.equal((await page.locator('.nr-notice').textContent()).trim(), 'Saved: the published story is updated.');
    assert.equal(await page.locator('#f-subtitle').inputValue(), 'A morning concert in the old town, at six.');
    // Typed and not saved: closing the page asks; unchanged, it does not.
    await page.goto(edit);
    await page.locator('#f-subtitle').fill('Not saved yet.');
    const asked = new Promise(resolve => page.once('dialog', d => { resolve(d.type()); d.dismiss(); }));
    await page.close({ runBeforeUnload: true });
    assert.equal(await asked, 'beforeunload');
    const calm = await context.newPage();
    await calm.goto(edit);
    let dialogs = 0;
    calm.on('dialog', d => { dialogs++; d.dismiss(); });
    await calm.close({ runBeforeUnload: true });
    await new Promise(r => setTimeout(r, 200));
    assert.equal(dialogs, 0, 'nothing typed: no question');
  } finally {
    await context.close();
  }
});

test('the published article is found by the public search', async () => {
  const { page } = story;
  await page.goto(base + '/en/search');
  await page.locator('#search-page-q').fill(WORD);
  await Promise.all([page.waitForURL(/\/en\/search\?q=xylophonist/), page.locator('#search-page-q').press('Enter')]);
  const link = page.locator('.search-results .card-title a');
  assert.equal(await link.count(), 1);
  assert.match((await link.textContent()).trim(), /Sheki plays at dawn/);
  await Promise.all([page.waitForURL(/\/en\/culture\/the-xylophonist/), link.click()]);
  assert.equal((await page.locator('h1.article-title').textContent()).trim(), TITLE);
  await story.context.close();
});

test('on a 390 px phone the article list is a stack of labelled rows, no wider than the screen', async () => {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await logIn(page);
  await page.goto(base + '/admin/articles?limit=20');
  assert.ok(await page.locator('table.nr-list tbody tr').count() >= 5, 'a list to look at');
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow} px wider than the screen`);
  const row = page.locator('table.nr-list tbody tr').first();
  const box = await row.boundingBox();
  assert.ok(box.width <= 390, `a row is ${box.width} px wide`);
  assert.ok(await page.locator('table.nr-list thead').evaluate(e => e.getBoundingClientRect().height) <= 1, 'the header row is hidden');
  const label = await row.locator('td[data-label="Edition"]').evaluate(e => getComputedStyle(e, '::before').content);
  assert.equal(label, '"Edition: "', 'each line says what it is');
  // At a desk's width it is a table again.
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.equal(await page.locator('table.nr-list td').first().evaluate(e => getComputedStyle(e).display), 'table-cell');
  await context.close();
});

const failed = await run({
  before: async () => {
    site = makeSite();
    const r = addUser(site, EDITOR);
    if (r.status !== 0) throw new Error(r.stderr);
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
