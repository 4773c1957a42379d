// Takes the screenshots in docs/ from a fresh demo site: the article page
// in the light and night themes, on a desktop and on a phone.
//   node scripts/screenshots.mjs   (after make test has installed the tools)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { makeSite, serve, root } from '../tests/lib/server.mjs';
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
await browser.close();
await server.stop();
site.remove();
