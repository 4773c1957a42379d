// HTTP tests of the demo newsroom's lead graphics (gazette init --demo):
// the home page of every edition and most articles carry a lead image with
// srcset, width, height and alt text, its caption and its credit and
// licence in the edition's language; og:image is the 1200 px variant with
// its true size; a list never shows one story's picture for another; each
// variant file is a real image of the size its name says; loading the demo
// again adds no image. Runs against GAZETTE_BIN, on either engine.
import { parse } from 'node-html-parser';
import { suite, test, run, assert } from '../lib/harness.mjs';
import { makeSite, serve, gazette, defaultConfig } from '../lib/server.mjs';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

suite('demo images');
const config = defaultConfig.replace('languages = en, ru', 'languages = en, ru, az');
const BASE_URL = 'https://news.example.com';
const CREDIT = { en: 'Graphic: Gazette demo, CC0', ru: 'Графика: демо Gazette, CC0', az: 'Qrafika: Gazette demo, CC0' };
let site, server, base;

// Every article of an edition, from the public API (following next_url).
async function articles(lang) {
  const all = [];
  for (let next = `/api/v1/${lang}/articles?limit=50`; next;) {
    const body = await (await fetch(base + next)).json();
    all.push(...body.articles);
    next = body.next_url ? body.next_url.replace(BASE_URL, '') : null;
  }
  return all;
}

// The width and height a JPEG's first frame header (SOF) gives.
function jpegSize(bytes) {
  for (let i = 2; i + 9 < bytes.length;) {
    if (bytes[i] !== 0xff) throw new Error(`not a JPEG marker at ${i}`);
    const marker = bytes[i + 1], length = bytes[i + 2] << 8 | bytes[i + 3];
    if (marker >= 0xc0 && marker <= 0xc3) return { width: bytes[i + 7] << 8 | bytes[i + 8], height: bytes[i + 5] << 8 | bytes[i + 6] };
    i += 2 + length;
  }
  throw new Error('no frame header');
}

// The width and height of a lossy WebP (its VP8 key frame).
function webpSize(bytes) {
  assert.equal(Buffer.from(bytes.subarray(0, 4)).toString(), 'RIFF');
  assert.equal(Buffer.from(bytes.subarray(8, 16)).toString(), 'WEBPVP8 ');
  return { width: (bytes[26] | bytes[27] << 8) & 0x3fff, height: (bytes[28] | bytes[29] << 8) & 0x3fff };
}

// The content hash that names an image of the API (its variants' files).
const hashOf = image => image.variants[0].jpeg.match(/\/media\/([0-9a-f]{32})-/)[1];

// The widths a srcset offers, in order.
const srcsetWidths = srcset => srcset.split(',').map(s => Number(s.trim().split(/\s+/)[1].replace('w', '')));

// Checks an <img> as the lists and pages show a lead image: a JPEG src, a
// srcset of 480 and 1200 pixel variants, width and height of the original
// (3:2) and, unless decorative, alt text.
function checkImg(img, { decorative = false } = {}) {
  assert.match(img.getAttribute('src'), /^\/media\/[0-9a-f]{32}-480\.jpg$/);
  assert.deepEqual(srcsetWidths(img.getAttribute('srcset')), [480, 1200]);
  assert.equal(img.getAttribute('width'), '1200');
  assert.equal(img.getAttribute('height'), '800');
  if (!decorative) assert.ok((img.getAttribute('alt') || '').trim().length > 10, `alt text: ${img.getAttribute('alt')}`);
}

// A story of our own without a picture, just older than the demo's newest
// (the home page's lead): it comes first among the secondary stories.
const storyDir = mkdtempSync(path.join(tmpdir(), 'gazette-demo-story-'));
writeFileSync(path.join(storyDir, 'plain.md'), `---
title: "A story told in words alone"
lang: en
category: politics
date: 2026-11-28T07:00:00+04:00
author: Test Reporter
slug: story-in-words-alone
status: published
---
Nothing to look at here.
`);

test('setup: a site with the demo in three editions, and one story of ours without a picture', async () => {
  site = makeSite({ config, imports: [storyDir] });
  rmSync(storyDir, { recursive: true, force: true });
  server = await serve(site);
  base = server.base;
});

test('each edition\'s home page shows its lead story, secondary stories and sections with their pictures', async () => {
  for (const lang of ['en', 'ru', 'az']) {
    const doc = parse(await (await fetch(`${base}/${lang}/`)).text());
    const lead = doc.querySelector('.lead-image img');
    assert.ok(lead, `${lang}: the lead story has its picture`);
    checkImg(lead);
    assert.match(doc.querySelector('.lead-image source[type="image/webp"]').getAttribute('srcset'), /-480\.webp 480w, .*-1200\.webp 1200w/);
    const secondary = doc.querySelectorAll('.secondary-image img'), features = doc.querySelectorAll('.feature-image img');
    assert.ok(secondary.length >= 2, `${lang}: ${secondary.length} secondary pictures`);
    assert.ok(features.length >= 4, `${lang}: ${features.length} section pictures`);
    for (const img of [...secondary, ...features]) checkImg(img);
    assert.ok(doc.querySelectorAll('.thumb img').length >= 6, `${lang}: thumbnails in the section lists`);
  }
});

test('most articles carry a lead image with srcset, size, alt text, caption and the credit in their language', async () => {
  for (const lang of ['en', 'ru', 'az']) {
    const list = await articles(lang);
    assert.ok(list.length >= 30, `${lang}: ${list.length} articles`);
    let pictured = 0;
    for (const a of list) {
      const doc = parse(await (await fetch(a.url.replace(BASE_URL, base))).text());
      const figure = doc.querySelector('figure.lead-image');
      assert.equal(Boolean(figure), Boolean(a.lead_image), `${a.slug}: the page and the API agree`);
      if (!figure) continue;
      pictured++;
      checkImg(figure.querySelector('img'));
      const caption = figure.querySelector('figcaption');
      assert.equal(caption.querySelector('.credit').text.trim(), CREDIT[lang], `${a.slug}: credit`);
      assert.ok(caption.text.replace(CREDIT[lang], '').trim().length > 10, `${a.slug}: a caption`);
      assert.equal(a.lead_image.credit, CREDIT[lang]);
      assert.equal(a.lead_image.caption, caption.text.replace(CREDIT[lang], '').trim());
      assert.notEqual(figure.querySelector('img').getAttribute('alt'), a.title, `${a.slug}: alt text of its own`);
    }
    assert.ok(pictured >= 0.75 * list.length, `${lang}: ${pictured} of ${list.length} articles have a lead image`);
  }
});

test('OpenGraph carries the 1200 px variant with its true width and height, and the variants are what they say', async () => {
  const [a] = (await articles('en')).filter(x => x.lead_image);
  const doc = parse(await (await fetch(a.url.replace(BASE_URL, base))).text());
  const meta = key => doc.querySelector(`meta[property="${key}"]`)?.getAttribute('content');
  assert.match(meta('og:image'), /^https:\/\/news\.example\.com\/media\/[0-9a-f]{32}-1200\.jpg$/);
  const width = Number(meta('og:image:width')), height = Number(meta('og:image:height'));
  assert.ok(width >= 1200, `og:image:width ${width}`);
  assert.equal(height, 800);
  assert.ok(meta('og:image:alt'));
  const file = meta('og:image').replace(BASE_URL, base);
  const res = await fetch(file);
  assert.equal(res.headers.get('content-type'), 'image/jpeg');
  assert.deepEqual(jpegSize(new Uint8Array(await res.arrayBuffer())), { width, height });
  for (const [w, h] of [[480, 320], [1200, 800]]) {
    const jpeg = new Uint8Array(await (await fetch(file.replace('-1200.jpg', `-${w}.jpg`))).arrayBuffer());
    assert.deepEqual(jpegSize(jpeg), { width: w, height: h });
    const webp = await fetch(file.replace('-1200.jpg', `-${w}.webp`));
    assert.equal(webp.headers.get('content-type'), 'image/webp');
    assert.deepEqual(webpSize(new Uint8Array(await webp.arrayBuffer())), { width: w, height: h });
  }
});

test('a story without a picture shows none in the lists, never the picture of the story before it', async () => {
  const own = new Map((await articles('en')).map(a => [a.url.replace(BASE_URL, ''), a.lead_image]));
  assert.equal(own.get('/en/politics/story-in-words-alone'), null);
  const doc = parse(await (await fetch(`${base}/en/`)).text());
  assert.ok(doc.querySelector('.lead-image img'), 'the lead story has its picture');
  let without = 0, checked = 0;
  for (const li of doc.querySelectorAll('.secondary-list li, .compact-list li')) {
    const href = li.querySelector('.card-title a').getAttribute('href'), img = li.querySelector('img');
    assert.ok(own.has(href), href);
    const expected = own.get(href);
    if (!expected) without++;
    assert.equal(Boolean(img), Boolean(expected), `${href}: a picture only when it has one`);
    if (img) assert.ok(img.getAttribute('src').includes(`/media/${hashOf(expected)}-`), `${href}: its own picture`);
    checked++;
  }
  assert.ok(checked >= 10 && without >= 1, `${checked} items, ${without} without a picture`);
});

test('loading the demo again changes no image, and a backup carries every variant of each', async () => {
  const count = async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gazette-demo-backup-'));
    const r = gazette(['backup', '--db', site.db, '--config', site.ini, '--to', path.join(dir, 'b')]);
    rmSync(dir, { recursive: true, force: true });
    assert.equal(r.status, 0, r.stderr);
    return Number(r.stdout.match(/and (\d+) image files/)[1]);
  };
  const pictured = (await Promise.all(['en', 'ru', 'az'].map(articles))).flat().filter(a => a.lead_image);
  const hashes = new Set(pictured.map(a => hashOf(a.lead_image)));
  const before = await count();
  assert.equal(before, hashes.size * 4, 'a WebP and a JPEG of each of two widths');
  const again = gazette(['init', '--demo', '--db', site.db, '--config', site.ini]);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stdout, /demo: 0 created, 138 updated, 0 failed/);
  assert.equal(await count(), before);
});

test('teardown', async () => {
  await server.stop();
  site.remove();
});

await run();
