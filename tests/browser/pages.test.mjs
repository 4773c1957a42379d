// Browser tests of the site's static pages: an editor writes one in the
// newsroom's Pages with the story editor (bold from the toolbar saved as
// Markdown, Ctrl+S, leaving with unsaved changes warned), publishes it in
// the footer menu; a reader on a phone finds it in the footer and reads it
// with nothing wider than the screen; the Pages list and form pass axe in
// both themes; deleting asks first.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addUser, sql, PASSWORD } from '../lib/newsroom.mjs';

suite('browser static pages');
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let site, server, base, browser;
const EDITOR = { email: 'eda@example.com', name: 'Eda Editor', role: 'editor' };

async function newsroom({ colorScheme = 'light', axe = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme, bypassCSP: axe });
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

test('an editor writes a page with the story editor, saves with Ctrl+S and publishes it into the footer', async () => {
  const { context, page } = await newsroom();
  try {
    await page.getByRole('link', { name: 'Pages' }).click();
    await page.getByRole('link', { name: 'New page' }).click();
    await page.locator('#p-title').fill('About the Herald');
    await page.locator('#p-menu').fill('1');
    const rich = page.locator('.nr-rich');
    await rich.waitFor();
    await rich.click();
    await page.keyboard.type('We report from ');
    await page.getByRole('button', { name: 'Bold' }).click();
    await page.keyboard.type('Baku');
    await page.getByRole('button', { name: 'Bold' }).click();
    await page.keyboard.type('.');
    await Promise.all([page.waitForURL(/\/admin\/pages\/\d+\?notice=saved/), page.keyboard.press('Control+s')]);
    const id = Number(/pages\/(\d+)/.exec(page.url())[1]);
    assert.equal(sql(site.db, `select body_markdown from pages where id = ${id}`), 'We report from **Baku**.');
    assert.equal(sql(site.db, `select published from pages where id = ${id}`), '0', 'saved as a draft');
    // Unsaved changes are not lost by leaving without a word.
    await page.locator('.nr-rich').click();
    await page.keyboard.type(' More.');
    let asked = false;
    page.once('dialog', d => { asked = d.type() === 'beforeunload'; d.dismiss(); });
    await page.goto(base + '/admin/pages').catch(() => {});
    assert.ok(asked, 'asked before leaving');
    await page.goto(base + `/admin/pages/${id}`).catch(() => {});
    await Promise.all([page.waitForURL(/notice=page-published/), page.getByRole('button', { name: 'Publish' }).click()]);
    assert.equal(await page.locator('.nr-notice, [role=status]').first().isVisible(), true);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test('a reader on a phone finds the page in the footer and reads it, nothing wider than the screen', async () => {
  for (const width of [360, 390]) {
    const context = await browser.newContext({ viewport: { width, height: 800 }, hasTouch: true, isMobile: true });
    const page = await context.newPage();
    try {
      await page.goto(base + '/en/');
      const link = page.locator('.footer-pages a', { hasText: 'About the Herald' });
      await link.scrollIntoViewIfNeeded();
      await Promise.all([page.waitForURL(/\/en\/page\/about-the-herald$/), link.tap()]);
      assert.equal(await page.locator('h1').textContent(), 'About the Herald');
      assert.equal(await page.locator('.static-page strong').textContent(), 'Baku');
      const wide = await page.evaluate(() => document.documentElement.scrollWidth);
      assert.ok(wide <= width, `${wide} px wide on a ${width} px screen`);
    } finally {
      await context.close();
    }
  }
});

test('Pages pass axe in both themes; deleting asks first and keeps the page when refused', async () => {
  const id = sql(site.db, "select id from pages where slug = 'about-the-herald'");
  for (const colorScheme of ['light', 'dark']) {
    const { context, page } = await newsroom({ colorScheme, axe: true });
    try {
      for (const p of ['/admin/pages', '/admin/pages/new', `/admin/pages/${id}`]) {
        await page.goto(base + p);
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }));
        const problems = result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`);
        assert.deepEqual(problems, [], `${colorScheme} ${p}`);
      }
      if (colorScheme === 'light') {
        let question = '';
        page.once('dialog', d => { question = d.message(); d.dismiss(); });
        await page.getByRole('button', { name: 'Delete the page' }).click();
        await page.waitForTimeout(200);
        assert.match(question, /Delete this page\?/);
        assert.equal(sql(site.db, `select count(*) from pages where id = ${id}`), '1', 'still there');
      }
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  }
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
