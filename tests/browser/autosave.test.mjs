// Browser tests of the editor never losing work, in real headless Chromium:
// typing is autosaved (server draft) and kept in the browser, and the
// editor offers it back after a reload, after the server was killed with
// kill -9, after typing offline, and after the session expired; and
// presence: a second editor sees who is editing, takes over, and the
// first is told within a few seconds.
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addUser, PASSWORD, sql, sqlNumber } from '../lib/newsroom.mjs';

suite('browser autosave');
let site, server, base, browser;
const EDA = { email: 'eda@example.com', name: 'Eda Editor', role: 'editor' };
const OZAN = { email: 'ozan@example.com', name: 'Ozan Reporter', role: 'editor' };
const WAIT = { timeout: 20000 };

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  return { context, page };
}

async function logIn(page, who, next = '/admin/articles') {
  await page.goto(base + '/admin/login?next=' + encodeURIComponent(next));
  await page.locator('#email').fill(who.email);
  await page.locator('#password').fill(PASSWORD);
  await Promise.all([page.waitForURL(u => u.pathname === next), page.getByRole('button', { name: 'Log in' }).click()]);
}

let serial = 0;
// Makes an article through the editor; returns its id (the page stays on it).
async function newArticle(page) {
  await page.goto(base + '/admin/articles/new');
  await page.locator('#f-title').fill(`Autosaved story ${++serial} ${Date.now() % 100000}`);
  await page.locator('#f-category').selectOption('politics');
  await page.locator('.nr-rich').click();
  await page.keyboard.type('The saved text.');
  await Promise.all([page.waitForURL(/\/admin\/articles\/\d+\?notice=saved/), page.getByRole('button', { name: 'Save', exact: true }).click()]);
  return Number(/\/admin\/articles\/(\d+)/.exec(page.url())[1]);
}

const status = page => page.locator('[data-autosave-status]');
const banner = page => page.locator('[data-restore]');

// Types into the body (the rich-text editor), at its end.
async function typeInBody(page, words) {
  await page.locator('.nr-rich').click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(words, { delay: 2 });
}

// The body's Markdown as the form holds it, without its final line break.
const bodyText = async page => (await page.locator('#f-body').inputValue()).trimEnd();

// Opens the editor of id, finds the banner offering source, restores, and
// checks the body.
async function restoreOffered(page, id, source, bodyEnd) {
  await page.goto(`${base}/admin/articles/${id}`);
  await banner(page).waitFor({ state: 'visible', ...WAIT });
  assert.match(await banner(page).textContent(), new RegExp(`You have unsaved changes from \\S+.*\\(${source}\\)`, 's'));
  assert.ok(!(await bodyText(page)).endsWith(bodyEnd), 'the page shows the saved text');
  await banner(page).getByRole('link', { name: 'Restore' }).click();
  await banner(page).waitFor({ state: 'hidden' });
  assert.ok((await bodyText(page)).endsWith(bodyEnd), 'restored');
  assert.ok((await page.locator('.nr-rich').textContent()).endsWith(bodyEnd), 'the rich editor shows it');
}

test('typing is autosaved; after a reload the banner offers it and Restore gives the text back', async () => {
  const { context, page } = await newPage();
  await logIn(page, EDA);
  const id = await newArticle(page);
  await typeInBody(page, ' Typed after the save.');
  await page.locator('#f-title').fill('A changed title');
  await status(page).filter({ hasText: /^Draft saved \d\d:\d\d$/ }).waitFor(WAIT);
  assert.equal(sqlNumber(site.db, `select count(*) from drafts where article_id = ${id}`), 1);
  page.on('dialog', d => d.accept());
  await restoreOffered(page, id, 'this browser|saved on the server', 'Typed after the save.');
  assert.equal(await page.locator('#f-title').inputValue(), 'A changed title', 'every field, not only the body');
  // The preview heard the restore (its input event).
  await page.waitForFunction(() => document.querySelector('[data-preview]').textContent.includes('Typed after the save.'));
  // Saving for real forgets both copies: no banner after.
  await Promise.all([page.waitForURL(/notice=saved/), page.getByRole('button', { name: 'Save', exact: true }).click()]);
  assert.equal(sqlNumber(site.db, `select count(*) from drafts where article_id = ${id}`), 0);
  await page.goto(`${base}/admin/articles/${id}`);
  assert.equal(await banner(page).isVisible(), false);
  assert.equal(await page.evaluate(k => localStorage.getItem(k), await page.evaluate(() => {
    const f = document.querySelector('[data-editor]');
    return `gazette-draft:${f.dataset.user}:${f.dataset.article}`;
  })), null);
  // Discard forgets an offered draft.
  await typeInBody(page, ' To be thrown away.');
  await status(page).filter({ hasText: /^Draft saved/ }).waitFor(WAIT);
  await page.reload();
  await banner(page).waitFor({ state: 'visible', ...WAIT });
  await banner(page).getByRole('button', { name: 'Discard' }).click();
  await banner(page).waitFor({ state: 'hidden' });
  await page.waitForFunction(async u => (await fetch(u)).status === 404, `/admin/articles/${id}/draft`);
  await page.reload();
  assert.equal(await banner(page).isVisible(), false);
  await context.close();
});

test('the server killed with kill -9 and started again: the editor offers the server draft', async () => {
  const { context, page } = await newPage();
  await logIn(page, EDA);
  const id = await newArticle(page);
  await typeInBody(page, ' Written before the crash.');
  await status(page).filter({ hasText: /^Draft saved/ }).waitFor(WAIT);
  await context.close();
  server.child.kill('SIGKILL');
  await new Promise(r => server.child.once('exit', r));
  server = await serve(site);
  base = server.base;
  // Another browser (no copy of its own): the server's draft is offered.
  const fresh = await newPage();
  await logIn(fresh.page, EDA);
  await restoreOffered(fresh.page, id, 'saved on the server', 'Written before the crash.');
  await fresh.context.close();
});

test('typing offline is kept in the browser, and offered after going back online', async () => {
  const { context, page } = await newPage();
  await logIn(page, EDA);
  const id = await newArticle(page);
  // The server never hears of it: offline, and its draft route refused after.
  await context.route('**/draft', route => route.abort());
  await context.setOffline(true);
  await typeInBody(page, ' Typed on the train.');
  await status(page).filter({ hasText: 'Offline: kept in this browser' }).waitFor(WAIT);
  await context.setOffline(false);
  // Opened again in another tab (the first one, leaving, would send its beacon).
  assert.equal(sqlNumber(site.db, `select count(*) from drafts where article_id = ${id}`), 0, 'only the browser has it');
  const again = await context.newPage();
  await restoreOffered(again, id, 'this browser', 'Typed on the train.');
  await context.close();
});

test('an expired session: autosave says signed out; a Save keeps the text; after logging in again it is offered', async () => {
  const { context, page } = await newPage();
  await logIn(page, EDA);
  const id = await newArticle(page);
  sql(site.db, `delete from sessions where user_id = (select id from users where email = '${EDA.email}')`);
  await typeInBody(page, ' Typed while signed out.');
  const line = status(page).filter({ hasText: 'Signed out: your text is kept in this browser; sign in again' });
  await line.waitFor(WAIT);
  assert.equal(await line.locator('a').getAttribute('target'), '_blank');
  assert.equal(await line.locator('a').getAttribute('href'), `/admin/login?next=${encodeURIComponent(`/admin/articles/${id}`)}`);
  // Save anyway: refused, and the page says where the text is.
  page.on('dialog', d => d.accept());
  await Promise.all([page.waitForURL(new RegExp(`/admin/articles/${id}$`)), page.getByRole('button', { name: 'Save', exact: true }).click()]);
  assert.match(await page.locator('main').textContent(), /nothing was saved.*kept in this browser/s);
  assert.equal(sql(site.db, `select body_markdown from article_bodies where article_id = ${id}`), 'The saved text.');
  await Promise.all([page.waitForURL(/\/admin\/login/), page.getByRole('link', { name: 'Log in again' }).click()]);
  await page.locator('#email').fill(EDA.email);
  await page.locator('#password').fill(PASSWORD);
  await Promise.all([page.waitForURL(new RegExp(`/admin/articles/${id}$`)), page.getByRole('button', { name: 'Log in' }).click()]);
  await restoreOffered(page, id, 'this browser', 'Typed while signed out.');
  await context.close();
});

test('an expired session, logged in again in another tab: autosave carries on in the first', async () => {
  const { context, page } = await newPage();
  await logIn(page, EDA);
  const id = await newArticle(page);
  sql(site.db, `delete from sessions where user_id = (select id from users where email = '${EDA.email}')`);
  await typeInBody(page, ' Before the new login.');
  await status(page).filter({ hasText: /^Signed out/ }).waitFor(WAIT);
  const other = await context.newPage();
  await logIn(other, EDA, `/admin/articles/${id}`);
  await other.close();
  await status(page).filter({ hasText: /^Draft saved/ }).waitFor(WAIT);
  const fields = JSON.parse(sql(site.db, `select fields from drafts where article_id = ${id}`));
  assert.ok(fields.body_markdown.trimEnd().endsWith('Before the new login.'));
  await context.close();
});

test('two editors: the second sees who is editing and takes over; the first is told at once', async () => {
  const eda = await newPage(), ozan = await newPage();
  await logIn(eda.page, EDA);
  const id = await newArticle(eda.page);
  await logIn(ozan.page, OZAN, `/admin/articles/${id}`);
  const edaBox = eda.page.locator('[data-presence]'), ozanBox = ozan.page.locator('[data-presence]');
  await ozanBox.filter({ hasText: 'Eda Editor is editing this article.' }).waitFor(WAIT);
  await edaBox.filter({ hasText: 'Ozan Reporter is editing this article.' }).waitFor(WAIT);
  assert.equal(await edaBox.getByRole('button', { name: 'Take over' }).isVisible(), false, 'she holds it');
  await ozanBox.getByRole('button', { name: 'Take over' }).click();
  await ozanBox.getByRole('button', { name: 'Take over' }).waitFor({ state: 'hidden', ...WAIT });
  await edaBox.filter({ hasText: /Ozan Reporter took over editing at \d\d:\d\d; your text is kept as a draft\./ }).waitFor({ timeout: 8000 });
  // Her autosave still keeps her draft, and her Save asks first.
  await typeInBody(eda.page, ' Eda keeps typing.');
  await eda.page.locator('[data-autosave-status]').filter({ hasText: /^Draft saved/ }).waitFor(WAIT);
  const before = eda.page.url();
  const asked = new Promise(resolve => eda.page.once('dialog', d => { resolve(d.message()); d.dismiss(); }));
  await eda.page.getByRole('button', { name: 'Save', exact: true }).click();
  assert.match(await asked, /took over editing/);
  await eda.page.waitForTimeout(300); /* a refused save would have left by now */
  assert.equal(eda.page.url(), before, 'not saved');
  assert.equal(sql(site.db, `select body_markdown from article_bodies where article_id = ${id}`), 'The saved text.');
  // Ozan leaves: Eda no longer sees him.
  await ozan.page.close();
  await edaBox.waitFor({ state: 'hidden', ...WAIT });
  await eda.context.close();
  await ozan.context.close();
});

test('two tabs of one editor: "You have this article open in another tab"', async () => {
  const { context, page } = await newPage();
  await logIn(page, EDA);
  const id = await newArticle(page);
  const second = await context.newPage();
  await second.goto(`${base}/admin/articles/${id}`);
  await second.locator('[data-presence]').filter({ hasText: 'You have this article open in another tab.' }).waitFor(WAIT);
  await context.close();
});

const failed = await run({
  before: async () => {
    site = makeSite();
    for (const u of [EDA, OZAN]) {
      const r = addUser(site, u);
      if (r.status !== 0) throw new Error(r.stderr);
    }
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
