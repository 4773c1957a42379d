// Helpers for the newsroom and Admin API tests: people and tokens made with
// the command line, SQL on the site's database (db.mjs, on either engine),
// multipart bodies, and a small HTTP
// client that keeps its cookies, logs in through the form and reads the
// session's CSRF token from a page.
//
// The client speaks node:http directly (not fetch) so that it can choose
// its local address: the server locks out an address after five failed
// logins, and 127.0.0.0/8 gives every test that fails on purpose an address
// of its own.
import http from 'node:http';
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { bin, sanitizerErrors } from './server.mjs';

export const PASSWORD = 'correct horse battery';

// node-html-parser, but with the elements inside <pre> parsed too (the
// revisions page shows its diff in a <pre>).
export const parseHtml = text => parse(text, { blockTextElements: { script: true, noscript: true, style: true } });

// Runs `gazette user add` with the password on stdin; returns {status, stdout, stderr}.
export function addUser(site, { email, name, role, password = PASSWORD }) {
  const r = spawnSync(bin, ['user', 'add', '--db', site.db, '--email', email, '--name', name, '--role', role],
    { input: password + '\n', encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Runs `gazette user|token ...` with optional stdin.
export function cli(args, input) {
  const r = spawnSync(bin, args, { input: input ?? '', encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Makes an API token; returns the token (the only line on stdout).
export function addToken(site, name, role) {
  const r = cli(['token', 'add', '--db', site.db, '--name', name, '--role', role]);
  if (r.status !== 0) throw new Error(`token add failed (${r.status}): ${r.stderr}`);
  const lines = r.stdout.split('\n').filter(Boolean);
  if (lines.length !== 1) throw new Error(`token add printed ${lines.length} lines: ${r.stdout}`);
  return lines[0];
}

export { sql, sqlNumber, sqlRows, filesUnder, storedImages, storedImage } from './db.mjs';

// A multipart/form-data body: fields {name: value} and files
// [{name, filename, type, data: Buffer}]. Returns {body, contentType}.
export function multipart(fields = {}, files = []) {
  const boundary = '----gazette' + Math.random().toString(16).slice(2) + Date.now().toString(16);
  const parts = [];
  for (const [k, v] of Object.entries(fields)) {
    for (const one of Array.isArray(v) ? v : [v])
      parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${one}\r\n`));
  }
  for (const f of files) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.name}"; filename="${f.filename}"\r\n` +
      `Content-Type: ${f.type || 'application/octet-stream'}\r\n\r\n`));
    parts.push(f.data);
    parts.push(Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

// One HTTP request. options: {method, headers, body (Buffer|string),
// localAddress, expectContinue}. Resolves with {status, headers, buffer,
// text, setCookies[]}.
export function request(url, { method = 'GET', headers = {}, body, localAddress, expectContinue = false } = {}) {
  return new Promise((resolve, reject) => {
    const u = new URL(url);
    const data = body === undefined ? null : Buffer.isBuffer(body) ? body : Buffer.from(body);
    const h = { ...headers };
    if (data) h['Content-Length'] = String(data.length);
    if (expectContinue) h.Expect = '100-continue';
    const req = http.request({ host: u.hostname, port: u.port, path: u.pathname + u.search, method, headers: h,
      localAddress, agent: false }, res => {
      const chunks = [];
      res.on('data', c => chunks.push(c));
      res.on('end', () => {
        const buffer = Buffer.concat(chunks);
        const sc = res.headers['set-cookie'] || [];
        resolve({ status: res.statusCode, headers: res.headers, buffer, text: buffer.toString('utf8'), setCookies: sc });
      });
      res.on('error', reject);
    });
    let answered = false;
    req.on('response', () => { answered = true; });
    req.setTimeout(30000, () => req.destroy(new Error(`no answer in 30 s: ${method} ${url}`)));
    req.on('error', e => { if (!answered) reject(e); });
    if (data && expectContinue) req.on('continue', () => req.end(data));
    else if (data) req.end(data);
    else req.end();
  });
}

// A browser-like client for /admin/: keeps cookies, logs in, posts forms.
// headers go with every request (e.g. a proxy's X-Forwarded-For).
export class Client {
  constructor(base, { localAddress, headers = {} } = {}) {
    this.base = base;
    this.localAddress = localAddress;
    this.headers = headers;
    this.cookies = new Map();
    this.csrf = null;
    this.last = null;
  }

  cookieHeader() {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }

  keep(res) {
    for (const line of res.setCookies) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim(), value = pair.slice(eq + 1).trim();
      if (!value || attrs.some(a => /^\s*max-age\s*=\s*0\s*$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }

  async send(pathname, options = {}) {
    const headers = { ...this.headers, ...(options.headers || {}) };
    if (this.cookies.size) headers.Cookie = this.cookieHeader();
    const res = await request(this.base + pathname, { ...options, headers, localAddress: this.localAddress });
    this.keep(res);
    res.doc = /text\/html/.test(res.headers['content-type'] || '') ? parseHtml(res.text) : null;
    res.location = res.headers.location || null;
    // Remember the session's CSRF token whenever a page shows one.
    const field = res.doc && !res.doc.querySelector('form[action="/admin/login"]') && res.doc.querySelector('input[name=csrf]');
    if (field && this.cookies.has('gazette_session')) this.csrf = field.getAttribute('value');
    this.last = res;
    return res;
  }

  get(pathname, headers = {}) { return this.send(pathname, { headers }); }

  // Posts a urlencoded form; csrf: true adds the session's token.
  async post(pathname, fields = {}, { csrf = true } = {}) {
    const form = new URLSearchParams();
    if (csrf === true) form.set('csrf', await this.token());
    else if (typeof csrf === 'string') form.set('csrf', csrf);
    for (const [k, v] of Object.entries(fields)) {
      if (v === undefined || v === null) continue;
      for (const one of Array.isArray(v) ? v : [v]) form.append(k, String(one));
    }
    return this.send(pathname, { method: 'POST', body: form.toString(),
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  }

  // Posts multipart/form-data with files [{name, filename, type, data}].
  async postMultipart(pathname, fields = {}, files = [], { csrf = true, expectContinue = false } = {}) {
    const all = { ...fields };
    if (csrf === true) all.csrf = await this.token();
    else if (typeof csrf === 'string') all.csrf = csrf;
    const { body, contentType } = multipart(all, files);
    return this.send(pathname, { method: 'POST', body, headers: { 'Content-Type': contentType }, expectContinue });
  }

  // The session's CSRF token (read from a page when not known yet).
  async token() {
    if (!this.csrf) await this.get('/admin/articles');
    if (!this.csrf) throw new Error('no CSRF token on /admin/articles (not logged in?)');
    return this.csrf;
  }

  // Shows the login form and posts it; returns the POST's answer.
  async tryLogin(email, password, { next } = {}) {
    const form = await this.get('/admin/login' + (next ? '?next=' + encodeURIComponent(next) : ''));
    const csrf = form.doc.querySelector('input[name=csrf]').getAttribute('value');
    const nextValue = form.doc.querySelector('input[name=next]').getAttribute('value');
    return this.post('/admin/login', { email, password, next: nextValue }, { csrf });
  }

  // Logs in (throws when refused) and learns the session's CSRF token.
  async login(email, password = PASSWORD) {
    const res = await this.tryLogin(email, password);
    if (res.status !== 303) throw new Error(`login of ${email} refused: ${res.status} ${res.text.slice(0, 300)}`);
    this.csrf = null;
    await this.token();
    return res;
  }
}

// The id in a Location like /admin/articles/12?notice=...
export function idFrom(location) {
  const m = /\/admin\/articles\/(\d+)/.exec(location || '');
  if (!m) throw new Error('no article id in Location: ' + location);
  return Number(m[1]);
}

// A date-time in the site's zone (Asia/Baku, UTC+4, no summer time) as the
// editor's date field takes it: YYYY-MM-DDTHH:MM[:SS].
export function bakuLocal(epochMs, seconds = false) {
  const iso = new Date(epochMs + 4 * 3600 * 1000).toISOString();
  return iso.slice(0, seconds ? 19 : 16);
}

// The same instant as ISO 8601 with the +04:00 offset, for the API.
export function bakuIso(epochMs) {
  return bakuLocal(epochMs, true) + '+04:00';
}

export const sleep = ms => new Promise(r => setTimeout(r, ms));

// True when a server started by serve() has exited.
export function serverDied(srv) {
  return srv.child.exitCode !== null || srv.child.signalCode !== null;
}

// What a dead server left on stderr, in one line: how it ended, the
// sanitizer's words and the first frames in Gazette's sources.
export function crashSummary(stderr, code, signal) {
  const lines = stderr.split('\n');
  const errs = lines.filter(l => /AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer/.test(l)).slice(0, 2);
  const frames = lines.filter(l => /^\s+#\d+ .* in \w+ .*src\//.test(l)).slice(0, 4)
    .map(l => l.trim().replace(/^#\d+ 0x[0-9a-f]+ in /, ''));
  return `exit ${code}, signal ${signal}: ${errs.join(' | ').trim() || stderr.trim().split('\n').slice(-2).join(' | ')}` +
    (frames.length ? ` [${frames.join(' <- ')}]` : '');
}

// Ends a test's own server (srv, possibly never started) and site: a
// server that died, or stops with a sanitizer's report or a bad exit,
// fails the test with what it said (and what the test saw, failure);
// otherwise the test's own failure, if any, is thrown.
export async function finishOwnServer(srv, site, failure) {
  try {
    if (srv) {
      const stopped = serverDied(srv)
        ? { code: srv.child.exitCode, signal: srv.child.signalCode, stderr: srv.stderr() }
        : await srv.stop();
      if (sanitizerErrors(stopped.stderr).length || stopped.code !== 0)
        throw new Error(`the server died: ${crashSummary(stopped.stderr, stopped.code, stopped.signal)}` +
          (failure ? `; the test saw: ${failure.message}` : ''));
    }
  } finally {
    site.remove();
  }
  if (failure) throw failure;
}

// Wraps a test so that a server that dies during it fails that test (with
// what the server said) and is started again for the tests after it.
// holder: {get server(), restart: async () => {...}}.
export function guarded(fn, holder) {
  return async () => {
    let failure = null;
    try { await fn(); } catch (err) { failure = err; }
    const srv = holder.server;
    // A dead server shows first as a broken connection; its exit comes after.
    for (let i = 0; failure && i < 10 && !serverDied(srv); i++) await new Promise(r => setTimeout(r, 50));
    if (serverDied(srv)) {
      await new Promise(r => setTimeout(r, 100)); // let stderr drain
      const summary = crashSummary(srv.stderr(), srv.child.exitCode, srv.child.signalCode);
      await holder.restart();
      throw new Error(`the server died: ${summary}` + (failure ? `; the test saw: ${failure.message}` : ''));
    }
    if (failure) throw failure;
  };
}

// The values the editor's form (/admin/articles/ID) would send as it
// stands: every input, textarea and select of form[data-editor] but the
// CSRF token and file fields, entities decoded, and a textarea's text
// without the one newline that may follow its start tag (HTML's parsing
// rule: a browser drops it).
export function editorForm(doc) {
  const form = doc.querySelector('form[data-editor]');
  if (!form) throw new Error('no editor form on the page');
  const decode = s => s.replace(/&#x([0-9a-f]+);/gi, (_, h) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d) => String.fromCodePoint(Number(d)))
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
  const out = {};
  for (const el of form.querySelectorAll('input, textarea, select')) {
    const name = el.getAttribute('name');
    const type = (el.getAttribute('type') || '').toLowerCase();
    if (!name || name === 'csrf' || type === 'file') continue;
    // The markup as sent (entities once, decoded below), less the newline
    // HTML drops after <textarea>.
    if (el.tagName === 'TEXTAREA') out[name] = el.innerHTML.replace(/^\r?\n/, '');
    else if (el.tagName === 'SELECT') {
      const opt = el.querySelector('option[selected]') || el.querySelector('option');
      out[name] = opt ? opt.getAttribute('value') : '';
    } else if (type === 'checkbox') { if (el.hasAttribute('checked')) out[name] = el.getAttribute('value') || 'on'; }
    else out[name] = el.getAttribute('value') ?? '';
  }
  for (const k of Object.keys(out)) out[k] = decode(out[k]);
  return out;
}
