// A configured theme folder overrides the built-in templates and assets;
// a broken template stops start-up with a message naming it.
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, gazette, defaultConfig } from '../lib/server.mjs';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

suite('theme');
const themeDir = mkdtempSync(path.join(tmpdir(), 'gazette-theme-'));
mkdirSync(path.join(themeDir, 'templates'));
mkdirSync(path.join(themeDir, 'static'));
const config = defaultConfig.replace('[social]', `theme_dir = ${themeDir}\n\n[social]`);

test('templates and static files in theme_dir replace the built-in ones', async () => {
  writeFileSync(path.join(themeDir, 'templates/not_found.html'),
    '<h1>{{_ Page not found}}</h1><p class="custom">Our own 404 for {{site_name}}</p>');
  writeFileSync(path.join(themeDir, 'static/gazette.css'), 'body { color: #123456; }\n');
  const site = makeSite({ config, demo: false, imports: [] });
  const server = await serve(site);
  try {
    const res = await fetch(server.base + '/missing');
    const html = await res.text();
    assert.equal(res.status, 404);
    assert.match(html, /<p class="custom">Our own 404 for Test Herald<\/p>/);
    const css = html.match(/href="(\/static\/gazette\.[0-9a-f]+\.css)"/)[1];
    assert.equal(await (await fetch(server.base + css)).text(), 'body { color: #123456; }\n');
  } finally {
    await server.stop();
    site.remove();
  }
});

test('a template with a syntax error stops serve with its name and line', async () => {
  writeFileSync(path.join(themeDir, 'templates/not_found.html'), '<h1>\n{{#oops}}never closed\n');
  const site = makeSite({ config, demo: false, imports: [] });
  const r = gazette(['serve', '--db', site.db, '--config', site.ini, '--listen', '127.0.0.1:0']);
  site.remove();
  assert.equal(r.status, 1);
  assert.match(r.stderr, /not_found:\d+: section never closed: oops/);
});

const failed = await run({ after: () => rmSync(themeDir, { recursive: true, force: true }) });
process.exitCode = failed ? 1 : 0;
