// Runs every *.test.mjs in the folder given as argument, one process each,
// in name order, with the tests/ folder as working directory; or, when file
// names follow the folder, only those (in the order given).
import { readdirSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const dir = path.resolve(process.argv[2]);
let status = 0;
const only = process.argv.slice(3);
const files = only.length ? only : readdirSync(dir).filter(f => f.endsWith('.test.mjs')).sort();
for (const file of files) {
  const r = spawnSync(process.execPath, [path.join(dir, file)], {
    stdio: ['ignore', 'pipe', 'inherit'], cwd: path.dirname(dir), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
  });
  process.stdout.write(r.stdout || '');
  if (r.status !== 0) {
    status = 1;
    // A file that failed without reporting a failing test (it did not load,
    // or died) must still count as a failure.
    if (!/^not ok/m.test(r.stdout || '')) console.log(`not ok - ${file} crashed (status ${r.status}, signal ${r.signal})`);
  }
}
process.exitCode = status;
