// The interface catalogues are complete: every message the sources use
// (templates and C, see tests/lib/messages.mjs) is translated in
// locales/en.po, ru.po and az.po, not fuzzy, not empty, with as many plural
// forms as the catalogue's Plural-Forms header says and the same %d; each
// .po passes `msgfmt --check`; and locales/gazette.pot lists exactly the
// messages the sources use. A developer who adds interface text runs
//   node scripts/update-catalogues.mjs
// and translates the new entries; this test says which ones are missing.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { extractMessages, parsePo } from '../lib/messages.mjs';

suite('catalogues');
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const LANGUAGES = ['en', 'ru', 'az'];
const NPLURALS = { en: 2, ru: 3, az: 2 };

const keyOf = m => `${m.context ?? ''}\u0004${m.msgid}`;
const nameOf = m => (m.context ? `[${m.context}] ` : '') + JSON.stringify(m.msgid);
const directives = s => (s.match(/%[^%]|%%/g) || []).filter(d => d !== '%%').sort().join(' ');

function readPo(file) {
  return parsePo(readFileSync(file, 'utf8'));
}

// nplurals from a catalogue header, or NaN.
function nplurals(header) {
  const m = header.match(/^Plural-Forms:.*\bnplurals\s*=\s*(\d+)/m);
  return m ? Number(m[1]) : NaN;
}

// What is wrong with a catalogue against the messages the sources use:
// a list of "message: why", empty when it is complete.
function catalogueProblems(po, used) {
  const problems = [];
  const n = nplurals(po.header);
  if (!(n >= 1)) problems.push('the header has no Plural-Forms with nplurals');
  const byKey = new Map();
  for (const m of po.messages) {
    if (byKey.has(keyOf(m))) problems.push(`${nameOf(m)}: listed twice`);
    byKey.set(keyOf(m), m);
  }
  for (const u of used) {
    const m = byKey.get(keyOf(u));
    if (!m) { problems.push(`${nameOf(u)}: missing`); continue; }
    if (m.fuzzy) problems.push(`${nameOf(u)}: fuzzy`);
    if (u.plural) {
      if (m.plural === undefined) { problems.push(`${nameOf(u)}: no msgid_plural (the sources use plural ${JSON.stringify(u.plural)})`); continue; }
      if (m.plural !== u.plural) problems.push(`${nameOf(u)}: msgid_plural ${JSON.stringify(m.plural)}, the sources use ${JSON.stringify(u.plural)}`);
      if (m.forms.length !== n) problems.push(`${nameOf(u)}: ${m.forms.length} plural forms, nplurals=${n}`);
    } else if (m.plural !== undefined) {
      problems.push(`${nameOf(u)}: has a plural the sources do not use`);
    }
    const forms = Array.from(m.forms, f => f ?? '');
    if (forms.length === 0 || forms.some(f => f === '')) problems.push(`${nameOf(u)}: empty translation`);
    for (const f of forms)
      if (f !== '' && directives(f) !== directives(u.msgid))
        problems.push(`${nameOf(u)}: ${JSON.stringify(f)} does not keep the placeholders of the English text`);
  }
  return problems;
}

const used = extractMessages(root);

test('the sources use interface messages (the extractor finds them)', () => {
  // Guards the tests below against an extractor that finds nothing.
  const keys = new Set(used.map(keyOf));
  for (const want of [{ msgid: 'Link copied' }, { msgid: '%d article' }, { context: 'date', msgid: 'February' },
    { msgid: 'Page not found' }, { msgid: 'What are you looking for?' }, { msgid: 'Loading…' }])
    assert.ok(keys.has(keyOf(want)), 'not extracted: ' + nameOf(want));
  assert.ok(used.length >= 50, `${used.length} messages`);
  assert.ok(used.some(m => m.plural === '%d articles'), 'plural of "%d article"');
});

test('the completeness check finds a removed, emptied, fuzzy or short-of-forms message', () => {
  // The check on a copy of ru.po, changed in memory (locales/ is left alone).
  const text = readFileSync(path.join(root, 'locales/ru.po'), 'utf8');
  const before = new Set(catalogueProblems(parsePo(text), used));
  const broken = text
    .replace('msgid "Views"\nmsgstr "Просмотры"\n', '')
    .replace('msgstr "Ссылка скопирована"', 'msgstr ""')
    .replace('msgid "Copy link"', '#, fuzzy\nmsgid "Copy link"')
    .replace('msgstr[2] "%d статей"\n', '')
    .replace('msgstr "Все результаты (%d)"', 'msgstr "Все результаты"');
  assert.notEqual(broken, text);
  assert.deepEqual(catalogueProblems(parsePo(broken), used).filter(p => !before.has(p)), [
    '"Views": missing',
    '"Link copied": empty translation',
    '"Copy link": fuzzy',
    '"%d article": 2 plural forms, nplurals=3',
    '"All results (%d)": "Все результаты" does not keep the placeholders of the English text',
  ]);
});

for (const lang of LANGUAGES) {
  test(`locales/${lang}.po translates every message the sources use`, () => {
    const po = readPo(path.join(root, `locales/${lang}.po`));
    assert.equal(nplurals(po.header), NPLURALS[lang], 'nplurals in the Plural-Forms header');
    const problems = catalogueProblems(po, used);
    assert.ok(problems.length === 0, `${problems.length} problem(s): ${problems.join('; ')}`);
  });
}

for (const lang of LANGUAGES) {
  test(`locales/${lang}.po holds no message the sources no longer use`, () => {
    const keys = new Set(used.map(keyOf));
    const stale = readPo(path.join(root, `locales/${lang}.po`)).messages.filter(m => !keys.has(keyOf(m))).map(nameOf);
    assert.ok(stale.length === 0, `run scripts/update-catalogues.mjs; unused: ${stale.join(', ')}`);
  });
}

for (const lang of LANGUAGES) {
  test(`msgfmt --check accepts locales/${lang}.po`, () => {
    const r = spawnSync('msgfmt', ['--check', '-o', '/dev/null', path.join(root, `locales/${lang}.po`)], { encoding: 'utf8' });
    assert.ok(!r.error, `msgfmt: ${r.error?.message} (scripts/install-deps --test installs gettext)`);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr.trim(), '', 'warnings');
  });
}

test('msgfmt --check rejects a catalogue with a bad plural formula (the check works)', () => {
  const text = readFileSync(path.join(root, 'locales/ru.po'), 'utf8').replace(/nplurals=3;/, 'nplurals=2;');
  const r = spawnSync('msgfmt', ['--check', '-o', '/dev/null', '-'], { input: text, encoding: 'utf8' });
  assert.notEqual(r.status, 0, 'msgfmt accepted three forms with nplurals=2');
});

test('locales/gazette.pot lists exactly the messages the sources use', () => {
  const pot = readPo(path.join(root, 'locales/gazette.pot'));
  const describe = m => `${nameOf(m)}${m.plural ? ` / ${JSON.stringify(m.plural)}` : ''}`;
  const inPot = new Set(pot.messages.map(describe));
  const inSources = new Set(used.map(describe));
  const missing = [...inSources].filter(m => !inPot.has(m));
  const extra = [...inPot].filter(m => !inSources.has(m));
  assert.ok(missing.length === 0 && extra.length === 0,
    `run scripts/update-catalogues.mjs; not in the .pot: ${missing.join(', ') || '-'}; no longer used: ${extra.join(', ') || '-'}`);
  assert.equal(pot.messages.length, used.length, 'no message twice');
  for (const m of pot.messages) assert.ok(m.forms.every(f => f === ''), `${nameOf(m)}: a template has empty translations`);
});

const failed = await run();
process.exitCode = failed ? 1 : 0;
