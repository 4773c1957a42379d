// HTTP tests of images for search and social previews: an upload between
// two variant widths gets a variant of its own width when that is at least
// 1200 px (what Google Discover and the social networks ask of a large
// preview), and not when it is narrower; the article's og:image is the
// largest, with its width, height and alt text, and twitter:image:alt;
// every indexable page allows large image previews (max-image-preview),
// a noindex page says noindex. Runs against GAZETTE_BIN, on either engine.
import { deflateSync } from 'node:zlib';
import { parse } from 'node-html-parser';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, sanitizerErrors } from '../lib/server.mjs';
import { Client, addUser, addToken, sql, request } from '../lib/newsroom.mjs';

suite('social images');
let site, server, base, editor, token;
const EDITOR = { email: 'eda@example.com', name: 'Eda Editor', role: 'editor' };

// A PNG of width x height in one colour, made here (no image tool needed).
function png(width, height, [r, g, b]) {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = buf => {
    let c = 0xffffffff;
    for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    out.writeUInt32BE(crc(out.subarray(4, 8 + data.length)), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // RGB
  const row = Buffer.alloc(1 + width * 3);
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

async function uploaded(width, height, colour) {
  const r = await editor.postMultipart('/admin/media', {}, [{ name: 'file', filename: `w${width}.png`, type: 'image/png', data: png(width, height, colour) }]);
  assert.equal(r.status, 200, r.text.slice(0, 300));
  const [id, hash, variants] = sql(site.db, 'select id, hash, variants from media order by id desc limit 1').split('|');
  return { id: Number(id), hash, variants };
}

const headOf = async pathname => {
  const r = await request(base + pathname);
  const doc = parse(r.text);
  const meta = key => doc.querySelector(`meta[property="${key}"], meta[name="${key}"]`)?.getAttribute('content');
  return { r, doc, meta };
};

test('an original between two widths gets its own when at least 1200 px wide, not when narrower', async () => {
  assert.equal((await uploaded(1300, 700, [200, 30, 30])).variants, '480 960 1300');
  assert.equal((await uploaded(1100, 600, [30, 200, 30])).variants, '480 960');
  assert.equal((await uploaded(2000, 1000, [30, 30, 200])).variants, '480 960 1600');
  assert.equal((await uploaded(300, 200, [90, 90, 90])).variants, '300');
});

test('an article\'s og:image is its largest variant, with width, height and alt; twitter:image:alt too', async () => {
  const img = await uploaded(1300, 650, [10, 120, 200]);
  const r = await request(base + '/api/v1/admin/articles', { method: 'POST', headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ lang: 'en', category: 'politics', title: 'A wide picture', slug: 'a-wide-picture', body_markdown: 'Text.',
      status: 'published', lead_image_id: img.id, lead_image_alt: 'A blue field under a clear sky' }) });
  assert.equal(r.status, 201, r.text);
  const { meta } = await headOf('/en/politics/a-wide-picture');
  assert.match(meta('og:image'), new RegExp(`/media/${img.hash}-1300\\.jpg$`));
  assert.equal(meta('og:image:width'), '1300');
  assert.equal(meta('og:image:height'), '650');
  assert.equal(meta('og:image:alt'), 'A blue field under a clear sky');
  assert.equal(meta('twitter:image:alt'), 'A blue field under a clear sky');
  assert.equal(meta('twitter:card'), 'summary_large_image');
  const file = await request(base + new URL(meta('og:image')).pathname);
  assert.equal(file.status, 200);
  assert.match(file.headers['content-type'], /image\/jpeg/);
});

test('indexable pages allow large image previews; noindex pages say noindex', async () => {
  for (const p of ['/en/', '/en/politics/', '/en/politics/a-wide-picture']) {
    const { doc } = await headOf(p);
    assert.deepEqual(doc.querySelectorAll('meta[name=robots]').map(m => m.getAttribute('content')), ['max-image-preview:large'], p);
  }
  const { doc } = await headOf('/en/search?q=picture');
  assert.deepEqual(doc.querySelectorAll('meta[name=robots]').map(m => m.getAttribute('content')), ['noindex']);
});

const { failed } = await run({
  before: async () => {
    site = makeSite();
    const u = addUser(site, EDITOR);
    if (u.status !== 0) throw new Error(u.stderr);
    token = addToken(site, 'social-editor', 'editor');
    server = await serve(site);
    base = server.base;
    editor = new Client(base);
    await editor.login(EDITOR.email);
  },
  after: async () => {
    const stopped = await server.stop();
    const errs = sanitizerErrors(stopped.stderr);
    site.remove();
    if (stopped.code !== 0 || errs.length) throw new Error(`server exit ${stopped.code}: ${errs.join(' | ') || stopped.stderr.slice(-500)}`);
  },
});
process.exitCode = failed ? 1 : 0;
