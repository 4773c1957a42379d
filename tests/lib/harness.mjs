// A small test harness: test(name, fn) registers, run() runs them in order
// and prints one TAP-like line per test ("ok - ..." / "not ok - ..."), which
// tests/run counts. Assertions throw; the first failure ends that test.
import assert from 'node:assert/strict';

const tests = [];
let prefix = '';

export function suite(name) { prefix = name; }

export function test(name, fn) { tests.push({ name: `${prefix} ${name}`.trim(), fn }); }

// GAZETTE_TEST_ONLY=text runs only the tests whose name contains text.
export async function run({ before, after } = {}) {
  let failed = 0;
  const only = process.env.GAZETTE_TEST_ONLY;
  try {
    if (before) await before();
  } catch (err) {
    console.log(`not ok - ${prefix} setup: ${oneLine(err)}`);
    return 1;
  }
  for (const t of tests) {
    if (only && !t.name.includes(only)) continue;
    try {
      await t.fn();
      console.log(`ok - ${t.name}`);
    } catch (err) {
      failed++;
      console.log(`not ok - ${t.name}: ${oneLine(err)}`);
    }
  }
  try {
    if (after) await after();
  } catch (err) {
    failed++;
    console.log(`not ok - ${prefix} teardown: ${oneLine(err)}`);
  }
  return failed;
}

function oneLine(err) {
  const text = err && err.stack ? err.message + ' @ ' + (err.stack.split('\n').find(l => l.includes('.test.mjs')) || '').trim() : String(err);
  return text.replace(/\s+/g, ' ').slice(0, 600);
}

export { assert };
