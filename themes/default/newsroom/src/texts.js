/* The editor's words in the person's language. The server puts them on
   <body data-texts> as JSON (src/newsroom/admin_texts.c): "texts" maps an
   English text to its translation, "plurals" a plural's English singular
   to its forms, and "forms" says which form the language's rule takes for
   n = 0..199 (beyond, for 100 + n % 100). Anything missing is English. */
let data = null;

function load() {
  if (data) return data;
  try { data = JSON.parse(document.body.getAttribute('data-texts') || '{}') || {}; } catch (e) { data = {}; }
  return data;
}

/* The translation of an English text. */
export function t(text) {
  const d = load();
  return (d.texts && Object.prototype.hasOwnProperty.call(d.texts, text) && d.texts[text]) || text;
}

/* The form of a plural that suits n ("%d word", "%d words"). */
export function tn(one, other, n) {
  const d = load();
  const forms = d.plurals && Object.prototype.hasOwnProperty.call(d.plurals, one) ? d.plurals[one] : null;
  const english = n === 1 ? one : other;
  if (!forms || typeof d.forms !== 'string') return english;
  const at = Math.abs(Math.trunc(n));
  const form = Number(d.forms[at < 200 ? at : 100 + (at % 100)]);
  return forms[form] || english;
}

/* A text with its %s and %d replaced by args in order ("%%" is "%"). */
export function fill(text, ...args) {
  let i = 0;
  return String(text).replace(/%([sd%])/g, (m, c) => (c === '%' ? '%' : String(args[i++] ?? '')));
}
