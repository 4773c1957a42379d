// Writes locales/gazette.pot from the messages the sources use (see
// tests/lib/messages.mjs), then brings each locales/*.po up to date with
// gettext's msgmerge, so translators work in their usual tools (Poedit,
// Lokalize, Weblate...). Run after adding interface text:
//   node scripts/update-catalogues.mjs
import { writeFileSync, readdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { extractMessages } from '../tests/lib/messages.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const quote = s => JSON.stringify(s);
let pot = `# Interface messages of Gazette. Written by scripts/update-catalogues.mjs.
msgid ""
msgstr ""
"Content-Type: text/plain; charset=UTF-8\\n"
"Plural-Forms: nplurals=2; plural=(n != 1);\\n"
`;
for (const m of extractMessages(root)) {
  pot += `\n#: ${m.where.join(' ')}\n`;
  if (m.context) pot += `msgctxt ${quote(m.context)}\n`;
  pot += `msgid ${quote(m.msgid)}\n`;
  if (m.plural) pot += `msgid_plural ${quote(m.plural)}\nmsgstr[0] ""\nmsgstr[1] ""\n`;
  else pot += 'msgstr ""\n';
}
writeFileSync(path.join(root, 'locales/gazette.pot'), pot);
for (const po of readdirSync(path.join(root, 'locales')).filter(f => f.endsWith('.po'))) {
  execFileSync('msgmerge', ['--quiet', '--update', '--backup=none', '--no-fuzzy-matching',
    path.join(root, 'locales', po), path.join(root, 'locales/gazette.pot')], { stdio: 'inherit' });
  console.log('locales/' + po);
}
