// The story editor's Markdown (themes/default/newsroom/src/markdown.js,
// bundled by make into build/newsroom/markdown.mjs): what the editor saves
// is what it opened, byte for byte, when nothing was changed; an edit
// changes only the block edited; and the editor's own Markdown for a
// whole story renders on the site exactly as the original does (checked
// with the server's renderer, through the newsroom's preview).
import fs from 'node:fs';
import path from 'node:path';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, root, fixtures } from '../lib/server.mjs';
import { addUser, Client } from '../lib/newsroom.mjs';

const { parse, serialize, serializeFresh, schema } = await import(path.join(root, 'build/newsroom/markdown.mjs'));

suite('editor markdown');

function bodyOf(file) {
  const text = fs.readFileSync(file, 'utf8');
  const front = /^---\n[\s\S]*?\n---\n/.exec(text);
  return front ? text.slice(front[0].length) : text;
}

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap(e =>
    e.isDirectory() ? walk(path.join(dir, e.name)) : e.name.endsWith('.md') ? [path.join(dir, e.name)] : []);
}

const corpus = [...walk(path.join(root, 'demo')), ...walk(path.join(fixtures, 'markdown')),
  ...walk(path.join(fixtures, 'articles'))].map(f => ({ name: path.relative(root, f), text: bodyOf(f) }));

test('opening and saving unchanged gives the same bytes, for every demo story and the tricky fixtures', () => {
  assert.ok(corpus.length > 100, 'the corpus is read');
  for (const { name, text } of corpus) {
    const { doc, original } = parse(text);
    assert.equal(serialize(doc, original), text, name);
  }
});

test('a document rebuilt node by node (not the parsed object) still saves byte-identical', () => {
  for (const { name, text } of corpus) {
    const { doc, original } = parse(text);
    const copy = schema.nodeFromJSON(JSON.parse(JSON.stringify(doc.toJSON())));
    assert.notEqual(copy, doc);
    assert.equal(serialize(copy, original), text, name);
  }
});

// Appends words to the index-th paragraph of doc.
function editParagraph(doc, index, words) {
  const para = doc.child(index);
  const edited = para.type.create(para.attrs, para.content.addToEnd(schema.text(words)));
  return doc.copy(doc.content.replaceChild(index, edited));
}

test('editing one paragraph changes only that paragraph: the text before and after it is exact', () => {
  let checked = 0;
  for (const { name, text } of corpus) {
    const { doc, original } = parse(text);
    // The first paragraph after the first block, and where its chunk lies.
    let at = original.prefix.length, index = 0, chunk = null;
    for (const c of original.chunks) {
      if (index > 0 && c.nodes.length === 1 && c.nodes[0].type.name === 'paragraph' && c.nodes[0].childCount) { chunk = c; break; }
      at += c.text.length + c.sep.length;
      index += c.nodes.length;
    }
    if (!chunk) continue;
    const out = serialize(editParagraph(doc, index, ' Edited here.'), original);
    assert.ok(out.startsWith(text.slice(0, at)), `${name}: the text before`);
    const after = text.slice(at + chunk.text.length);
    assert.ok(out.endsWith(after.replace(/^\n+/, '')), `${name}: the text after`);
    assert.ok(out.includes('Edited here.'), name);
    checked++;
  }
  assert.ok(checked > 100);
});

test('deleting and moving blocks keeps the others exact', () => {
  const text = 'First.\n\n* star list\n* kept as stars\n\nSecond.\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\nThird.\n';
  const { doc, original } = parse(text);
  const children = [];
  doc.forEach(n => children.push(n));
  // Without "Second.", and the table moved to the top.
  const moved = doc.copy(doc.content.constructor.fromArray([children[3], children[0], children[1], children[4]]));
  assert.equal(serialize(moved, original), '| a | b |\n|---|---|\n| 1 | 2 |\n\nFirst.\n\n* star list\n* kept as stars\n\nThird.\n');
});

test('new blocks are written in the site\'s Markdown: headings, lists, quotes, figures, embeds, escapes', () => {
  const { doc, original } = parse('');
  const n = schema.nodes;
  const built = schema.topNodeType.create(null, [
    n.heading.create({ level: 2 }, schema.text('A heading')),
    n.paragraph.create(null, [schema.text('Bold', [schema.marks.strong.create()]), schema.text(' and 5 * 3 <b>not html</b> & [x]')]),
    n.bullet_list.create({ tight: true, bullet: '-' }, [n.list_item.create(null, n.paragraph.create(null, schema.text('one'))),
      n.list_item.create(null, n.paragraph.create(null, schema.text('two')))]),
    n.blockquote.create(null, n.paragraph.create(null, schema.text('Quoted.'))),
    n.figure.create({ src: '/media/0123456789abcdef0123456789abcdef-960.jpg', alt: 'A "quoted" alt', title: 'Caption "here"' }),
    n.embed.create({ url: 'https://youtu.be/dQw4w9WgXcQ' }),
  ]);
  assert.equal(serialize(built, original),
    '## A heading\n\n**Bold** and 5 \\* 3 \\<b>not html\\</b> \\& \\[x\\]\n\n- one\n- two\n\n> Quoted.\n\n' +
    '![A "quoted" alt](/media/0123456789abcdef0123456789abcdef-960.jpg "Caption \\"here\\"")\n\nhttps://youtu.be/dQw4w9WgXcQ\n');
  // And read back, it is the same document.
  assert.ok(parse(serialize(built, original)).doc.eq(built));
});

test('an empty story stays empty; blank edges and split lists are kept', () => {
  const { doc, original } = parse('');
  assert.equal(serialize(doc, original), '');
  for (const t of ['\n\n  Leading\n\n\n', '- a\n- b\n\n\n- c\n', 'no newline at the end']) {
    const p = parse(t);
    assert.equal(serialize(p.doc, p.original), t);
  }
});

let site, server, client;
const EDITOR = { email: 'md@example.com', name: 'Mark Down', role: 'editor' };

// HTML with each run of white space one space (a soft line break is a
// space to the reader, whichever the Markdown wrote).
const spaced = html => html.replace(/\s+/g, ' ').replace(/> </g, '><').trim();

// The site's HTML of some Markdown, by the newsroom's preview.
async function rendered(markdown) {
  const r = await client.post('/admin/preview', { body_markdown: markdown });
  assert.equal(r.status, 200);
  return r.text;
}

test('the editor\'s own Markdown of every story renders on the site as the original does', async () => {
  let compared = 0;
  for (const { name, text } of corpus) {
    if (name.includes('hostile')) continue;
    const fresh = serializeFresh(parse(text).doc);
    assert.equal(spaced(await rendered(fresh)), spaced(await rendered(text)), name);
    compared++;
  }
  assert.ok(compared > 100);
});

const failed = await run({
  before: async () => {
    site = makeSite();
    const r = addUser(site, EDITOR);
    if (r.status !== 0) throw new Error(r.stderr);
    server = await serve(site);
    client = new Client(server.base);
    await client.login(EDITOR.email);
  },
  after: async () => {
    await server.stop();
    site.remove();
  },
});
process.exitCode = failed ? 1 : 0;
