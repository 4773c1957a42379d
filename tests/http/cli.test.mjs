// Tests of the command line: init, import (good, bad and repeated files),
// configuration errors, --help.
import { suite, test, run, assert } from '../lib/harness.mjs';
import { gazette, makeSite, fixtures, defaultConfig, sanitizerErrors, bin } from '../lib/server.mjs';
import { writeFileSync, readFileSync, copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { sql, sqlNumber, searchEntries, engine, createDatabase, dropDatabase } from '../lib/db.mjs';
import { existsSync } from 'node:fs';

suite('cli');
const sites = [];
function fresh(opts) { const s = makeSite(opts); sites.push(s); return s; }

// Counts rows (SQL on the site's database, either engine).
const count = (db, query) => sqlNumber(db, query);

function noSanitizerErrors(r) { assert.deepEqual(sanitizerErrors(r.stderr), []); }

test('--help documents every command and its options', () => {
  const r = gazette(['--help']);
  assert.equal(r.status, 0);
  for (const word of ['gazette init', '--demo', 'gazette import', 'gazette serve', '--listen', '--db', '--config'])
    assert.ok(r.stdout.includes(word), word);
});

test('unknown commands and options are refused with status 2', () => {
  assert.equal(gazette(['frobnicate']).status, 2);
  const r = gazette(['serve', '--no-such-option']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /gazette --help/);
});

test('init --demo loads at least 60 articles in at least 6 categories', () => {
  const s = fresh({ imports: [] });
  assert.ok(count(s.db, 'select count(*) from articles') >= 60);
  assert.ok(count(s.db, "select count(*) from category_texts where lang='en' and description != ''") >= 6);
});

test('init on an existing database migrates and keeps the data', () => {
  const s = fresh({ imports: [] });
  const before = count(s.db, 'select count(*) from articles');
  const r = gazette(['init', '--db', s.db, '--config', s.ini]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /schema version \d+/);
  assert.equal(count(s.db, 'select count(*) from articles'), before);
});

test('a bad file gets one line naming the file and field; the others import', () => {
  const s = fresh({ demo: false, imports: [] });
  const r = gazette(['import', '--db', s.db, '--config', s.ini, path.join(fixtures, 'bad')]);
  noSanitizerErrors(r);
  assert.equal(r.status, 1);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 6, r.stderr);
  const line = name => lines.find(l => l.includes(name)) || '';
  assert.match(line('2-bad-date.md'), /field 'date'/);
  assert.match(line('3-no-title.md'), /field 'title'/);
  assert.match(line('4-unknown-field.md'), /field 'colour'/);
  assert.match(line('5-bad-category.md'), /field 'category'/);
  assert.match(line('6-no-front-matter.md'), /front matter/);
  assert.match(line('7-yaml-error.md'), /YAML/);
  assert.match(r.stdout, /2 created, 0 updated, 6 failed/);
  assert.equal(count(s.db, 'select count(*) from articles'), 2);
});

test('re-importing a file updates its article instead of duplicating it', () => {
  const s = fresh({ demo: false, imports: [] });
  const dir = mkdtempSync(path.join(tmpdir(), 'gazette-reimport-'));
  const file = path.join(dir, 'story.md');
  copyFileSync(path.join(fixtures, 'articles/fixture-bridge.md'), file);
  assert.equal(gazette(['import', '--db', s.db, '--config', s.ini, file]).status, 0);
  writeFileSync(file, readFileSync(file, 'utf8').replace('Fixture bridge opens over the Kura', 'Fixture bridge opens at last'));
  const r = gazette(['import', '--db', s.db, '--config', s.ini, file]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /0 created, 1 updated/);
  assert.equal(count(s.db, 'select count(*) from articles'), 1);
  assert.equal(count(s.db, "select count(*) from articles where title = 'Fixture bridge opens at last'"), 1);
});

test('an article in an edition the site does not run is refused', () => {
  const s = fresh({ demo: false, imports: [], config: defaultConfig.replace('languages = en, ru', 'languages = en') });
  const r = gazette(['import', '--db', s.db, '--config', s.ini, path.join(fixtures, 'articles/russian.md')]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /russian\.md: field 'lang'/);
});

test('import of a missing path reports it', () => {
  const s = fresh({ demo: false, imports: [] });
  const r = gazette(['import', '--db', s.db, '--config', s.ini, '/nonexistent/file.md']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /\/nonexistent\/file\.md: No such file/);
});

test('configuration errors are clear and stop start-up', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gazette-config-'));
  const cases = [
    ['[site]\ncolour = blue\n', /\[site\] colour: unknown key/],
    ['[site]\ntimezone = Mars/Olympus\n', /\[site\] timezone/],
    ['[site]\nbase_url = javascript:alert(1)\n', /\[site\] base_url/],
    ['[site]\nlanguages = en, xx\n', /'xx' is not a supported language/],
    ['[site]\nlanguages = ru\n', /default_language: 'en' is not in languages/],
    ['[social]\ntwitter = not a url\n', /\[social\] twitter/],
    ['[server]\nthreads = lots\n', /\[server\] threads/],
    ['[weather]\nsunny = yes\n', /unknown section \[weather\]/],
    ['this is not ini\n', /line 1/],
  ];
  for (const [text, pattern] of cases) {
    const ini = path.join(dir, 'bad.ini');
    writeFileSync(ini, text);
    for (const cmd of ['serve', 'init']) {
      const r = gazette([cmd, '--db', path.join(dir, 'x.db'), '--config', ini]);
      assert.equal(r.status, 2, `${cmd} ${text}`);
      assert.match(r.stderr, pattern, text);
    }
  }
  const missing = gazette(['init', '--db', path.join(dir, 'x.db'), '--config', path.join(dir, 'missing.ini')]);
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /cannot open/);
});

test('serve refuses an address it cannot listen on', () => {
  const s = fresh({ demo: false, imports: [] });
  const r = gazette(['serve', '--db', s.db, '--config', s.ini, '--listen', '256.1.1.1:80']);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /256\.1\.1\.1:80/);
});

// The entries of the search index, one per indexed article (db.mjs says how
// each engine keeps it).
const indexedCount = db => searchEntries(db, ['en', 'ru', 'az']);

test('reindex rebuilds the search index with progress lines when not on a terminal', () => {
  const s = fresh({ imports: [] });
  const total = count(s.db, 'select count(*) from articles');
  const published = count(s.db, 'select count(*) from articles where status = 1');
  assert.equal(indexedCount(s.db), published);
  const r = gazette(['reindex', '--db', s.db, '--config', s.ini]);
  noSanitizerErrors(r);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /reindex: \d+ of \d+ articles \(100%\)/);
  assert.match(r.stderr, new RegExp(`reindex: ${total} articles indexed in [0-9.]+ s`));
  assert.ok(!r.stderr.includes('\r'), 'no bar redrawing off a terminal');
  assert.equal(indexedCount(s.db), published);
});

test('reindex draws a progress bar on a terminal', () => {
  const s = fresh({ imports: [] });
  // script(1) gives the command a pseudo-terminal.
  const cmd = [bin, 'reindex', '--db', s.db, '--config', s.ini].map(a => `'${a}'`).join(' ');
  const r = spawnSync('script', ['-qec', cmd, '/dev/null'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /\rreindex \[#+\.*\] +\d+% \d+\/\d+/);
  assert.match(r.stdout, /reindex \[#{40}\] 100%/);
});

test('a stale search index (as a migration leaves it) is rebuilt on the next open', () => {
  const s = fresh({ imports: [] });
  const published = count(s.db, 'select count(*) from articles where status = 1');
  sql(s.db, "INSERT INTO meta (key, value) VALUES ('search_stale', '1') ON CONFLICT (key) DO UPDATE SET value = excluded.value");
  const r = gazette(['init', '--db', s.db, '--config', s.ini]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /articles indexed/);
  assert.equal(indexedCount(s.db), published);
  assert.equal(count(s.db, "select count(*) from meta where key = 'search_stale'"), 0);
});

test('gen --langs with no edition in it (",") is refused with a message, not a crash', () => {
  const s = fresh({ demo: false, imports: [] });
  for (const langs of [',', ' , ', ',,']) {
    const r = gazette(['gen', '--db', s.db, '--config', s.ini, '--count', '3', '--langs', langs]);
    noSanitizerErrors(r);
    assert.equal(r.status, 1, `${JSON.stringify(langs)}: ${r.stderr}`);
    assert.match(r.stderr, /--langs names no edition/);
  }
  assert.equal(count(s.db, 'select count(*) from articles'), 0);
  const ok = gazette(['gen', '--db', s.db, '--config', s.ini, '--count', '3', '--langs', 'en,']);
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(count(s.db, 'select count(*) from articles'), 3);
});

test('user and token take --config (FILE or =FILE) like every other command, and check it', () => {
  const s = fresh({ demo: false, imports: [] });
  const cmd = (args, input = '') => {
    const r = spawnSync(bin, args, { input, encoding: 'utf8' });
    noSanitizerErrors(r);
    return r;
  };
  const added = cmd(['user', 'add', '--config', s.ini, '--db', s.db, '--email', 'conf@example.com', '--name', 'Con Fig', '--role', 'editor'],
    'correct horse battery\n');
  assert.equal(added.status, 0, added.stderr);
  const listed = cmd(['user', 'list', `--config=${s.ini}`, `--db=${s.db}`]);
  assert.equal(listed.status, 0, listed.stderr);
  assert.match(listed.stdout, /conf@example\.com/);
  const token = cmd(['token', 'add', '--db', s.db, '--name', 'conf-bot', '--role', 'author', '--config', s.ini]);
  assert.equal(token.status, 0, token.stderr);
  const tokens = cmd(['token', 'list', '--config', s.ini, '--db', s.db]);
  assert.equal(tokens.status, 0, tokens.stderr);
  assert.match(tokens.stdout, /conf-bot/);
  // The file is read and checked, not only accepted.
  const bad = path.join(s.dir, 'bad.ini');
  writeFileSync(bad, '[site]\ncolour = blue\n');
  for (const args of [['user', 'list'], ['token', 'list']]) {
    const r = cmd([...args, '--db', s.db, '--config', bad]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /\[site\] colour: unknown key/);
  }
  const help = gazette(['--help']).stdout;
  assert.match(help, /unlock E\n +\[--db DB\] \[--config FILE\]/);
  assert.match(help, /revoke N\n +\[--db DB\] \[--config FILE\]/);
});

test('only init makes a database: a mistyped --db is refused by every other command, naming it, and nothing is made', () => {
  const s = fresh({ demo: false, imports: [] });
  const typo = path.join(s.dir, 'gazete.db');
  const runs = [
    ['serve', '--listen', '127.0.0.1:0'], ['user', 'list'], ['token', 'list'], ['import', path.join(fixtures, 'articles')],
    ['reindex'], ['gen', '--count', '3'],
  ];
  for (const args of runs) {
    const r = spawnSync(bin, [args[0], '--db', typo, '--config', s.ini, ...args.slice(1)], { input: '', encoding: 'utf8', timeout: 20000 });
    assert.notEqual(r.status, 0, `${args[0]} took a database that is not there`);
    assert.ok(r.stderr.includes(`there is no site at ${typo} (gazette init --db ${typo} makes one)`), `${args[0]}: ${r.stderr}`);
    noSanitizerErrors(r);
    assert.ok(!existsSync(typo), `${args[0]} made ${typo}`);
  }
  const copied = gazette(['copy', '--config', s.ini, '--from', typo, '--to', path.join(s.dir, 'copy.db')]);
  assert.notEqual(copied.status, 0);
  assert.match(copied.stderr, /there is no site at/);
  if (engine === 'postgresql') {
    // An empty PostgreSQL database is no site either, until init.
    const empty = createDatabase();
    try {
      const r = gazette(['user', 'list', '--db', empty, '--config', s.ini]);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr, /the database has no site in it \(gazette init --db with its URL makes one\)/);
      assert.equal(sql(empty, "select count(*) from information_schema.tables where table_schema = 'public'"), '0', 'no schema made');
      assert.equal(gazette(['init', '--db', empty, '--config', s.ini]).status, 0);
      assert.equal(gazette(['user', 'list', '--db', empty, '--config', s.ini]).status, 0);
    } finally {
      dropDatabase(empty);
    }
  }
  // init makes one, after which the others take it.
  assert.equal(gazette(['init', '--db', typo, '--config', s.ini]).status, 0);
  assert.equal(gazette(['user', 'list', '--db', typo, '--config', s.ini]).status, 0);
});

test('--help is the same full help on stdout, status 0, for every subcommand, wherever it comes', () => {
  const full = gazette(['--help']).stdout;
  for (const args of [['init', '--help'], ['import', '--help'], ['serve', '--help'], ['reindex', '-h'], ['gen', '--help'],
    ['copy', '--help'], ['user', '--help'], ['token', '--help'], ['user', 'add', '--help'], ['token', 'list', '-h']]) {
    const r = gazette([...args, '--db', '/nonexistent/x.db']);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.equal(r.stdout, full, args.join(' '));
    assert.equal(r.stderr, '');
  }
});

test('user add names the value it refuses, and user unlock ends a lockout', () => {
  const s = fresh({ demo: false, imports: [] });
  const add = (...args) => spawnSync(bin, ['user', 'add', '--db', s.db, '--config', s.ini, ...args], { input: 'correct horse battery\n', encoding: 'utf8' });
  const cases = [
    [['--email', 'notanemail', '--name', 'X', '--role', 'editor'], /--email notanemail: not an e-mail address/],
    [['--email', 'a b@example.com', '--name', 'X', '--role', 'editor'], /--email a b@example.com: not an e-mail address/],
    [['--email', 'x@example.com', '--name', 'X', '--role', 'god'], /--role god: must be admin, editor or author/],
    [['--email', 'x@example.com', '--role', 'editor'], /give --name/],
    [['--name', 'X', '--role', 'editor'], /give --email/],
    [['--email', 'x@example.com', '--name', 'X', '--colour', 'blue'], /unrecognized option '--colour'/],
  ];
  for (const [args, why] of cases) {
    const r = add(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stdout}${r.stderr}`);
    assert.match(r.stderr, why);
  }
  assert.equal(count(s.db, 'select count(*) from users'), 0, 'nobody was added');
  assert.equal(add('--email', 'ed@example.com', '--name', 'Ed', '--role', 'editor').status, 0);
  // Failures from two addresses lock the account out (as the login form records them).
  const at = Math.floor(Date.now() / 1000);
  for (let i = 0; i < 6; i++)
    sql(s.db, `insert into failed_logins (email, address, at) values ('ed@example.com', '192.0.2.${i % 2 + 1}', ${at - i})`);
  sql(s.db, `insert into failed_logins (email, address, at) values ('other@example.com', '192.0.2.1', ${at})`);
  const unlock = gazette(['user', 'unlock', 'ed@example.com', '--db', s.db, '--config', s.ini]);
  assert.equal(unlock.status, 0, unlock.stderr);
  assert.match(unlock.stdout, /unlocked ed@example\.com/);
  assert.equal(count(s.db, "select count(*) from failed_logins where email = 'ed@example.com'"), 0);
  assert.equal(count(s.db, "select count(*) from failed_logins where email = 'other@example.com'"), 1, 'only that account');
  const nobody = gazette(['user', 'unlock', 'nobody@example.com', '--db', s.db, '--config', s.ini]);
  assert.equal(nobody.status, 1);
  assert.match(nobody.stderr, /there is no user nobody@example\.com/);
});

test('init --demo says which demo articles it left out, and why', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'gazette-demo-'));
  const ini = path.join(dir, 'en.ini');
  writeFileSync(ini, defaultConfig.replace(/languages = .*/, 'languages = en'));
  const db = engine === 'postgresql' ? createDatabase() : path.join(dir, 'en.db');
  try {
    const r = gazette(['init', '--demo', '--db', db, '--config', ini]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /demo: \d+ articles and 5 pages of the ru edition left out: the configuration's \[site\] languages do not name ru/);
    assert.match(r.stderr, /demo: \d+ articles and 5 pages of the az edition left out/);
    assert.doesNotMatch(r.stderr, /of the en edition/);
  } finally {
    if (engine === 'postgresql') dropDatabase(db);
  }
});

const failed = await run({ after: () => sites.forEach(s => s.remove()) });
process.exitCode = failed ? 1 : 0;
