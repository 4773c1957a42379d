// Takes the screenshots in docs/ from a fresh demo site: the article page
// in the light and night themes, on a desktop and on a phone, the home
// page, and the newsroom's conflict page (two editors saving one story).
//   node scripts/screenshots.mjs   (after make test has installed the tools)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeSite, serve, root, gazette } from '../tests/lib/server.mjs';
import { launch } from '../tests/lib/browser.mjs';

const ARTICLE = '/en/economy/ferry-winter-timetable-baku-aktau';
const site = makeSite({ config: readFileSync(path.join(root, 'gazette.ini'), 'utf8'), imports: [] });
const server = await serve(site);
const browser = await launch();
const shots = [
  ['article-light.png', 'light', { width: 1280, height: 1400 }, ARTICLE],
  ['article-dark.png', 'dark', { width: 1280, height: 1400 }, ARTICLE],
  ['article-phone-light.png', 'light', { width: 390, height: 844 }, ARTICLE],
  ['home-light.png', 'light', { width: 1280, height: 1400 }, '/en/'],
];
for (const [file, scheme, viewport, url] of shots) {
  const page = await browser.newPage({ viewport, colorScheme: scheme, deviceScaleFactor: 1 });
  await page.goto(server.base + url);
  await page.screenshot({ path: path.join(root, 'docs', file) });
  await page.close();
  console.log('docs/' + file);
}
// Two editors open the same story; the first saves, then the second.
const PASSWORD = 'screenshots password 1';
for (const [email, name] of [['ada@example.com', 'Ada Aliyeva'], ['bo@example.com', 'Bo Hasanov']])
  gazette(['user', 'add', '--db', site.db, '--email', email, '--name', name, '--role', 'editor'], { input: PASSWORD + '\n' });
async function editorPage(email) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, deviceScaleFactor: 1 });
  await page.goto(server.base + '/admin/login');
  await page.fill('input[name=email]', email);
  await page.fill('input[name=password]', PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/articles$/), page.click('button[type=submit]')]);
  return page;
}
const ada = await editorPage('ada@example.com'), bo = await editorPage('bo@example.com');
const story = server.base + '/admin/articles/1';
await ada.goto(story);
await bo.goto(story);
await ada.fill('#f-title', (await ada.inputValue('#f-title')) + ', the minister says');
await ada.fill('#f-body', (await ada.inputValue('#f-body')).replace(/\n\n/, '\n\nThe ministry confirmed the figures on Monday.\n\n'));
await Promise.all([ada.waitForURL(/notice=/), ada.click('button[value=save]')]);
await bo.fill('#f-subtitle', 'A lead rewritten at the same moment.');
await Promise.all([bo.waitForLoadState('load'), bo.click('button[value=save]')]);
await bo.waitForSelector('.nr-conflict');
await bo.screenshot({ path: path.join(root, 'docs', 'newsroom-conflict.png') });
console.log('docs/newsroom-conflict.png');
await browser.close();
await server.stop();
site.remove();
