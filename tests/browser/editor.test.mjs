// Browser tests of the story editor (themes/default/newsroom/src/): the
// toolbar and shortcuts write Markdown, a story opened and saved unchanged
// keeps its exact bytes, a paste from Word or Google Docs keeps only
// headings, emphasis, links and lists, images need alt text to publish,
// embeds are a link on their own line, the Markdown view, and all of it by
// keyboard alone.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, fixtures } from '../lib/server.mjs';
import { launch } from '../lib/browser.mjs';
import { addUser, addToken, request, PASSWORD } from '../lib/newsroom.mjs';

suite('browser editor');
const axeSource = fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let site, server, base, browser, token;
const EDITOR = { email: 'eda@example.com', name: 'Eda Editor', role: 'editor' };

async function api(method, pathname, json) {
  const headers = { Authorization: `Bearer ${token}` };
  let body;
  if (json) { headers['Content-Type'] = 'application/json'; body = JSON.stringify(json); }
  const r = await request(base + pathname, { method, headers, body });
  return { status: r.status, json: r.text ? JSON.parse(r.text) : null };
}

async function createStory(fields) {
  const r = await api('POST', '/api/v1/admin/articles', { category: 'politics', lang: 'en', status: 'draft', ...fields });
  assert.equal(r.status, 201, JSON.stringify(r.json));
  return r.json.id;
}

const storedBody = async id => (await api('GET', `/api/v1/admin/articles/${id}`)).json.body_markdown;

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  page.on('console', m => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript(() => {
    window.cspViolations = [];
    document.addEventListener('securitypolicyviolation', e => window.cspViolations.push(e.violatedDirective + ' ' + e.sourceFile));
  });
  page.errors = errors;
  await page.goto(base + '/admin/login');
  await page.locator('#email').fill(EDITOR.email);
  await page.locator('#password').fill(PASSWORD);
  await Promise.all([page.waitForURL(/\/admin\/articles$/), page.getByRole('button', { name: 'Log in' }).click()]);
  return { context, page };
}

async function openEditor(page, id) {
  await page.goto(base + (id ? `/admin/articles/${id}` : '/admin/articles/new'));
  await page.locator('.nr-rich').waitFor();
}

const markdownOf = page => page.locator('textarea[name=body_markdown]').inputValue();
const settle = page => page.waitForFunction(() => {
  const f = document.querySelector('form[data-editor]');
  return f && f.gazetteEditor && (f.gazetteEditor.sync(), true);
});

async function saveAndWait(page) {
  await Promise.all([page.waitForURL(/notice=/), page.keyboard.press('Control+s')]);
}

test('every control has its accessible name, and the reader\'s pages do not load the editor', async () => {
  const { context, page } = await newPage();
  try {
    await openEditor(page);
    const toolbar = page.getByRole('toolbar', { name: 'Formatting' });
    for (const name of ['Bold', 'Italic', 'Link', 'Heading', 'Quote', 'Bulleted list', 'Numbered list', 'Image', 'Embed', 'Undo', 'Redo', 'Markdown'])
      assert.equal(await toolbar.getByRole('button', { name, exact: true }).count(), 1, name);
    assert.equal(await page.getByRole('textbox', { name: 'Text', exact: true }).count(), 1);
    // One tab stop for the whole toolbar.
    assert.equal(await toolbar.locator('button[tabindex="0"]').count(), 1);
    const scripts = await page.evaluate(() => [...document.scripts].map(s => s.src).filter(Boolean));
    assert.ok(scripts.some(s => /newsroom-editor\.[0-9a-f]+\.js$/.test(s)), scripts.join());
    assert.ok(!scripts.some(s => /newsroom-source/.test(s)), 'the source view loads only when asked for');
    const reader = await request(base + '/en/');
    assert.ok(!/newsroom-editor|newsroom-source/.test(reader.text), 'the reader\'s page has only its own script');
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test('the toolbar and the shortcuts write Markdown, and it is what the story saves', async () => {
  const { context, page } = await newPage();
  try {
    await openEditor(page);
    await page.locator('#f-title').fill('Toolbar story');
    await page.locator('#f-category').selectOption('politics');
    const text = page.getByRole('textbox', { name: 'Text', exact: true });
    await text.click();
    const bar = name => page.getByRole('toolbar', { name: 'Formatting' }).getByRole('button', { name, exact: true });
    await bar('Heading').click();
    await page.keyboard.type('Council votes');
    await page.keyboard.press('Enter');
    await page.keyboard.type('The ');
    await bar('Bold').click();
    await page.keyboard.type('budget');
    await bar('Bold').click();
    await page.keyboard.type(' passed ');
    await page.keyboard.press('Control+i');
    await page.keyboard.type('narrowly');
    await page.keyboard.press('Control+i');
    await page.keyboard.type(', says ');
    await bar('Link').click();
    const dialog = page.getByRole('dialog', { name: 'Add a link' });
    await dialog.getByLabel('Address').fill('https://example.com/council');
    await dialog.getByLabel('Text to show').fill('the clerk');
    await dialog.getByRole('button', { name: 'Add link' }).click();
    await page.keyboard.type('.');
    await page.keyboard.press('Enter');
    await bar('Quote').click();
    await page.keyboard.type('We will build it.');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await bar('Bulleted list').click();
    await page.keyboard.type('roads');
    await page.keyboard.press('Enter');
    await page.keyboard.type('bridges');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await bar('Numbered list').click();
    await page.keyboard.type('first');
    await page.keyboard.press('Enter');
    await page.keyboard.type('second');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Typed by mistake');
    await bar('Undo').click();
    await settle(page);
    assert.ok(!(await markdownOf(page)).includes('Typed by mistake'), 'undo');
    await bar('Redo').click();
    await settle(page);
    assert.ok((await markdownOf(page)).includes('Typed by mistake'), 'redo');
    await bar('Undo').click();
    await settle(page);
    const expected = '## Council votes\n\nThe **budget** passed *narrowly*, says [the clerk](https://example.com/council).\n\n' +
      '> We will build it.\n\n- roads\n- bridges\n\n1. first\n2. second\n';
    assert.equal(await markdownOf(page), expected);
    // The counts under the text.
    assert.match(await page.locator('.nr-counts').textContent(), /^17 words · 1 min read · title 13\/60 characters$/);
    await saveAndWait(page);
    const id = Number(/\/admin\/articles\/(\d+)/.exec(page.url())[1]);
    assert.equal(await storedBody(id), expected);
    // Opened again, the editor shows the same structure.
    await page.locator('.nr-rich h2').waitFor();
    assert.equal(await page.locator('.nr-rich strong').textContent(), 'budget');
    assert.equal(await page.locator('.nr-rich a').getAttribute('href'), 'https://example.com/council');
    assert.equal(await page.locator('.nr-rich ol li').count(), 2);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test('the editor fits a 390 px phone: the toolbar wraps, no field is wider than the screen', async () => {
  const { context, page } = await newPage();
  try {
    await page.setViewportSize({ width: 390, height: 800 });
    for (const path of ['/admin/articles/new', '/admin/articles']) {
      await page.goto(base + path);
      assert.equal(await page.evaluate(() => document.documentElement.scrollWidth), 390, path);
    }
    await openEditor(page);
    const box = await page.getByRole('toolbar', { name: 'Formatting' }).boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= 390, JSON.stringify(box));
  } finally {
    await context.close();
  }
});

test('the newsroom\'s pages pass axe (WCAG 2 A and AA, contrast too) in both themes, every fieldset open', async () => {
  const id = await createStory({ title: 'Checked for contrast', body_markdown: 'Text.\n' });
  for (const scheme of ['light', 'dark']) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: scheme, bypassCSP: true });
    const page = await context.newPage();
    try {
      await page.goto(base + '/admin/login');
      await page.locator('#email').fill(EDITOR.email);
      await page.locator('#password').fill(PASSWORD);
      await Promise.all([page.waitForURL(/\/admin\/articles$/), page.getByRole('button', { name: 'Log in' }).click()]);
      for (const p of ['/admin/articles/new', `/admin/articles/${id}`, '/admin/articles', '/admin/authors', '/admin/media',
        `/admin/articles/${id}/revisions`]) {
        await page.goto(base + p);
        await page.evaluate(() => document.querySelectorAll('details').forEach(d => { d.open = true; }));
        await page.addScriptTag({ content: axeSource });
        const result = await page.evaluate(() => window.axe.run(document, { runOnly: ['wcag2a', 'wcag2aa'] }));
        const problems = result.violations.map(v => `${v.id}: ${v.nodes.map(n => n.target.join(' ')).slice(0, 3).join(', ')}`);
        assert.deepEqual(problems, [], `${scheme} ${p}`);
      }
    } finally {
      await context.close();
    }
  }
});

const TRICKY = fs.readFileSync(path.join(fixtures, 'markdown/tricky.md'), 'utf8');

test('a story opened and saved unchanged keeps its exact Markdown; an edit changes only its paragraph', async () => {
  const id = await createStory({ title: 'Round trip', body_markdown: TRICKY });
  const stored = await storedBody(id);
  const { context, page } = await newPage();
  try {
    await openEditor(page, id);
    assert.equal(await page.locator('.nr-rich table, .nr-rich .nr-kept').count() > 0, true, 'the table is kept as Markdown');
    await saveAndWait(page);
    assert.equal(await storedBody(id), stored, 'byte-identical');
    // One word added at the end of the second paragraph.
    await openEditor(page, id);
    const para = page.locator('.nr-rich > p').first();
    await para.click();
    await page.keyboard.press('Control+End');
    await para.click();
    await page.keyboard.press('End');
    await page.keyboard.type(' Added.');
    await settle(page);
    await saveAndWait(page);
    const after = await storedBody(id);
    assert.notEqual(after, stored);
    const a = stored.split('\n'), b = after.split('\n');
    const firstDiff = a.findIndex((l, i) => l !== b[i]);
    const lastA = a.length - 1 - [...a].reverse().findIndex((l, i) => l !== b[b.length - 1 - i]);
    assert.ok(firstDiff >= 3 && lastA - firstDiff < 4, `changed lines ${firstDiff}..${lastA}`);
    assert.ok(after.includes(' Added.'));
    // The fixture's image is not in the library: its 404s are expected.
    assert.deepEqual(page.errors.filter(e => !/status of 404/.test(e)), []);
  } finally {
    await context.close();
  }
});

async function paste(page, data) {
  await page.evaluate(d => {
    const dt = new DataTransfer();
    for (const [type, value] of Object.entries(d)) dt.setData(type, value);
    const target = document.querySelector('.nr-rich');
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
  }, data);
}

test('a paste from Word, Google Docs or a web page keeps headings, emphasis, links and lists, and nothing else', async () => {
  const { context, page } = await newPage();
  const outside = [];
  await context.route(url => !url.href.startsWith(base), r => { outside.push(r.request().url()); r.abort(); });
  try {
    await openEditor(page);
    await page.getByRole('textbox', { name: 'Text', exact: true }).click();
    await paste(page, {
      'text/html': '<html><head><style>p.MsoNormal{color:red}</style><script>window.pasted = 1</script></head><body>' +
        '<!--[if gte mso 9]><xml><w:WordDocument></w:WordDocument></xml><![endif]-->' +
        '<h2 style="color:red;font-family:Calibri">Harbour news</h2>' +
        '<p class="MsoNormal" style="margin:0;font-size:11pt"><b>Bold</b> and <span style="font-style:italic">italic</span> and ' +
        '<a href="https://example.com/x" onclick="window.pasted = 2" style="color:blue">a link</a>' +
        '<img src="https://tracker.example/pixel.gif" width="1" height="1"></p>' +
        '<ul><li class="MsoListParagraph">one</li><li>two</li></ul>' +
        '<p><a href="javascript:window.pasted=3">not a link</a> <font color="red">plain</font></p></body></html>',
      'text/plain': 'Harbour news',
    });
    await page.keyboard.press('Enter');
    // Google Docs wraps the whole paste in a <b style="font-weight:normal">.
    await paste(page, {
      'text/html': '<meta charset="utf-8"><b style="font-weight:normal;" id="docs-internal-guid-1a2b"><p dir="ltr" style="line-height:1.38">' +
        '<span style="font-size:11pt;font-weight:700;">Docs bold</span><span style="font-size:11pt;font-weight:400;"> then normal</span></p></b>',
      'text/plain': 'Docs bold then normal',
    });
    await settle(page);
    const md = await markdownOf(page);
    assert.match(md, /^## Harbour news\n\n\*\*Bold\*\* and \*italic\* and \[a link\]\(https:\/\/example\.com\/x\)\n\n- one\n- two\n\nnot a link plain\n\n\*\*Docs bold\*\* then normal\n$/, JSON.stringify(md));
    for (const bad of ['pixel', 'javascript', 'style', 'script', 'Mso', 'color']) assert.ok(!md.includes(bad), bad);
    assert.equal(await page.evaluate(() => window.pasted), undefined);
    assert.equal(await page.locator('.nr-rich img').count(), 0, 'no tracking pixel');
    assert.deepEqual(outside, [], 'nothing was requested from elsewhere');
    // A link pasted alone on an empty line is an embed.
    await page.keyboard.press('Enter');
    await paste(page, { 'text/plain': 'https://www.youtube.com/watch?v=dQw4w9WgXcQ' });
    await page.locator('.nr-embed', { hasText: 'YouTube video' }).waitFor();
    await settle(page);
    assert.ok((await markdownOf(page)).endsWith('then normal\n\nhttps://www.youtube.com/watch?v=dQw4w9WgXcQ\n'));
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test('an image needs its alt text before the story is published; a pasted image file is uploaded', async () => {
  const { context, page } = await newPage();
  try {
    await openEditor(page);
    await page.locator('#f-title').fill('Pictures story');
    await page.locator('#f-category').selectOption('politics');
    await page.getByRole('textbox', { name: 'Text', exact: true }).click();
    await page.keyboard.type('Before the picture.');
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Image', exact: true }).click();
    const dialog = page.getByRole('dialog', { name: 'Insert an image' });
    await dialog.locator('input[type=file]').setInputFiles(path.join(fixtures, 'images/photo.jpg'));
    await dialog.getByText('Uploaded.').waitFor();
    await dialog.getByLabel('Caption').fill('The harbour at noon');
    await dialog.getByRole('button', { name: 'Insert' }).click();
    const figure = page.locator('.nr-rich figure.nr-figure');
    await figure.waitFor();
    assert.match(await figure.textContent(), /No alt text/);
    await settle(page);
    const src = /!\[\]\((\/media\/[0-9a-f]{32}-\d+\.jpg) "The harbour at noon"\)/.exec(await markdownOf(page));
    assert.ok(src, await markdownOf(page));
    // Publishing is refused in the page while the image has no alt text: nothing is sent.
    let posted = 0;
    page.on('request', r => { if (r.method() === 'POST' && /\/admin\/articles/.test(r.url())) posted++; });
    await page.getByRole('button', { name: /^Publish/ }).click();
    await page.locator('.nr-rich-status', { hasText: 'An image has no alt text' }).waitFor();
    assert.equal(posted, 0);
    assert.equal(await page.locator('.nr-rich .ProseMirror-selectednode').count(), 1, 'the image is pointed at');
    // Its alt text, by keyboard: Enter on the selected image opens its dialog.
    await page.keyboard.press('Enter');
    const edit = page.getByRole('dialog', { name: 'Edit the image' });
    await edit.getByLabel(/^Alt text/).fill('Fishing boats moored in the harbour');
    await edit.getByLabel(/^Credit/).fill('Photo: Harbour Desk');
    await edit.getByRole('button', { name: 'Apply' }).click();
    await page.locator('.nr-rich-status', { hasText: 'The credit is saved with the image.' }).waitFor();
    const credits = await page.evaluate(() => fetch('/admin/library').then(r => r.json()).then(j => j.images.map(i => i.credit)));
    assert.ok(credits.includes('Photo: Harbour Desk'), JSON.stringify(credits));
    await settle(page);
    assert.ok((await markdownOf(page)).includes(`![Fishing boats moored in the harbour](${src[1]} "The harbour at noon")`));
    // A pasted image file goes to the library and into the story.
    await page.locator('.nr-rich p').first().click();
    await page.keyboard.press('End');
    const png = fs.readFileSync(path.join(fixtures, 'images/graphic.png')).toString('base64');
    await page.evaluate(b64 => {
      const bytes = Uint8Array.from(atob(b64), c => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'chart.png', { type: 'image/png' }));
      document.querySelector('.nr-rich').dispatchEvent(new ClipboardEvent('paste', { clipboardData: dt, bubbles: true, cancelable: true }));
    }, png);
    await page.waitForFunction(() => document.querySelectorAll('.nr-rich figure').length === 2);
    await page.getByRole('button', { name: 'Edit image (no alt text)' }).click();
    await page.getByRole('dialog', { name: 'Edit the image' }).getByLabel(/^Alt text/).fill('A bar chart');
    await page.getByRole('dialog', { name: 'Edit the image' }).getByRole('button', { name: 'Apply' }).click();
    await Promise.all([page.waitForURL(/notice=published/), page.getByRole('button', { name: /^Publish/ }).click()]);
    const id = Number(/\/admin\/articles\/(\d+)/.exec(page.url())[1]);
    const body = await storedBody(id);
    assert.match(body, /!\[A bar chart\]\(\/media\/[0-9a-f]{32}-\d+\.jpg\)/);
    assert.match(body, /!\[Fishing boats moored in the harbour\]/);
    // On the site: the figure with its caption and the library's credit.
    await page.goto(base + '/en/politics/pictures-story');
    const onSite = page.locator('.article-body figure', { hasText: 'The harbour at noon' });
    assert.match(await onSite.locator('figcaption').textContent(), /The harbour at noon\s*Photo: Harbour Desk/);
    assert.equal(await onSite.locator('img').getAttribute('alt'), 'Fishing boats moored in the harbour');
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test('by keyboard alone: into the text, to the toolbar (Alt+F10) and back, formatting, embedding, saving', async () => {
  const { context, page } = await newPage();
  try {
    await openEditor(page);
    await page.locator('#f-title').fill('Keyboard story');
    await page.locator('#f-category').selectOption('politics');
    await page.locator('#f-tags').focus();
    // Tab reaches the text from the fields before it (the lead image's fields on the way).
    let steps = 0;
    while (!(await page.evaluate(() => document.activeElement.classList.contains('nr-rich'))) && steps < 15) {
      await page.keyboard.press('Tab');
      steps++;
    }
    assert.ok(steps < 15, 'the text is reached by Tab');
    await page.keyboard.type('Ferries run late');
    await page.keyboard.press('Shift+Home');
    await page.keyboard.press('Alt+F10');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Bold');
    await page.keyboard.press('ArrowRight');
    assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), 'Italic');
    await page.keyboard.press('ArrowLeft');
    await page.keyboard.press('Enter');
    assert.equal(await page.getByRole('button', { name: 'Bold', exact: true }).getAttribute('aria-pressed'), 'true');
    await page.keyboard.press('Escape');
    assert.ok(await page.evaluate(() => document.activeElement.classList.contains('nr-rich')), 'Escape goes back to the text');
    await page.keyboard.press('End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Control+Alt+e');
    const dialog = page.getByRole('dialog', { name: 'Embed a post or video' });
    await dialog.waitFor();
    await page.keyboard.type('https://t.me/caspianherald/1234');
    await page.keyboard.press('Enter');
    await page.locator('.nr-embed', { hasText: 'Telegram post' }).waitFor();
    await settle(page);
    assert.equal(await markdownOf(page), '**Ferries run late**\n\nhttps://t.me/caspianherald/1234\n');
    await saveAndWait(page);
    assert.match(page.url(), /notice=saved|notice=created/);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test('the Markdown view shows the source in CodeMirror, within the Content-Security-Policy', async () => {
  const id = await createStory({ title: 'Source story', body_markdown: 'One *two* three.\n' });
  const { context, page } = await newPage();
  try {
    await openEditor(page, id);
    await page.getByRole('button', { name: 'Markdown' }).click();
    const source = page.getByRole('textbox', { name: 'Text (Markdown source)' });
    await source.waitFor();
    assert.equal(await page.getByRole('button', { name: 'Markdown' }).getAttribute('aria-pressed'), 'true');
    assert.equal(await page.getByRole('button', { name: 'Bold', exact: true }).isDisabled(), true);
    assert.match(await source.textContent(), /One \*two\* three\./);
    await source.click();
    await page.keyboard.press('Control+End');
    await page.keyboard.type('\n## Four');
    await page.getByRole('button', { name: 'Markdown' }).click();
    await page.locator('.nr-rich h2', { hasText: 'Four' }).waitFor();
    assert.equal(await markdownOf(page), 'One *two* three.\n\n## Four');
    assert.deepEqual(await page.evaluate(() => window.cspViolations), []);
    assert.deepEqual(page.errors, []);
  } finally {
    await context.close();
  }
});

test('a preview link opens the draft as its page will look for someone without an account, until revoked', async () => {
  const id = await createStory({ title: 'Preview for the desk', subtitle: 'A lead to check.', body_markdown: 'Draft text **to check**.\n' });
  const { context, page } = await newPage();
  const stranger = await browser.newContext({ viewport: { width: 390, height: 800 } });
  try {
    await openEditor(page, id);
    await page.getByLabel('Lives for').selectOption('24');
    await Promise.all([page.waitForURL(/\/previews$/), page.getByRole('button', { name: 'Make a preview link' }).click()]);
    const url = await page.getByLabel('Preview link').inputValue();
    assert.match(url, /\/preview\/[A-Za-z0-9_-]{43}$/);
    const path = new URL(url).pathname;
    const reader = await stranger.newPage();
    const answer = await reader.goto(base + path);
    assert.equal(answer.status(), 200);
    assert.equal((await reader.locator('h1.article-title').textContent()).trim(), 'Preview for the desk');
    assert.equal((await reader.locator('.article-body strong').textContent()).trim(), 'to check');
    assert.equal(await reader.locator('meta[name=robots]').getAttribute('content'), 'noindex');
    assert.ok(await reader.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth), 'fits a phone');
    // Revoked in the editor: the same address opens nothing.
    await openEditor(page, id);
    await Promise.all([page.waitForURL(/notice=preview-revoked/), page.getByRole('button', { name: 'Revoke' }).click()]);
    assert.equal((await reader.goto(base + path)).status(), 404);
    assert.deepEqual(page.errors, []);
  } finally {
    await stranger.close();
    await context.close();
  }
});

const failed = await run({
  before: async () => {
    site = makeSite();
    const r = addUser(site, EDITOR);
    if (r.status !== 0) throw new Error(r.stderr);
    token = addToken(site, 'editor tests', 'editor');
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
