// Forty-five articles in the "wire" category, one a day in 2025, for tests
// of pagination and the endless feed. Returns the folder they are in.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export function wireArticles() {
  const dir = mkdtempSync(path.join(tmpdir(), 'gazette-wire-'));
  for (let i = 1; i <= 45; i++) {
    const day = String(1 + (i % 28)).padStart(2, '0');
    const month = String(1 + Math.floor(i / 28)).padStart(2, '0');
    writeFileSync(path.join(dir, `wire-${i}.md`),
      `---\ntitle: "Wire story number ${i}"\ncategory: wire\ndate: 2025-${month}-${day}T10:${String(i).padStart(2, '0')}:00+04:00\nslug: wire-story-${i}\n---\nWire body ${i}.\n\nA second paragraph of the wire story, long enough to read.\n`);
  }
  return dir;
}
