/* Markdown in and out of the editor, without changing what was not edited.

   The story's stored format is Markdown (the site renders it with
   cmark-gfm). A rich editor that re-serialises the whole text on save would
   rewrite what the reporter never touched: "*" for "-", escaped brackets,
   reflowed lists. So the text is read as a series of top-level blocks
   ("chunks", as markdown-it maps them to source lines), each parsed on its
   own; saving writes a chunk's original text whenever its nodes are
   unchanged, and serialises only the blocks that were edited or added.
   Open and save unchanged: byte-identical Markdown. Edit one paragraph:
   one paragraph changes in the revision's diff.

   Blocks the visual editor has no form for (tables) become "kept" blocks
   whose text is the Markdown itself, edited as text and written back
   exactly. This module has no DOM: the tests run it under Node. */
import MarkdownIt from 'markdown-it';
import { MarkdownParser, MarkdownSerializer, defaultMarkdownParser, defaultMarkdownSerializer } from 'prosemirror-markdown';
import { Fragment } from 'prosemirror-model';
import { schema, safeHref, safeImage } from './schema.js';

/* The dialect of the site's renderer: CommonMark, GFM tables,
   strikethrough and autolinks. Raw HTML is recognised so that a block
   holding it is kept as written (the site drops the HTML itself). */
export const tokenizer = MarkdownIt('commonmark', { html: true, linkify: true })
  .enable(['table', 'strikethrough', 'linkify']);
tokenizer.linkify.set({ fuzzyLink: false, fuzzyEmail: false });
/* Links and images the editor will not make live are kept as text. */
tokenizer.validateLink = url => safeHref(url) !== null || safeImage(url) !== null;

const parser = new MarkdownParser(schema, tokenizer, {
  ...defaultMarkdownParser.tokens,
  bullet_list: {
    block: 'bullet_list',
    getAttrs: (tok, tokens, i) => ({ tight: listIsTight(tokens, i), bullet: tok.markup || '-' }),
  },
  ordered_list: {
    block: 'ordered_list',
    getAttrs: (tok, tokens, i) => ({ order: +tok.attrGet('start') || 1, tight: listIsTight(tokens, i),
      delim: tok.markup === ')' ? ')' : '.' }),
  },
  s: { mark: 'strike' },
});

function listIsTight(tokens, i) {
  while (++i < tokens.length)
    if (tokens[i].type !== 'list_item_open') return tokens[i].hidden;
  return false;
}

/* A URL alone in a paragraph, as text the autolinker made a link of. */
function embedUrl(para) {
  if (para.childCount !== 1) return null;
  const t = para.firstChild;
  if (!t.isText) return null;
  const link = t.marks.find(m => m.type === schema.marks.link);
  if (!link || t.marks.length !== 1 || link.attrs.href !== t.text) return null;
  return /^https?:\/\/\S+$/i.test(t.text) ? t.text : null;
}

/* The editor's forms of a parsed block: an image alone becomes a figure,
   a link alone an embed. */
function lift(node) {
  if (node.type !== schema.nodes.paragraph) return node;
  if (node.childCount === 1 && node.firstChild.type === schema.nodes.image) {
    const a = node.firstChild.attrs;
    return schema.nodes.figure.create({ src: a.src, alt: a.alt || '', title: a.title || '' });
  }
  const url = embedUrl(node);
  return url ? schema.nodes.embed.create({ url }) : node;
}

function kept(text) {
  const body = text.replace(/\n+$/, '');
  return schema.nodes.kept.create(null, body ? schema.text(body) : null);
}

/* The nodes of one chunk's text, or a kept block when the editor has no
   form for it. */
function parseChunk(text, env) {
  try {
    const doc = parser.parse(text, env);
    const out = [];
    doc.forEach(n => out.push(lift(n)));
    return out.length ? out : [kept(text)];
  } catch (e) {
    return [kept(text)];
  }
}

/* Offsets where each line starts. */
function lineStarts(src) {
  const starts = [0];
  for (let i = 0; i < src.length; i++) if (src[i] === '\n') starts.push(i + 1);
  return starts;
}

/* Parses src. Returns { doc, original } where original remembers each
   chunk's text and nodes for serialize(). */
export function parse(src) {
  /* As the server stores it (article_save.c): "\r\n" and "\r" are "\n". */
  src = String(src || '').replace(/\r\n?/g, '\n');
  const env = {};
  const tokens = tokenizer.parse(src, env);
  const starts = lineStarts(src);
  const at = line => (line < starts.length ? starts[line] : src.length);
  const blocks = [];
  for (const t of tokens)
    if (t.level === 0 && t.map && t.nesting >= 0) blocks.push(t.map);
  const chunks = [];
  const prefix = src.slice(0, blocks.length ? at(blocks[0][0]) : src.length);
  const push = (text, sep) => chunks.push({ text, sep, nodes: parseChunk(text, env) });
  for (let i = 0; i < blocks.length; i++) {
    const [from, to] = blocks[i];
    const own = src.slice(at(from), at(to));
    const gapEnd = i + 1 < blocks.length ? at(blocks[i + 1][0]) : src.length;
    const gap = src.slice(at(to), gapEnd);
    if (/^\s*$/.test(gap)) push(own, gap);
    else {
      /* Between blocks but no block: link reference definitions. Kept as written. */
      push(own, '');
      const lead = gap.match(/^\n*/)[0];
      chunks[chunks.length - 1].sep = lead;
      const rest = gap.slice(lead.length);
      const trail = rest.match(/\n*$/)[0];
      chunks.push({ text: rest.slice(0, rest.length - trail.length) + (trail ? '\n' : ''),
        sep: trail.slice(1), nodes: [kept(rest)] });
    }
  }
  const nodes = [];
  for (const c of chunks) nodes.push(...c.nodes);
  if (!nodes.length) nodes.push(schema.nodes.paragraph.create());
  const doc = schema.topNodeType.create(null, nodes);
  return { doc, original: { prefix, chunks, empty: src.length === 0, text: src } };
}

const serializer = new MarkdownSerializer({
  ...defaultMarkdownSerializer.nodes,
  /* Numbers with the delimiter they had: "1)" after a "1." list keeps
     them two lists (blank lines alone no longer split lists). */
  ordered_list(state, node) {
    const start = node.attrs.order == null ? 1 : node.attrs.order;
    const width = String(start + node.childCount - 1).length;
    const space = state.repeat(' ', width + 2);
    state.renderList(node, space, i => {
      const number = String(start + i);
      return state.repeat(' ', width - number.length) + number + (node.attrs.delim || '.') + ' ';
    });
  },
  figure(state, node) {
    const a = node.attrs;
    state.write('![' + state.esc(a.alt || '') + '](' + a.src.replace(/[()\s]/g, encodeURIComponent) +
      (a.title ? ' "' + a.title.replace(/["\\]/g, '\\$&') + '"' : '') + ')');
    state.closeBlock(node);
  },
  embed(state, node) {
    state.write(node.attrs.url);
    state.closeBlock(node);
  },
  kept(state, node) {
    state.text(node.textContent, false);
    state.closeBlock(node);
  },
}, {
  ...defaultMarkdownSerializer.marks,
  strike: { open: '~~', close: '~~', mixable: true, expelEnclosingWhitespace: true },
}, { escapeExtraCharacters: /[<&|]/g, tightLists: true });

/* Markdown of a run of top-level nodes, by the serialiser alone. */
function fresh(nodes) {
  return serializer.serialize(schema.topNodeType.create(null, nodes));
}

function sameNodes(nodes, doc, at) {
  if (at + nodes.length > doc.childCount) return false;
  for (let k = 0; k < nodes.length; k++) if (!nodes[k].eq(doc.child(at + k))) return false;
  return true;
}

/* How far ahead to look for the next unchanged chunk. */
const LOOKAHEAD = 64;

/* The Markdown of doc: the original text of every unchanged chunk, new
   text for the rest. original is what parse() returned. */
export function serialize(doc, original) {
  const o = original || { prefix: '', chunks: [], empty: true, text: '' };
  if (o.text !== undefined && doc.eq(parse(o.text).doc) && o.chunks.length) return o.text;
  const isEmptyDoc = doc.childCount === 1 && doc.firstChild.type === schema.nodes.paragraph && doc.firstChild.childCount === 0;
  if (isEmptyDoc) return o.empty ? '' : (o.chunks.length ? '' : o.text);
  const parts = [];
  let i = 0, j = 0, run = [], prevChunk = -1;
  const flush = () => {
    if (run.length) parts.push({ text: fresh(run), chunk: -1 });
    run = [];
  };
  while (i < doc.childCount) {
    let found = -1;
    for (let k = j; k < o.chunks.length && k < j + LOOKAHEAD; k++)
      if (sameNodes(o.chunks[k].nodes, doc, i)) { found = k; break; }
    if (found < 0) { run.push(doc.child(i)); i++; continue; }
    flush();
    parts.push({ text: o.chunks[found].text, chunk: found });
    i += o.chunks[found].nodes.length;
    j = found + 1;
  }
  flush();
  let out = o.prefix;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p], next = parts[p + 1];
    if (part.chunk >= 0) {
      const c = o.chunks[part.chunk];
      out += c.text;
      if (next) out += next.chunk === part.chunk + 1 ? c.sep : (c.text.endsWith('\n') ? '\n' : '\n\n');
      else out += o.chunks[o.chunks.length - 1].sep;
    } else {
      out += part.text;
      if (next) out += '\n\n';
      else if (o.text.endsWith('\n') || o.empty) out += '\n';
    }
  }
  return out;
}

/* The Markdown the serialiser alone writes for doc (no original text
   reused): for tests that compare what the site renders of both. */
export function serializeFresh(doc) {
  return fresh(doc.content.content) + '\n';
}
export { schema } from './schema.js';
