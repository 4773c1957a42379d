/* The newsroom's story editor: rich text on Markdown.

   It takes over the editor form's <textarea name="body_markdown"> (which
   stays in the form, hidden, and is what the form saves): the reporter
   writes in a ProseMirror view with a toolbar; every change writes the
   Markdown back to the textarea (and fires "input", so autosave and the
   "unsaved changes" guard see it); "Markdown" shows the source in
   CodeMirror (a second bundle, loaded when first asked for). A change to
   the textarea made by someone else (a restored draft) is read back in.
   Without JavaScript the textarea is the editor, as before. */
import 'prosemirror-view/style/prosemirror.css';
import 'prosemirror-gapcursor/style/gapcursor.css';
import { EditorState, NodeSelection, TextSelection } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { keymap } from 'prosemirror-keymap';
import { history } from 'prosemirror-history';
import { dropCursor } from 'prosemirror-dropcursor';
import { gapCursor } from 'prosemirror-gapcursor';
import { schema, safeHref } from './schema.js';
import { parse, serialize } from './markdown.js';
import * as cmd from './commands.js';
import { h, ask } from './dom.js';
import { describe } from './counts.js';
import { imageDialog, upload, setCredit } from './media.js';
import { FigureView, EmbedView } from './views.js';
import { cleanPastedHTML, pastedEmbed } from './paste.js';
import { buildToolbar } from './toolbar.js';
import { t, tn, fill } from './texts.js';

function mount(form) {
  const textarea = form.querySelector('textarea[name=body_markdown]');
  if (!textarea || textarea.dataset.rich) return;
  textarea.dataset.rich = '1';
  const label = form.querySelector('label[for="' + textarea.id + '"]');
  const titleInput = form.querySelector('input[name=title]');
  let parsed = parse(textarea.value);
  let lastText = textarea.value;
  let view, sourceEditor = null, syncTimer = null, mode = 'rich';

  const host = h('div', { class: 'nr-rich-host' });
  const counts = h('p', { class: 'nr-counts', 'aria-live': 'polite' });
  const status = h('p', { class: 'nr-rich-status', role: 'status' });
  const sourceHost = h('div', { class: 'nr-source-host', hidden: true });

  /* Writes the document's Markdown to the textarea, and tells the form. */
  function sync() {
    clearTimeout(syncTimer);
    syncTimer = null;
    if (mode !== 'rich') return;
    const text = serialize(view.state.doc, parsed.original);
    if (text === textarea.value) return;
    textarea.value = lastText = text;
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }
  function later() {
    clearTimeout(syncTimer);
    syncTimer = setTimeout(sync, 150);
  }
  function showCounts() {
    const text = mode === 'rich' ? view.state.doc.textBetween(0, view.state.doc.content.size, ' ', ' ') : textarea.value;
    const d = describe(text, titleInput ? titleInput.value : '');
    counts.textContent = d.text;
    counts.classList.toggle('nr-counts-long', d.long);
  }

  /* The document from new Markdown (a restored draft, the source view). */
  function load(text) {
    parsed = parse(text);
    lastText = text;
    view.updateState(makeState(parsed.doc));
    showCounts();
    toolbar.refresh(view.state);
  }

  /* A changed credit goes to the library (the image's, in every story). */
  function keepCredit(v) {
    if (!v.id || v.credit === (v.oldCredit || '')) return;
    setCredit(form, v.id, v.credit).then(() => { status.textContent = t('The credit is saved with the image.'); },
      e => { status.textContent = e.message; });
  }
  async function editImage(pos) {
    const node = view.state.doc.nodeAt(pos);
    if (!node || node.type !== schema.nodes.figure) return;
    const v = await imageDialog(form, node.attrs);
    view.focus();
    if (!v) return;
    keepCredit(v);
    view.dispatch(view.state.tr.setNodeMarkup(pos, null, { src: node.attrs.src, alt: v.alt, title: v.title }));
  }
  async function openImage() {
    const v = await imageDialog(form, null);
    view.focus();
    if (!v) return true;
    keepCredit(v);
    view.dispatch(view.state.tr.replaceSelectionWith(schema.nodes.figure.create({ src: v.src, alt: v.alt, title: v.title })).scrollIntoView());
    return true;
  }
  async function openEmbed() {
    const v = await ask(t('Embed a post or video'), [{ name: 'url', label: t('Link (YouTube, X, Instagram, Facebook, Telegram, or any page)'), type: 'url', required: true }], t('Embed'),
      { check: x => (/^https?:\/\/\S+$/i.test(x.url) ? null : t('Give the full link, starting with https://')) });
    view.focus();
    if (!v) return true;
    view.dispatch(view.state.tr.replaceSelectionWith(schema.nodes.embed.create({ url: v.url })).scrollIntoView());
    return true;
  }
  async function openLink() {
    const { state } = view;
    const { from, to, empty } = state.selection;
    const link = schema.marks.link;
    let current = '';
    state.doc.nodesBetween(from, to, n => { const mk = link.isInSet(n.marks); if (mk) current = mk.attrs.href; });
    const v = await ask(current ? t('Change the link') : t('Add a link'), [
      { name: 'href', label: t('Address'), value: current, placeholder: 'https://', hint: current ? t('Leave empty to remove the link.') : null },
      ...(empty && !current ? [{ name: 'text', label: t('Text to show') }] : []),
    ], current ? t('Apply') : t('Add link'), {
      check: x => (!x.href && current) || safeHref(x.href) ? null : t('Give an address starting with https://, mailto: or /'),
    });
    view.focus();
    if (!v) return true;
    let tr = view.state.tr;
    if (!v.href) {
      tr = tr.removeMark(from, to, link);
    } else if (empty && !current) {
      const text = v.text || v.href;
      tr = tr.insert(from, schema.text(text, [link.create({ href: safeHref(v.href) })]));
    } else if (empty) {
      const $pos = state.doc.resolve(from);
      const range = markRange($pos, link);
      if (range) tr = tr.removeMark(range.from, range.to, link).addMark(range.from, range.to, link.create({ href: safeHref(v.href) }));
    } else {
      tr = tr.addMark(from, to, link.create({ href: safeHref(v.href) }));
    }
    view.dispatch(tr.scrollIntoView());
    return true;
  }
  const run = f => (state, dispatch, v) => { f(); return true; };

  function makeState(doc) {
    return EditorState.create({
      doc,
      plugins: [
        cmd.rules(),
        keymap(cmd.keys({ openLink: run(openLink), openImage: run(openImage), openEmbed: run(openEmbed) })),
        keymap(cmd.baseKeymap),
        history(),
        dropCursor(),
        gapCursor(),
      ],
    });
  }

  /* Image files dropped or pasted: uploaded, then put in as figures
     (without alt text yet: the figure says so). */
  function insertFiles(files, pos) {
    const images = Array.from(files).filter(f => /^image\/(jpeg|png|webp)$/.test(f.type));
    if (!images.length) return false;
    status.textContent = fill(tn('Uploading %d image…', 'Uploading %d images…', images.length), images.length);
    (async () => {
      for (const f of images) {
        try {
          const img = await upload(form, f);
          const at = pos == null ? view.state.selection.from : pos;
          view.dispatch(view.state.tr.insert(Math.min(at, view.state.doc.content.size),
            schema.nodes.figure.create({ src: img.src, alt: img.alt || '', title: '' })));
          status.textContent = t('Uploaded: add alt text to the image.');
        } catch (e) {
          status.textContent = e.message;
        }
      }
    })();
    return true;
  }

  view = new EditorView(host, {
    state: makeState(parsed.doc),
    attributes: { role: 'textbox', 'aria-multiline': 'true', 'aria-labelledby': label ? label.id || (label.id = 'nr-body-label') : null,
      class: 'nr-rich article-body', spellcheck: 'true' },
    nodeViews: {
      figure: (node, v, getPos) => new FigureView(node, v, getPos, editImage),
      embed: node => new EmbedView(node),
    },
    transformPastedHTML: cleanPastedHTML,
    handlePaste(v, event) {
      const files = event.clipboardData && event.clipboardData.files;
      if (files && files.length && insertFiles(files)) return true;
      const url = pastedEmbed(v.state, event);
      if (url) {
        v.dispatch(v.state.tr.replaceSelectionWith(schema.nodes.embed.create({ url })).scrollIntoView());
        return true;
      }
      return false;
    },
    handleDrop(v, event, slice, moved) {
      if (moved || !event.dataTransfer || !event.dataTransfer.files.length) return false;
      const at = v.posAtCoords({ left: event.clientX, top: event.clientY });
      return insertFiles(event.dataTransfer.files, at ? at.pos : null);
    },
    handleKeyDown(v, event) {
      if (event.key === 'Enter' && v.state.selection instanceof NodeSelection &&
          v.state.selection.node.type === schema.nodes.figure) {
        editImage(v.state.selection.from);
        return true;
      }
      if (event.altKey && event.key === 'F10') {
        toolbar.focus();
        return true;
      }
      return false;
    },
    dispatchTransaction(tr) {
      view.updateState(view.state.apply(tr));
      if (tr.docChanged) { later(); showCounts(); }
      toolbar.refresh(view.state);
    },
  });

  async function toggleSource() {
    if (mode === 'rich') {
      sync();
      mode = 'source';
      host.hidden = true;
      sourceHost.hidden = false;
      toolbar.sourceMode(true);
      if (bodyArea) bodyArea.classList.add('nr-body-source');
      try {
        sourceEditor = sourceEditor || await loadSource(form, sourceHost, textarea);
        sourceEditor.set(textarea.value);
        sourceEditor.focus();
      } catch (e) {
        /* Without the source bundle the textarea itself is the source view. */
        textarea.hidden = false;
        textarea.focus();
      }
    } else {
      mode = 'rich';
      if (!textarea.hidden && !sourceEditor) textarea.hidden = true;
      sourceHost.hidden = true;
      host.hidden = false;
      toolbar.sourceMode(false);
      if (bodyArea) bodyArea.classList.remove('nr-body-source');
      load(textarea.value);
      view.focus();
    }
  }

  const toolbar = buildToolbar(view, { openLink, openImage, openEmbed, toggleSource, focusEditor: () => view.focus() });
  const box = h('div', { class: 'nr-rich-box' }, toolbar.dom, host, sourceHost, counts, status);
  const bodyArea = form.querySelector('.nr-body');
  if (bodyArea) bodyArea.classList.add('nr-body-rich');
  textarea.hidden = true;
  textarea.after(box);
  if (label) label.textContent = t('Text');
  label && label.addEventListener('click', () => view.focus());

  /* The textarea changed under us (a restored draft, the source view). */
  textarea.addEventListener('input', () => {
    if (textarea.value === lastText) return;
    if (mode === 'rich') load(textarea.value);
    else { lastText = textarea.value; showCounts(); }
  });
  if (titleInput) titleInput.addEventListener('input', showCounts);
  /* The form saves what the editor shows, even within the sync delay. */
  form.addEventListener('submit', e => {
    if (mode === 'rich') sync();
    const publishing = e.submitter && e.submitter.value === 'publish';
    const missing = mode === 'rich' && publishing ? firstWithoutAlt() : null;
    if (missing !== null) {
      e.preventDefault();
      e.stopImmediatePropagation();
      view.dispatch(view.state.tr.setSelection(NodeSelection.create(view.state.doc, missing)).scrollIntoView());
      status.textContent = t('An image has no alt text: describe it before publishing.');
      view.focus();
    }
  }, true);
  function firstWithoutAlt() {
    let at = null;
    view.state.doc.descendants((n, pos) => {
      if (at === null && n.type === schema.nodes.figure && !n.attrs.alt) at = pos;
      return at === null;
    });
    return at;
  }
  showCounts();
  toolbar.refresh(view.state);
  form.gazetteEditor = { view, load, sync, markdown: () => (sync(), textarea.value) };
}

/* Loads the CodeMirror bundle (once) and mounts it. Its address is on the form. */
let sourceBundle = null;
function loadSource(form, host, textarea) {
  const url = form.dataset.sourceEditor;
  if (!url) return Promise.reject(new Error('no source editor'));
  sourceBundle = sourceBundle || new Promise((resolve, reject) => {
    const s = document.createElement('script');
    s.src = url;
    s.onload = () => (window.GazetteSource ? resolve(window.GazetteSource) : reject(new Error('no source editor')));
    s.onerror = () => { sourceBundle = null; reject(new Error('the source editor did not load')); };
    document.head.append(s);
  });
  return sourceBundle.then(src => src.mount(host, textarea.value, text => {
    textarea.value = text;
    textarea.dispatchEvent(new Event('input', { bubbles: true }));
  }));
}

function markRange($pos, type) {
  const { parent, parentOffset } = $pos;
  const start = parent.childAfter(parentOffset);
  if (!start.node || !type.isInSet(start.node.marks)) return null;
  let startIndex = $pos.index(), startPos = $pos.start() + start.offset;
  let endIndex = startIndex + 1, endPos = startPos + start.node.nodeSize;
  while (startIndex > 0 && type.isInSet(parent.child(startIndex - 1).marks)) startPos -= parent.child(--startIndex).nodeSize;
  while (endIndex < parent.childCount && type.isInSet(parent.child(endIndex).marks)) endPos += parent.child(endIndex++).nodeSize;
  return { from: startPos, to: endPos };
}

function setup() {
  for (const form of document.querySelectorAll('form[data-editor]')) mount(form);
}
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', setup);
else setup();
