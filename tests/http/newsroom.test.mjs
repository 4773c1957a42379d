// HTTP tests of the newsroom (/admin/): accounts and tokens on the command
// line, login, sessions, CSRF and the lockout, what each role may do (as
// the server enforces it, not only as the buttons show), the workflow from
// draft to published and the scheduler, the trash, revisions, the old
// addresses of moved articles, the audit log, image uploads and the live
// preview. Runs against GAZETTE_BIN.
import { readFileSync, appendFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'node-html-parser';
import { suite, test as harnessTest, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, fixtures, defaultConfig } from '../lib/server.mjs';
import {
  Client, PASSWORD, addUser, cli, sql, sqlNumber, storedImages, storedImage, request, idFrom,
  bakuLocal, sleep, guarded, editorForm, finishOwnServer,
} from '../lib/newsroom.mjs';

suite('newsroom');

let site, server, base;       // the main site, with session_idle_minutes = 5
const clients = [];           // every client, to follow the server when it restarts
let admin, editor, author, other;

const ADMIN = { email: 'ada@example.com', name: 'Ada Admin', role: 'admin' };
const EDITOR = { email: 'eddie@example.com', name: 'Eddie Editor', role: 'editor' };
const AUTHOR = { email: 'aria@example.com', name: 'Aria Author', role: 'author' };
const OTHER = { email: 'otto@example.com', name: 'Otto Other', role: 'author' };

const images = path.join(fixtures, 'images');
const PHOTO = readFileSync(path.join(images, 'photo.jpg'));
const GRAPHIC = readFileSync(path.join(images, 'graphic.png'));
const WEBP = readFileSync(path.join(images, 'photo.webp'));

// Each test that fails logins on purpose does so from an address of its
// own (the lockout counts failures per address too).
let nextAddress = 20;
const freshAddress = () => `127.0.0.${nextAddress++}`;

function client(options = {}) {
  const c = new Client(base, options);
  clients.push(c);
  return c;
}

async function loggedIn(who, options = {}) {
  const c = client(options);
  await c.login(who.email, who.password || PASSWORD);
  return c;
}

// Runs fn on a site and server of its own (made without articles, with
// one admin, SMALL_ADMIN): for tests that need another configuration, and
// for those whose server may die of a bug without taking the others with
// it. A server that dies or reports a sanitizer error fails the test.
const SMALL_ADMIN = { email: 'smallad@example.com', name: 'Small Admin', role: 'admin' };
async function ownSite({ config = defaultConfig, extra = '' }, fn) {
  const s = makeSite({ config, demo: false, imports: [] });
  let srv = null, failure = null;
  try {
    if (extra) appendFileSync(s.ini, extra);
    const r = addUser(s, SMALL_ADMIN);
    if (r.status !== 0) throw new Error(r.stderr);
    srv = await serve(s);
    await fn({ site: s, server: srv, base: srv.base, client: new Client(srv.base) });
  } catch (err) { failure = err; }
  await finishOwnServer(srv, s, failure);
}

function makeUser(user) {
  const r = addUser(site, user);
  if (r.status !== 0) throw new Error(`user add ${user.email}: ${r.stderr}`);
  return user;
}

// A public page, without cookies.
async function pub(pathname) {
  const r = await request(base + pathname);
  r.location = r.headers.location || null;
  return r;
}

const text = el => (el ? el.text.replace(/\s+/g, ' ').trim() : null);
const workflowOf = id => sql(site.db, `select workflow from articles where id = ${id}`);
const titleOf = id => sql(site.db, `select title from articles where id = ${id}`);
const nowSeconds = () => Math.floor(Date.now() / 1000);

let serial = 0;
// A fresh slug-able title for a test's article.
function uniqueTitle(words) { serial++; return `${words} ${serial} ${Date.now() % 100000}`; }
const slugOf = title => title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

// Creates an article through the editor's form; returns its id.
async function create(c, fields = {}, expect = 303) {
  const r = await c.post('/admin/articles', {
    lang: 'en', category: 'politics', body_markdown: 'A body of the story.', action: 'save', ...fields,
  });
  assert.equal(r.status, expect, `create: ${r.status} ${text(r.doc?.querySelector('.nr-error')) || r.text.slice(0, 200)}`);
  return expect === 303 ? idFrom(r.location) : r;
}

// The values the editor's form would send as it stands (tests/lib/newsroom.mjs).
function formOf(doc) {
  assert.ok(doc.querySelector('form[data-editor]'), 'the editor form');
  return editorForm(doc);
}

function decode(s) {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'")
    .replace(/&#x27;/g, "'").replace(/&amp;/g, '&');
}

// Saves article id through its editor form with some fields changed.
async function save(c, id, changes = {}, action = 'save') {
  const page = await c.get(`/admin/articles/${id}`);
  assert.equal(page.status, 200, `editor page of ${id}`);
  return c.post(`/admin/articles/${id}`, { ...formOf(page.doc), ...changes, action });
}

async function publishedBy(c, fields = {}) {
  const id = await create(c, { action: 'publish', ...fields });
  assert.equal(workflowOf(id), 'published');
  return id;
}

const publicPath = id => {
  const [lang, cat, slug] = sql(site.db, `select a.lang, c.slug, a.slug from articles a join categories c on c.id = a.category_id where a.id = ${id}`).split('|');
  return `/${lang}/${cat}/${slug}`;
};

function buttons(doc) {
  return doc.querySelectorAll('form[data-editor] button[name=action]').map(b => b.getAttribute('value'));
}


// A test whose server, should it die, is started again for the next one.
const serverHolder = {
  get server() { return server; },
  restart: async () => {
    server = await serve(site);
    base = server.base;
    for (const c of clients) c.base = base;
  },
};
const test = (name, fn) => harnessTest(name, guarded(fn, serverHolder));

// ----------------------------------------------------------------- accounts

test('user add takes the password from stdin; a short one is refused with a clear message', () => {
  const short = addUser(site, { email: 'shorty@example.com', name: 'Shorty', role: 'author', password: 'short' });
  assert.notEqual(short.status, 0);
  assert.match(short.stderr, /at least 10 characters/);
  assert.equal(sqlNumber(site.db, "select count(*) from users where email = 'shorty@example.com'"), 0);
  const noRole = addUser(site, { email: 'norole@example.com', name: 'No Role', role: 'boss' });
  assert.notEqual(noRole.status, 0);
  assert.match(noRole.stderr, /--role boss: must be admin, editor or author/);
  const ok = addUser(site, { email: 'pia@example.com', name: 'Pia Plain', role: 'author' });
  assert.equal(ok.status, 0, ok.stderr);
  assert.match(ok.stdout, /added Pia Plain <pia@example.com> as author/);
  assert.ok(!ok.stdout.includes(PASSWORD) && !ok.stderr.includes(PASSWORD), 'the password is not echoed');
  const hash = sql(site.db, "select password_hash from users where email = 'pia@example.com'");
  assert.match(hash, /^\$argon2id\$/);
  const again = addUser(site, { email: 'pia@example.com', name: 'Pia Again', role: 'author' });
  assert.notEqual(again.status, 0, 'the same e-mail twice');
});

test('user list shows every person with their role', () => {
  const r = cli(['user', 'list', '--db', site.db]);
  assert.equal(r.status, 0, r.stderr);
  const line = email => r.stdout.split('\n').find(l => l.startsWith(email)) || '';
  assert.match(line(ADMIN.email), /\badmin\b.*Ada Admin/);
  assert.match(line(EDITOR.email), /\beditor\b.*Eddie Editor/);
  assert.match(line(AUTHOR.email), /\bauthor\b.*Aria Author/);
  assert.ok(!r.stdout.includes('argon2'), 'no password hashes');
});

test('user passwd sets a new password and ends the person\'s sessions', async () => {
  const pat = makeUser({ email: 'pat@example.com', name: 'Pat Passwd', role: 'author' });
  const c = await loggedIn(pat);
  assert.equal((await c.get('/admin/articles')).status, 200);
  const tooShort = cli(['user', 'passwd', '--db', site.db, pat.email], 'tiny\n');
  assert.notEqual(tooShort.status, 0);
  assert.match(tooShort.stderr, /at least 10 characters/);
  assert.equal((await c.get('/admin/articles')).status, 200, 'a refused change ends nothing');
  const r = cli(['user', 'passwd', '--db', site.db, pat.email], 'a brand new secret\n');
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /sessions ended/);
  const after = await c.get('/admin/articles');
  assert.equal(after.status, 303);
  assert.equal(after.location, '/admin/login?next=%2Fadmin%2Farticles');
  const old = await client({ localAddress: freshAddress() }).tryLogin(pat.email, PASSWORD);
  assert.equal(old.status, 401, 'the old password no longer works');
  const fresh = await client().tryLogin(pat.email, 'a brand new secret');
  assert.equal(fresh.status, 303);
  const missing = cli(['user', 'passwd', '--db', site.db, 'nobody@example.com'], 'a brand new secret\n');
  assert.notEqual(missing.status, 0);
  assert.match(missing.stderr, /no user nobody@example.com/);
});

test('user disable refuses the person\'s login and ends their session', async () => {
  const dora = makeUser({ email: 'dora@example.com', name: 'Dora Disabled', role: 'editor' });
  const c = await loggedIn(dora);
  assert.equal((await c.get('/admin/audit')).status, 200);
  const r = cli(['user', 'disable', '--db', site.db, dora.email]);
  assert.equal(r.status, 0, r.stderr);
  const after = await c.get('/admin/audit');
  assert.equal(after.status, 303, 'the existing session ended');
  assert.match(after.location, /^\/admin\/login\?next=/);
  const post = await c.post('/admin/articles', { title: 'After disable', category: 'politics' }, { csrf: c.csrf });
  assert.equal(post.status, 403);
  const again = await client({ localAddress: freshAddress() }).tryLogin(dora.email, PASSWORD);
  assert.equal(again.status, 401);
  assert.ok(!again.setCookies.some(s => s.startsWith('gazette_session=')), 'no session');
  const list = cli(['user', 'list', '--db', site.db]);
  assert.match(list.stdout.split('\n').find(l => l.startsWith(dora.email)), /\(disabled\)/);
});

test('token add prints the token once, token list shows it, token revoke makes it answer 401', async () => {
  const r = cli(['token', 'add', '--db', site.db, '--name', 'nr-wire', '--role', 'editor']);
  assert.equal(r.status, 0, r.stderr);
  const lines = r.stdout.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, 'one line: the token');
  const token = lines[0];
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  assert.match(r.stderr, /not shown again/);
  const id = await create(admin, { title: uniqueTitle('Token target') });
  const auth = { Authorization: `Bearer ${token}` };
  assert.equal((await request(`${base}/api/v1/admin/articles/${id}`, { headers: auth })).status, 200);
  const list = cli(['token', 'list', '--db', site.db]);
  assert.equal(list.status, 0);
  assert.match(list.stdout, /^nr-wire\s+editor\s+active$/m);
  assert.ok(!list.stdout.includes(token), 'the list never shows a token');
  assert.equal(sqlNumber(site.db, `select count(*) from api_tokens where token_hash = '${token}'`), 0, 'only a hash is stored');
  const revoke = cli(['token', 'revoke', '--db', site.db, 'nr-wire']);
  assert.equal(revoke.status, 0, revoke.stderr);
  const denied = await request(`${base}/api/v1/admin/articles/${id}`, { headers: auth });
  assert.equal(denied.status, 401);
  assert.match(cli(['token', 'list', '--db', site.db]).stdout, /^nr-wire\s+editor\s+revoked$/m);
  assert.notEqual(cli(['token', 'revoke', '--db', site.db, 'nr-wire']).status, 0, 'revoked twice');
  const godToken = cli(['token', 'add', '--db', site.db, '--name', 'nr-god', '--role', 'god']);
  assert.notEqual(godToken.status, 0, 'tokens are for admins, editors and authors');
  assert.equal(godToken.stdout, '');
  // An admin's token (for the Admin API's people and categories).
  const adminToken = cli(['token', 'add', '--db', site.db, '--name', 'nr-admin', '--role', 'admin']);
  assert.equal(adminToken.status, 0, adminToken.stderr);
  assert.match(cli(['token', 'list', '--db', site.db]).stdout, /^nr-admin\s+admin\s+active$/m);
});

// -------------------------------------------------------------------- login

test('/admin/ without a session redirects (303) to the login page with next', async () => {
  const c = client();
  const r = await c.get('/admin/');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/admin/login?next=%2Fadmin%2F');
  const deep = await c.get('/admin/articles/5/revisions');
  assert.equal(deep.status, 303);
  assert.equal(deep.location, '/admin/login?next=%2Fadmin%2Farticles%2F5%2Frevisions');
  const form = await c.get(deep.location);
  assert.equal(form.doc.querySelector('input[name=next]').getAttribute('value'), '/admin/articles/5/revisions');
  const post = await c.post('/admin/articles', { title: 'Nobody' }, { csrf: false });
  assert.equal(post.status, 403, 'a POST without a session');
});

test('the login form has e-mail, password and a hidden csrf field, and sets the login cookie', async () => {
  const c = client();
  const r = await c.get('/admin/login');
  assert.equal(r.status, 200);
  assert.equal(r.headers['cache-control'], 'no-store');
  const form = r.doc.querySelector('form[action="/admin/login"]');
  assert.equal(form.getAttribute('method'), 'post');
  assert.equal(form.querySelector('input[name=email]').getAttribute('type'), 'email');
  assert.equal(form.querySelector('input[name=password]').getAttribute('type'), 'password');
  const csrf = form.querySelector('input[name=csrf]');
  assert.equal(csrf.getAttribute('type'), 'hidden');
  assert.ok(csrf.getAttribute('value').length >= 20, 'a real token');
  const cookie = r.setCookies.find(s => s.startsWith('gazette_login='));
  assert.ok(cookie, 'the login cookie');
  assert.match(cookie, /HttpOnly/);
  assert.equal(cookie.split(';')[0], `gazette_login=${csrf.getAttribute('value')}`);
});

test('a login without its csrf field, or with a wrong one, is refused with 403 and starts no session', async () => {
  const sessions = sqlNumber(site.db, 'select count(*) from sessions');
  const c = client();
  await c.get('/admin/login');
  const without = await c.post('/admin/login', { email: ADMIN.email, password: PASSWORD }, { csrf: false });
  assert.equal(without.status, 403);
  assert.ok(!without.setCookies.some(s => s.startsWith('gazette_session=')));
  const wrong = await c.post('/admin/login', { email: ADMIN.email, password: PASSWORD }, { csrf: 'x'.repeat(32) });
  assert.equal(wrong.status, 403);
  assert.ok(!wrong.setCookies.some(s => s.startsWith('gazette_session=')));
  // Another browser's token does not fit this browser's cookie.
  const theirs = client();
  const form = await theirs.get('/admin/login');
  const stolen = form.doc.querySelector('input[name=csrf]').getAttribute('value');
  const cross = await c.post('/admin/login', { email: ADMIN.email, password: PASSWORD }, { csrf: stolen });
  assert.equal(cross.status, 403);
  // No login cookie at all.
  const bare = client();
  const noCookie = await bare.post('/admin/login', { email: ADMIN.email, password: PASSWORD }, { csrf: stolen });
  assert.equal(noCookie.status, 403);
  assert.equal((await c.get('/admin/articles')).status, 303);
  assert.equal(sqlNumber(site.db, 'select count(*) from sessions'), sessions);
});

test('a wrong password is answered 401 with a message, and no session', async () => {
  const c = client({ localAddress: freshAddress() });
  const r = await c.tryLogin(ADMIN.email, 'not the password at all');
  assert.equal(r.status, 401);
  assert.equal(text(r.doc.querySelector('.nr-error')), 'The e-mail or the password is wrong.');
  assert.equal(r.doc.querySelector('input[name=email]').getAttribute('value'), ADMIN.email);
  assert.ok(!r.setCookies.some(s => s.startsWith('gazette_session=')));
  const unknown = await c.tryLogin('nobody-here@example.com', PASSWORD);
  assert.equal(unknown.status, 401);
  assert.equal(text(unknown.doc.querySelector('.nr-error')), 'The e-mail or the password is wrong.', 'the same answer');
  assert.equal((await c.get('/admin/articles')).status, 303);
});

test('the session cookie is HttpOnly, SameSite=Lax, Path=/ and Secure (https site); login follows next', async () => {
  const c = client();
  const r = await c.tryLogin(EDITOR.email, PASSWORD, { next: '/admin/trash' });
  assert.equal(r.status, 303);
  assert.equal(r.location, '/admin/trash');
  const cookie = r.setCookies.find(s => s.startsWith('gazette_session='));
  assert.ok(cookie, 'a session cookie');
  const attrs = cookie.split(';').slice(1).map(a => a.trim());
  assert.ok(attrs.includes('HttpOnly'), cookie);
  assert.ok(attrs.includes('SameSite=Lax'), cookie);
  assert.ok(attrs.includes('Path=/'), cookie);
  assert.ok(attrs.includes('Secure'), cookie);
  assert.ok(cookie.split(';')[0].length > 'gazette_session='.length + 40, 'a long random token');
  assert.equal(sqlNumber(site.db, `select count(*) from sessions where token_hash = '${cookie.split(';')[0].slice(16)}'`), 0,
    'the token itself is not stored');
  const evil = await client().tryLogin(EDITOR.email, PASSWORD, { next: '//evil.example.com/admin/' });
  assert.equal(evil.status, 303);
  assert.equal(evil.location, '/admin/articles', 'no open redirect');
  const outside = await client().tryLogin(EDITOR.email, PASSWORD, { next: 'https://evil.example.com/' });
  assert.equal(outside.location, '/admin/articles');
});

test('on a site served over plain http the cookies are not Secure', () => ownSite({
  config: defaultConfig.replace('https://news.example.com', 'http://news.example.com'),
}, async ({ client: c }) => {
  const form = await c.get('/admin/login');
  const login = form.setCookies.find(s => s.startsWith('gazette_login='));
  assert.ok(login && !/Secure/.test(login), login);
  const r = await c.tryLogin('smallad@example.com', PASSWORD);
  assert.equal(r.status, 303, r.text.slice(0, 300));
  const cookie = r.setCookies.find(s => s.startsWith('gazette_session='));
  assert.ok(cookie, 'a session cookie');
  assert.match(cookie, /HttpOnly/);
  assert.match(cookie, /SameSite=Lax/);
  assert.ok(!/Secure/.test(cookie), cookie);
}));

test('five failed logins lock the account from that address: the sixth is refused with 429 even with the right password, and logged', async () => {
  const lock = makeUser({ email: 'lock@example.com', name: 'Lee Locked', role: 'author' });
  const address = freshAddress();
  const c = client({ localAddress: address });
  for (let i = 1; i <= 5; i++) {
    const r = await c.tryLogin(lock.email, `wrong password ${i}!`);
    assert.equal(r.status, 401, `attempt ${i}`);
  }
  const sixth = await c.tryLogin(lock.email, PASSWORD);
  assert.equal(sixth.status, 429);
  assert.match(text(sixth.doc.querySelector('.nr-error')), /Too many failed logins from here\. Wait 15 minutes/);
  assert.ok(!sixth.setCookies.some(s => s.startsWith('gazette_session=')));
  await sleep(200);
  assert.ok(server.stderr().includes(`login refused for lock@example.com from ${address}: 5 failures for the account from there`), 'logged');
  // The owner elsewhere is not locked out by what happened there.
  const elsewhere = await client({ localAddress: freshAddress() }).tryLogin(lock.email, PASSWORD);
  assert.equal(elsewhere.status, 303, 'the right password from another address');
  // Fifteen minutes later (as the database sees it) that address may try again.
  sql(site.db, `update failed_logins set at = at - 901 where email = '${lock.email}'`);
  const later = await c.tryLogin(lock.email, PASSWORD);
  assert.equal(later.status, 303);
});

test('strangers at five addresses cannot lock an account: its owner logs in from a sixth', async () => {
  const owner = makeUser({ email: 'target@example.com', name: 'Tara Target', role: 'editor' });
  for (let i = 0; i < 5; i++) {
    const r = await client({ localAddress: freshAddress() }).tryLogin(owner.email, `stranger guess ${i}`);
    assert.equal(r.status, 401);
  }
  const right = await client({ localAddress: freshAddress() }).tryLogin(owner.email, PASSWORD);
  assert.equal(right.status, 303, 'not locked');
});

test('an account under a spread-out attack is slowed for new browsers, never for one that logged in before', async () => {
  const owner = makeUser({ email: 'besieged@example.com', name: 'Bo Besieged', role: 'author' });
  // The owner has logged in from this browser before: it keeps its device cookie.
  const known = client({ localAddress: freshAddress() });
  assert.equal((await known.tryLogin(owner.email, PASSWORD)).status, 303);
  assert.ok(known.cookies.get('gazette_device'), 'a device cookie');
  for (let i = 0; i < 10; i++)
    assert.equal((await client({ localAddress: freshAddress() }).tryLogin(owner.email, `guess ${i}`)).status, 401);
  const guess = await client({ localAddress: freshAddress() }).tryLogin(owner.email, 'guess 11');
  assert.equal(guess.status, 429, 'guessing goes one try in five seconds now, whatever the address');
  const fresh = await client({ localAddress: freshAddress() }).tryLogin(owner.email, PASSWORD);
  assert.equal(fresh.status, 429, 'a new browser waits a few seconds');
  assert.match(text(fresh.doc.querySelector('.nr-error')), /many failed logins from elsewhere\. Wait 5 seconds/);
  const again = await known.tryLogin(owner.email, PASSWORD);
  assert.equal(again.status, 303, 'the known browser is not slowed');
});

test('a wrong password takes as long for an unknown e-mail as for a known one (both are checked with Argon2id)', async () => {
  // Timing is measured in the benchmark; here: an unknown account still runs
  // the password check, which the server notes by the same failure path.
  const c = client({ localAddress: freshAddress() });
  const times = async email => {
    const t0 = process.hrtime.bigint();
    const r = await c.tryLogin(email, 'not the password at all');
    assert.equal(r.status, 401);
    return Number(process.hrtime.bigint() - t0) / 1e6;
  };
  const known = [], unknown = [];
  for (let i = 0; i < 2; i++) { known.push(await times(EDITOR.email)); unknown.push(await times(`nobody${i}@example.com`)); }
  // Argon2id takes tens of milliseconds under the sanitizers; skipping it takes under one.
  assert.ok(Math.min(...unknown) > Math.min(...known) / 4, `unknown ${unknown} vs known ${known}`);
});

test('failed logins from one address across different accounts lock that address', async () => {
  const address = freshAddress();
  const c = client({ localAddress: address });
  for (let i = 1; i <= 20; i++) {
    const r = await c.tryLogin(`stranger${i}@example.com`, 'guessing a password');
    assert.equal(r.status, 401, `attempt ${i}`);
  }
  const right = await c.tryLogin(EDITOR.email, PASSWORD);
  assert.equal(right.status, 429, 'this address is locked, whoever logs in');
  assert.match(text(right.doc.querySelector('.nr-error')), /Too many failed logins/);
  await sleep(200);
  assert.ok(server.stderr().includes(`login refused for ${EDITOR.email} from ${address}`), 'logged');
  const fromElsewhere = await client({ localAddress: freshAddress() }).tryLogin(EDITOR.email, PASSWORD);
  assert.equal(fromElsewhere.status, 303, 'the account itself is not locked');
});

test('logout (with the csrf token) ends the session on the server', async () => {
  const c = await loggedIn(ADMIN);
  const cookie = c.cookies.get('gazette_session');
  const refused = await c.post('/admin/logout', {}, { csrf: false });
  assert.equal(refused.status, 403, 'logout without csrf');
  assert.equal((await c.get('/admin/articles')).status, 200, 'still logged in');
  const r = await c.post('/admin/logout');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/admin/login');
  assert.ok(r.setCookies.some(s => /^gazette_session=;/.test(s) && /Max-Age=0/.test(s)), 'the cookie is cleared');
  // The old cookie, kept by someone, no longer works.
  const replay = client();
  replay.cookies.set('gazette_session', cookie);
  const after = await replay.get('/admin/articles');
  assert.equal(after.status, 303);
  assert.match(after.location, /^\/admin\/login/);
  assert.equal((await admin.get('/admin/articles')).status, 200, 'other sessions of the same person go on');
});

// What the newsroom's forms could change, to compare before and after (one
// line per settings row and per category, in a fixed order).
const formTargets = () => ({
  articles: sqlNumber(site.db, 'select count(*) from articles'),
  users: sqlNumber(site.db, 'select count(*) from users'),
  media: sqlNumber(site.db, 'select count(*) from media'),
  settings: sql(site.db, 'select key || value from settings order by key'),
  cats: sql(site.db, 'select position from categories order by id'),
});

test('every newsroom form refuses a POST without the session\'s csrf token (403) and changes nothing', async () => {
  const id = await create(admin, { title: uniqueTitle('Csrf target') });
  const rev = sqlNumber(site.db, `select max(id) from revisions where article_id = ${id}`);
  const before = formTargets();
  const forms = [
    ['/admin/articles', { title: 'Forged', category: 'politics', action: 'publish' }],
    [`/admin/articles/${id}`, { title: 'Forged edit', category: 'politics', action: 'publish' }],
    [`/admin/articles/${id}/delete`, {}],
    [`/admin/articles/${id}/revisions/${rev}/restore`, {}],
    ['/admin/users', { name: 'Forged', email: 'forged@example.com', role: 'admin', password: 'forged password 1' }],
    ['/admin/categories', { 'position.politics': '99' }],
    ['/admin/settings', { 'social.twitter': 'https://evil.example.com/' }],
    ['/admin/preview', { body_markdown: '# hi' }],
    ['/admin/media', {}],
  ];
  const otherCsrf = await editor.token();
  for (const [p, fields] of forms) {
    const none = await admin.post(p, fields, { csrf: false });
    assert.equal(none.status, 403, `${p} without csrf`);
    const wrong = await admin.post(p, fields, { csrf: 'A'.repeat(32) });
    assert.equal(wrong.status, 403, `${p} with a wrong csrf`);
    const foreign = await admin.post(p, fields, { csrf: otherCsrf });
    assert.equal(foreign.status, 403, `${p} with another session's csrf`);
  }
  assert.match(text((await admin.post('/admin/articles', {}, { csrf: false })).doc.querySelector('.nr-error')), /security token/);
  const upload = await admin.postMultipart('/admin/media', {}, [{ name: 'file', filename: 'p.jpg', type: 'image/jpeg', data: PHOTO }], { csrf: false });
  assert.equal(upload.status, 403, 'multipart upload without csrf');
  assert.deepEqual(formTargets(), before);
  assert.equal(workflowOf(id), 'draft');
  assert.ok(!titleOf(id).startsWith('Forged'));
  assert.equal((await admin.get('/admin/logout')).status, 404, 'logout is a POST');
});

test('a session ends after session_idle_minutes (5) unused', async () => {
  const ivy = makeUser({ email: 'ivy@example.com', name: 'Ivy Idle', role: 'author' });
  const c = await loggedIn(ivy);
  const where = `user_id = (select id from users where email = '${ivy.email}')`;
  // Four minutes unused: still good, and the visit counts as use.
  sql(site.db, `update sessions set seen_at = ${nowSeconds() - 240} where ${where}`);
  assert.equal((await c.get('/admin/articles')).status, 200);
  assert.ok(sqlNumber(site.db, `select seen_at from sessions where ${where}`) >= nowSeconds() - 5, 'touched');
  // Five minutes and more: over.
  sql(site.db, `update sessions set seen_at = ${nowSeconds() - 305} where ${where}`);
  const r = await c.get('/admin/articles');
  assert.equal(r.status, 303);
  assert.equal(r.location, '/admin/login?next=%2Fadmin%2Farticles');
  const post = await c.post('/admin/articles', { title: 'Too late', category: 'politics' }, { csrf: c.csrf });
  assert.equal(post.status, 403);
});

// -------------------------------------------------------------------- roles

test('author: creates a draft and edits it', async () => {
  const form = await author.get('/admin/articles/new');
  assert.equal(form.status, 200);
  assert.ok(!buttons(form.doc).includes('publish'), 'no publish button on a new article');
  const title = uniqueTitle('Author first draft');
  const id = await create(author, { title });
  assert.equal(workflowOf(id), 'draft');
  assert.equal(sql(site.db, `select owner from articles where id = ${id}`), `user:${sql(site.db, `select id from users where email = '${AUTHOR.email}'`)}`);
  const page = await author.get(`/admin/articles/${id}`);
  assert.equal(text(page.doc.querySelector('.nr-status')), 'draft');
  assert.deepEqual(buttons(page.doc), ['save', 'submit']);
  const r = await save(author, id, { title: title + ' (edited)' });
  assert.equal(r.status, 303);
  assert.equal(titleOf(id), title + ' (edited)');
  assert.equal((await pub(publicPath(id))).status, 404, 'a draft is not public');
});

test('the editor refuses a missing title or a bad date with 400, naming the field, and saves nothing', async () => {
  const before = sqlNumber(site.db, 'select count(*) from articles');
  const noTitle = await editor.post('/admin/articles', { title: '', lang: 'en', category: 'politics', body_markdown: 'Orphan body.', action: 'save' });
  assert.equal(noTitle.status, 400);
  const error = noTitle.doc.querySelector('.nr-error');
  assert.match(text(error), /title/);
  assert.equal(error.getAttribute('data-field'), 'title');
  assert.equal(formOf(noTitle.doc).body_markdown, 'Orphan body.', 'the form keeps what was typed');
  const badDate = await editor.post('/admin/articles', { title: uniqueTitle('Bad date'), lang: 'en', category: 'politics', date: '31/12/2026', action: 'save' });
  assert.equal(badDate.status, 400);
  assert.equal(badDate.doc.querySelector('.nr-error').getAttribute('data-field'), 'date');
  assert.match(text(badDate.doc.querySelector('.nr-error')), /The date must be a date and time/);
  assert.equal(sqlNumber(site.db, 'select count(*) from articles'), before);
  const id = await create(editor, { title: uniqueTitle('Valid then not') });
  const r = await save(editor, id, { title: '' });
  assert.equal(r.status, 400);
  assert.ok(titleOf(id).startsWith('Valid then not'));
});

test('author: submits for review, and then cannot edit it', async () => {
  const title = uniqueTitle('Author submits');
  const id = await create(author, { title });
  const r = await save(author, id, {}, 'submit');
  assert.equal(r.status, 303);
  assert.match(r.location, /notice=submitted$/);
  assert.equal(workflowOf(id), 'review');
  const page = await author.get(`/admin/articles/${id}`);
  assert.deepEqual(buttons(page.doc), ['withdraw'], 'only "Back to draft"');
  const edit = await author.post(`/admin/articles/${id}`, { ...formOf(page.doc), title: 'Sneaky change', action: 'save' });
  assert.equal(edit.status, 403);
  assert.equal(titleOf(id), title);
  assert.equal(workflowOf(id), 'review');
});

test('author: cannot publish — no button, and a crafted publish is refused with 403', async () => {
  const title = uniqueTitle('Author wants out');
  const id = await create(author, { title });
  const page = await author.get(`/admin/articles/${id}`);
  assert.ok(!buttons(page.doc).includes('publish'));
  assert.ok(!page.text.includes('value="publish"'));
  const r = await author.post(`/admin/articles/${id}`, { ...formOf(page.doc), action: 'publish' });
  assert.equal(r.status, 403);
  assert.equal(workflowOf(id), 'draft');
  assert.equal((await pub(publicPath(id))).status, 404);
  // Nor when creating, nor after review.
  const direct = uniqueTitle('Author direct publish');
  const created = await create(author, { title: direct, action: 'publish' }, 403);
  assert.match(text(created.doc.querySelector('.nr-error')), /Only editors may publish/);
  assert.equal(sqlNumber(site.db, `select count(*) from articles where title = '${direct}'`), 0);
  await save(author, id, {}, 'submit');
  const fromReview = await author.post(`/admin/articles/${id}`, { ...formOf((await author.get(`/admin/articles/${id}`)).doc), action: 'publish' });
  assert.equal(fromReview.status, 403);
  assert.equal(workflowOf(id), 'review');
  const unpub = await author.post(`/admin/articles/${id}`, { ...formOf((await author.get(`/admin/articles/${id}`)).doc), action: 'unpublish' });
  assert.equal(unpub.status, 403);
});

test('author: cannot edit, delete or restore someone else\'s article', async () => {
  const theirs = await create(editor, { title: uniqueTitle('Editor owned draft') });
  const ottos = await create(other, { title: uniqueTitle('Otto owned draft') });
  const crafted = { title: 'Hijacked', lang: 'en', category: 'politics', body_markdown: 'Mine now.' };
  for (const id of [theirs, ottos]) {
    const before = titleOf(id);
    const page = await author.get(`/admin/articles/${id}`);
    assert.equal(page.status, 403, 'another\'s draft is not shown to an author');
    assert.ok(!page.text.includes(before), 'nor its title');
    assert.equal((await author.get(`/admin/articles/${id}/revisions`)).status, 403, 'nor its revisions');
    const edit = await author.post(`/admin/articles/${id}`, { ...crafted, action: 'save' });
    assert.equal(edit.status, 403, `edit ${id}`);
    const submit = await author.post(`/admin/articles/${id}`, { ...crafted, action: 'submit' });
    assert.equal(submit.status, 403, `submit ${id}`);
    const del = await author.post(`/admin/articles/${id}/delete`);
    assert.equal(del.status, 403, `delete ${id}`);
    assert.equal(titleOf(id), before);
    assert.equal(workflowOf(id), 'draft');
    assert.equal(sql(site.db, `select count(*) from articles where id = ${id} and deleted_at is null`), '1');
  }
  // Their own draft they may throw away, but only an editor restores it.
  const mine = await create(author, { title: uniqueTitle('Author throwaway') });
  assert.equal((await author.post(`/admin/articles/${mine}/delete`)).status, 303);
  assert.equal(sql(site.db, `select count(*) from articles where id = ${mine} and deleted_at is not null`), '1');
  assert.equal((await author.post(`/admin/articles/${mine}/restore`)).status, 403);
  // A published article (even their own) they may not delete.
  const published = await create(author, { title: uniqueTitle('Author published') });
  await save(author, published, {}, 'submit');
  await save(editor, published, {}, 'publish');
  assert.equal((await author.post(`/admin/articles/${published}/delete`)).status, 403);
  assert.equal((await pub(publicPath(published))).status, 200);
});

test('author: the people, categories, settings and audit pages are refused (403)', async () => {
  for (const p of ['/admin/users', '/admin/categories', '/admin/settings', '/admin/audit']) {
    const r = await author.get(p);
    assert.equal(r.status, 403, p);
  }
  const nav = (await author.get('/admin/articles')).doc.querySelectorAll('nav.nr-nav a').map(a => a.getAttribute('href'));
  for (const p of ['/admin/users', '/admin/categories', '/admin/settings', '/admin/audit']) assert.ok(!nav.includes(p), p);
  const users = sqlNumber(site.db, 'select count(*) from users');
  assert.equal((await author.post('/admin/users', { name: 'Me Too', email: 'metoo@example.com', role: 'admin', password: 'long enough pw' })).status, 403);
  assert.equal(sqlNumber(site.db, 'select count(*) from users'), users);
  const me = sql(site.db, `select id from users where email = '${AUTHOR.email}'`);
  assert.equal((await author.post(`/admin/users/${me}`, { change: 'role', role: 'admin' })).status, 403);
  assert.equal(sql(site.db, `select role from users where id = ${me}`), 'author');
  assert.equal((await author.post('/admin/settings', { 'social.twitter': 'https://evil.example.com/' })).status, 403);
  assert.equal((await author.post('/admin/categories', { 'name.politics.en': 'Hacked' })).status, 403);
  assert.ok(!(await pub('/en/')).text.includes('evil.example.com'));
});

test('editor: edits anyone\'s article, publishes, schedules and unpublishes', async () => {
  const title = uniqueTitle('Reviewed by the editor');
  const id = await create(author, { title });
  await save(author, id, {}, 'submit');
  const page = await editor.get(`/admin/articles/${id}`);
  // Editors see what waits for them in the navigation; authors do not.
  const waiting = page.doc.querySelector('.nr-nav a[href="/admin/articles?status=review"] .nr-count');
  assert.ok(waiting && Number(text(waiting)) >= 1, 'the count of stories waiting for review');
  assert.equal((await author.get('/admin/articles')).doc.querySelector('.nr-count'), null);
  assert.ok(buttons(page.doc).includes('publish'));
  assert.ok(buttons(page.doc).includes('save'));
  assert.equal((await save(editor, id, { title: title + ' (subbed)' })).status, 303);
  assert.equal(titleOf(id), title + ' (subbed)');
  const pubd = await save(editor, id, {}, 'publish');
  assert.equal(pubd.status, 303);
  assert.match(pubd.location, /notice=published$/);
  assert.equal((await pub(publicPath(id))).status, 200);
  // Each notice says what the save did: saving a published story updates it.
  assert.equal(text(page.doc.querySelector('label[for="f-date"]')), 'Date (Asia/Baku time)', 'the date says whose time it is');
  const edited = await save(editor, id, { title: title + ' (updated)' });
  assert.match(edited.location, /notice=updated$/);
  assert.equal(text((await editor.get(edited.location)).doc.querySelector('.nr-notice')), 'Saved: the published story is updated.');
  const unpublished = await save(editor, id, {}, 'unpublish');
  assert.equal(unpublished.status, 303);
  assert.match(unpublished.location, /notice=unpublished$/);
  assert.equal(text((await editor.get(unpublished.location)).doc.querySelector('.nr-notice')),
    'Unpublished: readers no longer see the story.');
  assert.equal(workflowOf(id), 'unpublished');
  assert.equal((await pub(publicPath(id))).status, 404);
  const later = await save(editor, id, { date: bakuLocal(Date.now() + 3 * 86400e3) }, 'publish');
  assert.match(later.location, /notice=scheduled$/);
  assert.equal(workflowOf(id), 'scheduled');
  assert.equal((await pub(publicPath(id))).status, 404);
  assert.equal((await editor.get('/admin/audit')).status, 200);
});

test('editor: deletes and restores anyone\'s article', async () => {
  const id = await create(other, { title: uniqueTitle('Otto for the bin') });
  assert.equal((await editor.post(`/admin/articles/${id}/delete`)).status, 303);
  assert.equal(sql(site.db, `select count(*) from articles where id = ${id} and deleted_at is not null`), '1');
  assert.equal((await editor.post(`/admin/articles/${id}/restore`)).status, 303);
  assert.equal(sql(site.db, `select count(*) from articles where id = ${id} and deleted_at is null`), '1');
});

test('editor: people, categories and settings are refused (403)', async () => {
  for (const p of ['/admin/users', '/admin/categories', '/admin/settings'])
    assert.equal((await editor.get(p)).status, 403, p);
  const nav = (await editor.get('/admin/articles')).doc.querySelectorAll('nav.nr-nav a').map(a => a.getAttribute('href'));
  assert.ok(nav.includes('/admin/audit'));
  assert.ok(!nav.includes('/admin/users') && !nav.includes('/admin/settings') && !nav.includes('/admin/categories'));
  const users = sqlNumber(site.db, 'select count(*) from users');
  assert.equal((await editor.post('/admin/users', { name: 'Ed Two', email: 'ed2@example.com', role: 'admin', password: 'long enough pw' })).status, 403);
  assert.equal(sqlNumber(site.db, 'select count(*) from users'), users);
  const me = sql(site.db, `select id from users where email = '${EDITOR.email}'`);
  assert.equal((await editor.post(`/admin/users/${me}`, { change: 'role', role: 'admin' })).status, 403);
  assert.equal(sql(site.db, `select role from users where id = ${me}`), 'editor');
  assert.equal((await editor.post('/admin/categories', { 'position.politics': '50' })).status, 403);
  assert.equal((await editor.post('/admin/settings', { 'social.twitter': 'https://evil.example.com/' })).status, 403);
});

test('admin: adds a person through /admin/users, who can then log in', async () => {
  const page = await admin.get('/admin/users');
  assert.equal(page.status, 200);
  const bad = await admin.post('/admin/users', { name: 'Nell New', email: 'nell@example.com', role: 'author', password: 'short' });
  assert.equal(bad.status, 400);
  assert.match(text(bad.doc.querySelector('.nr-error')), /at least 10 characters/);
  assert.equal(sqlNumber(site.db, "select count(*) from users where email = 'nell@example.com'"), 0);
  const r = await admin.post('/admin/users', { name: 'Nell New', email: 'nell@example.com', role: 'author', password: 'nells own password' });
  assert.equal(r.status, 303);
  assert.match(r.location, /notice=added$/);
  const twice = await admin.post('/admin/users', { name: 'Nell Again', email: 'NELL@example.com', role: 'author', password: 'nells own password' });
  assert.equal(twice.status, 409);
  assert.match(text(twice.doc.querySelector('.nr-error')), /has this e-mail address already/);
  const list = await admin.get('/admin/users');
  const row = list.doc.querySelectorAll('tbody tr').find(tr => tr.text.includes('nell@example.com'));
  assert.ok(row, 'listed');
  assert.match(row.text, /Nell New/);
  const nell = await loggedIn({ email: 'nell@example.com', password: 'nells own password' });
  assert.equal((await nell.get('/admin/articles')).status, 200);
  assert.equal((await nell.get('/admin/audit')).status, 403, 'as an author');
});

test('admin: changes a person\'s role, which counts at once', async () => {
  const rolf = makeUser({ email: 'rolf@example.com', name: 'Rolf Role', role: 'author' });
  const c = await loggedIn(rolf);
  assert.equal((await c.get('/admin/audit')).status, 403);
  const id = sql(site.db, `select id from users where email = '${rolf.email}'`);
  const r = await admin.post(`/admin/users/${id}`, { change: 'role', role: 'editor' });
  assert.equal(r.status, 303);
  assert.equal(sql(site.db, `select role from users where id = ${id}`), 'editor');
  assert.equal((await c.get('/admin/audit')).status, 200, 'the same session, now an editor');
  const list = await admin.get('/admin/users');
  const row = list.doc.querySelectorAll('tbody tr').find(tr => tr.text.includes(rolf.email));
  assert.equal(row.querySelector('select[name=role] option[selected]').getAttribute('value'), 'editor');
  // An admin may do all an editor may, too.
  const story = await publishedBy(admin, { title: uniqueTitle('Admin published') });
  assert.equal((await pub(publicPath(story))).status, 200);
  assert.equal((await admin.post(`/admin/articles/${story}/delete`)).status, 303);
  assert.equal((await admin.get('/admin/audit')).status, 200);
  const me = sql(site.db, `select id from users where email = '${ADMIN.email}'`);
  const self = await admin.post(`/admin/users/${me}`, { change: 'role', role: 'author' });
  assert.match(self.location, /notice=own-account$/);
  assert.match(text((await admin.get(self.location)).doc.querySelector('.nr-notice')), /cannot change your own role/);
  assert.equal(sql(site.db, `select role from users where id = ${me}`), 'admin');
});

test('admin: disables someone, which ends their session and refuses their login', async () => {
  const dan = makeUser({ email: 'dan@example.com', name: 'Dan Dropped', role: 'editor' });
  const c = await loggedIn(dan);
  const id = sql(site.db, `select id from users where email = '${dan.email}'`);
  const r = await admin.post(`/admin/users/${id}`, { change: 'disable' });
  assert.equal(r.status, 303);
  assert.equal(sql(site.db, `select disabled from users where id = ${id}`), '1');
  assert.equal((await c.get('/admin/articles')).status, 303, 'their session ended');
  const again = await client({ localAddress: freshAddress() }).tryLogin(dan.email, PASSWORD);
  assert.equal(again.status, 401);
  const list = await admin.get('/admin/users');
  assert.match(list.doc.querySelectorAll('tbody tr').find(tr => tr.text.includes(dan.email)).text, /\(disabled\)/);
  const enable = await admin.post(`/admin/users/${id}`, { change: 'enable' });
  assert.equal(enable.status, 303);
  assert.equal((await client().tryLogin(dan.email, PASSWORD)).status, 303, 'enabled again');
  const audit = await admin.get('/admin/audit');
  assert.ok(audit.doc.querySelectorAll('tbody tr').some(tr => tr.text.includes('disabled user') && tr.text.includes(dan.email)));
});

test('admin: edits category names and descriptions per edition, and their order in the navigation', async () => {
  const page = await admin.get('/admin/categories');
  assert.equal(page.status, 200);
  const form = page.doc.querySelector('form[action="/admin/categories"]');
  const fields = {};
  for (const input of form.querySelectorAll('input')) {
    const name = input.getAttribute('name');
    if (name && name !== 'csrf') fields[name] = decode(input.getAttribute('value') ?? '');
  }
  assert.equal(fields['name.politics.en'], 'Politics');
  assert.ok('name.politics.ru' in fields && 'description.sport.en' in fields && 'position.sport' in fields);
  const original = { ...fields };
  const changed = {
    ...fields,
    'name.politics.en': 'Civic Affairs', 'description.politics.en': 'Votes, laws and the people who make them.',
    'name.politics.ru': 'Гражданские дела',
    'position.politics': '20', 'position.sport': '0',
  };
  const r = await admin.post('/admin/categories', changed);
  assert.equal(r.status, 303);
  assert.match(r.location, /notice=saved$/);
  const nav = async lang => parseNav(await pub(`/${lang}/`));
  const en = await nav('en');
  assert.equal(en[0].href, '/en/sport/', 'sport comes first now');
  assert.equal(en.at(-1).href, '/en/politics/', 'politics comes last now');
  assert.equal(en.at(-1).name, 'Civic Affairs');
  const ru = await nav('ru');
  assert.ok(ru.some(l => l.name === 'Гражданские дела' && l.href === '/ru/politics/'), JSON.stringify(ru));
  const cat = await pub('/en/politics/');
  assert.match(cat.text, /Votes, laws and the people who make them\./);
  assert.match(cat.text, /Civic Affairs/);
  // Put everything back.
  assert.equal((await admin.post('/admin/categories', original)).status, 303);
  const back = await nav('en');
  assert.equal(back[0].href, '/en/politics/');
  assert.equal(back[0].name, 'Politics');
});

function parseNav(res) {
  const doc = parse(res.text);
  return doc.querySelectorAll('header nav.sections a').map(a => ({ href: a.getAttribute('href'), name: text(a) }));
}

// Saving the settings is tried on a server of its own: see ownSite().
test('admin: a social link changed in the settings shows on the public page at once; javascript: is refused', () => ownSite({}, async ({ site: s, base: b, client: c }) => {
  await c.login(SMALL_ADMIN.email);
  const page = await c.get('/admin/settings');
  assert.equal(page.status, 200);
  const fields = {};
  for (const input of page.doc.querySelectorAll('form[action="/admin/settings"] input')) {
    const name = input.getAttribute('name');
    if (name && name !== 'csrf') fields[name] = decode(input.getAttribute('value') ?? '');
  }
  assert.ok('social.twitter' in fields, Object.keys(fields).join(','));
  const social = async () => parse((await request(b + '/en/')).text).querySelectorAll('header .header-social a').map(a => a.getAttribute('href'));
  assert.ok((await social()).includes('https://twitter.com/testherald'), 'the configured link first');
  const r = await c.post('/admin/settings', { ...fields, 'social.twitter': 'https://twitter.com/newsroom_test' });
  assert.equal(r.status, 303);
  assert.match(r.location, /notice=saved$/);
  assert.ok((await social()).includes('https://twitter.com/newsroom_test'));
  assert.ok(!(await social()).includes('https://twitter.com/testherald'), 'the configured one is overridden');
  for (const bad of ['javascript:alert(1)', 'https://x.example.com/"onmouseover="alert(1)', 'ftp://example.com/', 'https://exa mple.com/']) {
    const refused = await c.post('/admin/settings', { ...fields, 'social.youtube': 'https://www.youtube.com/@changed', 'social.twitter': bad });
    assert.equal(refused.status, 400);
    assert.match(text(refused.doc.querySelector('.nr-error')), /X \(Twitter\): give an http:\/\/ or https:\/\/ address/, bad);
    assert.equal(sqlNumber(s.db, "select count(*) from settings where key = 'social.youtube' and value like '%changed'"), 0, 'a good value beside a bad one is not saved either');
    assert.equal(sql(s.db, "select value from settings where key = 'social.twitter'"), 'https://twitter.com/newsroom_test', bad);
  }
  assert.ok(!(await request(b + '/en/')).text.includes('javascript:alert'));
  assert.ok((await social()).includes('https://twitter.com/newsroom_test'));
  // Empty again: the configuration's link comes back.
  await c.post('/admin/settings', { ...fields, 'social.twitter': '' });
  assert.ok((await social()).includes('https://twitter.com/testherald'));
}));

// ----------------------------------------------------------------- workflow

test('draft -> review -> published appears at once on its page, in its category and in search', async () => {
  const word = 'quetzalcoatlus';
  const title = uniqueTitle('Winged reptile exhibit opens');
  const id = await create(author, { title, body_markdown: `The ${word} skeleton arrived at the museum.` });
  const url = publicPath(id);
  assert.equal(url, `/en/politics/${slugOf(title)}`);
  const inSearch = async () => parse((await pub(`/en/search?q=${word}`)).text).querySelectorAll('.search-results a').some(a => a.getAttribute('href') === url);
  const inCategory = async () => (await pub('/en/politics/')).text.includes(`href="${url}"`);
  assert.equal((await pub(url)).status, 404);
  await save(author, id, {}, 'submit');
  assert.equal((await pub(url)).status, 404, 'in review it is not public');
  assert.equal(await inSearch(), false);
  const r = await save(editor, id, {}, 'publish');
  assert.equal(r.status, 303);
  assert.equal(workflowOf(id), 'published');
  const page = await pub(url);
  assert.equal(page.status, 200);
  assert.equal(text(parse(page.text).querySelector('h1.article-title')), title);
  assert.ok(await inCategory(), 'in the category list');
  assert.ok(await inSearch(), 'in search');
  const edit = await editor.get(`/admin/articles/${id}`);
  assert.equal(edit.doc.querySelector('.nr-links a').getAttribute('href'), url, 'View on the site');
});

test('unpublish removes the article from the site at once (404)', async () => {
  const word = 'brachiosaurus';
  const id = await publishedBy(editor, { title: uniqueTitle('Long necked visitor'), body_markdown: `A ${word} bone.` });
  const url = publicPath(id);
  assert.equal((await pub(url)).status, 200);
  assert.ok((await pub('/en/politics/')).text.includes(`href="${url}"`));
  const r = await save(editor, id, {}, 'unpublish');
  assert.equal(r.status, 303);
  assert.equal(workflowOf(id), 'unpublished');
  assert.equal((await pub(url)).status, 404);
  assert.ok(!(await pub('/en/politics/')).text.includes(`href="${url}"`));
  assert.ok(!parse((await pub(`/en/search?q=${word}`)).text).querySelectorAll('.search-results a').some(a => a.getAttribute('href') === url));
});

test('publish with a date in the future schedules the article: not visible yet', async () => {
  const title = uniqueTitle('Tomorrow story');
  const r = await editor.post('/admin/articles', { title, lang: 'en', category: 'politics', body_markdown: 'Later.',
    date: bakuLocal(Date.now() + 86400e3), action: 'publish' });
  assert.equal(r.status, 303);
  const id = idFrom(r.location);
  assert.equal(workflowOf(id), 'scheduled');
  const page = await editor.get(r.location);
  assert.equal(text(page.doc.querySelector('.nr-status')), 'scheduled');
  assert.match(text(page.doc.querySelector('.nr-notice')), /^Scheduled for \d+ \w+ \d{4}/);
  assert.equal(page.doc.querySelector('.nr-links a[href^="/en/"]'), null, 'no "View on the site" yet');
  const url = publicPath(id);
  assert.equal((await pub(url)).status, 404);
  assert.ok(!(await pub('/en/politics/')).text.includes(`href="${url}"`));
  assert.ok(!(await pub('/en/')).text.includes(`href="${url}"`));
  const list = await editor.get('/admin/articles?status=scheduled');
  assert.ok(list.doc.querySelectorAll('tbody tr').some(tr => tr.text.includes(title)));
});

test('the scheduler publishes a scheduled article within a minute of its time, and the audit log says so', async () => {
  const title = uniqueTitle('Scheduled bulletin');
  const id = await create(editor, { title, date: bakuLocal(Date.now() + 86400e3), action: 'publish' });
  assert.equal(workflowOf(id), 'scheduled');
  // Due in two seconds.
  const r = await save(editor, id, { date: bakuLocal(Date.now() + 2000, true) });
  assert.equal(r.status, 303);
  assert.equal(workflowOf(id), 'scheduled', 'still waiting');
  const url = publicPath(id);
  const due = Date.now() + 2000;
  while (Date.now() < due + 25000 && workflowOf(id) !== 'published') await sleep(500);
  assert.equal(workflowOf(id), 'published', 'published by the scheduler within 25 s of its time');
  assert.equal((await pub(url)).status, 200);
  const page = await editor.get(`/admin/articles/${id}`);
  assert.equal(text(page.doc.querySelector('.nr-status')), 'published');
  const audit = await editor.get('/admin/audit');
  const row = audit.doc.querySelectorAll('tbody tr').find(tr => tr.querySelector(`a[href="/admin/articles/${id}"]`) && /published/.test(tr.text));
  assert.ok(row, 'an audit entry');
  const cells = row.querySelectorAll('td').map(text);
  assert.equal(cells[1], 'Scheduler');
  assert.equal(cells[2], 'published');
  assert.equal(cells[4], 'at its scheduled time');
});

test('a scheduled article that fell due while the server was down is published as it starts', async () => {
  const title = uniqueTitle('Overnight story');
  const id = await create(editor, { title, date: bakuLocal(Date.now() + 86400e3), action: 'publish' });
  assert.equal(workflowOf(id), 'scheduled');
  const stopped = await server.stop();
  try {
    sql(site.db, `update articles set published_at = ${nowSeconds() - 120} where id = ${id}`);
  } finally {
    // Whatever happened, the other tests need a server.
    server = await serve(site);
    base = server.base;
    for (const c of clients) c.base = base;
  }
  assert.equal(stopped.code, 0, stopped.stderr.slice(-500));
  assert.deepEqual(sanitizerErrors(stopped.stderr), []);
  const url = publicPath(id);
  for (let i = 0; i < 15 && workflowOf(id) !== 'published'; i++) await sleep(200);
  assert.equal(workflowOf(id), 'published', 'published right away, not at the next round');
  assert.equal((await pub(url)).status, 200);
  const audit = await editor.get('/admin/audit');
  assert.ok(audit.doc.querySelectorAll('tbody tr').some(tr => tr.querySelector(`a[href="/admin/articles/${id}"]`) && tr.text.includes('at its scheduled time')));
  assert.equal((await editor.get('/admin/articles')).status, 200, 'sessions outlive a restart');
});

test('delete moves an article to the trash (public 404); restore brings it back', async () => {
  const title = uniqueTitle('Binned and back');
  const id = await publishedBy(editor, { title });
  const url = publicPath(id);
  assert.equal((await pub(url)).status, 200);
  const del = await editor.post(`/admin/articles/${id}/delete`);
  assert.equal(del.status, 303);
  assert.match(del.location, /^\/admin\/articles\?notice=trashed$/);
  assert.equal((await pub(url)).status, 404);
  assert.ok(!(await pub('/en/politics/')).text.includes(`href="${url}"`));
  const list = await editor.get('/admin/articles');
  assert.ok(!list.text.includes(title), 'not among the articles');
  const trash = await editor.get('/admin/trash');
  const row = trash.doc.querySelectorAll('tbody tr').find(tr => tr.text.includes(title));
  assert.ok(row, 'in the trash');
  assert.equal(row.querySelector('form').getAttribute('action'), `/admin/articles/${id}/restore`);
  assert.equal((await editor.get(`/admin/articles/${id}`)).status, 409, 'not editable in the trash');
  assert.equal((await editor.post(`/admin/articles/${id}/delete`)).status, 409, 'not deleted twice');
  const restore = await editor.post(`/admin/articles/${id}/restore`);
  assert.equal(restore.status, 303);
  assert.equal((await pub(url)).status, 200);
  assert.equal(workflowOf(id), 'published');
  assert.ok(!(await editor.get('/admin/trash')).text.includes(title));
});

// ---------------------------------------------------------------- revisions

test('every save makes a revision; the revisions page lists them', async () => {
  const id = await create(author, { title: uniqueTitle('Revised story'), body_markdown: 'Line one.\n\nLine two.' });
  assert.equal(sqlNumber(site.db, `select count(*) from revisions where article_id = ${id}`), 1);
  await save(author, id, { body_markdown: 'Line one.\n\nLine two, longer.' });
  await save(author, id, {});
  assert.equal(sqlNumber(site.db, `select count(*) from revisions where article_id = ${id}`), 3);
  const page = await author.get(`/admin/articles/${id}/revisions`);
  assert.equal(page.status, 200);
  const rows = page.doc.querySelectorAll('table.nr-table:not(.nr-changes) tbody tr');
  assert.equal(rows.length, 3);
  for (const r of rows) assert.equal(text(r.querySelectorAll('td')[2]), 'Aria Author');
  assert.equal(rows[0].querySelector('form'), null, 'authors do not restore revisions');
});

test('comparing two revisions shows the changed fields and a body diff', async () => {
  const title = uniqueTitle('Compared story');
  const id = await create(editor, { title, body_markdown: 'Kept line.\nOld line.\nLast line.', tags: 'alpha' });
  await save(editor, id, { title: title + ' v2', body_markdown: 'Kept line.\nNew line.\nLast line.\nExtra line.', tags: 'alpha, beta' });
  const revs = sql(site.db, `select id from revisions where article_id = ${id} order by id`).split('\n').map(Number);
  assert.equal(revs.length, 2);
  const page = await editor.get(`/admin/articles/${id}/revisions?a=${revs[0]}&b=${revs[1]}`);
  assert.equal(page.status, 200);
  assert.equal(text(page.doc.querySelector('h2')), `From revision ${revs[0]} to revision ${revs[1]}`);
  const changes = Object.fromEntries(page.doc.querySelectorAll('table.nr-changes tbody tr').map(tr => {
    const [f, b, a] = tr.querySelectorAll('td').map(text);
    return [f, { before: b, after: a }];
  }));
  assert.deepEqual(changes.Title, { before: title, after: title + ' v2' });
  assert.deepEqual(changes.Tags, { before: 'alpha', after: 'alpha, beta' }, 'tags as a list, not JSON');
  assert.ok(!('Category' in changes) && !('Byline' in changes), 'unchanged fields are not listed');
  const lines = page.doc.querySelectorAll('pre.nr-diff span').map(s => ({ kind: s.getAttribute('class'), text: s.text }));
  assert.deepEqual(lines.filter(l => l.kind === 'removed').map(l => l.text), ['- Old line.']);
  assert.deepEqual(lines.filter(l => l.kind === 'added').map(l => l.text), ['+ New line.', '+ Extra line.']);
  assert.ok(lines.some(l => l.kind === 'same' && l.text.includes('Kept line.')));
  const same = await editor.get(`/admin/articles/${id}/revisions?a=${revs[1]}&b=${revs[1]}`);
  assert.match(same.text, /The text did not change\./);
  // Any two can be compared, and the pickers keep the two compared.
  await save(editor, id, { title: title + ' v3', body_markdown: 'Kept line.\nNew line.\nLast line.\nExtra line.', tags: 'alpha, beta' });
  const all = sql(site.db, `select id from revisions where article_id = ${id} order by id`).split('\n').map(Number);
  const firstAndLast = await editor.get(`/admin/articles/${id}/revisions?a=${all[0]}&b=${all[2]}`);
  const picked = name => firstAndLast.doc.querySelector(`select[name=${name}] option[selected]`)?.getAttribute('value');
  assert.equal(picked('a'), String(all[0]));
  assert.equal(picked('b'), String(all[2]));
  assert.equal(text(firstAndLast.doc.querySelector('h2')), `From revision ${all[0]} to revision ${all[2]}`);
  // Each revision links to what it changed from the one before.
  const links = firstAndLast.doc.querySelectorAll('a').map(a => a.getAttribute('href')).filter(h => /revisions\?a=/.test(h));
  assert.ok(links.includes(`/admin/articles/${id}/revisions?a=${all[1]}&amp;b=${all[2]}`) || links.includes(`/admin/articles/${id}/revisions?a=${all[1]}&b=${all[2]}`), links.join());
});

test('restoring an old revision brings its title and body back, as a new revision', async () => {
  const title = uniqueTitle('Restorable story');
  const id = await create(editor, { title, body_markdown: 'The original wording.' });
  await save(editor, id, { title: title + ' (rewritten)', body_markdown: 'A rewritten wording.' });
  const first = sqlNumber(site.db, `select min(id) from revisions where article_id = ${id}`);
  assert.equal((await author.post(`/admin/articles/${id}/revisions/${first}/restore`)).status, 403, 'not for authors');
  const page = await editor.get(`/admin/articles/${id}/revisions`);
  const form = page.doc.querySelectorAll('form').find(f => f.getAttribute('action') === `/admin/articles/${id}/revisions/${first}/restore`);
  assert.ok(form, 'a restore button for the first revision');
  const r = await editor.post(`/admin/articles/${id}/revisions/${first}/restore`);
  assert.equal(r.status, 303);
  assert.match(r.location, /notice=revision-restored$/);
  assert.equal(titleOf(id), title);
  const edit = await editor.get(`/admin/articles/${id}`);
  assert.equal(formOf(edit.doc).body_markdown, 'The original wording.');
  assert.equal(sqlNumber(site.db, `select count(*) from revisions where article_id = ${id}`), 3);
  const audit = await editor.get('/admin/audit');
  assert.ok(audit.doc.querySelectorAll('tbody tr').some(tr => tr.querySelector(`a[href="/admin/articles/${id}"]`) && tr.text.includes('revision restored')));
  const otherArticle = await create(editor, { title: uniqueTitle('Other revisions') });
  assert.equal((await editor.post(`/admin/articles/${otherArticle}/revisions/${first}/restore`)).status, 404, 'a revision of another article');
});

// ---------------------------------------------------------------- redirects

test('a published article keeps its old URL (301) when its slug and then its category change', async () => {
  const id = await publishedBy(editor, { title: uniqueTitle('Moving story'), slug: `moving-story-${serial}` });
  const first = publicPath(id);
  assert.equal((await pub(first)).status, 200);
  const r = await save(editor, id, { slug: `moved-story-${serial}` });
  assert.equal(r.status, 303);
  const second = publicPath(id);
  assert.equal(second, `/en/politics/moved-story-${serial}`);
  let old = await pub(first);
  assert.equal(old.status, 301);
  assert.equal(old.location, second);
  assert.equal((await pub(second)).status, 200);
  await save(editor, id, { category: 'economy' });
  const third = publicPath(id);
  assert.equal(third, `/en/economy/moved-story-${serial}`);
  old = await pub(second);
  assert.equal(old.status, 301, 'the old category');
  assert.equal(old.location, third);
  old = await pub(first);
  assert.equal(old.status, 301, 'the first address still');
  assert.equal(old.location, third);
  assert.equal((await pub(third)).status, 200);
  // Once unpublished, the old addresses lead nowhere.
  await save(editor, id, {}, 'unpublish');
  assert.equal((await pub(first)).status, 404);
});

// -------------------------------------------------------------------- audit

test('the audit log records created, published, unpublished, deleted and restored, with the person\'s name', async () => {
  const id = await create(author, { title: uniqueTitle('Audited story') });
  await save(author, id, {}, 'submit');
  await save(editor, id, {}, 'publish');
  await save(editor, id, {}, 'unpublish');
  await editor.post(`/admin/articles/${id}/delete`);
  await editor.post(`/admin/articles/${id}/restore`);
  const audit = await editor.get('/admin/audit');
  const rows = audit.doc.querySelectorAll('tbody tr')
    .filter(tr => tr.querySelector(`a[href="/admin/articles/${id}"]`))
    .map(tr => tr.querySelectorAll('td').map(text))
    .reverse();
  assert.deepEqual(rows.map(r => [r[1], r[2]]), [
    ['Aria Author', 'created'],
    ['Aria Author', 'submitted'],
    ['Eddie Editor', 'published'],
    ['Eddie Editor', 'unpublished'],
    ['Eddie Editor', 'deleted'],
    ['Eddie Editor', 'restored'],
  ]);
  assert.ok(rows.every(r => r[4].startsWith('Audited story')), 'the detail names the article');
});

// ------------------------------------------------------------------- images

const variantFiles = hash => ['480', '960', '1600'].flatMap(w => [`${hash.slice(0, 2)}/${hash}-${w}.jpg`, `${hash.slice(0, 2)}/${hash}-${w}.webp`]).sort();

async function upload(c, data, filename, type) {
  return c.postMultipart('/admin/media', {}, [{ name: 'file', filename, type, data }]);
}

const mediaRows = () => sqlNumber(site.db, 'select count(*) from media');

test('a JPEG uploaded through /admin/media is stored as WebP and JPEG variants 480, 960 and 1600 wide', async () => {
  const before = mediaRows();
  const r = await upload(editor, PHOTO, 'photo.jpg', 'image/jpeg');
  assert.equal(r.status, 200);
  assert.equal(text(r.doc.querySelector('.nr-notice')), 'Uploaded.');
  assert.equal(mediaRows(), before + 1);
  const [hash, format, w, h, variants, by] = sql(site.db, "select hash, format, width, height, variants, uploaded_by from media order by id desc limit 1").split('|');
  assert.match(hash, /^[0-9a-f]{32}$/);
  assert.deepEqual([format, w, h, variants, by], ['jpeg', '1800', '1200', '480 960 1600', 'Eddie Editor']);
  const files = storedImages(site).filter(f => f.includes(hash));
  assert.deepEqual(files, variantFiles(hash), 'six variants and nothing else (not the original)');
  const item = r.doc.querySelectorAll('ul.nr-media li').find(li => li.innerHTML.includes(hash));
  assert.ok(item, 'listed on the images page');
  assert.match(item.text, /photo\.jpg/);
});

test('variants are served with their type, cached as immutable, and carry no EXIF', async () => {
  const hash = sql(site.db, "select hash from media where format = 'jpeg' order by id limit 1");
  const metadata = [];
  for (const w of [480, 960, 1600]) {
    const webp = await request(`${base}/media/${hash}-${w}.webp`);
    assert.equal(webp.status, 200);
    assert.equal(webp.headers['content-type'], 'image/webp');
    assert.match(webp.headers['cache-control'], /immutable/);
    assert.match(webp.headers['cache-control'], /max-age=31536000/);
    assert.equal(webp.buffer.subarray(0, 4).toString('latin1'), 'RIFF');
    assert.equal(webp.buffer.subarray(8, 12).toString('latin1'), 'WEBP');
    const extra = riffChunks(webp.buffer).filter(c => !['VP8 ', 'VP8L', 'VP8X', 'ALPH'].includes(c));
    if (extra.length) metadata.push(`${w}.webp: ${extra.join(', ')} chunk`);
    const jpg = await request(`${base}/media/${hash}-${w}.jpg`);
    assert.equal(jpg.status, 200);
    assert.equal(jpg.headers['content-type'], 'image/jpeg');
    assert.match(jpg.headers['cache-control'], /immutable/);
    assert.deepEqual([...jpg.buffer.subarray(0, 2)], [0xff, 0xd8]);
    if (jpg.buffer.includes('Exif')) metadata.push(`${w}.jpg: Exif`);
    assert.equal(jpegWidth(jpg.buffer), w, `the ${w} variant is ${w} wide`);
    const again = await request(`${base}/media/${hash}-${w}.jpg`, { headers: { 'If-None-Match': jpg.headers.etag } });
    assert.equal(again.status, 304);
  }
  assert.equal((await request(`${base}/media/${hash}-720.jpg`)).status, 404, 'no such variant');
  assert.equal((await request(`${base}/media/../site.ini`)).status, 404);
  assert.equal((await request(`${base}/media/${hash}.jpg`)).status, 404);
  // photo.jpg has EXIF; none of it may reach the variants.
  assert.deepEqual(metadata, [], 'variants with metadata');
});

// The chunk names of a RIFF (WebP) file.
function riffChunks(buf) {
  const out = [];
  for (let i = 12; i + 8 <= buf.length;) {
    const len = buf.readUInt32LE(i + 4);
    out.push(buf.subarray(i, i + 4).toString('latin1'));
    i += 8 + len + (len & 1);
  }
  return out;
}

// The width in a JPEG's SOFn segment.
function jpegWidth(buf) {
  let i = 2;
  while (i < buf.length) {
    if (buf[i] !== 0xff) return null;
    const marker = buf[i + 1];
    const len = buf.readUInt16BE(i + 2);
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) return buf.readUInt16BE(i + 7);
    i += 2 + len;
  }
  return null;
}

// photo.jpg with an APP1 segment of EXIF data right after the SOI marker:
// an IFD0 whose ImageDescription is a recognisable text.
function jpegWithExif(secret) {
  const str = Buffer.from(secret + '\0', 'latin1');
  const tiff = Buffer.alloc(26);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(1, 8);         // one entry
  tiff.writeUInt16LE(0x010e, 10);   // ImageDescription
  tiff.writeUInt16LE(2, 12);        // ASCII
  tiff.writeUInt32LE(str.length, 14);
  tiff.writeUInt32LE(26, 18);       // where the text is
  tiff.writeUInt32LE(0, 22);        // no next IFD
  const payload = Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), tiff, str]);
  const head = Buffer.from([0xff, 0xe1, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([PHOTO.subarray(0, 2), head, payload, PHOTO.subarray(2)]);
}

test('EXIF in an upload does not reach the variants', async () => {
  const secret = 'GazetteSecretLocation 40.4093N 49.8671E';
  const data = jpegWithExif(secret);
  assert.ok(data.includes(secret) && data.includes('Exif'), 'the upload has EXIF');
  const r = await upload(editor, data, 'with-exif.jpg', 'image/jpeg');
  assert.equal(r.status, 200, text(r.doc?.querySelector('.nr-error')));
  assert.equal(text(r.doc.querySelector('.nr-notice')), 'Uploaded.');
  const hash = sql(site.db, "select hash from media where original_name = 'with-exif.jpg'");
  assert.match(hash, /^[0-9a-f]{32}$/);
  const leaks = [];
  for (const f of variantFiles(hash)) {
    const served = await request(`${base}/media/${path.basename(f)}`);
    assert.equal(served.status, 200, f);
    assert.deepEqual(storedImage(site, f), served.buffer, 'served as stored');
    const found = ['Exif', 'EXIF', 'GazetteSecret'].filter(m => served.buffer.includes(m));
    if (found.length) leaks.push(`${path.basename(f).slice(33)}: ${found.join(', ')}`);
  }
  assert.deepEqual(leaks, [], 'variants that still carry the EXIF data (and its text)');
});

test('PNG (with transparency) and WebP uploads are taken too', async () => {
  const png = await upload(editor, GRAPHIC, 'graphic.png', 'image/png');
  assert.equal(png.status, 200, text(png.doc?.querySelector('.nr-error')));
  const [phash, pformat, pw, ph, pvariants] = sql(site.db, "select hash, format, width, height, variants from media where original_name = 'graphic.png'").split('|');
  assert.deepEqual([pformat, pw, ph], ['png', '720', '480']);
  assert.equal(pvariants, '480', 'no variant wider than the original');
  const pjpg = await request(`${base}/media/${phash}-480.jpg`);
  assert.equal(pjpg.status, 200);
  assert.equal(pjpg.headers['content-type'], 'image/jpeg');
  assert.equal(jpegWidth(pjpg.buffer), 480);
  assert.equal((await request(`${base}/media/${phash}-480.webp`)).headers['content-type'], 'image/webp');
  const webp = await upload(editor, WEBP, 'photo.webp', 'image/webp');
  assert.equal(webp.status, 200, text(webp.doc?.querySelector('.nr-error')));
  const [whash, wformat, ww, wh, wvariants] = sql(site.db, "select hash, format, width, height, variants from media where original_name = 'photo.webp'").split('|');
  assert.deepEqual([wformat, ww, wh, wvariants], ['webp', '1800', '1200', '480 960 1600']);
  assert.deepEqual(storedImages(site).filter(f => f.includes(whash)), variantFiles(whash));
  assert.equal((await request(`${base}/media/${whash}-960.jpg`)).status, 200);
});

test('the same file uploaded twice is stored once', async () => {
  const data = jpegWithExif('Uploaded twice');
  const first = await upload(editor, data, 'twice-a.jpg', 'image/jpeg');
  assert.equal(text(first.doc.querySelector('.nr-notice')), 'Uploaded.');
  const rows = mediaRows(), files = storedImages(site);
  const second = await upload(admin, data, 'twice-b.jpg', 'image/jpeg');
  assert.equal(second.status, 200);
  assert.match(text(second.doc.querySelector('.nr-notice')), /uploaded before; it is stored once/);
  assert.equal(mediaRows(), rows);
  assert.deepEqual(storedImages(site), files);
});

// Refused uploads through /admin/media are tried on servers of their own:
// see ownSite().
test('a text file named .jpg is refused with a clear message, and nothing is stored', () => ownSite({}, async ({ site: s, client: c }) => {
  await c.login(SMALL_ADMIN.email);
  const rows = () => sqlNumber(s.db, 'select count(*) from media');
  const gif = Buffer.from('R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7', 'base64');
  const g = await upload(c, gif, 'pixel.jpg', 'image/jpeg');
  assert.equal(g.status, 400, 'a GIF is not taken');
  assert.equal(rows(), 0);
  assert.deepEqual(storedImages(s), []);
  const r = await upload(c, Buffer.from('This is not an image at all, only some text.\n'.repeat(20)), 'notes.jpg', 'image/jpeg');
  assert.equal(r.status, 400);
  assert.equal(rows(), 0);
  assert.deepEqual(storedImages(s), []);
  assert.equal(text(r.doc.querySelector('.nr-error')), 'Only JPEG, PNG and WebP images can be uploaded; this file is not one.');
}));

test('a truncated JPEG is refused and nothing is stored', () => ownSite({}, async ({ site: s, client: c }) => {
  await c.login(SMALL_ADMIN.email);
  const r = await upload(c, PHOTO.subarray(0, 30000), 'cut.jpg', 'image/jpeg');
  assert.equal(r.status, 400, 'status');
  assert.equal(sqlNumber(s.db, 'select count(*) from media'), 0);
  assert.deepEqual(storedImages(s), [], 'no new files in the media folder');
  assert.match(text(r.doc.querySelector('.nr-error')), /^The image cannot be read/);
}));

test('a file over max_upload_mb is refused with 413 and nothing is stored', () => ownSite({ extra: 'max_upload_mb = 1\n' }, async ({ site: s, client: c }) => {
  await c.login(SMALL_ADMIN.email);
  const count = () => sqlNumber(s.db, 'select count(*) from media');
  // Two megabytes: refused before the body is read.
  const big = Buffer.concat([PHOTO, Buffer.alloc(2 * 1024 * 1024)]);
  const r = await c.postMultipart('/admin/media', {}, [{ name: 'file', filename: 'big.jpg', type: 'image/jpeg', data: big }], { expectContinue: true });
  assert.equal(r.status, 413);
  assert.equal(count(), 0);
  // Just over one megabyte: read, then refused by the newsroom.
  const over = Buffer.concat([PHOTO, Buffer.alloc(1024 * 1024 + 1000 - PHOTO.length)]);
  const r2 = await c.postMultipart('/admin/media', {}, [{ name: 'file', filename: 'over.jpg', type: 'image/jpeg', data: over }]);
  assert.equal(r2.status, 413);
  assert.match(r2.doc.querySelector('label[for=m-file]').text, /up to 1 MB/);
  assert.equal(count(), 0);
  assert.deepEqual(storedImages(s), []);
  const message = text(r2.doc.querySelector('.nr-error'));
  // Under the limit it goes through.
  const ok = await upload(c, PHOTO, 'photo.jpg', 'image/jpeg');
  assert.equal(ok.status, 200);
  assert.equal(count(), 1);
  assert.equal(message, 'The file is larger than 1 MB.');
}));

test('the editor\'s lead image upload: the article page shows it with srcset, size, caption and credit; og:image; a card thumbnail', async () => {
  const title = uniqueTitle('Harbour at dawn');
  const r = await editor.postMultipart('/admin/articles', {
    title, lang: 'en', category: 'culture', body_markdown: 'The harbour at dawn.',
    lead_image_caption: 'Boats in the harbour', lead_image_credit: 'Photo: Test Desk', action: 'publish',
  }, [{ name: 'lead_image_file', filename: 'harbour.webp', type: 'image/webp', data: WEBP }]);
  assert.equal(r.status, 303, text(r.doc?.querySelector('.nr-error')) || '');
  const id = idFrom(r.location);
  const hash = sql(site.db, `select m.hash from articles a join media m on m.id = a.lead_image_id where a.id = ${id}`);
  assert.match(hash, /^[0-9a-f]{32}$/, 'the upload is the lead image');
  const edit = await editor.get(`/admin/articles/${id}`);
  assert.ok(edit.doc.querySelector(`.nr-image img[src="/media/${hash}-480.jpg"]`), 'the editor shows it');
  const url = publicPath(id);
  const page = await pub(url);
  assert.equal(page.status, 200);
  const doc = parse(page.text);
  const fig = doc.querySelector('article.article figure.lead-image');
  assert.ok(fig, 'a lead image');
  const img = fig.querySelector('img');
  assert.equal(img.getAttribute('width'), '1800');
  assert.equal(img.getAttribute('height'), '1200');
  assert.equal(img.getAttribute('alt'), 'Boats in the harbour');
  assert.equal(img.getAttribute('src'), `/media/${hash}-960.jpg`);
  assert.equal(img.getAttribute('srcset'), `/media/${hash}-480.jpg 480w, /media/${hash}-960.jpg 960w, /media/${hash}-1600.jpg 1600w`);
  assert.equal(fig.querySelector('source[type="image/webp"]').getAttribute('srcset'),
    `/media/${hash}-480.webp 480w, /media/${hash}-960.webp 960w, /media/${hash}-1600.webp 1600w`);
  assert.match(text(fig.querySelector('figcaption')), /^Boats in the harbour Photo: Test Desk$/);
  assert.equal(text(fig.querySelector('figcaption .credit')), 'Photo: Test Desk');
  for (const src of [img.getAttribute('src'), ...img.getAttribute('srcset').split(', ').map(s => s.split(' ')[0])])
    assert.equal((await request(base + src)).status, 200, src);
  assert.equal(doc.querySelector('meta[property="og:image"]').getAttribute('content'), `https://news.example.com/media/${hash}-1600.jpg`);
  const cat = parse((await pub('/en/culture/')).text);
  const card = cat.querySelectorAll('li.card').find(li => li.querySelector(`a[href="${url}"]`));
  assert.ok(card, 'in the category list');
  const thumb = card.querySelector('.card-image img');
  assert.ok(thumb, 'with a thumbnail');
  assert.equal(thumb.getAttribute('src'), `/media/${hash}-480.jpg`);
  assert.equal(thumb.getAttribute('width'), '1800');
  // Choosing an uploaded image from the list works too, and so does removing it.
  const png = sql(site.db, "select id from media where original_name = 'graphic.png'");
  await save(editor, id, { lead_image_id: png });
  assert.equal(sql(site.db, `select lead_image_id from articles where id = ${id}`), png);
  await save(editor, id, { lead_image_id: '0' });
  assert.equal(parse((await pub(url)).text).querySelector('figure.lead-image'), null);
  // Without its image the page previews with the site's share card.
  assert.match(parse((await pub(url)).text).querySelector('meta[property="og:image"]').getAttribute('content'),
    /^https:\/\/news\.example\.com\/static\/share-card\.[0-9a-f]+\.png$/);
});

test('a bad lead image in the editor is refused with its message and no article is made', async () => {
  const title = uniqueTitle('Bad picture story');
  const r = await editor.postMultipart('/admin/articles', { title, lang: 'en', category: 'politics', action: 'save' },
    [{ name: 'lead_image_file', filename: 'x.jpg', type: 'image/jpeg', data: Buffer.from('not a picture') }]);
  assert.equal(r.status, 400);
  assert.match(text(r.doc.querySelector('.nr-error')), /Only JPEG, PNG and WebP/);
  assert.equal(r.doc.querySelector('#f-title').getAttribute('value'), title, 'the form keeps what was typed');
  assert.equal(sqlNumber(site.db, `select count(*) from articles where title = '${title}'`), 0);
});

test('a refused lead image is reported against the image field, not the date', async () => {
  const r = await editor.postMultipart('/admin/articles', { title: uniqueTitle('Wrong field story'), lang: 'en', category: 'politics', action: 'save' },
    [{ name: 'lead_image_file', filename: 'x.jpg', type: 'image/jpeg', data: Buffer.from('not a picture') }]);
  assert.equal(r.status, 400);
  assert.equal(r.doc.querySelector('.nr-error').getAttribute('data-field'), 'lead_image_file');
});

// ------------------------------------------------------------------ preview

test('the preview renders Markdown without raw HTML or javascript: links', async () => {
  const md = '## Heading\n\nSome **bold** text and [a link](https://example.com/).\n\n' +
    '<script>alert(1)</script>\n\n<img src=x onerror="alert(2)">\n\n[click](javascript:alert(3))\n\n' +
    '[sneaky](JaVaScRiPt:alert(4))\n';
  const r = await editor.post('/admin/preview', { body_markdown: md });
  assert.equal(r.status, 200);
  assert.match(r.headers['content-type'], /^text\/html/);
  assert.equal(r.headers['cache-control'], 'no-store');
  assert.match(r.text, /<h2>Heading<\/h2>/);
  assert.match(r.text, /<strong>bold<\/strong>/);
  assert.match(r.text, /<a href="https:\/\/example.com\/">a link<\/a>/);
  assert.ok(!/<script/i.test(r.text), r.text);
  assert.ok(!/<img/i.test(r.text), 'no raw <img>');
  assert.ok(!/<[a-z][^>]*\sonerror\s*=/i.test(r.text), 'no event handler');
  assert.ok(!/href\s*=\s*["']?\s*javascript:/i.test(r.text), 'no javascript: link');
  assert.ok(!r.text.includes('<html'), 'only the fragment');
  const author_ = await author.post('/admin/preview', { body_markdown: '*hi*' });
  assert.equal(author_.status, 200);
  assert.match(author_.text, /<em>hi<\/em>/);
  const anonymous = await client().post('/admin/preview', { body_markdown: '*hi*' }, { csrf: false });
  assert.equal(anonymous.status, 403);
});

// ---------------------------------------------------------------- the run

const failed = await run({
  before: async () => {
    site = makeSite();
    // makeSite() ends the file with the [newsroom] section: add to it.
    appendFileSync(site.ini, 'session_idle_minutes = 5\n');
    for (const u of [ADMIN, EDITOR, AUTHOR, OTHER]) makeUser(u);
    server = await serve(site);
    base = server.base;
    admin = await loggedIn(ADMIN);
    editor = await loggedIn(EDITOR);
    author = await loggedIn(AUTHOR);
    other = await loggedIn(OTHER);
  },
  after: async () => {
    const stopped = await server.stop();
    const errs = sanitizerErrors(stopped.stderr);
    site.remove();
    if (stopped.code !== 0 || errs.length) throw new Error(`server exit ${stopped.code}: ${errs.join(' | ') || stopped.stderr.slice(-500)}`);
  },
});
process.exitCode = failed ? 1 : 0;
