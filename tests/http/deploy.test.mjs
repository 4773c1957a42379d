// The files in deploy/, tried as an operator installs them: the systemd
// unit passes `systemd-analyze verify` with its hardening in place; nginx
// (Debian's) runs deploy/nginx/gazette.conf as written but for ports and
// certificate paths, terminating TLS in front of a node; Varnish (Debian's,
// with varnish-modules' xkey) runs deploy/varnish/gazette.vcl in front of a
// node: a page is a hit the second time, the newsroom and anything asked
// with a session never are, and purges by tag are taken from purgers only.
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, bin, root, defaultConfig } from '../lib/server.mjs';
import { request, addToken } from '../lib/newsroom.mjs';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, rmSync, chmodSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import https from 'node:https';
import net from 'node:net';

suite('deploy');
const work = mkdtempSync(path.join(tmpdir(), 'gazette-deploy-'));
chmodSync(work, 0o755);
const site = makeSite({ config: defaultConfig.replace('[server]', '[server]\ntrusted_proxies = 127.0.0.1') });
const node = await serve(site);
const nodePort = new URL(node.base).port;
const children = [];
const ARTICLE = '/en/politics/fixture-bridge-opens';

// A port nobody listens on.
function freePort() {
  return new Promise(resolve => {
    const s = net.createServer().listen(0, '127.0.0.1', () => { const p = s.address().port; s.close(() => resolve(p)); });
  });
}

// Resolves once something listens on port (at most ms).
async function listening(port, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const ok = await new Promise(resolve => {
      const c = net.connect(port, '127.0.0.1', () => { c.destroy(); resolve(true); });
      c.on('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > end) throw new Error(`nothing listens on ${port}`);
    await new Promise(r => setTimeout(r, 50));
  }
}

function started(cmd, args) {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', d => { out += d; });
  child.stderr.on('data', d => { out += d; });
  child.output = () => out;
  children.push(child);
  return child;
}

test('the systemd unit verifies, runs as its own user, and may write only its state folder', () => {
  const unit = readFileSync(path.join(root, 'deploy/systemd/gazette.service'), 'utf8');
  for (const line of ['User=gazette', 'ProtectSystem=strict', 'ReadWritePaths=/var/lib/gazette', 'Restart=on-failure',
    'NoNewPrivileges=true', 'CapabilityBoundingSet=', 'KillSignal=SIGTERM', 'PrivateTmp=true'])
    assert.ok(unit.split('\n').includes(line), line);
  // Verified with the binary where this checkout built it.
  const copy = path.join(work, 'gazette.service');
  writeFileSync(copy, unit.replaceAll('/usr/local/bin/gazette', bin));
  const r = spawnSync('systemd-analyze', ['verify', copy], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr.trim(), '', r.stderr);
  assert.match(readFileSync(path.join(root, 'deploy/systemd/gazette.sysusers'), 'utf8'), /^u gazette - /m);
});

test('nginx with deploy/nginx/gazette.conf terminates TLS in front of a node and passes the client on', async () => {
  const key = path.join(work, 'privkey.pem'), cert = path.join(work, 'fullchain.pem');
  const ssl = spawnSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert,
    '-days', '1', '-subj', '/CN=news.example.com'], { encoding: 'utf8' });
  assert.equal(ssl.status, 0, ssl.stderr);
  const [plain, tls] = [await freePort(), await freePort()];
  const siteConf = readFileSync(path.join(root, 'deploy/nginx/gazette.conf'), 'utf8')
    .replace('server 127.0.0.1:8080', `server 127.0.0.1:${nodePort}`)
    .replaceAll('/etc/ssl/gazette/fullchain.pem', cert).replaceAll('/etc/ssl/gazette/privkey.pem', key)
    .replace(/listen 80;\n\s*listen \[::\]:80;/, `listen 127.0.0.1:${plain};`)
    .replace(/listen 443 ssl http2;\n\s*listen \[::\]:443 ssl http2;/, `listen 127.0.0.1:${tls} ssl http2;`);
  assert.ok(siteConf.includes(`127.0.0.1:${tls} ssl`) && siteConf.includes(`server 127.0.0.1:${nodePort}`), 'the file as shipped was edited as an operator would');
  const temp = path.join(work, 'nginx-temp');
  mkdirSync(temp);
  writeFileSync(path.join(work, 'gazette-site.conf'), siteConf);
  const conf = path.join(work, 'nginx.conf');
  writeFileSync(conf, `user root;\npid ${work}/nginx.pid;\nerror_log ${work}/nginx-error.log;\nevents {}\nhttp {\n` +
    `  access_log off;\n  client_body_temp_path ${temp};\n  proxy_temp_path ${temp};\n  fastcgi_temp_path ${temp};\n` +
    `  uwsgi_temp_path ${temp};\n  scgi_temp_path ${temp};\n  include ${work}/gazette-site.conf;\n}\n`);
  const check = spawnSync('nginx', ['-t', '-p', work, '-c', conf], { encoding: 'utf8' });
  assert.equal(check.status, 0, check.stderr);
  started('nginx', ['-p', work, '-c', conf, '-g', 'daemon off;']);
  await listening(tls);
  const redirect = await request(`http://127.0.0.1:${plain}${ARTICLE}`, { headers: { Host: 'news.example.com' } });
  assert.equal(redirect.status, 301);
  assert.equal(redirect.headers.location, `https://news.example.com${ARTICLE}`);
  const page = await new Promise((resolve, reject) => {
    https.get({ host: '127.0.0.1', port: tls, path: ARTICLE, servername: 'news.example.com', rejectUnauthorized: false,
      headers: { Host: 'news.example.com' } }, res => {
      let body = '';
      res.on('data', d => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body }));
    }).on('error', reject);
  });
  assert.equal(page.status, 200);
  assert.match(page.body, /Fixture bridge opens over the Kura/);
  assert.match(page.headers['strict-transport-security'], /max-age=31536000/);
  assert.match(page.headers['x-request-id'], /^[0-9a-f]{32}$/, 'nginx\'s request id, taken by the node');
});

test('Varnish with deploy/varnish/gazette.vcl: a hit the second time, never the newsroom or a session; a change purges exactly its pages by tag', async () => {
  const port = await freePort();
  // A node that purges this Varnish ([cache] purge_url), behind it.
  const purging = makeSite({ config: defaultConfig.replace('[server]', '[server]\ntrusted_proxies = 127.0.0.1') +
    `\n[cache]\npurge_url = http://127.0.0.1:${port}/\n` });
  const token = addToken(purging, 'purges', 'editor');
  const behind = await serve(purging);
  try {
    const vcl = readFileSync(path.join(root, 'deploy/varnish/gazette.vcl'), 'utf8')
      .replace('.port = "8080";', `.port = "${new URL(behind.base).port}";`);
    assert.match(vcl, /import xkey;/);
    const file = path.join(work, 'gazette.vcl');
    writeFileSync(file, vcl);
    const dir = path.join(work, 'varnish');
    mkdirSync(dir);
    // As root without its jail (the tests run as root; Debian's service
    // runs it as its own user).
    const varnish = started('varnishd', ['-j', 'none', '-F', '-n', dir, '-a', `127.0.0.1:${port}`, '-f', file,
      '-s', 'malloc,32m', '-p', 'default_grace=0']);
    await listening(port).catch(e => { throw new Error(`${e.message}: ${varnish.output()}`); });
    const base = `http://127.0.0.1:${port}`;
    // Wait for the backend probe (/readyz) to find the node ready.
    const end = Date.now() + 15000;
    while ((await request(base + '/en/')).status !== 200 && Date.now() < end) await new Promise(r => setTimeout(r, 200));
    const first = await request(base + ARTICLE);
    const second = await request(base + ARTICLE);
    assert.equal(first.status, 200);
    assert.equal(second.headers['x-cache'], 'hit', 'the second time from Varnish');
    assert.equal(second.text, first.text);
    assert.equal(second.headers.xkey, undefined, 'tags are not for browsers');
    assert.match(first.headers['surrogate-key'], /(^| )a\d+( |$)/, 'a CDN reads Surrogate-Key');
    for (const p of ['/admin/login', '/healthz', '/metrics']) {
      await request(base + p);
      const again = await request(base + p);
      assert.equal(again.headers['x-cache'], 'miss', `${p} is never kept`);
    }
    const login = await request(base + '/admin/login');
    assert.ok(login.setCookies.some(c => c.startsWith('gazette_login=')), 'the newsroom\'s cookie reaches the browser');
    assert.equal((await request(base + ARTICLE, { headers: { Cookie: 'gazette_session=abc' } })).headers['x-cache'], 'miss',
      'asked with a session: passed to the node');
    assert.equal((await request(base + ARTICLE, { headers: { Cookie: 'other=1' } })).headers['x-cache'], 'hit',
      'other cookies do not split the cache');
    assert.equal((await request(base + '/', { method: 'PURGE' })).status, 400);

    // Warm what the change touches, and what it does not.
    const touched = [ARTICLE, '/en/', '/en/politics/', '/en/rss.xml'], untouched = ['/en/world/', '/ru/'];
    for (const p of [...touched, ...untouched]) { const w = await request(base + p); const h = await request(base + p); assert.equal(h.headers['x-cache'], 'hit', `${p}: ${w.status} ${JSON.stringify(h.headers)}`); }
    const api = (method, p, json) => request(behind.base + p, { method, body: JSON.stringify(json),
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' } });
    const id = Number(/(?:^| )a(\d+)(?: |$)/.exec(first.headers['surrogate-key'])[1]);
    const patched = await api('PATCH', `/api/v1/admin/articles/${id}`, { title: 'Fixture bridge opens, purged' });
    assert.equal(patched.status, 200, patched.text.slice(0, 300));
    // Within a second every touched page is fetched anew, with the change.
    const until = Date.now() + 1000;
    let fresh;
    do {
      fresh = await request(base + ARTICLE);
      if (/purged/.test(fresh.text)) break;
      await new Promise(r => setTimeout(r, 20));
    } while (Date.now() < until);
    assert.match(fresh.text, /Fixture bridge opens, purged/, 'the article page, purged within a second');
    // Its lists were purged with it (fetched anew: a miss), whether or not
    // it is among the stories they show now.
    for (const p of touched.slice(1)) assert.equal((await request(base + p)).headers['x-cache'], 'miss', `${p} purged`);
    for (const p of untouched) assert.equal((await request(base + p)).headers['x-cache'], 'hit', `${p} kept: the change is not there`);
    // A new article enters the lists it belongs to.
    const created = await api('POST', '/api/v1/admin/articles', { title: 'Brand new in politics', category: 'politics',
      lang: 'en', body_markdown: 'New.', status: 'published' });
    assert.equal(created.status, 201, created.text.slice(0, 300));
    const until2 = Date.now() + 1000;
    let home;
    do {
      home = await request(base + '/en/');
      if (/Brand new in politics/.test(home.text)) break;
      await new Promise(r => setTimeout(r, 20));
    } while (Date.now() < until2);
    assert.match(home.text, /Brand new in politics/, 'the home page, within a second');
    assert.match((await request(base + '/en/politics/')).text, /Brand new in politics/);
    const metrics = (await request(behind.base + '/metrics')).text;
    assert.ok(Number(/^gazette_cache_purges_total (\d+)$/m.exec(metrics)[1]) >= 2, 'purges counted');
    assert.equal(Number(/^gazette_cache_purge_failures_total (\d+)$/m.exec(metrics)[1]), 0);
  } finally {
    await behind.stop();
    purging.remove();
  }
});

const failed = await run({ after: async () => {
  for (const c of children) { try { c.kill('SIGTERM'); } catch { /* gone */ } }
  await node.stop();
  site.remove();
  rmSync(work, { recursive: true, force: true });
} });
process.exitCode = failed ? 1 : 0;
