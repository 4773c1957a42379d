// HTTP tests of search: the results page, ranking, phrases, prefixes,
// stemming in both editions, pagination, the no-results page, escaping of
// the query shown back, hostile queries, search.json and valid HTML.
// Runs against GAZETTE_BIN with the demo, tests/fixtures/search and 45
// generated "zephyr" articles.
import { parse } from 'node-html-parser';
import { HtmlValidate } from 'html-validate';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, fixtures } from '../lib/server.mjs';

suite('http search');
let site, server, base, zephyrDir;

// Forty-five articles with "zephyr" in the title, one a day in 2025, all
// of the same shape (so they rank equal and come newest first).
function zephyrArticles() {
  const dir = mkdtempSync(path.join(tmpdir(), 'gazette-zephyr-'));
  for (let i = 1; i <= 45; i++) {
    const day = String(1 + ((i - 1) % 28)).padStart(2, '0');
    const month = String(1 + Math.floor((i - 1) / 28)).padStart(2, '0');
    writeFileSync(path.join(dir, `zephyr-${String(i).padStart(2, '0')}.md`),
      `---\ntitle: "Zephyr bulletin number ${String(i).padStart(2, '0')}"\ncategory: bulletins\n` +
      `date: 2025-${month}-${day}T08:00:00+04:00\nslug: zephyr-bulletin-${i}\n---\n` +
      `The zephyr bulletin of the day, number ${String(i).padStart(2, '0')}.\n`);
  }
  return dir;
}
const zephyrUrl = i => `/en/bulletins/zephyr-bulletin-${i}`;

async function get(pathname, init = {}) {
  const res = await fetch(base + pathname, { redirect: 'manual', ...init });
  const text = await res.text();
  return { res, text, doc: parse(text) };
}

const q = (query, extra = '') => `/en/search?q=${encodeURIComponent(query)}${extra}`;
const qru = query => `/ru/search?q=${encodeURIComponent(query)}`;

// The result cards of a results page.
function results(doc) {
  return doc.querySelectorAll('ol.search-results > li.card').map(li => ({
    li,
    url: li.querySelector('.card-title a')?.getAttribute('href'),
    titleHtml: li.querySelector('.card-title a')?.innerHTML,
    title: li.querySelector('.card-title a')?.text,
    snippetHtml: li.querySelector('.snippet')?.innerHTML,
  }));
}
const urls = doc => results(doc).map(r => r.url);
const countText = doc => doc.querySelector('.search-count')?.text.replace(/\s+/g, ' ').trim();

// A page every query must get: 200, the whole layout, the search form
// with the query shown back, noindex, and no injected markup.
function assertNormalPage({ res, doc, text }, what) {
  assert.equal(res.status, 200, what);
  assert.match(res.headers.get('content-type'), /^text\/html; charset=utf-8/, what);
  assert.equal(doc.querySelector('h1')?.text, what.startsWith('/ru/') ? 'Поиск' : 'Search', what);
  assert.ok(doc.querySelector('header.masthead'), 'layout: ' + what);
  assert.ok(doc.querySelector('footer'), 'layout: ' + what);
  assert.ok(doc.querySelector('#search-page-q'), 'search form: ' + what);
  assert.equal(doc.querySelector('meta[name=robots]')?.getAttribute('content'), 'noindex', what);
  assert.equal(doc.querySelectorAll('script').filter(s => !s.getAttribute('src')).length, 1, 'one inline script: ' + what);
  for (const el of doc.querySelectorAll('main *'))
    for (const name of Object.keys(el.attributes)) assert.ok(!/^on/i.test(name), `${what}: <${el.tagName} ${name}>`);
  assert.ok(!/<script>alert/i.test(text), 'script tag: ' + what);
}

// ------------------------------------------------------------ results page

test('results page: count, and each result with category, date, title link and snippet', async () => {
  const page = await get(q('heliograph'));
  assertNormalPage(page, 'heliograph');
  const { doc } = page;
  assert.equal(countText(doc), '3 results');
  assert.equal(doc.querySelector('#search-page-q').getAttribute('value'), 'heliograph');
  assert.equal(doc.querySelector('title').text, 'Search: heliograph — Test Herald');
  const items = results(doc);
  assert.equal(items.length, 3);
  for (const r of items) {
    const kicker = r.li.querySelector('.card-meta a.kicker');
    assert.ok(kicker && kicker.text.trim().length > 0, 'category');
    assert.match(kicker.getAttribute('href'), /^\/en\/[a-z-]+\/$/);
    assert.ok(r.url.startsWith(kicker.getAttribute('href')), 'the article is in its category');
    const time = r.li.querySelector('time');
    assert.match(time.getAttribute('datetime'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
    assert.match(time.text, /^\d{1,2} [A-Z][a-z]+ \d{4} \d\d:\d\d$/);
    assert.match(r.url, /^\/en\/[a-z-]+\/[a-z0-9-]+$/);
    assert.ok(r.snippetHtml && r.snippetHtml.length > 20, 'snippet');
    assert.ok(!/[\x01\x02]/.test(r.titleHtml + r.snippetHtml), 'no raw marks');
  }
  // The title match is highlighted in its title, the body match in its snippet.
  const byUrl = Object.fromEntries(items.map(r => [r.url, r]));
  const inTitle = byUrl['/en/technology/heliograph-network-restored'];
  assert.match(inTitle.titleHtml, /<mark>Heliograph<\/mark> network restored/);
  assert.equal(inTitle.li.querySelector('.kicker').text, 'Technology');
  assert.equal(inTitle.li.querySelector('time').getAttribute('datetime'), '2026-01-10T09:00:00+04:00');
  assert.equal(inTitle.li.querySelector('time').text, '10 January 2026 09:00');
  const inBody = byUrl['/en/culture/mountain-signal-stations-reopen'];
  assert.match(inBody.snippetHtml, /the <mark>heliograph<\/mark> and replaced/);
  // The results link to real articles.
  const art = await get(inBody.url);
  assert.equal(art.res.status, 200);
  assert.equal(art.doc.querySelector('h1').text, 'Mountain signal stations reopen to visitors');
});

test('the count says "1 result" and "2 results"', async () => {
  assert.equal(countText((await get(q('zeppelin'))).doc), '1 result');
  assert.equal(countText((await get(q('samovar'))).doc), '2 results');
  assert.equal(countText((await get(q('zephyr'))).doc), '45 results');
});

test('every result shows where it matched: a <mark> in its title or snippet', async () => {
  // The lead ("subtitle") is indexed and ranked, but the page shows only
  // the title and a snippet of the body: a match in the lead alone must
  // still be visible to the reader.
  const { doc } = await get(q('heliograph'));
  const items = results(doc);
  assert.equal(items.length, 3);
  for (const r of items)
    assert.ok(/<mark>/.test(r.titleHtml) || /<mark>/.test(r.snippetHtml || ''), `${r.url}: nothing highlighted`);
});

test('ranking: a title match comes before a lead match, before a body-only match', async () => {
  // The body-only match is the newest and the title match the oldest, so
  // only relevance can give this order.
  const { doc } = await get(q('heliograph'));
  assert.deepEqual(urls(doc), [
    '/en/technology/heliograph-network-restored',
    '/en/society/hill-signal-towers-repaired',
    '/en/culture/mountain-signal-stations-reopen',
  ]);
});

test('ranking: newer first among equally relevant articles', async () => {
  // Same text; the older one was imported later (it has the larger id).
  const { doc } = await get(q('samovar'));
  assert.deepEqual(urls(doc), ['/en/culture/samovar-makers-newer', '/en/culture/samovar-makers-older']);
  const zephyr = await get(q('zephyr'));
  const times = zephyr.doc.querySelectorAll('ol.search-results time').map(t => t.getAttribute('datetime'));
  assert.equal(times.length, 20);
  assert.deepEqual([...times].sort().reverse(), times);
});

test('drafts and embargoed articles are not found', async () => {
  const { text, doc } = await get(q('heliograph'));
  assert.ok(!text.includes('heliograph-draft') && !text.includes('draft nobody should find'));
  assert.ok(!text.includes('heliograph-embargoed') && !text.includes('under embargo'));
  assert.equal(results(doc).length, 3);
  const json = await (await fetch(base + '/en/search.json?q=heliograph')).json();
  assert.equal(json.total, 3);
});

// ------------------------------------------------- phrases, prefixes, stems

test('a phrase in quotes keeps its word order', async () => {
  const ADJ = '/en/economy/lankaran-ferry-timetable';
  const REV = '/en/society/island-crews-longer-rest';
  const phrase = urls((await get(q('"ferry timetable"'))).doc);
  assert.ok(phrase.includes(ADJ), 'adjacent words: ' + phrase);
  assert.ok(!phrase.includes(REV), '"timetable ferry" is not "ferry timetable"');
  const reversed = urls((await get(q('"timetable ferry"'))).doc);
  assert.ok(reversed.includes(REV), reversed.join());
  assert.ok(!reversed.includes(ADJ), reversed.join());
  for (const words of ['ferry timetable', 'timetable ferry']) {
    const plain = urls((await get(q(words))).doc);
    assert.ok(plain.includes(ADJ) && plain.includes(REV), `${words}: ${plain}`);
  }
  const page = await get(q('"ferry timetable"'));
  assert.equal(page.doc.querySelector('#search-page-q').getAttribute('value'), '"ferry timetable"');
  assert.match(countText(page.doc), /^\d+ results?$/);
});

test('a prefix with *: timet* finds timetable; heliog* finds heliograph, heliog alone does not', async () => {
  const prefix = urls((await get(q('timet*'))).doc);
  assert.ok(prefix.includes('/en/economy/lankaran-ferry-timetable'), prefix.join());
  assert.ok(prefix.includes('/en/society/island-crews-longer-rest'), prefix.join());
  const marked = results((await get(q('timet*'))).doc).find(r => r.url === '/en/economy/lankaran-ferry-timetable');
  assert.match(marked.titleHtml, /<mark>timetable<\/mark>/);
  // "heliog" is no word's stem: only the * finds something.
  const whole = await get(q('heliog'));
  assert.equal(results(whole.doc).length, 0);
  assert.equal(countText(whole.doc), '0 results');
  const star = await get(q('heliog*'));
  assert.equal(countText(star.doc), '3 results');
  assert.equal(star.doc.querySelector('#search-page-q').getAttribute('value'), 'heliog*');
});

test('a prefix longer than the stem: timetab* finds timetable, relati* finds relation', async () => {
  // "timetable" is indexed as its stem "timet" and "relation" as "relat":
  // a reader's prefix of the word must still reach them.
  const timetab = urls((await get(q('timetab*'))).doc);
  assert.ok(timetab.includes('/en/economy/lankaran-ferry-timetable'), 'timetab*: ' + timetab.join());
  const relati = urls((await get(q('relati*'))).doc);
  assert.ok(relati.includes('/en/world/port-cities-twinning'), 'relati*: ' + relati.join());
});

test('stemming: timetables finds timetable, RELATIONS finds relation', async () => {
  // The fixtures use only the singular forms.
  const plural = urls((await get(q('timetables'))).doc);
  assert.ok(plural.includes('/en/economy/lankaran-ferry-timetable'), plural.join());
  const upper = urls((await get(q('RELATIONS'))).doc);
  assert.ok(upper.includes('/en/world/port-cities-twinning'), upper.join());
  const snippet = results((await get(q('RELATIONS'))).doc).find(r => r.url === '/en/world/port-cities-twinning').snippetHtml;
  assert.match(snippet, /<mark>relation<\/mark>/);
  // A different word is not matched.
  assert.ok(!urls((await get(q('relic'))).doc).includes('/en/world/port-cities-twinning'));
  assert.ok(!urls((await get(q('timetables'))).doc).includes('/en/world/port-cities-twinning'));
});

test('Russian: паром finds «Паромные перевозки» in /ru/search', async () => {
  const { res, doc } = await get(qru('паром'));
  assert.equal(res.status, 200);
  assert.ok(urls(doc).includes('/ru/economy/paromnye-perevozki-vyrosli'), countText(doc));
});

test('Russian: Азербайджан finds «Азербайджана», перевозка finds «перевозки»', async () => {
  for (const word of ['Азербайджан', 'азербайджан', 'перевозка', 'ПАРОМНЫЕ']) {
    const { doc } = await get(qru(word));
    const r = results(doc).find(x => x.url === '/ru/economy/paromnye-perevozki-vyrosli');
    assert.ok(r, word + ': ' + countText(doc));
    assert.equal(doc.querySelector('html').getAttribute('lang'), 'ru');
  }
  const { doc } = await get(qru('перевозка'));
  const r = results(doc).find(x => x.url === '/ru/economy/paromnye-perevozki-vyrosli');
  assert.match(r.titleHtml, /<mark>перевозки<\/mark>/);
});

test('editions are separate', async () => {
  // A Russian word finds nothing in the English edition...
  const en = await get(q('Азербайджан'));
  assert.equal(results(en.doc).length, 0);
  assert.equal(countText(en.doc), '0 results');
  // ...and a Latin word of the Russian article is found only under /ru/.
  const ru = await get(qru('heliograph'));
  assert.deepEqual(urls(ru.doc), ['/ru/economy/paromnye-perevozki-vyrosli']);
  assert.ok(!urls((await get(q('heliograph'))).doc).some(u => u.startsWith('/ru/')));
  const json = await (await fetch(base + '/ru/search.json?q=samovar')).json();
  assert.equal(json.total, 0);
});

// ---------------------------------------------------------------- pages

test('pagination: 20 a page, &page=2 and &page=3, without gaps or repeats', async () => {
  const seen = [];
  const p1 = await get(q('zephyr'));
  assert.equal(results(p1.doc).length, 20);
  seen.push(...urls(p1.doc));
  assert.equal(p1.doc.querySelector('a[rel=next]').getAttribute('href'), '/en/search?q=zephyr&page=2');
  assert.equal(p1.doc.querySelector('a[rel=prev]'), null);
  const p2 = await get(q('zephyr', '&page=2'));
  assertNormalPage(p2, 'page 2');
  assert.equal(countText(p2.doc), '45 results');
  assert.equal(results(p2.doc).length, 20);
  seen.push(...urls(p2.doc));
  assert.equal(p2.doc.querySelector('a[rel=next]').getAttribute('href'), '/en/search?q=zephyr&page=3');
  assert.equal(p2.doc.querySelector('a[rel=prev]').getAttribute('href'), '/en/search?q=zephyr');
  const p3 = await get(q('zephyr', '&page=3'));
  assert.equal(results(p3.doc).length, 5);
  seen.push(...urls(p3.doc));
  assert.equal(p3.doc.querySelector('a[rel=next]'), null);
  assert.equal(p3.doc.querySelector('a[rel=prev]').getAttribute('href'), '/en/search?q=zephyr&page=2');
  const want = [];
  for (let i = 45; i >= 1; i--) want.push(zephyrUrl(i));
  assert.deepEqual(seen, want);
  // The next link keeps an encoded query.
  const two = await get(q('zephyr bulletin'));
  assert.equal(two.doc.querySelector('a[rel=next]').getAttribute('href'), '/en/search?q=zephyr%20bulletin&page=2');
});

test('a page beyond the end: 200, no results, a way back', async () => {
  const page = await get(q('zephyr', '&page=4'));
  assertNormalPage(page, 'page 4');
  assert.equal(results(page.doc).length, 0);
  assert.equal(page.doc.querySelector('a[rel=next]'), null);
  assert.equal(page.doc.querySelector('a[rel=prev]')?.getAttribute('href'), '/en/search?q=zephyr&page=3');
  const json = await (await fetch(base + '/en/search.json?q=zephyr&page=4')).json();
  assert.equal(json.results.length, 0);
  assert.equal(json.total, 45);
});

test('the no-results page is useful: 200, a message and the latest news', async () => {
  const page = await get(q('qwxzvbnm'));
  assertNormalPage(page, 'no results');
  const { doc } = page;
  assert.equal(countText(doc), '0 results');
  assert.equal(results(doc).length, 0);
  const box = doc.querySelector('.no-results');
  assert.ok(box, 'no-results block');
  assert.match(box.text, /Nothing was found\. Check the spelling/);
  assert.equal(box.querySelector('h2').text, 'Latest news');
  const latest = box.querySelectorAll('li.card');
  assert.equal(latest.length, 5);
  const home = await get('/en/');
  const newest = home.doc.querySelector('.lead-story h2 a').getAttribute('href');
  assert.equal(latest[0].querySelector('.card-title a').getAttribute('href'), newest);
  // Pages with results do not show it.
  assert.equal((await get(q('zephyr'))).doc.querySelector('.no-results'), null);
});

test('an empty or missing query: the search form, no count, no results', async () => {
  for (const p of ['/en/search', '/en/search?q=', '/en/search?q=%20%20', '/en/search?q=%21%3F%2A']) {
    const page = await get(p);
    assertNormalPage(page, p);
    assert.equal(page.doc.querySelector('.search-count'), null, p);
    assert.equal(results(page.doc).length, 0, p);
    assert.equal(page.doc.querySelector('.no-results'), null, p);
    assert.equal(page.doc.querySelector('title').text, p.includes('%21') ? 'Search: !?* — Test Herald' : 'Search — Test Herald', p);
  }
});

// --------------------------------------------------------------- escaping

test('the query is shown back escaped, never as markup', async () => {
  const hostile = '<script>alert(1)</script>';
  const page = await get(q(hostile));
  assertNormalPage(page, hostile);
  const { text, doc } = page;
  assert.ok(!text.includes(hostile), 'raw query in the page');
  assert.ok(text.includes('&lt;script&gt;alert(1)&lt;/script&gt;'), 'escaped query');
  assert.equal(doc.querySelector('#search-page-q').getAttribute('value'), hostile);
  assert.ok(/value="&lt;script&gt;alert\(1\)&lt;\/script&gt;"/.test(text), 'escaped value attribute');
  assert.equal(doc.querySelector('title').text, `Search: ${hostile} — Test Herald`);
  assert.equal(doc.querySelectorAll('main script').length, 0);
  // Breaking out of the attribute does not work either.
  const breakout = '"><img src=x onerror=alert(1)> \'';
  const b = await get(q(breakout));
  assertNormalPage(b, breakout);
  assert.equal(b.doc.querySelector('#search-page-q').getAttribute('value'), breakout);
  assert.equal(b.doc.querySelectorAll('main img').length, 0);
  assert.ok(!b.text.includes('<img src=x'), 'raw img');
});

test('a hostile article title is escaped in results, with marks around the match', async () => {
  const page = await get(q('zeppelin'));
  assertNormalPage(page, 'zeppelin');
  const [r] = results(page.doc);
  assert.equal(r.url, '/en/society/hostile-zeppelin');
  assert.equal(r.title, '<script>alert("zeppelin")</script> Zeppelin & "friends" <b>land</b>');
  assert.match(r.titleHtml, /&lt;script&gt;alert\(&quot;<mark>zeppelin<\/mark>&quot;\)&lt;\/script&gt; <mark>Zeppelin<\/mark> &amp;/);
  assert.equal(r.li.querySelectorAll('script, b, img, svg').length, 0);
  assert.ok(!page.text.includes('<b>land</b>'));
  const json = await (await fetch(base + '/en/search.json?q=zeppelin')).json();
  assert.equal(json.results[0].title, '<script>alert("zeppelin")</script> Zeppelin & "friends" <b>land</b>');
  assert.ok(!/<(script|b|img)/.test(json.results[0].title_html + json.results[0].snippet_html));
});

const HOSTILE = [
  'a AND b', 'NOT ferry', 'ferry OR', 'NEAR(', 'NEAR(ferry timetable, 2)', '(ferry', 'ferry)',
  'title:ferry', '{title}:ferry', '^ferry', '-ferry', '+ferry', 'ferry*', '*ferry', '**', '*', '"', '""',
  '"unbalanced ferry', 'ferry"', '"a" "b', "' OR 1=1 --", '\\', '%', '%%', 'x'.repeat(1000),
  'ferry '.repeat(200), 'ё'.repeat(600), '\u0001\u0002ferry', '\u0000', 'ferry\u0000timetable',
  '\u202Eferry', '\uFEFF', '😀 ferry', 'NEAR/3', 'AND', 'OR OR OR',
];

test('hostile queries all give 200 with a normal page', async () => {
  for (const h of HOSTILE) {
    const page = await get(q(h));
    assertNormalPage(page, JSON.stringify(h).slice(0, 60));
    const value = page.doc.querySelector('#search-page-q').getAttribute('value');
    assert.ok(Buffer.byteLength(value) <= 512, 'value cut: ' + Buffer.byteLength(value));
    assert.ok(!/[\u0000-\u0008\u000B\u000C\u000E-\u001F]/.test(value), 'control bytes in the value');
  }
  // Raw bytes that are not valid UTF-8, control bytes and odd page numbers.
  for (const p of ['/en/search?q=%ff%fe', '/en/search?q=%ff%feferry', '/en/search?q=%01%02',
    '/en/search?q=ferry%01%02', '/en/search?q=%c3', '/en/search?q=%e2%80', '/en/search?q=%ed%a0%80',
    '/en/search?q=ferry&page=abc', '/en/search?q=ferry&page=-1', '/en/search?q=ferry&page=0',
    '/en/search?q=ferry&page=999999', '/en/search?q=ferry&page=1e3', '/en/search?q=ferry&page=99999999999999999999',
    '/en/search?q=ferry&q=port', '/en/search?page=2', '/en/search?q', '/en/search?q=%', '/en/search?q=%zz',
    '/ru/search?q=%ff', '/ru/search?q=NEAR(%22', '/en/search?q=ferry&limit=-5']) {
    const page = await get(p);
    assertNormalPage(page, p);
    const value = page.doc.querySelector('#search-page-q').getAttribute('value');
    assert.ok(!value.includes('\uFFFD') || /%(ff|c3|e2|ed)/.test(p), p);
  }
  const cleaned = await get('/en/search?q=ferry%01%02');
  assert.equal(cleaned.doc.querySelector('#search-page-q').getAttribute('value'), 'ferry');
  const invalid = await get('/en/search?q=%ff%feferry');
  assert.equal(invalid.doc.querySelector('#search-page-q').getAttribute('value'), 'ferry');
  // A page number that is not a number is the first page.
  const first = urls((await get(q('zephyr'))).doc);
  for (const bad of ['abc', '-1', '0', '1e3'])
    assert.deepEqual(urls((await get(q('zephyr', '&page=' + bad))).doc), first, 'page=' + bad);
  // A page past the results says so and leads back to the first page.
  for (const far of ['4', '999999']) {
    const past = await get(q('zephyr', '&page=' + far));
    assert.deepEqual(urls(past.doc), [], 'page=' + far);
    assert.match(past.text, /There are no more results for this search\./);
    assert.ok(past.doc.querySelectorAll('a').some(a => a.getAttribute('href') === '/en/search?q=zephyr'), 'link to page 1');
  }
});

test('a long query is cut, shown back and still searched', async () => {
  const long = 'heliograph ' + 'x'.repeat(990);
  const page = await get(q(long));
  assertNormalPage(page, 'long');
  const value = page.doc.querySelector('#search-page-q').getAttribute('value');
  assert.ok(value.startsWith('heliograph xxx'));
  assert.ok(value.length <= 512 && value.length >= 500, String(value.length));
});

// ------------------------------------------------------------ search.json

test('search.json: application/json with query, total and results', async () => {
  const res = await fetch(base + '/en/search.json?q=heliograph');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^application\/json/);
  const data = await res.json();
  assert.equal(data.query, 'heliograph');
  assert.equal(data.total, 3);
  assert.equal(data.results.length, 3);
  assert.deepEqual(data.results.map(r => r.url), [
    '/en/technology/heliograph-network-restored',
    '/en/society/hill-signal-towers-repaired',
    '/en/culture/mountain-signal-stations-reopen',
  ]);
  const [first] = data.results;
  assert.equal(first.title, 'Heliograph network restored on the Absheron coast');
  assert.equal(first.category, 'Technology');
  assert.equal(first.published_at, '2026-01-10T09:00:00+04:00');
  for (const r of data.results) {
    for (const key of ['title', 'url', 'snippet_html', 'category', 'published_at'])
      assert.equal(typeof r[key], 'string', key);
    assert.match(r.published_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  }
  assert.match(data.results[2].snippet_html, /<mark>heliograph<\/mark>/);
});

test('search.json respects limit=5 and pages', async () => {
  const data = await (await fetch(base + '/en/search.json?q=zephyr&limit=5')).json();
  assert.equal(data.total, 45);
  assert.equal(data.results.length, 5);
  assert.deepEqual(data.results.map(r => r.url), [45, 44, 43, 42, 41].map(zephyrUrl));
  const p2 = await (await fetch(base + '/en/search.json?q=zephyr&limit=5&page=2')).json();
  assert.deepEqual(p2.results.map(r => r.url), [40, 39, 38, 37, 36].map(zephyrUrl));
  const all = await (await fetch(base + '/en/search.json?q=zephyr')).json();
  assert.equal(all.results.length, 20);
  for (const bad of ['0', '-1', 'abc', '1000'])
    assert.ok((await (await fetch(base + '/en/search.json?q=zephyr&limit=' + bad)).json()).results.length <= 20, bad);
});

test('search.json gives valid JSON for hostile queries', async () => {
  const paths = HOSTILE.map(h => '/en/search.json?q=' + encodeURIComponent(h)).concat([
    '/en/search.json', '/en/search.json?q=', '/en/search.json?q=%ff%fe', '/en/search.json?q=%01%02',
    '/ru/search.json?q=NEAR(%22', '/en/search.json?q=%22%3Cscript%3E', '/en/search.json?q=ferry&page=abc&limit=x']);
  for (const p of paths) {
    const res = await fetch(base + p);
    assert.equal(res.status, 200, p);
    assert.match(res.headers.get('content-type'), /^application\/json/, p);
    const body = await res.text();
    let data;
    assert.doesNotThrow(() => { data = JSON.parse(body); }, p);
    assert.equal(typeof data.query, 'string', p);
    assert.equal(typeof data.total, 'number', p);
    assert.ok(Array.isArray(data.results), p);
  }
  const data = await (await fetch(base + '/en/search.json?q=' + encodeURIComponent('<script>"x"</script>'))).json();
  assert.equal(data.query, '<script>"x"</script>');
});

// ------------------------------------------------------------------- HTML

test('search pages carry noindex and are valid HTML5', async () => {
  const validator = new HtmlValidate({
    extends: ['html-validate:recommended'],
    rules: {
      'no-trailing-whitespace': 'off', 'attribute-boolean-style': 'off', 'void-style': 'off',
      'no-inline-style': 'off', 'long-title': 'off',
    },
  });
  for (const p of [q('heliograph'), q('qwxzvbnm'), q('zephyr', '&page=2'), '/en/search',
    q('<script>alert(1)</script>'), q('zeppelin'), qru('Азербайджан')]) {
    const { text, doc } = await get(p);
    assert.equal(doc.querySelector('meta[name=robots]')?.getAttribute('content'), 'noindex', p);
    const report = await validator.validateString(text);
    const messages = report.results.flatMap(r => r.messages).map(m => `${m.ruleId}: ${m.message} (line ${m.line})`);
    assert.deepEqual(messages, [], p);
  }
});

const failed = await run({
  before: async () => {
    zephyrDir = zephyrArticles();
    site = makeSite({ imports: [path.join(fixtures, 'search'), zephyrDir] });
    server = await serve(site);
    base = server.base;
  },
  after: async () => {
    const stopped = await server.stop();
    const errs = sanitizerErrors(stopped.stderr);
    site.remove();
    rmSync(zephyrDir, { recursive: true, force: true });
    if (stopped.code !== 0 || errs.length) throw new Error(`server exit ${stopped.code}: ${errs.join(' | ') || stopped.stderr.slice(-500)}`);
  },
});
process.exitCode = failed ? 1 : 0;
