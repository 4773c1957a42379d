// HTTP tests of an edition's static pages (About us, Contacts, Privacy
// policy...) as the newsroom writes them and readers see them: the Pages
// list and form (editors and admins only, with CSRF), drafts unseen,
// publishing and unpublishing, the footer menu of that edition only and in
// its order (and at once: the page cache follows), the reader's page
// (title, body from the Markdown, meta description, JSON-LD WebPage,
// Last-Modified), the sitemap, never in feeds, lists or search, a stale
// form that overwrites nothing, hostile text escaped, bad fields refused
// changing nothing, deletion. Runs against GAZETTE_BIN, on either engine.
import { parse } from 'node-html-parser';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors } from '../lib/server.mjs';
import { Client, addUser, sql, request } from '../lib/newsroom.mjs';

suite('static pages');

let site, server, base, editor, author, admin;
const EDITOR = { email: 'eda@example.com', name: 'Eda Editor', role: 'editor' };
const AUTHOR = { email: 'aria@example.com', name: 'Aria Author', role: 'author' };
const ADMIN = { email: 'ada@example.com', name: 'Ada Admin', role: 'admin' };

const text = el => (el ? el.text.replace(/\s+/g, ' ').trim() : null);
const pub = async pathname => {
  const r = await request(base + pathname);
  r.doc = parse(r.text);
  return r;
};
const footerLinks = doc => doc.querySelectorAll('.footer-pages a').map(a => [text(a), a.getAttribute('href')]);
const pageCount = () => Number(sql(site.db, 'select count(*) from pages'));

// The page form's fields as the browser would send them again.
function formOf(doc) {
  const form = doc.querySelector('form[data-editor]');
  const out = {};
  for (const el of form.querySelectorAll('input, textarea, select')) {
    const name = el.getAttribute('name');
    if (!name || name === 'csrf') continue;
    if (el.tagName === 'SELECT') {
      const chosen = el.querySelector('option[selected]') || el.querySelector('option');
      out[name] = chosen.getAttribute('value');
    } else if (el.tagName === 'TEXTAREA') out[name] = el.text.replace(/^\n/, '');
    else out[name] = el.getAttribute('value') ?? '';
  }
  return out;
}

// Makes a page through the form; returns its id (from the redirect).
async function makePage(fields, c = editor) {
  const r = await c.post('/admin/pages/new', { lang: 'en', slug: '', description: '', body_markdown: '', menu_position: '0', action: 'save', ...fields });
  assert.equal(r.status, 303, `make page: ${r.status} ${text(r.doc?.querySelector('.nr-error')) || r.text.slice(0, 300)}`);
  const m = /\/admin\/pages\/(\d+)/.exec(r.location);
  assert.ok(m, r.location);
  return Number(m[1]);
}

test('only editors and admins have Pages; the navigation links it for them', async () => {
  for (const c of [editor, admin]) {
    const r = await c.get('/admin/pages');
    assert.equal(r.status, 200);
    assert.ok(r.doc.querySelector('.nr-nav a[href="/admin/pages"]'));
  }
  const refused = await author.get('/admin/pages');
  assert.equal(refused.status, 403);
  assert.equal(refused.doc.querySelector('.nr-nav a[href="/admin/pages"]'), null);
  const before = pageCount();
  const post = await author.post('/admin/pages/new', { lang: 'en', title: 'Not mine to write', action: 'publish' });
  assert.equal(post.status, 403);
  assert.equal(pageCount(), before);
  // Without the CSRF token nothing is made.
  const forged = await editor.post('/admin/pages/new', { lang: 'en', title: 'Forged page', action: 'publish' }, { csrf: false });
  assert.equal(forged.status, 403);
  assert.equal(pageCount(), before);
});

test('a draft is not on the site; publishing puts it there, with its body, description and JSON-LD', async () => {
  const id = await makePage({ title: 'About the Herald', description: 'Who writes the Herald, and why.',
    body_markdown: 'The *Herald* is written in Baku.\n\n## Our desk\n\nTwelve reporters.', menu_position: '1' });
  const form = await editor.get(`/admin/pages/${id}`);
  assert.equal(form.status, 200);
  assert.ok(form.doc.querySelector('form[data-editor] textarea[name=body_markdown]'), 'the story editor takes the body');
  assert.equal(formOf(form.doc).slug, 'about-the-herald', 'the slug is made from the title');
  assert.equal((await pub('/en/page/about-the-herald')).status, 404, 'a draft is not found');
  assert.deepEqual(footerLinks((await pub('/en/')).doc).filter(([t]) => t === 'About the Herald'), [], 'nor in the footer');

  const published = await editor.post(`/admin/pages/${id}`, { ...formOf(form.doc), action: 'publish' });
  assert.equal(published.status, 303);
  assert.match(published.location, /notice=page-published/);
  const page = await pub('/en/page/about-the-herald');
  assert.equal(page.status, 200);
  assert.equal(text(page.doc.querySelector('h1')), 'About the Herald');
  assert.equal(page.doc.querySelector('.static-page .article-body em').text, 'Herald');
  assert.equal(text(page.doc.querySelector('.static-page h2')), 'Our desk');
  assert.equal(page.doc.querySelector('meta[name=description]').getAttribute('content'), 'Who writes the Herald, and why.');
  assert.match(page.doc.querySelector('link[rel=canonical]').getAttribute('href'), /\/en\/page\/about-the-herald$/);
  const ld = page.doc.querySelectorAll('script[type="application/ld+json"]').map(s => JSON.parse(s.text));
  const web = ld.find(x => x['@type'] === 'WebPage');
  assert.ok(web, 'a WebPage');
  assert.equal(web.name, 'About the Herald');
  assert.equal(web.inLanguage, 'en');
  assert.ok(page.headers['last-modified'], 'Last-Modified');
  assert.equal(page.doc.querySelector('.views'), null, 'no view counter on a page');
  // The list shows it, published, first in the footer.
  const list = await editor.get('/admin/pages');
  const row = list.doc.querySelectorAll('.nr-pages tbody tr').find(tr => text(tr).includes('About the Herald'));
  assert.ok(row);
  assert.match(text(row), /Published/);
  assert.match(text(row), /Eda Editor/, 'who saved it last');
});

test('the footer menu: that edition only, in the newsroom\'s order, changed at once', async () => {
  await makePage({ title: 'Contacts', body_markdown: 'Write to us.', menu_position: '3', action: 'publish' });
  await makePage({ title: 'Advertising', body_markdown: 'Rates.', menu_position: '2', action: 'publish' });
  await makePage({ title: 'Not in the menu', body_markdown: 'Unlisted.', menu_position: '0', action: 'publish' });
  await makePage({ lang: 'ru', title: 'О нас', slug: 'o-nas', body_markdown: 'Мы пишем в Баку.', menu_position: '1', action: 'publish' });
  for (const at of ['/en/', '/en/politics/', '/en/page/contacts', '/en/search?q=bridge']) {
    const links = footerLinks((await pub(at)).doc);
    assert.deepEqual(links, [['About the Herald', '/en/page/about-the-herald'], ['Advertising', '/en/page/advertising'],
      ['Contacts', '/en/page/contacts']], at);
  }
  assert.deepEqual(footerLinks((await pub('/ru/')).doc), [['О нас', '/ru/page/o-nas']]);
  assert.equal((await pub('/ru/page/o-nas')).status, 200);
  assert.equal((await pub('/en/page/o-nas')).status, 404, 'a page is of its edition');
  assert.equal((await pub('/en/page/not-in-the-menu')).status, 200, 'out of the menu, still on the site');
  // The footer has a name for screen readers.
  assert.ok((await pub('/en/')).doc.querySelector('.footer nav[aria-label] .footer-pages'));
});

test('unpublishing takes the page and its footer link away at once (the page cache follows)', async () => {
  const id = await makePage({ title: 'Jobs', body_markdown: 'We are hiring.', menu_position: '9', action: 'publish' });
  // Warm the cache with the link in it.
  for (let i = 0; i < 2; i++) assert.ok(footerLinks((await pub('/en/politics/')).doc).some(([t]) => t === 'Jobs'));
  assert.equal((await pub('/en/page/jobs')).status, 200);
  const form = await editor.get(`/admin/pages/${id}`);
  const r = await editor.post(`/admin/pages/${id}`, { ...formOf(form.doc), action: 'unpublish' });
  assert.equal(r.status, 303);
  assert.match(r.location, /notice=page-unpublished/);
  assert.equal((await pub('/en/page/jobs')).status, 404);
  assert.ok(!footerLinks((await pub('/en/politics/')).doc).some(([t]) => t === 'Jobs'), 'the cached page changed');
  // A renamed page shows its new title in the footer.
  const again = await editor.get(`/admin/pages/${id}`);
  await editor.post(`/admin/pages/${id}`, { ...formOf(again.doc), title: 'Careers', slug: 'careers', action: 'publish' });
  assert.ok(footerLinks((await pub('/en/politics/')).doc).some(([t, h]) => t === 'Careers' && h === '/en/page/careers'));
  assert.equal((await pub('/en/page/jobs')).status, 404);
});

test('pages are in the sitemap, never in feeds, lists or search', async () => {
  const map = await pub('/sitemaps/pages.xml');
  assert.equal(map.status, 200);
  assert.match(map.text, /<loc>[^<]*\/en\/page\/about-the-herald<\/loc>/);
  assert.match(map.text, /<loc>[^<]*\/ru\/page\/o-nas<\/loc>/);
  assert.doesNotMatch(map.text, /\/page\/jobs</, 'not a page that went');
  for (const feed of ['/en/rss.xml', '/en/atom.xml']) assert.doesNotMatch((await pub(feed)).text, /\/page\//, feed);
  assert.doesNotMatch((await pub('/en/')).doc.querySelector('main').toString(), /\/page\//, 'not in the home page\'s lists');
  assert.doesNotMatch((await pub('/en/search?q=reporters')).doc.querySelector('main').toString(), /\/page\//);
});

test('hostile text is escaped: title, description and body', async () => {
  await makePage({ title: '<script>alert(1)</script> Policy', slug: 'hostile-policy', description: '"><img src=x onerror=alert(2)>',
    body_markdown: '<script>alert(3)</script>\n\n<img src=x onerror=alert(4)>\n\n[link](javascript:alert(5))', menu_position: '8', action: 'publish' });
  const page = await pub('/en/page/hostile-policy');
  assert.equal(page.status, 200);
  assert.doesNotMatch(page.text, /<script>alert|<img[^>]*onerror|href="javascript:/i);
  assert.equal(text(page.doc.querySelector('h1')), '<script>alert(1)</script> Policy');
  const list = await editor.get('/admin/pages');
  assert.doesNotMatch(list.text, /<script>alert/);
});

test('bad fields are refused with a clear message, the form kept as typed, nothing saved', async () => {
  const before = pageCount();
  const cases = [
    [{ title: '' }, /title/],
    [{ title: 'x'.repeat(201) }, /title.*longer than 200/],
    [{ title: 'Two\nlines' }, /one line/],
    [{ title: 'Bad slug', slug: 'Not A Slug' }, /slug/],
    [{ title: 'Bad edition', lang: 'xx' }, /not one of the site's languages/],
    [{ title: 'Bad place', menu_position: '100' }, /menu_position|0 \(not in the footer\) to 99/],
    [{ title: 'Negative place', menu_position: '-1' }, /menu_position|0 \(not in the footer\) to 99/],
    [{ title: 'Taken', slug: 'contacts' }, /already uses this address/],
    [{ title: 'Image without alt', body_markdown: '![](/media/0123456789abcdef0123456789abcdef-480.jpg)', action: 'publish' }, /no alt text/],
  ];
  for (const [fields, message] of cases) {
    const r = await editor.post('/admin/pages/new', { lang: 'en', slug: '', description: '', body_markdown: 'Kept text.', menu_position: '0', action: 'save', ...fields });
    assert.equal(r.status, 400, `${JSON.stringify(fields).slice(0, 60)}: ${r.status}`);
    assert.match(text(r.doc.querySelector('.nr-error')), message);
    const kept = formOf(r.doc);
    assert.equal(kept.body_markdown, fields.body_markdown ?? 'Kept text.', 'the text is kept');
  }
  assert.equal(pageCount(), before, 'nothing saved');
  // The same slug in another edition is another page's address: allowed.
  await makePage({ lang: 'ru', title: 'Контакты', slug: 'contacts', body_markdown: 'Пишите нам.' });
});

test('saving from a stale form overwrites nothing and keeps the text typed', async () => {
  const id = await makePage({ title: 'Editorial policy', body_markdown: 'First version.' });
  const mine = formOf((await editor.get(`/admin/pages/${id}`)).doc);
  const theirs = formOf((await admin.get(`/admin/pages/${id}`)).doc);
  assert.equal((await admin.post(`/admin/pages/${id}`, { ...theirs, body_markdown: 'Their version.', action: 'save' })).status, 303);
  const stale = await editor.post(`/admin/pages/${id}`, { ...mine, body_markdown: 'My version.', action: 'save' });
  assert.equal(stale.status, 409);
  assert.match(text(stale.doc.querySelector('.nr-error')), /changed by someone else/);
  assert.equal(formOf(stale.doc).body_markdown, 'My version.', 'my text is in the form');
  assert.equal(sql(site.db, `select body_markdown from pages where id = ${id}`), 'Their version.', 'theirs is kept');
  // A form without its version, or with junk for one, saves nothing.
  for (const version of [undefined, '', 'abc', '99999999999999999999', '-1']) {
    const fields = { ...mine, body_markdown: 'Versionless.', action: 'save' };
    if (version === undefined) delete fields.version; else fields.version = version;
    const r = await editor.post(`/admin/pages/${id}`, fields);
    assert.equal(r.status, 400, `version ${version}`);
  }
  assert.equal(sql(site.db, `select body_markdown from pages where id = ${id}`), 'Their version.');
  // Saving again from that form is still stale: it carries the old version.
  const still = await editor.post(`/admin/pages/${id}`, { ...formOf(stale.doc), action: 'save' });
  assert.equal(still.status, 409);
  // A fresh form saves.
  const fresh = formOf((await editor.get(`/admin/pages/${id}`)).doc);
  assert.equal((await editor.post(`/admin/pages/${id}`, { ...fresh, body_markdown: 'Agreed version.', action: 'save' })).status, 303);
  assert.equal(sql(site.db, `select body_markdown from pages where id = ${id}`), 'Agreed version.');
});

test('the Markdown is saved byte for byte (line endings made \\n), and the audit log names each change', async () => {
  const body = 'Line one  \r\nline two\r\n\r\n> A quote\r\n';
  const id = await makePage({ title: 'Corrections', body_markdown: body });
  assert.equal(sql(site.db, `select body_markdown from pages where id = ${id}`), body.replace(/\r\n/g, '\n').replace(/\n$/, ''));
  const audit = sql(site.db, `select action || ' ' || detail from audit_log where detail = 'en/corrections' order by id`);
  assert.equal(audit, 'page-new en/corrections');
});

test('deleting a page: gone from the site and the footer; unknown ids are 404', async () => {
  const id = await makePage({ title: 'Temporary', body_markdown: 'Soon gone.', menu_position: '7', action: 'publish' });
  assert.equal((await pub('/en/page/temporary')).status, 200);
  const r = await editor.post(`/admin/pages/${id}`, { action: 'delete' });
  assert.equal(r.status, 303);
  assert.match(r.location, /notice=page-deleted/);
  assert.equal((await pub('/en/page/temporary')).status, 404);
  assert.ok(!footerLinks((await pub('/en/')).doc).some(([t]) => t === 'Temporary'));
  assert.equal(sql(site.db, `select count(*) from pages where id = ${id}`), '0');
  assert.equal(sql(site.db, `select action from audit_log where detail = 'en/temporary' order by id desc limit 1`), 'page-delete');
  for (const p of [`/admin/pages/${id}`, '/admin/pages/999999', '/admin/pages/abc', '/admin/pages/0']) assert.equal((await editor.get(p)).status, 404, p);
  assert.equal((await editor.post('/admin/pages/999999', { action: 'delete' })).status, 404);
  for (const p of ['/en/page/', '/en/page/Bad_Slug', '/en/page/a/b', '/xx/page/contacts']) assert.equal((await pub(p)).status, 404, p);
});

const { failed } = await run({
  before: async () => {
    site = makeSite();
    for (const u of [EDITOR, AUTHOR, ADMIN]) {
      const r = addUser(site, u);
      if (r.status !== 0) throw new Error(r.stderr);
    }
    // The demo's own pages (tests/http/pages-api.test.mjs checks them) go:
    // these tests count and order their own.
    sql(site.db, 'delete from pages');
    server = await serve(site);
    base = server.base;
    for (const [who, set] of [[EDITOR, c => (editor = c)], [AUTHOR, c => (author = c)], [ADMIN, c => (admin = c)]]) {
      const c = new Client(base);
      await c.login(who.email);
      set(c);
    }
  },
  after: async () => {
    const stopped = await server.stop();
    const errs = sanitizerErrors(stopped.stderr);
    site.remove();
    if (stopped.code !== 0 || errs.length) throw new Error(`server exit ${stopped.code}: ${errs.join(' | ') || stopped.stderr.slice(-500)}`);
  },
});
process.exitCode = failed ? 1 : 0;
