// Browser tests of the newsroom in Russian and Azerbaijani: a person
// chooses their language on their account page, and the editor's toolbar,
// dialogs, counts and autosave line speak it (their accessible names are
// the translations), while the editor still writes and saves the same
// Markdown; a browser whose language is Russian gets the login page and
// the newsroom in Russian until its person chooses otherwise.
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addUser, addToken, request, sql, PASSWORD } from '../lib/newsroom.mjs';

suite('browser newsroom-languages');
let site, server, base, browser, token;
const RUSSIAN = { email: 'olga@example.com', name: 'Olga Redaktor', role: 'editor' };
const AZERI = { email: 'aysel@example.com', name: 'Aysel Redaktor', role: 'editor' };
const BROWSER = { email: 'pavel@example.com', name: 'Pavel Browser', role: 'editor' };

async function login(page, who, { button = 'Log in' } = {}) {
  await page.goto(base + '/admin/login');
  await page.locator('#email').fill(who.email);
  await page.locator('#password').fill(PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/articles$/), page.getByRole('button', { name: button }).click()]);
}

async function newPage(options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  page.errors = errors;
  return { context, page };
}

// Chooses a language on the account page, as a person does.
async function choose(page, label, saveButton, notice) {
  await page.goto(base + '/admin/account');
  await page.locator('#a-language').selectOption({ label });
  await Promise.all([page.waitForURL(/notice=language/), page.getByRole('button', { name: saveButton, exact: true }).click()]);
  assert.equal((await page.locator('.nr-notice').textContent()).trim(), notice);
}

const markdownOf = page => page.locator('textarea[name=body_markdown]').inputValue();
const storedBody = async id => {
  const r = await request(base + `/api/v1/admin/articles/${id}`, { headers: { Authorization: `Bearer ${token}` } });
  return JSON.parse(r.text).body_markdown;
};

test('in Russian the toolbar, the link dialog, the counts and autosave speak Russian, and the Markdown is the same', async () => {
  const { context, page } = await newPage();
  try {
    await login(page, RUSSIAN);
    await choose(page, 'Русский', 'Save', 'Язык сохранён.');
    assert.equal(sql(site.db, `select language from users where email = '${RUSSIAN.email}'`), 'ru');
    await page.goto(base + '/admin/articles/new');
    await page.locator('.nr-rich').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
    const toolbar = page.getByRole('toolbar', { name: 'Форматирование' });
    const names = { Bold: 'Полужирный', Italic: 'Курсив', Link: 'Ссылка', Heading: 'Подзаголовок', Quote: 'Цитата',
      'Bulleted list': 'Маркированный список', 'Numbered list': 'Нумерованный список', Image: 'Изображение',
      Embed: 'Встроить', Undo: 'Отменить', Redo: 'Повторить' };
    for (const [english, russian] of Object.entries(names)) {
      assert.equal(await toolbar.getByRole('button', { name: russian, exact: true }).count(), 1, russian);
      assert.equal(await toolbar.getByRole('button', { name: english, exact: true }).count(), 0, `no English ${english}`);
    }
    assert.equal(await toolbar.getByRole('button', { name: 'Полужирный' }).getAttribute('title'), 'Полужирный (Ctrl+B)');
    const text = page.getByRole('textbox', { name: 'Текст', exact: true });
    assert.equal(await text.count(), 1, 'the text is named in Russian');

    await page.locator('#f-title').fill('Бюджет принят');
    await page.locator('#f-category').selectOption('politics');
    await text.click();
    const bar = name => toolbar.getByRole('button', { name, exact: true });
    await bar('Подзаголовок').click();
    await page.keyboard.type('Совет голосует');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Бюджет ');
    await bar('Полужирный').click();
    await page.keyboard.type('принят');
    await bar('Полужирный').click();
    await page.keyboard.type(', сообщает ');
    await bar('Ссылка').click();
    const dialog = page.getByRole('dialog', { name: 'Добавить ссылку' });
    await dialog.getByLabel('Адрес').fill('https://example.com/sovet');
    await dialog.getByLabel('Текст ссылки').fill('секретарь');
    await dialog.getByRole('button', { name: 'Добавить ссылку' }).click();
    await page.keyboard.type('.');
    await page.keyboard.press('Enter');
    await bar('Маркированный список').click();
    await page.keyboard.type('дороги');
    await page.waitForFunction(() => {
      const f = document.querySelector('form[data-editor]');
      return f && f.gazetteEditor && (f.gazetteEditor.sync(), true);
    });
    const expected = '## Совет голосует\n\nБюджет **принят**, сообщает [секретарь](https://example.com/sovet).\n\n- дороги\n';
    assert.equal(await markdownOf(page), expected);
    assert.equal(await page.locator('.nr-counts').textContent(), '7 слов · 1 мин чтения · заголовок 13/60 симв.');
    // Autosave says so in Russian.
    await page.locator('[data-autosave-status]').filter({ hasText: /^Черновик сохранён: / }).waitFor({ timeout: 20000 });
    await Promise.all([page.waitForURL(/notice=/), page.keyboard.press('Control+s')]);
    assert.equal((await page.locator('.nr-notice').textContent()).trim(), 'Сохранено.');
    const id = Number(/\/admin\/articles\/(\d+)/.exec(page.url())[1]);
    assert.equal(await storedBody(id), expected);
    await page.locator('.nr-rich h2').waitFor();
    assert.equal(await page.locator('.nr-rich strong').textContent(), 'принят');
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test('in Azerbaijani the toolbar and the image dialog speak Azerbaijani', async () => {
  const { context, page } = await newPage();
  try {
    await login(page, AZERI);
    await choose(page, 'Azərbaycanca', 'Save', 'Dil yadda saxlanıldı.');
    await page.goto(base + '/admin/articles/new');
    await page.locator('.nr-rich').waitFor();
    assert.equal(await page.locator('html').getAttribute('lang'), 'az');
    const toolbar = page.getByRole('toolbar', { name: 'Formatlama' });
    for (const name of ['Qalın', 'Kursiv', 'Keçid', 'Şəkil', 'Geri al'])
      assert.equal(await toolbar.getByRole('button', { name, exact: true }).count(), 1, name);
    await page.getByRole('textbox', { name: 'Mətn', exact: true }).click();
    await toolbar.getByRole('button', { name: 'Şəkil', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Şəkil daxil et' });
    await dialog.waitFor();
    assert.equal(await dialog.getByRole('button', { name: 'İmtina' }).count(), 1);
    await dialog.getByRole('button', { name: 'İmtina' }).click();
    await page.keyboard.type('Söz');
    assert.match(await page.locator('.nr-counts').textContent(), /^1 söz · 1 dəq oxu · başlıq 0\/60 simvol$/);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test('a Russian browser gets the login page and the newsroom in Russian until its person chooses', async () => {
  const { context, page } = await newPage({ locale: 'ru-RU' });
  try {
    await page.goto(base + '/admin/login');
    assert.equal(await page.locator('html').getAttribute('lang'), 'ru');
    assert.equal((await page.locator('h1').textContent()).trim(), 'Вход в редакцию');
    await login(page, BROWSER, { button: 'Войти' });
    assert.equal((await page.locator('h1').textContent()).trim(), 'Статьи');
    await choose(page, 'English', 'Сохранить', 'Your language is saved.');
    await page.goto(base + '/admin/articles/new');
    await page.locator('.nr-rich').waitFor();
    assert.equal(await page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name: 'Bold', exact: true }).count(), 1);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

const failed = await run({
  before: async () => {
    site = makeSite();
    for (const u of [RUSSIAN, AZERI, BROWSER]) {
      const r = addUser(site, u);
      if (r.status !== 0) throw new Error(r.stderr);
    }
    token = addToken(site, 'language tests', 'editor');
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
