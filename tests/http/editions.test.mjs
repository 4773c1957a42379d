// HTTP tests of the editions: every page kind speaks its edition's language
// (interface text from locales/*.po, dates, plural forms), no English
// interface text leaks into the Russian and Azerbaijani editions, the
// language switch and hreflang alternates follow translations, each edition
// names itself, and Russian and Azerbaijani titles give transliterated slugs.
// Runs against GAZETTE_BIN with the demo (three editions),
// tests/fixtures/editions and generated "plurals" categories.
import { parse } from 'node-html-parser';
import { HtmlValidate } from 'html-validate';
import { mkdtempSync, writeFileSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors, fixtures, root } from '../lib/server.mjs';
import { parsePo } from '../lib/messages.mjs';

suite('http editions');
let site, server, base, pluralsDir;

const BASE_URL = 'https://news.example.com';
const LANGS = ['en', 'ru', 'az'];
const YEAR = new Date().getFullYear();

const config = `
[site]
name = Test Herald
base_url = ${BASE_URL}
timezone = Asia/Baku
languages = en, ru, az
default_language = en
attribution = Reprints are allowed only with a hyperlink to Test Herald.
description = Test news in English.

[ru]
name = Тестовый вестник
description = Тестовые новости на русском языке.
attribution = Перепечатка разрешена только с гиперссылкой на «Тестовый вестник».

[az]
name = Test Xəbərçisi
description = Azərbaycan dilində test xəbərləri.
attribution = Materiallardan yalnız «Test Xəbərçisi»nə hiperlinklə istifadə etmək olar.

[social]
twitter = https://twitter.com/testherald
youtube = https://www.youtube.com/@testherald
instagram = https://www.instagram.com/testherald
facebook = https://www.facebook.com/testherald
telegram = https://t.me/testherald
app_store = https://apps.apple.com/app/test-herald/id1
google_play = https://play.google.com/store/apps/details?id=com.testherald
`;

const EDITION = {
  en: { name: 'Test Herald', description: 'Test news in English.', label: 'EN', language: 'English',
    attribution: 'Reprints are allowed only with a hyperlink to Test Herald.' },
  ru: { name: 'Тестовый вестник', description: 'Тестовые новости на русском языке.', label: 'RU', language: 'Русский',
    attribution: 'Перепечатка разрешена только с гиперссылкой на «Тестовый вестник».' },
  az: { name: 'Test Xəbərçisi', description: 'Azərbaycan dilində test xəbərləri.', label: 'AZ', language: 'Azərbaycanca',
    attribution: 'Materiallardan yalnız «Test Xəbərçisi»nə hiperlinklə istifadə etmək olar.' },
};

// The interface text each edition must show, written out here rather than
// read from the catalogues, so a wrong catalogue entry fails too.
const UI = {
  en: {
    views: 'Views', share: 'Liked the story? Share it on social media!', copy: 'Copy link', copied: 'Link copied',
    youtube: 'Follow us on YouTube', prompt: 'What are you looking for?', loading: 'Loading…', more: 'More stories',
    notFound: 'Page not found', notFoundText: 'The page you are looking for does not exist or has moved.',
    goHome: 'Go to the home page', search: 'Search', night: 'Night theme', language: 'Language', sections: 'Sections',
    skip: 'Skip to content', print: 'Print', email: 'E-mail', textSize: 'Text size', smaller: 'Smaller text',
    larger: 'Larger text', latest: 'Latest news', close: 'Close', all: 'All results (%d)', none: 'Nothing was found.',
    articles: 'Articles', newer: 'Newer articles', pages: 'Pages', page: 'Page', next: 'Next', previous: 'Previous',
    noResults: 'Nothing was found. Check the spelling, use fewer words, or try another word with the same meaning.',
    pastEnd: 'There are no more results for this search.', firstPage: 'Back to the first page',
    results: n => n === 1 ? `${n} result` : `${n} results`,
    count: { 1: '1 article', 2: '2 articles', 5: '5 articles', 21: '21 articles' },
    months: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
    date: '14 February 2026 16:50',
  },
  ru: {
    views: 'Просмотры', share: 'Понравилась статья? Поделитесь ею в социальных сетях!', copy: 'Копировать ссылку',
    copied: 'Ссылка скопирована', youtube: 'Подписывайтесь на нас в YouTube', prompt: 'Что вы ищете?',
    loading: 'Загрузка…', more: 'Ещё новости', notFound: 'Страница не найдена',
    notFoundText: 'Страница, которую вы ищете, не существует или была перемещена.', goHome: 'Перейти на главную',
    search: 'Поиск', night: 'Ночная тема', language: 'Язык', sections: 'Разделы', skip: 'Перейти к содержанию',
    print: 'Печать', email: 'Эл. почта', textSize: 'Размер текста', smaller: 'Уменьшить текст', larger: 'Увеличить текст',
    latest: 'Последние новости', close: 'Закрыть', all: 'Все результаты (%d)', none: 'Ничего не найдено.',
    articles: 'Статьи', newer: 'Более новые статьи', pages: 'Страницы', page: 'Страница', next: 'Далее', previous: 'Назад',
    noResults: 'Ничего не найдено. Проверьте написание, используйте меньше слов или попробуйте другое слово с тем же значением.',
    pastEnd: 'По этому запросу больше нет результатов.', firstPage: 'Вернуться на первую страницу',
    results: n => `${n} ` + (n % 10 === 1 && n % 100 !== 11 ? 'результат'
      : n % 10 >= 2 && n % 10 <= 4 && (n % 100 < 10 || n % 100 >= 20) ? 'результата' : 'результатов'),
    count: { 1: '1 статья', 2: '2 статьи', 5: '5 статей', 21: '21 статья' },
    months: ['января', 'февраля', 'марта', 'апреля', 'мая', 'июня', 'июля', 'августа', 'сентября', 'октября', 'ноября', 'декабря'],
    date: '14 февраля 2026 16:50',
  },
  az: {
    views: 'Baxış', share: 'Xəbər xoşunuza gəldi? Sosial şəbəkələrdə paylaşın!', copy: 'Keçidi kopyala',
    copied: 'Keçid kopyalandı', youtube: 'Bizi YouTube-da izləyin', prompt: 'Nə axtarırsınız?', loading: 'Yüklənir…',
    more: 'Daha çox xəbər', notFound: 'Səhifə tapılmadı',
    notFoundText: 'Axtardığınız səhifə mövcud deyil və ya başqa ünvana köçürülüb.', goHome: 'Ana səhifəyə keç',
    search: 'Axtarış', night: 'Gecə rejimi', language: 'Dil', sections: 'Bölmələr', skip: 'Məzmuna keç', print: 'Çap et',
    email: 'E-poçt', textSize: 'Mətnin ölçüsü', smaller: 'Mətni kiçilt', larger: 'Mətni böyüt', latest: 'Son xəbərlər',
    close: 'Bağla', all: 'Bütün nəticələr (%d)', none: 'Heç nə tapılmadı.', articles: 'Məqalələr',
    newer: 'Daha yeni məqalələr', pages: 'Səhifələr', page: 'Səhifə', next: 'Növbəti', previous: 'Əvvəlki',
    noResults: 'Heç nə tapılmadı. Yazılışı yoxlayın, daha az söz işlədin və ya eyni mənalı başqa söz sınayın.',
    pastEnd: 'Bu axtarış üzrə başqa nəticə yoxdur.', firstPage: 'Birinci səhifəyə qayıt',
    results: n => `${n} nəticə`,
    count: { 1: '1 məqalə', 2: '2 məqalə', 5: '5 məqalə', 21: '21 məqalə' },
    months: ['yanvar', 'fevral', 'mart', 'aprel', 'may', 'iyun', 'iyul', 'avqust', 'sentyabr', 'oktyabr', 'noyabr', 'dekabr'],
    date: '14 fevral 2026 16:50',
  },
};

// The fixtures (tests/fixtures/editions).
const BRIDGE = { en: '/en/bridges/kura-footbridge-reopens', ru: '/ru/bridges/novyy-most-cherez-kuru' };
const AZ_ONLY = '/az/culture/eli-ismayilov-shekide-ag-chorek-bayramini-achdi-uch-gun-dord-mehelle';
const PIER = '/en/bridges/ferry-pier-new-roof'; // its Russian translation is a draft
// A demo story in all three editions (translation_key baku-jazz-week-forty-concerts).
const JAZZ = {
  en: '/en/culture/baku-jazz-week-forty-concerts',
  ru: '/ru/culture/bakinskaya-nedelya-dzhaza-vernyotsya-s-soroka-kontsertami',
  az: '/az/culture/baki-caz-heftesi-qirx-konsertle-qayidir',
};

// Categories plurals1, plurals2, plurals5 and plurals21 with that many
// articles in each edition, one a day in 2024 (older than the demo), each
// with a search word: quokka / квокка / kvokka.
const PLURALS = [1, 2, 5, 21];
const SEARCH_WORD = { en: 'quokka', ru: 'квокка', az: 'kvokka' };
const SEARCH_TOTAL = PLURALS.reduce((a, b) => a + b, 0); // 29
const PLURAL_TITLES = { en: 'Quokka bulletin', ru: 'Сводка о квокках', az: 'Kvokka bülleteni' };
const newestPlural = lang => `/${lang}/plurals21/plurals21-${lang}-21`;

function pluralArticles() {
  const dir = mkdtempSync(path.join(tmpdir(), 'gazette-plurals-'));
  const names = { en: 'Plurals', ru: 'Множественное число', az: 'Cəm' };
  let yaml = '';
  for (const n of PLURALS) {
    yaml += `plurals${n}:\n`;
    for (const lang of LANGS) yaml += `  ${lang}:\n    name: "${names[lang]} ${n}"\n    description: "${names[lang]}: ${n}"\n`;
  }
  writeFileSync(path.join(dir, 'categories.yaml'), yaml);
  const bodies = { en: 'The quokka bulletin, number', ru: 'Квокка в сводке номер', az: 'Kvokka bülleteni, nömrə' };
  for (const lang of LANGS) {
    let k = 0;
    for (const n of PLURALS) {
      for (let i = 1; i <= n; i++, k++) {
        const day = String(1 + (k % 28)).padStart(2, '0');
        const month = String(1 + Math.floor(k / 28)).padStart(2, '0');
        writeFileSync(path.join(dir, `${lang}-plurals${n}-${String(i).padStart(2, '0')}.md`),
          `---\ntitle: "${PLURAL_TITLES[lang]} ${n}.${i}"\nlang: ${lang}\ncategory: plurals${n}\n` +
          `date: 2024-${month}-${day}T10:${String(i).padStart(2, '0')}:00+04:00\nslug: plurals${n}-${lang}-${i}\n` +
          `author: Quokka Desk\n---\n${bodies[lang]} ${n}.${i}.\n`);
      }
    }
  }
  return dir;
}

async function get(pathname, init = {}) {
  const res = await fetch(base + pathname, { redirect: 'manual', ...init });
  const text = await res.text();
  return { res, text, doc: parse(text) };
}

const trimmed = el => el?.text.replace(/\s+/g, ' ').trim();
const search = (lang, q, extra = '') => `/${lang}/search?q=${encodeURIComponent(q)}${extra}`;

// The language switch: {code: href}.
function switchLinks(doc) {
  return Object.fromEntries(doc.querySelectorAll('nav.editions a').map(a => [a.getAttribute('hreflang'), a.getAttribute('href')]));
}

// The hreflang alternates in the head: {hreflang: href}, failing on repeats.
function alternates(doc) {
  const out = {};
  for (const l of doc.querySelectorAll('head link[rel=alternate][hreflang]')) {
    const lang = l.getAttribute('hreflang');
    assert.ok(!(lang in out), 'hreflang listed twice: ' + lang);
    out[lang] = l.getAttribute('href');
  }
  return out;
}

// Every kind of page of an edition, for the checks that apply to all.
const pagesOf = lang => [
  `/${lang}/`, `/${lang}/plurals21/`, `/${lang}/plurals21/?page=2`, newestPlural(lang),
  lang === 'az' ? AZ_ONLY : BRIDGE[lang], JAZZ[lang],
  search(lang, SEARCH_WORD[lang]), search(lang, SEARCH_WORD[lang], '&page=2'), search(lang, SEARCH_WORD[lang], '&page=3'),
  search(lang, 'zzqxjvw'), `/${lang}/search`, `/${lang}/no-such-page/`, `/${lang}/plurals21/no-such-article`,
];

test('Content-Language and <html lang> on every page of every edition', async () => {
  for (const lang of LANGS) {
    for (const p of pagesOf(lang)) {
      const { res, doc } = await get(p);
      assert.ok(res.status === 200 || res.status === 404, `${p}: ${res.status}`);
      assert.equal(res.headers.get('content-language'), lang, p);
      assert.equal(doc.querySelector('html').getAttribute('lang'), lang, p);
    }
  }
  // A path outside the editions: the default edition's 404.
  const { res, doc } = await get('/xx/nothing');
  assert.equal(res.status, 404);
  assert.equal(res.headers.get('content-language'), 'en');
  assert.equal(doc.querySelector('html').getAttribute('lang'), 'en');
});

test('the article page speaks its edition\'s language', async () => {
  for (const lang of LANGS) {
    const ui = UI[lang], where = newestPlural(lang);
    const { res, doc } = await get(where);
    assert.equal(res.status, 200, where);
    const at = what => `${lang} ${what}`;
    assert.match(trimmed(doc.querySelector('.views')), new RegExp(`^${ui.views}: \\d+$`), at('views'));
    assert.equal(trimmed(doc.querySelector('#share-heading')), ui.share, at('share heading'));
    const copy = doc.querySelector('[data-copy-link]');
    assert.equal(trimmed(copy), ui.copy, at('copy link'));
    assert.equal(copy.getAttribute('data-copied'), ui.copied, at('data-copied'));
    assert.equal(copy.getAttribute('data-url'), BASE_URL + where, at('data-url'));
    assert.equal(trimmed(doc.querySelector('.youtube-cta')), ui.youtube, at('YouTube'));
    assert.equal(trimmed(doc.querySelector('[data-print]')), ui.print, at('print'));
    assert.equal(trimmed(doc.querySelector('.share-email')), ui.email, at('e-mail'));
    assert.equal(doc.querySelector('.text-size').getAttribute('aria-label'), ui.textSize, at('text size'));
    assert.equal(trimmed(doc.querySelector('[data-size-step="-1"] .visually-hidden')), ui.smaller, at('A-'));
    assert.equal(doc.querySelector('[data-size-step="1"]').getAttribute('title'), ui.larger, at('A+'));
    assert.equal(trimmed(doc.querySelector('section.more [data-feed-next]')), ui.more, at('More'));
    assert.equal(trimmed(doc.querySelector('section.more [data-feed-loading]')), ui.loading, at('Loading'));
    assert.equal(trimmed(doc.querySelector('.article-meta time')), `1 ${ui.months[1]} 2024 10:21`, at('date'));
    assert.equal(doc.querySelector('title').text, `${PLURAL_TITLES[lang]} 21.21 — ${EDITION[lang].name}`, at('title'));
  }
});

test('the layout (header, overlay, footer) speaks the edition\'s language on every page kind', async () => {
  for (const lang of LANGS) {
    const ui = UI[lang];
    for (const p of pagesOf(lang)) {
      const { doc } = await get(p);
      const at = what => `${p}: ${what}`;
      assert.equal(trimmed(doc.querySelector('.skip-link')), ui.skip, at('skip link'));
      assert.equal(doc.querySelector('nav.editions').getAttribute('aria-label'), ui.language, at('language switch'));
      assert.equal(doc.querySelector('[data-theme-toggle]').getAttribute('aria-label'), ui.night, at('night theme'));
      assert.equal(doc.querySelector('[data-theme-toggle]').getAttribute('title'), ui.night, at('night theme title'));
      assert.equal(doc.querySelector('[data-search-open]').getAttribute('aria-label'), ui.search, at('search button'));
      assert.equal(doc.querySelector('[data-search-open]').getAttribute('href'), `/${lang}/search`, at('search URL'));
      assert.equal(doc.querySelector('nav.sections').getAttribute('aria-label'), ui.sections, at('sections'));
      assert.equal(trimmed(doc.querySelector('#search-prompt')), ui.prompt, at('overlay label'));
      assert.equal(trimmed(doc.querySelector('#search-dialog button[type=submit]')), ui.search, at('overlay button'));
      assert.equal(doc.querySelector('#search-dialog form').getAttribute('action'), `/${lang}/search`, at('overlay form'));
      const suggestions = doc.querySelector('[data-search-results]');
      assert.equal(suggestions.getAttribute('data-all'), ui.all, at('data-all'));
      assert.equal(suggestions.getAttribute('data-none'), ui.none, at('data-none'));
      assert.equal(doc.querySelector('.search-close').getAttribute('aria-label'), ui.close, at('close'));
    }
  }
});

test('home pages: headings, title and description in each edition', async () => {
  for (const lang of LANGS) {
    const { res, doc } = await get(`/${lang}/`);
    assert.equal(res.status, 200);
    assert.equal(trimmed(doc.querySelector('#latest-heading')), UI[lang].latest, lang);
    assert.equal(doc.querySelector('title').text, EDITION[lang].name, lang);
    assert.equal(doc.querySelector('meta[name=description]').getAttribute('content'), EDITION[lang].description, lang);
    assert.equal(trimmed(doc.querySelector('h1')), EDITION[lang].name, lang);
  }
});

test('category pages: count, feed links, pages and title in each edition', async () => {
  for (const lang of LANGS) {
    const ui = UI[lang];
    const { res, doc } = await get(`/${lang}/plurals21/`);
    assert.equal(res.status, 200, lang);
    const name = { en: 'Plurals 21', ru: 'Множественное число 21', az: 'Cəm 21' }[lang];
    assert.equal(trimmed(doc.querySelector('h1')), name);
    assert.equal(doc.querySelector('title').text, `${name} — ${EDITION[lang].name}`);
    assert.equal(trimmed(doc.querySelector('.section-count')), ui.count[21], lang);
    assert.equal(trimmed(doc.querySelector('h2.visually-hidden')), ui.articles, lang);
    assert.equal(trimmed(doc.querySelector('[data-feed-next]')), ui.more, lang);
    assert.equal(trimmed(doc.querySelector('[data-feed-loading]')), ui.loading, lang);
    const p2 = await get(`/${lang}/plurals21/?page=2`);
    assert.equal(p2.res.status, 200);
    assert.equal(p2.doc.querySelector('title').text, `${name} — ${ui.page} 2 — ${EDITION[lang].name}`);
    assert.equal(p2.doc.querySelector('nav.pager').getAttribute('aria-label'), ui.pages, lang);
    assert.equal(trimmed(p2.doc.querySelector('a[rel=prev]')), ui.newer, lang);
  }
});

test('search pages: count, pager, no results and past the end in each edition', async () => {
  for (const lang of LANGS) {
    const ui = UI[lang], word = SEARCH_WORD[lang];
    const { res, doc } = await get(search(lang, word));
    assert.equal(res.status, 200);
    assert.equal(trimmed(doc.querySelector('h1')), ui.search, lang);
    assert.equal(doc.querySelector('title').text, `${ui.search}: ${word} — ${EDITION[lang].name}`);
    assert.equal(doc.querySelector('meta[name=description]').getAttribute('content'), ui.prompt, lang);
    assert.equal(trimmed(doc.querySelector('.search-count')), ui.results(SEARCH_TOTAL), lang);
    assert.equal(doc.querySelector('#search-page-q').getAttribute('placeholder'), ui.prompt, lang);
    assert.equal(trimmed(doc.querySelector('label[for=search-page-q]')), ui.prompt, lang);
    assert.equal(doc.querySelectorAll('ol.search-results > li').length, 20, lang);
    assert.equal(trimmed(doc.querySelector('a[rel=next]')), ui.next, lang);
    assert.equal(doc.querySelector('nav.pager').getAttribute('aria-label'), ui.pages, lang);
    for (const t of doc.querySelectorAll('ol.search-results time'))
      assert.match(t.text, new RegExp(`^\\d{1,2} (${ui.months.join('|')}) 2024 \\d\\d:\\d\\d$`), lang);
    const p2 = await get(search(lang, word, '&page=2'));
    assert.equal(trimmed(p2.doc.querySelector('a[rel=prev]')), ui.previous, lang);
    const past = await get(search(lang, word, '&page=3'));
    assert.equal(trimmed(past.doc.querySelector('p.no-results')), `${ui.pastEnd} ${ui.firstPage}`, lang);
    const one = await get(search(lang, lang === 'ru' ? 'флюгегехаймен' : 'flugegeheimen'));
    assert.equal(trimmed(one.doc.querySelector('.search-count')), ui.results(1), lang);
    const none = await get(search(lang, 'zzqxjvw'));
    assert.equal(trimmed(none.doc.querySelector('.search-count')), ui.results(0), lang);
    assert.equal(trimmed(none.doc.querySelector('.no-results p')), ui.noResults, lang);
    assert.equal(trimmed(none.doc.querySelector('.no-results .section-title')), ui.latest, lang);
  }
});

test('404 pages: title and text in each edition', async () => {
  for (const lang of LANGS) {
    const ui = UI[lang];
    for (const p of [`/${lang}/no-such-page/`, `/${lang}/plurals21/no-such-article`, `/${lang}/plurals21/?page=99`]) {
      const { res, doc } = await get(p);
      assert.equal(res.status, 404, p);
      assert.equal(doc.querySelector('title').text, ui.notFound, p);
      assert.equal(trimmed(doc.querySelector('.not-found h1')), ui.notFound, p);
      assert.equal(trimmed(doc.querySelector('.not-found h1 + p')), ui.notFoundText, p);
      assert.equal(trimmed(doc.querySelector('label[for=nf-q]')), ui.prompt, p);
      assert.equal(trimmed(doc.querySelector('.not-found button[type=submit]')), ui.search, p);
      assert.equal(trimmed(doc.querySelector('.not-found a.button')), ui.goHome, p);
      assert.equal(doc.querySelector('.not-found a.button').getAttribute('href'), `/${lang}/`, p);
      assert.equal(trimmed(doc.querySelector('.logo')), EDITION[lang].name, p);
    }
  }
});

// ------------------------------------------------ no English in ru and az

// What a reader sees or hears: text outside scripts and the accessible
// names and messages kept in attributes.
function readerText(doc) {
  const body = doc.querySelector('body');
  for (const el of body.querySelectorAll('script, style, svg')) el.remove();
  const parts = [doc.querySelector('title').text, doc.querySelector('meta[name=description]')?.getAttribute('content') ?? '', body.text];
  for (const el of body.querySelectorAll('*'))
    for (const attr of ['aria-label', 'title', 'placeholder', 'alt', 'value', 'data-copied', 'data-all', 'data-none']) {
      const v = el.getAttribute(attr);
      if (v) parts.push(v);
    }
  return parts.join('\n');
}

const escapeRe = s => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// The English interface texts of en.po as patterns (%d: any number), each
// with the message it comes from; only texts with 5 or more letters besides
// the number.
function englishPatterns() {
  const en = parsePo(readFileSync(path.join(root, 'locales/en.po'), 'utf8')).messages;
  const out = [];
  for (const m of en) {
    for (const text of [m.msgid, m.plural, ...m.forms]) {
      if (!text || text.replace(/%d/g, '').trim().length < 5) continue;
      if (out.some(o => o.text === text)) continue;
      const re = new RegExp(`(?<![\\p{L}])${text.split('%d').map(escapeRe).join('\\d+')}(?![\\p{L}])`, 'u');
      out.push({ text, re, key: `${m.context ?? ''}\u0004${m.msgid}` });
    }
  }
  return out;
}

// The messages of a catalogue whose translation is the English text itself.
function sameAsEnglish(lang) {
  const po = parsePo(readFileSync(path.join(root, `locales/${lang}.po`), 'utf8')).messages;
  const same = new Set();
  for (const m of po) if ([m.msgid, m.plural].some(t => t && m.forms.includes(t))) same.add(`${m.context ?? ''}\u0004${m.msgid}`);
  return same;
}

function englishFound(text, patterns, except = new Set()) {
  return patterns.filter(p => !except.has(p.key) && p.re.test(text)).map(p => p.text);
}

test('the English leak detector finds the English interface on English pages', async () => {
  // Proves the check below can fail: the same pages in English are full of it.
  const patterns = englishPatterns();
  assert.ok(patterns.length >= 40, `${patterns.length} patterns`);
  const found = new Set();
  for (const p of pagesOf('en')) for (const t of englishFound(readerText((await get(p)).doc), patterns)) found.add(t);
  for (const want of ['Views', 'Liked the story? Share it on social media!', 'Copy link', 'Link copied', 'Follow us on YouTube',
    'What are you looking for?', 'Loading…', 'Page not found', '%d articles', '%d results', 'February', 'Night theme'])
    assert.ok(found.has(want), 'not detected: ' + want);
  assert.ok(found.size >= 35, `only ${found.size} found: ${[...found].join(' | ')}`);
});

for (const lang of ['ru', 'az']) {
  test(`no English interface text on the ${lang} edition's pages`, async () => {
    const patterns = englishPatterns(), except = sameAsEnglish(lang);
    const leaks = [];
    for (const p of pagesOf(lang)) {
      const found = englishFound(readerText((await get(p)).doc), patterns, except);
      if (found.length) leaks.push(`${p}: ${found.map(t => JSON.stringify(t)).join(', ')}`);
    }
    assert.deepEqual(leaks, []);
  });
}

// ------------------------------------------------------- dates, plurals

test('dates are written in each edition\'s language', async () => {
  assert.equal(trimmed((await get(BRIDGE.en)).doc.querySelector('.article-meta time')), UI.en.date);
  assert.equal(trimmed((await get(BRIDGE.ru)).doc.querySelector('.article-meta time')), UI.ru.date);
  assert.equal(trimmed((await get(AZ_ONLY)).doc.querySelector('.article-meta time')), UI.az.date);
  for (const p of [BRIDGE.en, BRIDGE.ru, AZ_ONLY])
    assert.equal((await get(p)).doc.querySelector('.article-meta time').getAttribute('datetime'), '2026-02-14T16:50:00+04:00');
  // Lists: the same story in the Russian category, and months through the year.
  const ru = await get('/ru/bridges/');
  assert.deepEqual(ru.doc.querySelectorAll('ul.feed li.card time').map(t => t.text), [UI.ru.date]);
  for (const lang of LANGS) {
    const { doc } = await get(`/${lang}/plurals21/`);
    const dates = doc.querySelectorAll('ul.feed li.card time').map(t => t.text);
    assert.equal(dates.length, 20);
    // plurals21 articles are the 9th to 29th days counted from 1 January 2024.
    assert.equal(dates[0], `1 ${UI[lang].months[1]} 2024 10:21`, lang);
    assert.equal(dates[19], `10 ${UI[lang].months[0]} 2024 10:02`, lang);
  }
});

test('plural forms: category counts in each edition', async () => {
  for (const lang of LANGS)
    for (const n of PLURALS) {
      const { res, doc } = await get(`/${lang}/plurals${n}/`);
      assert.equal(res.status, 200);
      assert.equal(trimmed(doc.querySelector('.section-count')), UI[lang].count[n], `${lang} plurals${n}`);
    }
  // A draft translation is not counted: two English articles, one Russian.
  assert.equal(trimmed((await get('/en/bridges/')).doc.querySelector('.section-count')), '2 articles');
  assert.equal(trimmed((await get('/ru/bridges/')).doc.querySelector('.section-count')), '1 статья');
});

// ------------------------------------------- language switch, alternates

test('the language switch: each edition, its label, name and current mark', async () => {
  for (const lang of LANGS) {
    const { doc } = await get(`/${lang}/`);
    const links = doc.querySelectorAll('nav.editions a');
    assert.deepEqual(links.map(a => a.getAttribute('hreflang')), LANGS);
    assert.deepEqual(links.map(a => a.getAttribute('lang')), LANGS);
    assert.deepEqual(links.map(a => trimmed(a)), LANGS.map(l => EDITION[l].label));
    assert.deepEqual(links.map(a => a.getAttribute('title')), LANGS.map(l => EDITION[l].language));
    assert.deepEqual(links.map(a => a.getAttribute('aria-current')), LANGS.map(l => (l === lang ? 'true' : undefined)));
    assert.deepEqual(switchLinks(doc), { en: '/en/', ru: '/ru/', az: '/az/' }, lang);
  }
});

test('the language switch on an article leads to its translations', async () => {
  assert.deepEqual(switchLinks((await get(BRIDGE.en)).doc), { en: BRIDGE.en, ru: BRIDGE.ru, az: '/az/' });
  assert.deepEqual(switchLinks((await get(BRIDGE.ru)).doc), { en: BRIDGE.en, ru: BRIDGE.ru, az: '/az/' });
  for (const lang of LANGS) assert.deepEqual(switchLinks((await get(JAZZ[lang])).doc), JAZZ, lang);
  // Following the links: each translation is there, in its language, and leads back.
  for (const lang of LANGS) {
    const { res, doc } = await get(switchLinks((await get(JAZZ.en)).doc)[lang]);
    assert.equal(res.status, 200, lang);
    assert.equal(doc.querySelector('html').getAttribute('lang'), lang);
    assert.equal(switchLinks(doc).en, JAZZ.en);
  }
});

test('the language switch on an article without a translation leads to that edition\'s home', async () => {
  assert.deepEqual(switchLinks((await get(AZ_ONLY)).doc), { en: '/en/', ru: '/ru/', az: AZ_ONLY });
  // A translation that is still a draft does not count.
  assert.deepEqual(switchLinks((await get(PIER)).doc), { en: PIER, ru: '/ru/', az: '/az/' });
  // Generated articles have no translation key.
  assert.deepEqual(switchLinks((await get(newestPlural('ru'))).doc), { en: '/en/', ru: newestPlural('ru'), az: '/az/' });
});

test('hreflang alternates list each translation, absolute, with x-default', async () => {
  const abs = p => BASE_URL + p;
  const bridge = { en: abs(BRIDGE.en), ru: abs(BRIDGE.ru), 'x-default': abs(BRIDGE.en) };
  assert.deepEqual(alternates((await get(BRIDGE.en)).doc), bridge);
  assert.deepEqual(alternates((await get(BRIDGE.ru)).doc), bridge);
  const jazz = { en: abs(JAZZ.en), ru: abs(JAZZ.ru), az: abs(JAZZ.az), 'x-default': abs(JAZZ.en) };
  for (const lang of LANGS) {
    const { doc } = await get(JAZZ[lang]);
    assert.deepEqual(alternates(doc), jazz, lang);
    assert.equal(doc.querySelector('link[rel=canonical]').getAttribute('href'), abs(JAZZ[lang]));
  }
  // No English version: x-default is the article itself.
  assert.deepEqual(alternates((await get(AZ_ONLY)).doc), { az: abs(AZ_ONLY), 'x-default': abs(AZ_ONLY) });
  assert.deepEqual(alternates((await get(newestPlural('ru'))).doc),
    { ru: abs(newestPlural('ru')), 'x-default': abs(newestPlural('ru')) });
  // A draft translation is not an alternate.
  assert.deepEqual(alternates((await get(PIER)).doc), { en: abs(PIER), 'x-default': abs(PIER) });
});

test('homes list every edition as alternates, x-default the default edition', async () => {
  const want = { en: `${BASE_URL}/en/`, ru: `${BASE_URL}/ru/`, az: `${BASE_URL}/az/`, 'x-default': `${BASE_URL}/en/` };
  for (const lang of LANGS) {
    const { doc } = await get(`/${lang}/`);
    assert.deepEqual(alternates(doc), want, lang);
    assert.equal(doc.querySelector('link[rel=canonical]').getAttribute('href'), `${BASE_URL}/${lang}/`);
  }
});

test('category pages list alternates in the editions where the category exists', async () => {
  const abs = p => BASE_URL + p;
  // "bridges" is named in English and Russian only, and has no Azerbaijani article.
  const bridges = { en: abs('/en/bridges/'), ru: abs('/ru/bridges/'), 'x-default': abs('/en/bridges/') };
  for (const lang of ['en', 'ru']) {
    const { res, doc } = await get(`/${lang}/bridges/`);
    assert.equal(res.status, 200);
    assert.deepEqual(alternates(doc), bridges, lang);
    assert.deepEqual(switchLinks(doc), { en: '/en/bridges/', ru: '/ru/bridges/', az: '/az/' }, lang);
  }
  assert.equal((await get('/az/bridges/')).res.status, 404);
  for (const lang of LANGS) {
    const { doc } = await get(`/${lang}/culture/`);
    assert.deepEqual(alternates(doc), { en: abs('/en/culture/'), ru: abs('/ru/culture/'), az: abs('/az/culture/'), 'x-default': abs('/en/culture/') }, lang);
    assert.deepEqual(switchLinks(doc), { en: '/en/culture/', ru: '/ru/culture/', az: '/az/culture/' }, lang);
  }
});

// ------------------------------------------------- each edition's name

test('each edition names itself: title, logo, copyright, attribution', async () => {
  for (const lang of LANGS) {
    const ed = EDITION[lang];
    for (const p of [`/${lang}/`, `/${lang}/plurals21/`, newestPlural(lang), search(lang, SEARCH_WORD[lang]), `/${lang}/nope/`]) {
      const { doc } = await get(p);
      assert.deepEqual(doc.querySelectorAll('.logo').map(trimmed), [ed.name, ed.name], p);
      assert.deepEqual(doc.querySelectorAll('.logo').map(a => a.getAttribute('href')), [`/${lang}/`, `/${lang}/`], p);
      assert.equal(trimmed(doc.querySelector('footer .attribution')), ed.attribution, p);
      assert.equal(trimmed(doc.querySelector('footer .copyright')), `© ${YEAR} ${ed.name}`, p);
      const title = doc.querySelector('title').text;
      assert.ok(title === ed.name || title.endsWith(` — ${ed.name}`) || title === UI[lang].notFound, `${p}: ${title}`);
    }
  }
  assert.equal((await get(BRIDGE.ru)).doc.querySelector('title').text, 'Новый мост через Куру — Тестовый вестник');
});

// ------------------------------------------------------------- slugs

test('Russian and Azerbaijani titles without a slug give transliterated slugs', async () => {
  const ru = await get('/ru/bridges/novyy-most-cherez-kuru');
  assert.equal(ru.res.status, 200);
  assert.equal(trimmed(ru.doc.querySelector('h1')), 'Новый мост через Куру');
  const az = await get(AZ_ONLY);
  assert.equal(az.res.status, 200);
  assert.equal(trimmed(az.doc.querySelector('h1')), 'Əli İsmayılov Şəkidə ağ çörək bayramını açdı: üç gün, dörd məhəllə');
  // Listed under those addresses too.
  assert.ok((await get('/ru/bridges/')).doc.querySelectorAll('ul.feed a').some(a => a.getAttribute('href') === BRIDGE.ru));
});

// ------------------------------------------------------------- sanity

test('the Russian and Azerbaijani pages are valid HTML5', async () => {
  const validator = new HtmlValidate({
    extends: ['html-validate:recommended'],
    rules: {
      'no-trailing-whitespace': 'off', 'attribute-boolean-style': 'off', 'void-style': 'off',
      'no-inline-style': 'off', 'long-title': 'off',
    },
  });
  for (const lang of ['ru', 'az']) {
    for (const p of [`/${lang}/`, `/${lang}/plurals21/`, newestPlural(lang), search(lang, SEARCH_WORD[lang]), `/${lang}/nope/`]) {
      const report = await validator.validateString((await get(p)).text);
      const messages = report.results.flatMap(r => r.messages).map(m => `${m.ruleId}: ${m.message} (line ${m.line})`);
      assert.deepEqual(messages, [], p);
    }
  }
});

test('the server found every theme text in every edition\'s catalogue', async () => {
  assert.ok(!/catalogue lacks/.test(server.stderr()), server.stderr());
});

const failed = await run({
  before: async () => {
    pluralsDir = pluralArticles();
    site = makeSite({ config, imports: [path.join(fixtures, 'editions'), pluralsDir] });
    server = await serve(site);
    base = server.base;
  },
  after: async () => {
    const stopped = await server.stop();
    const errs = sanitizerErrors(stopped.stderr);
    site.remove();
    rmSync(pluralsDir, { recursive: true, force: true });
    if (stopped.code !== 0 || errs.length) throw new Error(`server exit ${stopped.code}: ${errs.join(' | ') || stopped.stderr.slice(-500)}`);
  },
});
process.exitCode = failed ? 1 : 0;
