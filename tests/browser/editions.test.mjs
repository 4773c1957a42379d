// Browser tests of the editions in real headless Chromium: the copy-link
// toast in each edition's language with the canonical URL copied, the
// language switch from an article to its translation and back, the night
// theme toggle's label in Russian and Azerbaijani, and the search overlay's
// script-made texts (from data attributes) in Russian.
import path from 'node:path';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, fixtures } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';

suite('browser editions');
let site, server, base, browser;

const BASE_URL = 'https://news.example.com';
const config = `
[site]
name = Test Herald
base_url = ${BASE_URL}
timezone = Asia/Baku
languages = en, ru, az
default_language = en

[ru]
name = Тестовый вестник

[az]
name = Test Xəbərçisi

[social]
youtube = https://www.youtube.com/@testherald
`;

// tests/fixtures/editions: an English article and its Russian translation,
// and an article in Azerbaijani only.
const EN = '/en/bridges/kura-footbridge-reopens';
const RU = '/ru/bridges/novyy-most-cherez-kuru';
const AZ = '/az/culture/eli-ismayilov-shekide-ag-chorek-bayramini-achdi-uch-gun-dord-mehelle';

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  return { context, page };
}

// Presses the copy-link button (found by its name in the edition's
// language) and returns the toast's text and what the clipboard holds.
async function copyLink(pathname, buttonName) {
  const { context, page } = await newPage();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
  await page.goto(base + pathname);
  const toast = page.locator('[data-toast]');
  assert.equal(await toast.isVisible(), false, 'no toast before the click');
  await page.getByRole('button', { name: buttonName, exact: true }).click();
  await toast.waitFor({ state: 'visible' });
  const shown = await toast.textContent();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  await toast.waitFor({ state: 'hidden', timeout: 5000 });
  assert.deepEqual(page.errors, []);
  await context.close();
  return { shown, copied };
}

test('Russian article: "Копировать ссылку" copies the canonical URL and says "Ссылка скопирована"', async () => {
  const { shown, copied } = await copyLink(RU, 'Копировать ссылку');
  assert.equal(shown, 'Ссылка скопирована');
  assert.equal(copied, BASE_URL + RU);
});

test('English article: "Copy link" says "Link copied"', async () => {
  const { shown, copied } = await copyLink(EN, 'Copy link');
  assert.equal(shown, 'Link copied');
  assert.equal(copied, BASE_URL + EN);
});

test('Azerbaijani article: "Keçidi kopyala" says "Keçid kopyalandı"', async () => {
  const { shown, copied } = await copyLink(AZ, 'Keçidi kopyala');
  assert.equal(shown, 'Keçid kopyalandı');
  assert.equal(copied, BASE_URL + AZ);
});

test('the language switch (RU) on an English article opens its Russian translation, and EN leads back', async () => {
  const { context, page } = await newPage();
  await page.goto(base + EN);
  assert.equal(await page.locator('h1').textContent(), 'Kura footbridge reopens after repairs');
  await page.locator('nav.editions').getByRole('link', { name: 'RU', exact: true }).click();
  await page.waitForURL(url => url.pathname === RU);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'ru');
  assert.equal(await page.locator('h1').textContent(), 'Новый мост через Куру');
  assert.equal(await page.locator('nav.editions a[aria-current=true]').textContent(), 'RU');
  await page.locator('nav.editions').getByRole('link', { name: 'EN', exact: true }).click();
  await page.waitForURL(url => url.pathname === EN);
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  // No Azerbaijani translation: AZ leads to the Azerbaijani home.
  await page.locator('nav.editions').getByRole('link', { name: 'AZ', exact: true }).click();
  await page.waitForURL(url => url.pathname === '/az/');
  assert.equal(await page.locator('header .logo').textContent(), 'Test Xəbərçisi');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('the night theme toggle has its label in each edition and works', async () => {
  for (const [pathname, label] of [['/az/', 'Gecə rejimi'], [AZ, 'Gecə rejimi'], ['/ru/', 'Ночная тема'], [EN, 'Night theme']]) {
    const { context, page } = await newPage({ colorScheme: 'light' });
    await page.goto(base + pathname);
    const toggle = page.getByRole('button', { name: label, exact: true });
    assert.equal(await toggle.count(), 1, `${pathname}: a button named ${label}`);
    assert.equal(await toggle.getAttribute('title'), label);
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await toggle.click();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.theme), 'dark', pathname);
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    assert.deepEqual(page.errors, []);
    await context.close();
  }
});

test('the Russian search overlay: its prompt, "Все результаты (N)" and "Ничего не найдено."', async () => {
  const { context, page } = await newPage();
  const expected = await (await fetch(base + '/ru/search.json?limit=5&q=' + encodeURIComponent('мост'))).json();
  assert.ok(expected.total >= 1, 'a match for the test');
  await page.goto(base + RU);
  await page.getByRole('link', { name: 'Поиск', exact: true }).click();
  await page.locator('#search-dialog').waitFor({ state: 'visible' });
  assert.equal(await page.locator('#search-prompt').textContent(), 'Что вы ищете?');
  const box = page.locator('[data-search-results]');
  await page.locator('#search-q').fill('мост');
  const all = box.locator('a.search-all');
  await all.waitFor({ state: 'visible' });
  assert.equal(await all.textContent(), `Все результаты (${expected.total})`);
  assert.equal(await all.getAttribute('href'), '/ru/search?q=' + encodeURIComponent('мост'));
  await page.locator('#search-q').fill('zzqxjvw');
  await box.getByText('Ничего не найдено.', { exact: true }).waitFor({ state: 'visible' });
  await page.getByRole('button', { name: 'Закрыть', exact: true }).click();
  await page.locator('#search-dialog').waitFor({ state: 'hidden' });
  assert.deepEqual(page.errors, []);
  await context.close();
});

const failed = await run({
  before: async () => {
    site = makeSite({ config, imports: [path.join(fixtures, 'editions')] });
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
