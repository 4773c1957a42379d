// HTTP tests of the newsroom's languages: English, Russian and
// Azerbaijani, through the same catalogues as the site, chosen per person
// on their account page (users.language; "" follows the browser's
// Accept-Language among the site's editions, else the site's default
// language). What is checked, in each language: <html lang>, the pages
// (the list, the editor, people, settings, the account page), the notice
// after a save, a refused save's message, dates, and the words the
// newsroom's scripts get (<body data-texts>); the login page and the
// signed-out answer following Accept-Language; a choice being one
// person's only; a bad value or a missing CSRF token refused, changing
// nothing; the Admin API staying English. And, reading the sources, that
// every text the scripts ask for is one the server hands them. Runs
// against GAZETTE_BIN on either engine.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, root } from '../lib/server.mjs';
import { Client, addUser, addToken, sql, request, idFrom, editorForm } from '../lib/newsroom.mjs';
import { extractMessages } from '../lib/messages.mjs';

suite('newsroom-languages');

let site, server, base, token, adminToken;
const ADMIN = { email: 'lale@example.com', name: 'Lalə Admin', role: 'admin' };
const EDITOR = { email: 'ivan@example.com', name: 'Ivan Editor', role: 'editor' };
let admin, editor;

const text = el => (el ? el.textContent.replace(/\s+/g, ' ').trim() : null);
const lang = r => r.doc.querySelector('html').getAttribute('lang');
const h1 = r => text(r.doc.querySelector('h1'));
const languageOf = who => sql(site.db, `select coalesce(language, '-') from users where email = '${who.email}'`);
// The JSON the layout hands the scripts, decoded from its attribute.
const scriptTexts = r => JSON.parse(r.doc.querySelector('body').getAttribute('data-texts'));

async function loggedIn(who, headers = {}) {
  const c = new Client(base, { headers });
  await c.login(who.email);
  return c;
}

// Sets c's language through the account page's form; returns the answer.
const choose = (c, language) => c.post('/admin/account', { language });

// Follows a redirect of c's (a 303 after a form).
async function follow(c, r) {
  assert.equal(r.status, 303, `a redirect, not ${r.status}: ${r.text.slice(0, 300)}`);
  return c.get(r.location);
}

let serial = 0;
async function create(c, fields = {}) {
  const r = await c.post('/admin/articles', {
    title: `Story ${++serial}`, lang: 'en', category: 'politics', body_markdown: 'Words.', action: 'save', ...fields,
  });
  assert.equal(r.status, 303, `create: ${r.status} ${r.text.slice(0, 300)}`);
  return { id: idFrom(r.location), saved: r };
}

test('with no choice and no Accept-Language the newsroom speaks English', async () => {
  const r = await admin.get('/admin/articles');
  assert.equal(r.status, 200);
  assert.equal(lang(r), 'en');
  assert.equal(h1(r), 'Articles');
  assert.equal(text(r.doc.querySelector('a[href="/admin/account"]')), 'Your account');
  assert.deepEqual(scriptTexts(r).texts, {}, 'English needs no texts of its own');
  assert.equal(languageOf(ADMIN), '-');
});

test('the login page follows Accept-Language among the editions, else the default language', async () => {
  const ru = await new Client(base, { headers: { 'Accept-Language': 'ru-RU,ru;q=0.9,en-US;q=0.8' } }).get('/admin/login');
  assert.equal(lang(ru), 'ru');
  assert.equal(h1(ru), 'Вход в редакцию');
  assert.equal(text(ru.doc.querySelector('label[for=password]')), 'Пароль');
  assert.equal(text(ru.doc.querySelector('button[type=submit]')), 'Войти');
  assert.match(text(ru.doc.querySelector('title')), /^Войти — Редакция — /);
  const weighted = await new Client(base, { headers: { 'Accept-Language': 'de-DE, en;q=0.3, ru;q=0.6' } }).get('/admin/login');
  assert.equal(lang(weighted), 'ru', 'the highest q among the editions');
  // Azerbaijani is not one of this site's editions (en, ru): the default.
  const az = await new Client(base, { headers: { 'Accept-Language': 'az-Latn-AZ, az;q=0.9' } }).get('/admin/login');
  assert.equal(lang(az), 'en');
  assert.equal(h1(az), 'Log in to the newsroom');
  const none = await new Client(base).get('/admin/login');
  assert.equal(lang(none), 'en');
  // A refused login says why in the browser's language.
  const c = new Client(base, { headers: { 'Accept-Language': 'ru' }, localAddress: '127.0.0.71' });
  const wrong = await c.tryLogin(EDITOR.email, 'not the password at all');
  assert.equal(wrong.status, 401);
  assert.equal(text(wrong.doc.querySelector('.nr-error')), 'Неверный адрес эл. почты или пароль.');
  // A form posted without a session says so in the browser's language too.
  const signedOut = await request(base + '/admin/articles', { method: 'POST', body: 'title=x',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', 'Accept-Language': 'ru' } });
  assert.equal(signedOut.status, 403);
  assert.match(signedOut.text, /<html lang="ru">/);
  assert.match(signedOut.text, /Ваш сеанс завершился, поэтому ничего не сохранено/);
});

test('a person who chooses Russian gets the newsroom in Russian: pages, notices, refusals, dates', async () => {
  const account = await admin.get('/admin/account');
  assert.equal(account.status, 200);
  const select = account.doc.querySelector('select[name=language]');
  assert.deepEqual(select.querySelectorAll('option').map(o => o.getAttribute('value')), ['', 'en', 'ru', 'az']);
  assert.equal(select.querySelector('option[selected]').getAttribute('value'), '', 'the browser, until chosen');
  const saved = await follow(admin, await choose(admin, 'ru'));
  assert.equal(languageOf(ADMIN), 'ru');
  assert.equal(lang(saved), 'ru');
  assert.equal(h1(saved), 'Ваша учётная запись');
  assert.equal(text(saved.doc.querySelector('.nr-notice')), 'Язык сохранён.');
  assert.equal(saved.doc.querySelector('select[name=language] option[selected]').getAttribute('value'), 'ru');
  assert.equal(text(saved.doc.querySelectorAll('.nr-facts dd')[2]), 'администратор', 'the role in Russian');

  const list = await admin.get('/admin/articles');
  assert.equal(lang(list), 'ru');
  assert.equal(h1(list), 'Статьи');
  assert.equal(text(list.doc.querySelector('a[href="/admin/articles/new"].button')), 'Новая статья');
  assert.equal(text(list.doc.querySelector('.nr-nav a[href="/admin/users"]')), 'Сотрудники');
  assert.equal(text(list.doc.querySelector('.nr-filters button')), 'Применить');
  assert.equal(list.doc.querySelector('td[data-label]').getAttribute('data-label'), 'Заголовок');
  const statuses = list.doc.querySelectorAll('.nr-status').map(text);
  assert.ok(statuses.includes('опубликовано'), `the states in Russian: ${statuses}`);
  assert.ok(list.doc.querySelectorAll('.nr-status').every(s => /^nr-status nr-status-[a-z]+$/.test(s.getAttribute('class'))),
    'the classes keep the state codes');
  const dates = list.doc.querySelectorAll('td[data-label="Дата"]').map(text);
  assert.ok(dates.some(d => /^\d+ (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря) \d{4} \d\d:\d\d$/.test(d)),
    `dates in Russian: ${dates.slice(0, 3)}`);

  const blank = await admin.get('/admin/articles/new');
  assert.equal(lang(blank), 'ru');
  assert.equal(h1(blank).replace(/\s+новая$/, ''), 'Новая статья');
  assert.equal(text(blank.doc.querySelector('label[for=f-title]')), 'Заголовок');
  assert.equal(text(blank.doc.querySelector('label[for=f-date]')), 'Дата (время Asia/Baku)');
  assert.equal(text(blank.doc.querySelector('button[name=action][value=save]')), 'Сохранить');
  assert.equal(text(blank.doc.querySelector('button[name=action][value=publish]')), 'Опубликовать (или запланировать, если дата позже)');
  assert.equal(blank.doc.querySelector('input[name=slug]').getAttribute('placeholder'), 'из заголовка');
  assert.equal(blank.doc.querySelector('figure.nr-serp').getAttribute('aria-label'), 'Как результат поиска');
  const words = scriptTexts(blank);
  assert.equal(words.texts.Bold, 'Полужирный');
  assert.equal(words.texts['Numbered list'], 'Нумерованный список');
  assert.deepEqual(words.plurals['%d word'], ['%d слово', '%d слова', '%d слов']);
  assert.equal(words.forms.length, 200);
  assert.deepEqual([1, 2, 5, 11, 21, 22, 111].map(n => words.forms[n]), ['0', '1', '2', '2', '0', '1', '2']);

  // A save's notice, and the editor it leads back to.
  const { id, saved: done } = await create(admin);
  const back = await admin.get(done.location);
  assert.equal(text(back.doc.querySelector('.nr-notice')), 'Сохранено.');
  assert.equal(text(back.doc.querySelector('h1 .nr-status')), 'черновик');
  assert.match(text(back.doc.querySelector('title')), /^Редактирование: Story \d+ — Редакция — /);
  // A refused save: the field's reason, translated, against its field.
  const form = editorForm(back.doc);
  const refused = await admin.post(`/admin/articles/${id}`, { ...form, title: '', action: 'save' });
  assert.equal(refused.status, 400);
  const error = refused.doc.querySelector('.nr-error');
  assert.equal(text(error), 'поле «title»: обязательно');
  assert.equal(error.getAttribute('data-field'), 'title');
  const badDate = await admin.post(`/admin/articles/${id}`, { ...form, date: 'tomorrow', action: 'save' });
  assert.equal(text(badDate.doc.querySelector('.nr-error')), 'Дата должна быть датой и временем, например 2026-02-14T16:50.');
  // Publishing, then the notice of an update of a published story.
  const published = await follow(admin, await admin.post(`/admin/articles/${id}`, { ...form, action: 'publish' }));
  assert.equal(text(published.doc.querySelector('.nr-notice')), 'Опубликовано.');
  const updated = await follow(admin, await admin.post(`/admin/articles/${id}`, { ...editorForm(published.doc), action: 'save' }));
  assert.equal(text(updated.doc.querySelector('.nr-notice')), 'Сохранено: опубликованный материал обновлён.');
  // A page that only says something.
  const missing = await admin.get('/admin/articles/999999');
  assert.equal(missing.status, 404);
  assert.equal(h1(missing), 'Не найдено');
  assert.equal(text(missing.doc.querySelector('.nr-error')), 'Такой статьи нет.');

  const people = await admin.get('/admin/users');
  assert.equal(h1(people), 'Сотрудники');
  const roleOptions = people.doc.querySelectorAll('#u-role option');
  assert.deepEqual(roleOptions.map(o => o.getAttribute('value')), ['author', 'editor', 'admin'], 'the values stay the codes');
  assert.deepEqual(roleOptions.map(text), ['автор', 'редактор', 'администратор']);
  const refusedPerson = await admin.post('/admin/users', { name: 'Nobody', email: 'not an address', role: 'author', password: 'long enough password' });
  assert.equal(refusedPerson.status, 400);
  assert.equal(text(refusedPerson.doc.querySelector('.nr-error')), 'Укажите правильный адрес эл. почты.');
  const settings = await admin.get('/admin/settings');
  assert.equal(h1(settings), 'Настройки сайта');
  assert.equal(text(settings.doc.querySelector('label[for="s-attribution.ru"]')), 'Условия перепечатки (русский)');
  const audit = await admin.get('/admin/audit');
  assert.equal(h1(audit), 'Журнал действий');
  assert.ok(audit.doc.querySelectorAll('tbody td:nth-child(3)').map(text).includes('опубликована'), 'the actions in Russian');
});

test('JSON answers the editor shows come in the person\'s language', async () => {
  assert.equal(languageOf(ADMIN), 'ru');
  const upload = await admin.postMultipart('/admin/library', {}, []);
  assert.equal(upload.status, 400);
  assert.equal(JSON.parse(upload.text).error, 'Выберите файл изображения для загрузки.');
  const draft = await admin.get('/admin/articles/999999/draft');
  assert.equal(draft.status, 404);
  assert.equal(JSON.parse(draft.text).error, 'Такой статьи нет.');
});

test('Azerbaijani, then back to English, and "as my browser asks"', async () => {
  const az = await follow(admin, await choose(admin, 'az'));
  assert.equal(languageOf(ADMIN), 'az');
  assert.equal(lang(az), 'az');
  assert.equal(h1(az), 'Hesabınız');
  assert.equal(text(az.doc.querySelector('.nr-notice')), 'Dil yadda saxlanıldı.');
  const list = await admin.get('/admin/articles');
  assert.equal(h1(list), 'Məqalələr');
  assert.ok(list.doc.querySelectorAll('.nr-status').map(text).includes('dərc olunub'));
  const blank = await admin.get('/admin/articles/new');
  assert.equal(text(blank.doc.querySelector('button[name=action][value=save]')), 'Yadda saxla');
  assert.equal(scriptTexts(blank).texts.Bold, 'Qalın');
  const { id } = await create(admin);
  const refused = await admin.post(`/admin/articles/${id}`, { ...editorForm((await admin.get(`/admin/articles/${id}`)).doc), title: '', action: 'save' });
  assert.equal(text(refused.doc.querySelector('.nr-error')), '«title» sahəsi: mütləqdir');
  const people = await admin.get('/admin/users');
  assert.equal(h1(people), 'İşçilər');

  const en = await follow(admin, await choose(admin, 'en'));
  assert.equal(languageOf(ADMIN), 'en');
  assert.equal(lang(en), 'en');
  assert.equal(text(en.doc.querySelector('.nr-notice')), 'Your language is saved.');
  // Following the browser: none here is English; a Russian browser, Russian.
  const automatic = await follow(admin, await choose(admin, ''));
  assert.equal(languageOf(ADMIN), '-');
  assert.equal(lang(automatic), 'en');
  assert.equal(automatic.doc.querySelector('select[name=language] option[selected]').getAttribute('value'), '');
  const ruBrowser = await admin.get('/admin/articles', { 'Accept-Language': 'ru' });
  assert.equal(lang(ruBrowser), 'ru');
  assert.equal(h1(ruBrowser), 'Статьи');
});

test('the choice is the person\'s own: another one keeps theirs, and a choice wins over the browser', async () => {
  await follow(admin, await choose(admin, 'ru'));
  const theirs = await editor.get('/admin/articles');
  assert.equal(lang(theirs), 'en');
  assert.equal(h1(theirs), 'Articles');
  assert.equal(languageOf(EDITOR), '-');
  // The editor's browser asks for Russian; the admin's choice (az) wins over theirs.
  const ruEditor = await editor.get('/admin/articles', { 'Accept-Language': 'ru' });
  assert.equal(lang(ruEditor), 'ru');
  await follow(admin, await choose(admin, 'az'));
  const chosen = await admin.get('/admin/articles', { 'Accept-Language': 'ru' });
  assert.equal(lang(chosen), 'az');
  // Another session of the same person has it too.
  const again = await loggedIn(ADMIN);
  assert.equal(lang(await again.get('/admin/articles')), 'az');
  await follow(admin, await choose(admin, ''));
});

test('a language that is not on the list is refused with a clear message and changes nothing', async () => {
  await follow(admin, await choose(admin, 'ru'));
  for (const bad of ['de', 'RU', 'ru-RU', 'en ', 'x'.repeat(300)]) {
    const r = await choose(admin, bad);
    assert.equal(r.status, 400, `${JSON.stringify(bad.slice(0, 20))}: ${r.status}`);
    assert.equal(lang(r), 'ru');
    assert.equal(text(r.doc.querySelector('.nr-error')),
      'Выберите язык из списка: English, Русский, Azərbaycanca или язык браузера. Ничего не изменено.');
    assert.equal(languageOf(ADMIN), 'ru', 'unchanged');
  }
  const none = await admin.post('/admin/account', {});
  assert.equal(none.status, 400, 'no language at all');
  assert.equal(languageOf(ADMIN), 'ru');
  await follow(admin, await choose(admin, ''));
  const english = await choose(admin, 'de');
  assert.equal(text(english.doc.querySelector('.nr-error')),
    'Choose a language from the list: English, Русский, Azərbaycanca, or what your browser asks. Nothing was changed.');
});

test('the choice needs the session\'s CSRF token', async () => {
  const before = languageOf(EDITOR);
  const without = await editor.post('/admin/account', { language: 'ru' }, { csrf: false });
  assert.equal(without.status, 403);
  const wrong = await editor.post('/admin/account', { language: 'ru' }, { csrf: 'not-the-token-of-this-session' });
  assert.equal(wrong.status, 403);
  const another = await editor.post('/admin/account', { language: 'ru' }, { csrf: await admin.token() });
  assert.equal(another.status, 403, "another person's token");
  assert.equal(languageOf(EDITOR), before, 'unchanged');
  // Without a session at all: nothing changes either.
  const anonymous = await request(base + '/admin/account', { method: 'POST', body: 'language=ru',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' } });
  assert.equal(anonymous.status, 403);
  assert.equal(languageOf(EDITOR), before);
});

test('the Admin API answers in English whatever the browser asks, and tells a person\'s language', async () => {
  await follow(editor, await choose(editor, 'ru'));
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', 'Accept-Language': 'ru' };
  const r = await request(base + '/api/v1/admin/articles', { method: 'POST', headers,
    body: JSON.stringify({ title: '', lang: 'en', category: 'politics', body_markdown: 'x' }) });
  assert.equal(r.status, 400);
  assert.match(JSON.parse(r.text).error, /^field 'title': is required$/);
  const users = await request(base + '/api/v1/admin/users', { headers: { ...headers, Authorization: `Bearer ${adminToken}` } });
  assert.equal(users.status, 200);
  const byEmail = Object.fromEntries(JSON.parse(users.text).items.map(u => [u.email, u]));
  assert.equal(byEmail[EDITOR.email].language, 'ru');
  assert.equal(byEmail[ADMIN.email].language, null);
  await follow(editor, await choose(editor, ''));
});

test('every text the newsroom\'s scripts ask for is one the server hands them (src/newsroom/admin_texts.c)', () => {
  const handed = new Set(extractMessages(root).filter(m => m.where.includes('src/newsroom/admin_texts.c')).map(m => m.msgid));
  assert.ok(handed.has('Bold') && handed.has('%d word'), 'the extractor reads admin_texts.c');
  const dir = path.join(root, 'themes/default/newsroom/src');
  const files = [path.join(root, 'themes/default/static/admin.js'), ...readdirSync(dir).filter(f => f.endsWith('.js')).map(f => path.join(dir, f))];
  const asked = [];
  const str = `'((?:[^'\\\\]|\\\\.)*)'`;
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    for (const m of source.matchAll(new RegExp(`\\bt\\(\\s*${str}\\s*\\)`, 'g'))) asked.push([file, m[1]]);
    for (const m of source.matchAll(new RegExp(`\\btn\\(\\s*${str}\\s*,\\s*${str}`, 'g'))) asked.push([file, m[1]], [file, m[2]]);
  }
  const plurals = new Set(extractMessages(root).filter(m => m.plural).map(m => m.plural));
  assert.ok(asked.length >= 80, `${asked.length} texts found in the scripts`);
  const missing = asked.filter(([, msg]) => !handed.has(msg) && !plurals.has(msg)).map(([f, msg]) => `${path.basename(f)}: ${msg}`);
  assert.deepEqual(missing, [], 'texts the scripts ask for that admin_texts.c does not list');
});

const failed = await run({
  before: async () => {
    site = makeSite();
    for (const u of [ADMIN, EDITOR]) {
      const r = addUser(site, u);
      if (r.status !== 0) throw new Error(r.stderr);
    }
    token = addToken(site, 'languages-robot', 'editor');
    adminToken = addToken(site, 'languages-admin', 'admin');
    server = await serve(site);
    base = server.base;
    admin = await loggedIn(ADMIN);
    editor = await loggedIn(EDITOR);
  },
  after: async () => {
    const stopped = await server.stop();
    const errs = sanitizerErrors(stopped.stderr);
    site.remove();
    if (stopped.code !== 0 || errs.length) throw new Error(`server exit ${stopped.code}: ${errs.join(' | ') || stopped.stderr.slice(-500)}`);
  },
});
process.exitCode = failed ? 1 : 0;
