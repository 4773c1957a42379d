/* Images for the story: the newsroom's library (GET /admin/library), an
   upload (POST /admin/library), and the dialog that asks for alt text and
   a caption. */
import { h, ask } from './dom.js';
import { t, fill } from './texts.js';

function csrf(form) {
  const el = form.querySelector('input[name=csrf]');
  return el ? el.value : '';
}

/* Uploads one image file. Resolves with the library's record of it. */
export async function upload(form, file) {
  const body = new FormData();
  body.set('csrf', csrf(form));
  body.set('file', file, file.name || 'pasted-image');
  const r = await fetch('/admin/library', { method: 'POST', body, credentials: 'same-origin' });
  let answer = null;
  try { answer = await r.json(); } catch (e) { /* not JSON: the session ended or a proxy answered */ }
  if (!r.ok || !answer || !answer.image)
    throw new Error(answer && answer.error ? answer.error : r.status === 403
      ? t('You are signed out: sign in again in another tab, then retry.') : fill(t('The upload failed (%d).'), r.status));
  return answer.image;
}

/* The library's own record of an image address ("/media/{hash}-…"), or null. */
export function hashOf(src) {
  const m = /\/media\/([0-9a-f]{32})[-.]/.exec(String(src || ''));
  return m ? m[1] : null;
}

/* Sets a library image's credit (every story that shows it shows it). */
export async function setCredit(form, id, credit) {
  const body = new URLSearchParams();
  body.set('csrf', csrf(form));
  body.set('credit', credit);
  const r = await fetch('/admin/library/' + encodeURIComponent(id), { method: 'POST', body, credentials: 'same-origin' });
  let answer = null;
  try { answer = await r.json(); } catch (e) { /* not JSON */ }
  if (!r.ok) throw new Error(answer && answer.error ? answer.error : fill(t('The credit was not saved (%d).'), r.status));
  return answer.image;
}

async function library() {
  const r = await fetch('/admin/library', { credentials: 'same-origin' });
  if (!r.ok) throw new Error(fill(t('The image library cannot be read (%d).'), r.status));
  return (await r.json()).images || [];
}

/* The image dialog. attrs: the figure's current {src, alt, title} when
   editing one. Resolves with {src, alt, title, credit, id} (id and credit
   when the image is the library's) or null. */
export function imageDialog(form, attrs) {
  let chosen = attrs ? { src: attrs.src, alt: attrs.alt, id: null, credit: '' } : null;
  const status = h('p', { class: 'nr-hint', 'aria-live': 'polite' });
  const preview = h('img', { class: 'nr-dialog-preview', alt: '', hidden: !chosen, src: chosen ? chosen.src : null });
  const grid = h('div', { class: 'nr-library', role: 'listbox', 'aria-label': t('Images in the library') });
  const file = h('input', { type: 'file', accept: 'image/jpeg,image/png,image/webp', id: 'nr-d-file' });
  const field = name => document.querySelector('.nr-dialog input[name=' + name + ']');
  const pick = img => {
    chosen = { src: img.src, alt: img.alt || '', id: img.id, credit: img.credit || '' };
    preview.src = img.src;
    preview.hidden = false;
    for (const b of grid.children) b.setAttribute('aria-selected', String(b.dataset.src === img.src));
    const alt = field('alt'), credit = field('credit');
    if (alt && !alt.value && img.alt) alt.value = img.alt;
    if (credit) credit.value = img.credit || '';
  };
  const node = h('div', { class: 'nr-dialog-image' }, preview,
    attrs ? null : [h('label', { for: 'nr-d-file' }, t('Upload an image (JPEG, PNG, WebP)')), file,
      h('p', { class: 'nr-label' }, t('Or choose one from the library')), grid], status);
  status.textContent = attrs ? '' : t('Loading the library…');
  library().then(images => {
    if (attrs) {
      /* The figure's own image: its credit is the library's. */
      const mine = images.find(img => hashOf(img.src) && hashOf(img.src) === hashOf(attrs.src));
      if (mine) {
        chosen.id = mine.id;
        chosen.credit = mine.credit || '';
        const credit = field('credit');
        if (credit && !credit.value) credit.value = chosen.credit;
      }
      return;
    }
    status.textContent = images.length ? '' : t('The library is empty: upload an image.');
    for (const img of images) {
      const b = h('button', { type: 'button', role: 'option', 'aria-selected': 'false', 'data-src': img.src,
        title: img.name, onclick: () => pick(img) }, h('img', { src: img.small, alt: img.alt || img.name, loading: 'lazy' }));
      grid.append(b);
    }
  }, e => { status.textContent = e.message; });
  if (!attrs) {
    file.addEventListener('change', () => {
      if (!file.files[0]) return;
      status.textContent = t('Uploading…');
      upload(form, file.files[0]).then(img => { status.textContent = t('Uploaded.'); pick(img); },
        e => { status.textContent = e.message; });
    });
  }
  return ask(attrs ? t('Edit the image') : t('Insert an image'), [
    { name: 'alt', label: t('Alt text (what the image shows, for readers who cannot see it)'), value: attrs ? attrs.alt : '',
      hint: t('Required to publish.'), max: 300 },
    { name: 'title', label: t('Caption'), value: attrs ? attrs.title : '', max: 300 },
    { name: 'credit', label: t('Credit (kept with the image in the library)'), value: '', max: 200 },
  ], attrs ? t('Apply') : t('Insert'), {
    node,
    values: () => (chosen ? { src: chosen.src, id: chosen.id, oldCredit: chosen.credit } : {}),
    check: v => (v.src ? null : t('Choose or upload an image first.')),
  });
}
