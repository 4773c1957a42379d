// A small test harness: test(name, fn) registers, run() runs them in order
// and prints one TAP-like line per test ("ok - ..." / "not ok - ..."), which
// tests/run counts. Assertions throw; the first failure ends that test.
import assert from 'node:assert/strict';

const tests = [];
const finalChecks = [];
let prefix = '';
// GAZETTE_SUITE names the suite a file runs in when it runs in more than
// one (tests/run tsan runs some HTTP files again against the TSan build):
// "ok - [tsan] http cache ...".
const label = process.env.GAZETTE_SUITE ? `[${process.env.GAZETTE_SUITE}] ` : '';

export function suite(name) { prefix = name; }

export function test(name, fn) { tests.push({ name: `${prefix} ${name}`.trim(), fn }); }

// Registers a check that run() makes after every test and the teardown:
// fn returns a list of problems (none: nothing is printed); any problem
// fails the file with a line of its own.
export function finalCheck(name, fn) { finalChecks.push({ name, fn }); }

// GAZETTE_TEST_ONLY=text runs only the tests whose name contains text.
export async function run({ before, after } = {}) {
  let failed = 0;
  const only = process.env.GAZETTE_TEST_ONLY;
  try {
    if (before) await before();
  } catch (err) {
    console.log(`not ok - ${label}${prefix} setup: ${oneLine(err)}`);
    return 1;
  }
  for (const t of tests) {
    if (only && !t.name.includes(only)) continue;
    try {
      await t.fn();
      console.log(`ok - ${label}${t.name}`);
    } catch (err) {
      failed++;
      console.log(`not ok - ${label}${t.name}: ${oneLine(err)}`);
    }
  }
  try {
    if (after) await after();
  } catch (err) {
    failed++;
    console.log(`not ok - ${label}${prefix} teardown: ${oneLine(err)}`);
  }
  for (const check of finalChecks) {
    let problems;
    try { problems = await check.fn(); } catch (err) { problems = [oneLine(err)]; }
    if (!problems.length) continue;
    failed++;
    console.log(`not ok - ${label}${prefix} ${check.name}: ${problems.join(' | ').replace(/\s+/g, ' ').slice(0, 600)}`);
  }
  return failed;
}

function oneLine(err) {
  const text = err && err.stack ? err.message + ' @ ' + (err.stack.split('\n').find(l => l.includes('.test.mjs')) || '').trim() : String(err);
  return text.replace(/\s+/g, ' ').slice(0, 600);
}

export { assert };
