/* The editor's document schema: prosemirror-markdown's CommonMark schema,
   plus what Gazette's Markdown has beyond it: strikethrough (GFM), a
   figure (an image alone in its paragraph: alt text, caption), an embed (a
   link alone on its line) and a "kept" block for Markdown the editor does
   not edit visually (tables, say), which it keeps exactly as written. */
import { Schema } from 'prosemirror-model';
import { schema as base } from 'prosemirror-markdown';

/* Only links a reader can follow safely: http(s), mail, and the site's own paths. */
export function safeHref(href) {
  const h = String(href || '').trim();
  if (/^(https?:|mailto:)/i.test(h)) return h;
  if (/^\/(?!\/)/.test(h) || /^#/.test(h)) return h;
  return null;
}

/* An image address the site can show: its own media or https. */
export function safeImage(src) {
  const s = String(src || '').trim();
  if (/^https:\/\//i.test(s) || /^\/media\//.test(s)) return s;
  return null;
}

/* A list read from HTML (a paste) is tight unless an item holds several paragraphs. */
function tightList(dom) {
  if (dom.hasAttribute('data-tight')) return true;
  return !Array.from(dom.children).some(li => li.querySelectorAll(':scope > p').length > 1);
}

const nodes = base.spec.nodes
  .update('bullet_list', {
    ...base.spec.nodes.get('bullet_list'),
    /* New lists are tight (no blank lines between items), as reporters write them. */
    attrs: { tight: { default: true }, bullet: { default: '-' } },
    parseDOM: [{ tag: 'ul', getAttrs: dom => ({ tight: tightList(dom) }) }],
  })
  .update('ordered_list', {
    ...base.spec.nodes.get('ordered_list'),
    attrs: { order: { default: 1 }, tight: { default: true }, delim: { default: '.' } },
    parseDOM: [{ tag: 'ol', getAttrs: dom => ({ order: dom.hasAttribute('start') ? +dom.getAttribute('start') || 1 : 1, tight: tightList(dom) }) }],
  })
  .update('image', {
    ...base.spec.nodes.get('image'),
    parseDOM: [{
      tag: 'img[src]',
      getAttrs(dom) {
        const src = safeImage(dom.getAttribute('src'));
        if (!src) return false;
        return { src, title: dom.getAttribute('title'), alt: dom.getAttribute('alt') };
      },
    }],
  })
  .addBefore('image', 'figure', {
    group: 'block',
    atom: true,
    draggable: true,
    selectable: true,
    attrs: { src: {}, alt: { default: '' }, title: { default: '' } },
    parseDOM: [{
      tag: 'figure[data-figure]',
      getAttrs(dom) {
        const img = dom.querySelector('img');
        const src = img && safeImage(img.getAttribute('src'));
        if (!src) return false;
        const cap = dom.querySelector('figcaption');
        return { src, alt: img.getAttribute('alt') || '', title: cap ? cap.textContent : '' };
      },
    }],
    toDOM(node) {
      return ['figure', { 'data-figure': '', class: 'nr-figure' },
        ['img', { src: node.attrs.src, alt: node.attrs.alt }],
        ['figcaption', node.attrs.title]];
    },
  })
  .addBefore('image', 'embed', {
    group: 'block',
    atom: true,
    selectable: true,
    draggable: true,
    attrs: { url: {} },
    parseDOM: [{ tag: 'div[data-embed-url]', getAttrs: dom => ({ url: dom.getAttribute('data-embed-url') }) }],
    toDOM(node) { return ['div', { 'data-embed-url': node.attrs.url, class: 'nr-embed' }, node.attrs.url]; },
  })
  .addBefore('image', 'kept', {
    group: 'block',
    content: 'text*',
    marks: '',
    code: true,
    defining: true,
    parseDOM: [{ tag: 'pre[data-kept]', preserveWhitespace: 'full' }],
    toDOM() { return ['pre', { 'data-kept': '', class: 'nr-kept' }, 0]; },
  });

const marks = base.spec.marks
  .update('link', {
    ...base.spec.marks.get('link'),
    parseDOM: [{
      tag: 'a[href]',
      getAttrs(dom) {
        const href = safeHref(dom.getAttribute('href'));
        return href ? { href, title: dom.getAttribute('title') } : false;
      },
    }],
  })
  .addToEnd('strike', {
    parseDOM: [{ tag: 's' }, { tag: 'del' }, { tag: 'strike' },
      { style: 'text-decoration', getAttrs: v => (/line-through/.test(v) ? null : false) }],
    toDOM() { return ['s', 0]; },
  });

export const schema = new Schema({ nodes, marks });
