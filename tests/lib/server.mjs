// Starts gazette on a free port with a fresh database, for HTTP and browser
// tests. GAZETTE_BIN chooses the binary (the sanitizer build in make test).
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { finalCheck } from './harness.mjs';
import { engine, createDatabase, dropDatabase } from './db.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const bin = process.env.GAZETTE_BIN || path.join(root, 'build/gazette');
export const fixtures = path.join(root, 'tests/fixtures');

export const defaultConfig = `
[site]
name = Test Herald
base_url = https://news.example.com
timezone = Asia/Baku
languages = en, ru
default_language = en
attribution = Reprints are allowed only with a hyperlink to Test Herald.
description = Test news.

[social]
twitter = https://twitter.com/testherald
youtube = https://www.youtube.com/@testherald
instagram = https://www.instagram.com/testherald
facebook = https://www.facebook.com/testherald
telegram = https://t.me/testherald
app_store = https://apps.apple.com/app/test-herald/id1
google_play = https://play.google.com/store/apps/details?id=com.testherald

[server]
; The tests load one server from one address, hundreds of connections at
; once; the default per-address limit (128) is tested on its own.
max_connections_per_address = 1000
`;

// Runs gazette synchronously; returns {status, stdout, stderr}.
export function gazette(args, options = {}) {
  const r = spawnSync(bin, args, { encoding: 'utf8', ...options });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

// Makes a directory with a config file and a database initialised with the
// demo (unless demo: false) and the fixture articles. The database is a
// file in the directory, or with GAZETTE_TEST_ENGINE=postgresql a fresh
// database on GAZETTE_TEST_POSTGRES's server (site.db is its URL);
// site.remove() removes both.
export function makeSite({ config = defaultConfig, demo = true, imports = [path.join(fixtures, 'articles')] } = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'gazette-test-'));
  const ini = path.join(dir, 'site.ini');
  const db = engine === 'postgresql' ? createDatabase() : path.join(dir, 'test.db');
  // Uploaded images go to the site's own folder, never into the repository.
  const media = path.join(dir, 'media');
  const remove = () => {
    rmSync(dir, { recursive: true, force: true });
    if (engine === 'postgresql') dropDatabase(db);
  };
  writeFileSync(ini, config.includes('[newsroom]') ? config : `${config}\n[newsroom]\nmedia_dir = ${media}\n`);
  const init = gazette(['init', '--db', db, '--config', ini, ...(demo ? ['--demo'] : [])]);
  if (init.status !== 0) {
    remove();
    throw new Error(`init failed: ${init.stderr}`);
  }
  if (imports.length) {
    const imp = gazette(['import', '--db', db, '--config', ini, ...imports]);
    if (imp.status !== 0) {
      remove();
      throw new Error(`import failed: ${imp.stderr}`);
    }
  }
  return { dir, ini, db, media, remove };
}

// Every server serve() started, so that a sanitizer's report on the stderr
// of any of them fails the file, whether or not a test looked at it.
const started = [];
finalCheck('no server printed a sanitizer report', () =>
  started.flatMap(s => sanitizerErrors(s.stderr()).slice(0, 3).map(line => `server ${s.pid}: ${line.trim()}`)));

// Serves a site made by makeSite(). Resolves when the server listens.
export function serve(siteDir) {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, ['serve', '--db', siteDir.db, '--config', siteDir.ini, '--listen', '127.0.0.1:0'],
      { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    started.push({ pid: child.pid, stderr: () => stderr });
    // Generous: under ThreadSanitizer on a loaded two-core machine a start
    // (the store opened, the catalogues and theme loaded) was seen to pass 15 s.
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error('server did not start in 60 s: ' + stderr)); }, 60000);
    child.stdout.on('data', d => {
      stdout += d;
      const m = stdout.match(/at (http:\/\/127\.0\.0\.1:\d+)\//);
      if (m) {
        clearTimeout(timer);
        resolve({
          base: m[1], child,
          stderr: () => stderr,
          // Stops with SIGTERM; resolves with {code, signal, stderr}.
          stop: () => new Promise(res => {
            if (child.exitCode !== null) return res({ code: child.exitCode, signal: null, stderr });
            child.once('exit', (code, signal) => res({ code, signal, stderr }));
            child.kill('SIGTERM');
          }),
        });
      }
    });
    child.stderr.on('data', d => { stderr += d; });
    child.once('exit', code => { clearTimeout(timer); reject(new Error(`server exited (${code}): ${stderr}`)); });
  });
}

// What marks a sanitizer's report on stderr: AddressSanitizer, LeakSanitizer
// and UBSan (the sanitizer build), ThreadSanitizer (the TSan build).
export const SANITIZER_REPORT = /AddressSanitizer|LeakSanitizer|runtime error:|UndefinedBehaviorSanitizer|WARNING: ThreadSanitizer|ThreadSanitizer: reported/;

// Errors a sanitizer printed, if any.
export function sanitizerErrors(stderr) {
  return stderr.split('\n').filter(l => SANITIZER_REPORT.test(l));
}

export function readText(file) { return readFileSync(file, 'utf8'); }
