/* Images for the story: the newsroom's library (GET /admin/library), an
   upload (POST /admin/library), and the dialog that asks for alt text and
   a caption. */
import { h, ask } from './dom.js';

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
      ? 'You are signed out: sign in again in another tab, then retry.' : 'The upload failed (' + r.status + ').');
  return answer.image;
}

async function library() {
  const r = await fetch('/admin/library', { credentials: 'same-origin' });
  if (!r.ok) throw new Error('The image library cannot be read (' + r.status + ').');
  return (await r.json()).images || [];
}

/* The image dialog. attrs: the figure's current {src, alt, title} when
   editing one. Resolves with new attrs or null. */
export function imageDialog(form, attrs) {
  let chosen = attrs ? { src: attrs.src, alt: attrs.alt } : null;
  const status = h('p', { class: 'nr-hint', 'aria-live': 'polite' });
  const preview = h('img', { class: 'nr-dialog-preview', alt: '', hidden: !chosen, src: chosen ? chosen.src : null });
  const grid = h('div', { class: 'nr-library', role: 'listbox', 'aria-label': 'Images in the library' });
  const file = h('input', { type: 'file', accept: 'image/jpeg,image/png,image/webp', id: 'nr-d-file' });
  let altInput = null;
  const pick = img => {
    chosen = { src: img.src, alt: img.alt || '' };
    preview.src = img.src;
    preview.hidden = false;
    for (const b of grid.children) b.setAttribute('aria-selected', String(b.dataset.src === img.src));
    altInput = altInput || document.querySelector('.nr-dialog input[name=alt]');
    if (altInput && !altInput.value && img.alt) altInput.value = img.alt;
  };
  const node = h('div', { class: 'nr-dialog-image' }, preview,
    attrs ? null : [h('label', { for: 'nr-d-file' }, 'Upload an image (JPEG, PNG, WebP)'), file,
      h('p', { class: 'nr-label' }, 'Or choose one from the library'), grid], status);
  if (!attrs) {
    status.textContent = 'Loading the library…';
    library().then(images => {
      status.textContent = images.length ? '' : 'The library is empty: upload an image.';
      for (const img of images) {
        const b = h('button', { type: 'button', role: 'option', 'aria-selected': 'false', 'data-src': img.src,
          title: img.name, onclick: () => pick(img) }, h('img', { src: img.small, alt: img.alt || img.name, loading: 'lazy' }));
        grid.append(b);
      }
    }, e => { status.textContent = e.message; });
    file.addEventListener('change', () => {
      if (!file.files[0]) return;
      status.textContent = 'Uploading…';
      upload(form, file.files[0]).then(img => { status.textContent = 'Uploaded.'; pick(img); },
        e => { status.textContent = e.message; });
    });
  }
  return ask(attrs ? 'Edit the image' : 'Insert an image', [
    { name: 'alt', label: 'Alt text (what the image shows, for readers who cannot see it)', value: attrs ? attrs.alt : '',
      hint: 'Required to publish.', max: 300 },
    { name: 'title', label: 'Caption', value: attrs ? attrs.title : '', max: 300 },
  ], attrs ? 'Apply' : 'Insert', {
    node,
    values: () => (chosen ? { src: chosen.src } : {}),
    check: v => (v.src ? null : 'Choose or upload an image first.'),
  });
}
