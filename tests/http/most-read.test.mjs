// HTTP tests of "Most read" (src/site/most_read.c, most_read_page.c, the
// public API's /{lang}/most-read): the order comes from views counted the
// way readers make them (real requests; robots and HEAD not counted) and
// from hourly buckets written in SQL for the stories readers cannot open;
// a draft, a story dated in the future, a trashed and an unpublished one
// never show, nor after the page cache kept a page that showed them; the
// lists are not made per request; the API's answers are what the OpenAPI
// document says; the page has its title, canonical, alternates and place
// in the sitemap, in each edition's language.
import { HtmlValidate } from 'html-validate';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve } from '../lib/server.mjs';
import { addToken, request, sql, sqlNumber, sleep, bakuIso, parseHtml } from '../lib/newsroom.mjs';
import { validate } from '../lib/openapi.mjs';

suite('most read');
let site, server, base, token;
const HOUR = 3600;
const BROWSER = 'Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0';
const ROBOT = 'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)';
const stories = {}; // slug: {id, path}

const get = (p, headers = {}) => request(base + p, { headers: { 'User-Agent': BROWSER, ...headers } });
const nowSeconds = () => Math.floor(Date.now() / 1000);
const currentHour = () => nowSeconds() - nowSeconds() % HOUR;

async function adminApi(method, p, body) {
  const r = await request(base + p, {
    method, body: body === undefined ? undefined : JSON.stringify(body),
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
  });
  return { ...r, json: r.text ? JSON.parse(r.text) : null };
}

// Writes a story through the Admin API; remembers its id and address.
async function story(slug, fields = {}) {
  const r = await adminApi('POST', '/api/v1/admin/articles', {
    title: `Story ${slug}`, lang: 'en', category: 'politics', slug, body_markdown: `The text of ${slug}.`,
    status: 'published', date: bakuIso(Date.now() - 3600e3), ...fields,
  });
  assert.equal(r.status, 201, r.text);
  stories[slug] = { id: r.json.id, path: `/${fields.lang || 'en'}/${fields.category || 'politics'}/${slug}` };
  return stories[slug];
}

// Reads a story's page n times as a reader does.
async function read(slug, n, headers = {}) {
  for (let i = 0; i < n; i++) assert.equal((await get(stories[slug].path, headers)).status, 200, slug);
}

// Adds count views in the hour that starts at hour, in SQL (for the
// stories no reader can open).
function bucket(slug, hour, count) {
  sql(site.db, `INSERT INTO article_views_hourly (article_id, hour_start, count) VALUES (${stories[slug].id}, ${hour}, ${count})`);
}

// The API's list (checked against the OpenAPI document): [slug, views] pairs.
async function apiList(query = '', lang = 'en') {
  const p = `/api/v1/${lang}/most-read${query}`;
  const r = await get(p);
  assert.equal(r.status, 200, r.text);
  const body = JSON.parse(r.text);
  validate('GET', p.split('?')[0], 200, body);
  body.articles.forEach((e, i) => assert.equal(e.rank, i + 1));
  return { body, pairs: body.articles.map(e => [e.article.slug, e.views]), headers: r.headers };
}

// The slugs a page's "Most read" block lists for a period ("day", "week").
function blockList(doc, period) {
  return doc.querySelectorAll(`#most-read-${period} .most-read-list a`).map(a => a.getAttribute('href').split('/').pop());
}

// The slugs of the most-read page's list of a period.
function pageList(doc, period) {
  return doc.querySelectorAll(`#${period} .card-title a`).map(a => a.getAttribute('href').split('/').pop());
}

const page = async p => {
  const r = await get(p);
  assert.equal(r.status, 200, p);
  return { ...r, doc: parseHtml(r.text) };
};

// Stops the server (which writes the pending counts) and starts it again.
async function restart() {
  const stopped = await server.stop();
  assert.equal(stopped.code, 0, stopped.stderr);
  server = await serve(site);
  base = server.base;
}

test('the order comes from the views readers made; robots, HEAD and hidden stories count for nothing', async () => {
  await story('mr-first');
  await story('mr-second');
  await story('mr-third');
  await story('mr-fourth');
  await story('mr-trashed');
  await story('mr-withdrawn');
  await story('mr-draft', { status: 'draft' });
  await story('mr-future', { status: 'published', date: bakuIso(Date.now() + 86400e3) });
  await story('mr-week', { date: bakuIso(Date.now() - 3 * 86400e3) });
  await read('mr-trashed', 7);
  await read('mr-withdrawn', 6);
  await read('mr-second', 5);
  await read('mr-first', 3);
  await read('mr-fourth', 2);
  await read('mr-third', 1);
  // Robots and HEAD requests are not views, here as on the counter.
  await read('mr-fourth', 20, { 'User-Agent': ROBOT });
  for (let i = 0; i < 5; i++) assert.equal((await request(base + stories['mr-fourth'].path, { method: 'HEAD' })).status, 200);
  // (Every read after a story's first came from the page cache, which counts them too.)
  assert.equal((await get(stories['mr-draft'].path)).status, 404, 'a draft has no page to read');
  await restart();
  // Readers cannot open these, so their views are written as the counter would.
  bucket('mr-draft', currentHour(), 1000);
  bucket('mr-future', currentHour(), 1000);
  // Thirty hours ago: the week's, not the day's.
  bucket('mr-week', currentHour() - 30 * HOUR, 100);

  assert.equal(sqlNumber(site.db, `select count from article_views where article_id = ${stories['mr-fourth'].id}`), 2, 'robots and HEAD not counted');
  assert.equal(sqlNumber(site.db, `select sum(count) from article_views_hourly where article_id = ${stories['mr-fourth'].id}`), 2,
    'the hourly buckets hold what the totals got');
  const day = await apiList();
  assert.deepEqual(day.pairs, [['mr-trashed', 7], ['mr-withdrawn', 6], ['mr-second', 5], ['mr-first', 3], ['mr-fourth', 2], ['mr-third', 1]]);
  assert.equal(day.body.period, 'day');
  const since = Date.parse(day.body.since) / 1000;
  assert.ok([0, HOUR].includes(currentHour() - 23 * HOUR - since), `the current hour and the 23 before: ${day.body.since}`);
  assert.match(day.headers['cache-control'], /^public, max-age=60/);
  const week = await apiList('?period=week');
  assert.deepEqual(week.pairs.map(p => p[0]), ['mr-week', 'mr-trashed', 'mr-withdrawn', 'mr-second', 'mr-first', 'mr-fourth', 'mr-third']);
  assert.deepEqual(week.pairs[0], ['mr-week', 100]);
  assert.deepEqual((await apiList('?period=day&limit=2')).pairs.map(p => p[0]), ['mr-trashed', 'mr-withdrawn']);
  assert.deepEqual((await apiList('', 'ru')).pairs, [], 'an edition nobody read');
});

test('the home and the page show the lists, numbered; the article\'s block leaves the article out', async () => {
  const home = await page('/en/');
  assert.deepEqual(blockList(home.doc, 'day'), ['mr-trashed', 'mr-withdrawn', 'mr-second', 'mr-first', 'mr-fourth']);
  assert.deepEqual(blockList(home.doc, 'week'), ['mr-week', 'mr-trashed', 'mr-withdrawn', 'mr-second', 'mr-first']);
  const block = home.doc.querySelector('.home-side .most-read');
  assert.ok(block, 'beside the latest news');
  assert.equal(block.querySelector('h2').text.trim(), 'Most read');
  // Without the script the switch is two links to the panels.
  assert.deepEqual(block.querySelectorAll('.most-read-switch a').map(a => [a.text.trim(), a.getAttribute('href')]),
    [['24 hours', '#most-read-day'], ['7 days', '#most-read-week']]);
  assert.equal(block.querySelector('.most-read-more a').getAttribute('href'), '/en/most-read');
  // Each story shown tags the page, so that a cache in front lets go of it with the story.
  for (const slug of ['mr-trashed', 'mr-week']) assert.ok(home.headers.xkey.split(' ').includes(`a${stories[slug].id}`), slug);

  const article = await page(stories['mr-second'].path);
  assert.deepEqual(blockList(article.doc, 'day'), ['mr-trashed', 'mr-withdrawn', 'mr-first', 'mr-fourth', 'mr-third']);
  assert.ok(article.doc.querySelector('article.article ~ .most-read'), 'under the article');

  const mr = await page('/en/most-read');
  assert.equal(mr.doc.querySelector('title').text, 'Most read — Test Herald');
  assert.equal(mr.doc.querySelector('h1').text.trim(), 'Most read');
  assert.equal(mr.doc.querySelector('link[rel=canonical]').getAttribute('href'), 'https://news.example.com/en/most-read');
  assert.deepEqual(mr.doc.querySelectorAll('link[rel=alternate][hreflang]').map(l => `${l.getAttribute('hreflang')} ${l.getAttribute('href')}`),
    ['en https://news.example.com/en/most-read', 'ru https://news.example.com/ru/most-read', 'x-default https://news.example.com/en/most-read']);
  assert.deepEqual(pageList(mr.doc, 'day'), ['mr-trashed', 'mr-withdrawn', 'mr-second', 'mr-first', 'mr-fourth', 'mr-third']);
  assert.deepEqual(pageList(mr.doc, 'week'), ['mr-week', 'mr-trashed', 'mr-withdrawn', 'mr-second', 'mr-first', 'mr-fourth', 'mr-third']);
  assert.match(mr.headers['cache-control'], /^public, max-age=60/);
  // For search engines and cards: a CollectionPage whose ItemList is the day's list.
  assert.equal(mr.doc.querySelector('meta[property="og:url"]').getAttribute('content'), 'https://news.example.com/en/most-read');
  const ld = mr.doc.querySelectorAll('script[type="application/ld+json"]').map(s => JSON.parse(s.text));
  const collection = ld.find(x => x['@type'] === 'CollectionPage');
  assert.equal(collection.url, 'https://news.example.com/en/most-read');
  assert.deepEqual(collection.mainEntity.itemListElement.map(e => [e.position, e.url.split('/').pop()]),
    pageList(mr.doc, 'day').map((slug, i) => [i + 1, slug]));
  for (const text of [home.text, article.text, mr.text])
    for (const hidden of ['mr-draft', 'mr-future']) assert.ok(!text.includes(hidden), hidden + ' never shows');

  // In the other edition, in its language.
  const ru = await page('/ru/most-read');
  assert.equal(ru.doc.querySelector('h1').text.trim(), 'Самое читаемое');
  assert.equal(ru.doc.querySelectorAll('.most-read-period .empty').length, 2, 'nothing read there');
  assert.equal(ru.doc.querySelector('.most-read-period h2').text.trim(), 'За последние 24 часа');
  assert.ok(!(await page('/ru/')).doc.querySelector('.most-read'), 'no block while nothing was read');
});

test('the pages with the block, and the page, are valid HTML5', async () => {
  const validator = new HtmlValidate({
    extends: ['html-validate:recommended'],
    rules: {
      'no-trailing-whitespace': 'off', 'attribute-boolean-style': 'off', 'void-style': 'off',
      'no-inline-style': 'off', 'long-title': 'off',
    },
  });
  for (const p of ['/en/', stories['mr-first'].path, '/en/most-read', '/ru/most-read']) {
    const { text } = await get(p);
    assert.ok(p.startsWith('/ru') || text.includes('class="most-read'), p);
    const report = await validator.validateString(text);
    const messages = report.results.flatMap(r => r.messages).map(m => `${m.ruleId}: ${m.message} (line ${m.line})`);
    assert.deepEqual(messages, [], p);
  }
});

test('new views wait for the next making of the list (not made per request), a change to the content makes it at once', async () => {
  // A change to the content: the list is made anew now, and then kept.
  await story('mr-other');
  const before = (await apiList()).pairs;
  assert.deepEqual(before.slice(-1), [['mr-third', 1]]);
  await read('mr-third', 10);
  // The counter writes within its 5 s period.
  const id = stories['mr-third'].id;
  for (let waited = 0; sqlNumber(site.db, `select count from article_views where article_id = ${id}`) < 11; waited += 100) {
    assert.ok(waited < 10000, 'the views were written');
    await sleep(100);
  }
  for (let i = 0; i < 5; i++) assert.deepEqual((await apiList('?limit=10&n=' + i)).pairs, before, 'the same list within the minute');
  // Another change: the list is made again, with the views there are now.
  await story('mr-another');
  assert.deepEqual((await apiList('?limit=10&after=change')).pairs[0], ['mr-third', 11]);
});

test('a story trashed or unpublished leaves every list at once, though the page cache kept pages that showed it', async () => {
  const paths = ['/en/', '/en/most-read', stories['mr-first'].path, '/api/v1/en/most-read', '/api/v1/en/most-read?period=week'];
  for (const p of paths) {
    await get(p);
    const kept = await get(p); // from the page cache
    assert.ok(kept.text.includes('mr-trashed') && kept.text.includes('mr-withdrawn'), p);
  }
  assert.equal((await adminApi('DELETE', `/api/v1/admin/articles/${stories['mr-trashed'].id}`)).status, 200);
  assert.equal((await adminApi('PATCH', `/api/v1/admin/articles/${stories['mr-withdrawn'].id}`, { status: 'unpublished' })).status, 200);
  for (const p of paths) {
    const r = await get(p);
    assert.equal(r.status, 200, p);
    assert.ok(!r.text.includes('mr-trashed'), `${p}: the trashed story is gone`);
    assert.ok(!r.text.includes('mr-withdrawn'), `${p}: the unpublished story is gone`);
  }
  assert.deepEqual((await apiList()).pairs.slice(0, 3).map(p => p[0]), ['mr-third', 'mr-second', 'mr-first']);
  // Published again, it is back (its views were kept).
  assert.equal((await adminApi('PATCH', `/api/v1/admin/articles/${stories['mr-withdrawn'].id}`, { status: 'published' })).status, 200);
  assert.deepEqual((await apiList()).pairs.slice(0, 2), [['mr-third', 11], ['mr-withdrawn', 6]]);
});

test('the API refuses a period it does not know, as the document says; the sitemap lists the pages', async () => {
  for (const q of ['?period=month', '?period=', '?period=DAY', '?limit=11', '?limit=0']) {
    const r = await get('/api/v1/en/most-read' + q);
    assert.equal(r.status, 400, q);
    const body = JSON.parse(r.text);
    validate('GET', '/api/v1/en/most-read', 400, body);
    assert.equal(body.field, q.startsWith('?period') ? 'period' : 'limit', q);
  }
  assert.equal((await get('/api/v1/xx/most-read')).status, 404);
  const map = await get('/sitemaps/pages.xml');
  for (const lang of ['en', 'ru']) assert.match(map.text, new RegExp(`<loc>https://news.example.com/${lang}/most-read</loc>`));
  // No category may take the page's address.
  const taken = await adminApi('POST', '/api/v1/admin/articles', { title: 'In a category named as the page', category: 'most-read', body_markdown: 'x' });
  assert.equal(taken.status, 400, taken.text);
});

const failed = await run({
  before: async () => {
    site = makeSite();
    token = addToken(site, 'most-read-desk', 'editor');
    server = await serve(site);
    base = server.base;
  },
  after: async () => {
    const stopped = await server.stop();
    assert.equal(stopped.code, 0, stopped.stderr);
    site.remove();
  },
});
process.exitCode = failed ? 1 : 0;
