// The tests' one way into a site's database, on either engine. A database
// is named by its address, as `gazette --db` takes it: a SQLite file's path
// (SQL through the sqlite3 shell) or a postgresql:// URL (SQL through psql,
// from Debian's postgresql-client). The SQL the tests write runs on both:
// no INSERT OR REPLACE (INSERT ... ON CONFLICT ... DO UPDATE), no strftime
// (times computed here), no booleans in results (PostgreSQL prints t/f).
//
// GAZETTE_TEST_ENGINE=postgresql makes makeSite() put each site in a fresh
// database on the server GAZETTE_TEST_POSTGRES names (an admin URL; tests/run
// starts a throwaway cluster and sets both for the http-pg suite).
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

// The engine the sites of this run are on: 'sqlite' (the default) or 'postgresql'.
export const engine = process.env.GAZETTE_TEST_ENGINE === 'postgresql' ? 'postgresql' : 'sqlite';

const isUrl = db => /^postgres(ql)?:\/\//.test(db);
// A site made by makeSite() (or anything with .db), or a database's address.
const address = target => (typeof target === 'string' ? target : target.db);

// The engine of one database: 'sqlite' or 'postgresql'.
export const engineOf = target => (isUrl(address(target)) ? 'postgresql' : 'sqlite');

// Runs query on the database; returns the shell's output. Both shells print
// a row per line, its columns joined by '|', NULL as an empty string.
function shell(db, query, json) {
  const options = { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 };
  const r = isUrl(db)
    ? spawnSync('psql', ['-X', '-q', '-At', '-v', 'ON_ERROR_STOP=1', '-d', db, '-c',
      json ? `SELECT coalesce(json_agg(q), '[]') FROM (${query}) q` : query], { ...options, env: { ...process.env, PGCONNECT_TIMEOUT: '10' } })
    : spawnSync('sqlite3', ['-cmd', '.timeout 5000', ...(json ? ['-json'] : []), db, query], options);
  if (r.status !== 0) {
    const name = isUrl(db) ? 'psql' : 'sqlite3';
    throw new Error(`${name} (${r.status}, ${r.error?.code || r.signal}): ${r.stderr || ''} in: ${query.slice(0, 300)}`);
  }
  return r.stdout;
}

// Runs SQL on a site's database (a site or its address); returns the
// output, trimmed: one row per line, columns joined by '|'.
export function sql(target, query) {
  return shell(address(target), query, false).trim();
}

export const sqlNumber = (target, query) => Number(sql(target, query));

// The rows of a query as objects {column: value}, numbers as numbers and
// texts exactly as stored (for bodies with line breaks or trailing spaces).
export function sqlRows(target, query) {
  const out = shell(address(target), query, true).trim();
  return out ? JSON.parse(out) : [];
}

// The number of entries in the search index of the editions langs (one per
// published article). The engines keep the index differently: SQLite in an
// FTS5 table per edition, counted through its docsize shadow table (the
// sqlite3 shell lacks gazette's tokenizer to read the table itself);
// PostgreSQL in one table, search_entries.
export function searchEntries(target, langs) {
  if (engineOf(target) === 'postgresql')
    return sqlNumber(target, `select count(*) from search_entries where lang in (${langs.map(l => `'${l}'`).join(', ')})`);
  return sqlNumber(target, `select ${langs.map(l => `(select count(*) from search_${l}_docsize)`).join(' + ')}`);
}

// Unix seconds, now (for SQL that compares dates with the present).
export const nowSeconds = () => Math.floor(Date.now() / 1000);

// ------------------------------------------------- PostgreSQL databases

let made = 0;

function adminUrl() {
  const url = process.env.GAZETTE_TEST_POSTGRES;
  if (!url) throw new Error('GAZETTE_TEST_ENGINE=postgresql needs GAZETTE_TEST_POSTGRES, the admin URL of a server to make databases on (tests/run sets both)');
  return url;
}

// The admin URL with another database's name.
function urlOf(name) {
  const u = new URL(adminUrl());
  u.pathname = '/' + name;
  return u.toString();
}

// Makes a fresh empty database gazette_http_<pid>_<n> on GAZETTE_TEST_POSTGRES's
// server; returns its URL. (Its name, made of numbers, is the only text in
// the statement: a database's name cannot be a parameter.)
export function createDatabase() {
  const name = `gazette_http_${process.pid}_${++made}`;
  sql(adminUrl(), `CREATE DATABASE ${name}`);
  return urlOf(name);
}

// Drops a database createDatabase() made, with whatever is still connected
// to it (a server a failed test left running).
export function dropDatabase(url) {
  const name = new URL(url).pathname.slice(1);
  if (!/^gazette_http_\d+_\d+$/.test(name)) throw new Error(`not a test database: ${url}`);
  sql(adminUrl(), `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
}

// Where a site keeps its images' variants: files under media_dir on SQLite,
// the media_files table on PostgreSQL (store_media_in_database). Both are
// seen as paths relative to media_dir ("ab/ab12...-960.webp"), sorted.
export function storedImages(site) {
  if (engineOf(site) === 'postgresql')
    return sql(site, 'select name from media_files order by name').split('\n').filter(Boolean)
      .map(name => `${name.slice(0, 2)}/${name}`).sort();
  return filesUnder(site.media);
}

// The bytes of one of them (a path as storedImages gives).
export function storedImage(site, relative) {
  if (engineOf(site) === 'postgresql') {
    const name = relative.slice(relative.indexOf('/') + 1);
    return Buffer.from(sql(site, `select encode(data, 'base64') from media_files where name = '${name}'`).replace(/\s/g, ''), 'base64');
  }
  return readFileSync(path.join(site.media, relative));
}

// Every file under dir (relative paths, sorted); [] when dir does not exist.
export function filesUnder(dir) {
  const out = [];
  const walk = d => {
    let names;
    try { names = readdirSync(d); } catch { return; }
    for (const n of names) {
      const full = path.join(d, n);
      if (statSync(full).isDirectory()) walk(full);
      else out.push(path.relative(dir, full));
    }
  };
  walk(dir);
  return out.sort();
}
