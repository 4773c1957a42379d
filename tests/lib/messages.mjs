// The interface messages Gazette uses, read from its sources: {{_ text}} and
// {{_n count|singular|plural}} in the theme's templates; i18n_translate(),
// NC_() (with a context), N_() and NP_() (a plural) in the C sources; and
// the newsroom scripts' texts, which the server hands them (N_() and NP_()
// in src/newsroom/admin_texts.c). Used by the catalogue completeness test
// and by scripts/update-catalogues.mjs (which writes locales/gazette.pot).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

function walk(dir, ext, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) walk(full, ext, out);
    else if (name.endsWith(ext)) out.push(full);
  }
  return out;
}

const unescapeC = s => s.replace(/\\(.)/g, (m, c) => ({ n: '\n', t: '\t', '"': '"', '\\': '\\' }[c] ?? c));

// Returns [{context, msgid, plural, where}] in a stable order, without repeats.
export function extractMessages(root) {
  const found = new Map();
  const add = (context, msgid, plural, where) => {
    const key = `${context ?? ''}\u0004${msgid}`;
    if (!found.has(key)) found.set(key, { context, msgid, plural, where: [] });
    found.get(key).where.push(where);
  };
  for (const file of walk(path.join(root, 'themes/default/templates'), '.html')) {
    const text = readFileSync(file, 'utf8');
    const rel = path.relative(root, file);
    for (const m of text.matchAll(/\{\{\s*_n\s+[\w.]+\s*\|([^|}]*)\|([^}]*)\}\}/g)) add(null, m[1], m[2], rel);
    for (const m of text.matchAll(/\{\{\s*_\s+([^}]+?)\s*\}\}/g)) add(null, m[1], null, rel);
  }
  // A C string: one literal or several in a row ("a" "b" is "ab").
  const one = '"(?:[^"\\\\]|\\\\.)*"';
  const str = `((?:${one}\\s*)+)`;
  const literal = s => unescapeC([...s.matchAll(new RegExp(one, 'g'))].map(m => m[0].slice(1, -1)).join(''));
  for (const file of walk(path.join(root, 'src'), '.c')) {
    const text = readFileSync(file, 'utf8');
    const rel = path.relative(root, file);
    for (const m of text.matchAll(new RegExp(`i18n_translate\\(\\s*[\\w>.-]+,\\s*${str},\\s*(?:${str}|NULL)`, 'g')))
      add(null, literal(m[1]), m[2] === undefined ? null : literal(m[2]), rel);
    for (const m of text.matchAll(new RegExp(`\\bNC_\\(\\s*${str},\\s*${str}\\)`, 'g')))
      add(literal(m[1]), literal(m[2]), null, rel);
    for (const m of text.matchAll(new RegExp(`\\bN_\\(\\s*${str}\\)`, 'g')))
      add(null, literal(m[1]), null, rel);
    for (const m of text.matchAll(new RegExp(`\\bNP_\\(\\s*${str},\\s*${str}\\)`, 'g')))
      add(null, literal(m[1]), literal(m[2]), rel);
  }
  return [...found.values()];
}

// Parses a .po file enough to check it: {header, messages: [{context, msgid, plural, forms[]}]}.
export function parsePo(text) {
  const messages = [];
  let cur = null, field = null;
  const flush = () => { if (cur && (cur.msgid !== undefined)) messages.push(cur); };
  const unquote = s => JSON.parse(s.replace(/\\(?!["\\nt])/g, '\\\\'));
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('#,') && line.includes('fuzzy')) { flush(); cur = { fuzzy: true, forms: [] }; field = null; continue; }
    if (line === '' || line.startsWith('#')) continue;
    let m;
    if ((m = line.match(/^msgctxt\s+(".*")$/))) { flush(); cur = { forms: [], fuzzy: cur?.fuzzy && cur.msgid === undefined }; cur.context = unquote(m[1]); field = 'context'; }
    else if ((m = line.match(/^msgid\s+(".*")$/))) { if (!cur || cur.msgid !== undefined) { flush(); cur = { forms: [] }; } cur.msgid = unquote(m[1]); field = 'msgid'; }
    else if ((m = line.match(/^msgid_plural\s+(".*")$/))) { cur.plural = unquote(m[1]); field = 'plural'; }
    else if ((m = line.match(/^msgstr\s+(".*")$/))) { cur.forms[0] = unquote(m[1]); field = 0; }
    else if ((m = line.match(/^msgstr\[(\d+)\]\s+(".*")$/))) { field = Number(m[1]); cur.forms[field] = unquote(m[2]); }
    else if ((m = line.match(/^(".*")$/))) {
      const v = unquote(m[1]);
      if (typeof field === 'number') cur.forms[field] += v; else cur[field] += v;
    }
  }
  flush();
  const headerEntry = messages.find(m => m.msgid === '' && !m.context);
  return { header: headerEntry ? headerEntry.forms[0] : '', messages: messages.filter(m => m.msgid !== '') };
}
