// Makes the share card: the 1200x630 PNG that social previews show for a
// page without a lead image (og:image, twitter:image). It is drawn here, in
// the theme's colours with its "G" mark, and rendered by Debian's Chromium
// (as scripts/screenshots.mjs does), so the picture is our own work.
//   node scripts/share-card.mjs                      themes/default/static/share-card.png
//   node scripts/share-card.mjs --name "Caspian Herald" --out /srv/theme/static/share-card.png
// --name adds the site's name under the mark: a site keeps such a card in
// its theme_dir. The card must stay a PNG (pages read its size from it).
import path from 'node:path';
import { root } from '../tests/lib/server.mjs';
import { launch } from '../tests/lib/browser.mjs';

const WIDTH = 1200, HEIGHT = 630;
const args = process.argv.slice(2);
const option = (name, fallback) => { const i = args.indexOf(name); return i >= 0 && args[i + 1] ? args[i + 1] : fallback; };
const name = option('--name', '');
const out = path.resolve(option('--out', path.join(root, 'themes/default/static/share-card.png')));

const escape = s => s.replace(/[&<>"]/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
// The theme's accent (--accent in gazette.css) and its serif.
const html = `<!DOCTYPE html><html><head><meta charset="utf-8"><style>
  html, body { margin: 0; width: ${WIDTH}px; height: ${HEIGHT}px; overflow: hidden; }
  body { background: #a4161a; color: #fff; font-family: "DejaVu Serif", Georgia, serif;
         display: flex; flex-direction: column; align-items: center; justify-content: center; }
  .frame { position: absolute; inset: 28px; border: 3px solid rgba(255, 255, 255, 0.55); }
  .mark { width: 260px; height: 260px; border-radius: 44px; background: #fff; color: #a4161a;
          display: flex; align-items: center; justify-content: center;
          font-weight: 700; font-size: 210px; line-height: 1; padding-top: 8px; box-sizing: border-box; }
  .rules { display: flex; gap: 18px; margin-top: 44px; }
  .rules span { display: block; width: 150px; height: 6px; background: rgba(255, 255, 255, 0.8); }
  .name { margin-top: 34px; font-weight: 700; font-size: 64px; letter-spacing: 0.01em;
          max-width: 1040px; text-align: center; }
</style></head><body><div class="frame"></div><div class="mark">G</div>
${name ? `<div class="name">${escape(name)}</div>` : '<div class="rules"><span></span><span></span><span></span></div>'}
</body></html>`;

const browser = await launch();
const page = await browser.newPage({ viewport: { width: WIDTH, height: HEIGHT }, deviceScaleFactor: 1 });
await page.setContent(html);
await page.screenshot({ path: out, type: 'png', clip: { x: 0, y: 0, width: WIDTH, height: HEIGHT } });
await browser.close();
console.log(out);
