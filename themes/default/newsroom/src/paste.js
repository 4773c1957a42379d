/* What a paste brings in. Word, Google Docs and web pages put styles,
   classes, scripts, comments, tracking pixels and images from elsewhere on
   the clipboard; the schema keeps only what it knows (headings, bold,
   italic, links, lists, quotes, paragraphs), and this removes the rest
   before ProseMirror reads it. A paste from this editor itself (marked by
   ProseMirror's data-pm-slice) keeps its figures. */
import { safeHref } from './schema.js';

const DROP = 'script, style, link, meta, title, iframe, object, embed, svg, math, template, noscript, head, form, input, button, select, textarea';

export function cleanPastedHTML(html) {
  const doc = new DOMParser().parseFromString(disarmStyles(html), 'text/html');
  const own = !!doc.querySelector('[data-pm-slice]');
  for (const el of doc.querySelectorAll(DROP)) el.remove();
  if (!own) for (const el of doc.querySelectorAll('img, picture, video, audio, figure > figcaption')) el.remove();
  /* Comments (Word's conditional ones among them). */
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_COMMENT);
  const comments = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const c of comments) c.remove();
  /* Bold, italic and strikethrough given by style (Word, Google Docs)
     become tags: the newsroom's Content-Security-Policy does not let style
     attributes apply, so ProseMirror's style rules would not see them. Read
     from the attribute's text. */
  for (const el of Array.from(doc.body.querySelectorAll('[data-gz-style]'))) {
    const style = styleOf(el.getAttribute('data-gz-style'));
    const weight = style['font-weight'] || '';
    if (el.tagName === 'B' && /^(normal|[1-4]00)$/.test(weight)) {
      unwrap(el);
      continue;
    }
    let inner = [];
    if (/^(bold(er)?|[5-9]00)$/.test(weight)) inner.push('strong');
    if (style['font-style'] === 'italic') inner.push('em');
    if (/line-through/.test(style['text-decoration'] || style['text-decoration-line'] || '')) inner.push('s');
    for (const tag of inner) {
      const wrap = doc.createElement(tag);
      while (el.firstChild) wrap.append(el.firstChild);
      el.append(wrap);
    }
  }
  for (const el of doc.body.querySelectorAll('*')) {
    for (const a of Array.from(el.attributes)) {
      const keep = (a.name === 'href' && safeHref(a.value)) || a.name === 'start' ||
        (own && (a.name.startsWith('data-') || a.name === 'src' || a.name === 'alt' || a.name === 'title'));
      if (!keep || /^on/i.test(a.name)) el.removeAttribute(a.name);
    }
  }
  return doc.body.innerHTML;
}

/* The HTML with its <style> elements gone and its style and event
   attributes renamed (data-gz-style, data-gz-on…), before anything parses it: the page's policy
   would refuse them (and say so in the console) as soon as they were
   parsed. Only the insides of tags are touched, never the text. */
function disarmStyles(html) {
  return String(html)
    .replace(/<style[\s\S]*?<\/style\s*>/gi, '')
    .replace(/<[a-z][^>]*>/gi, tag => tag.replace(/(\s)style(\s*=)/gi, '$1data-gz-style$2')
      .replace(/(\s)on([a-z]+\s*=)/gi, '$1data-gz-on$2'));
}

/* The declarations of a style attribute, by name (lower case). */
function styleOf(text) {
  const out = {};
  for (const part of String(text || '').split(';')) {
    const colon = part.indexOf(':');
    if (colon > 0) out[part.slice(0, colon).trim().toLowerCase()] = part.slice(colon + 1).trim().toLowerCase();
  }
  return out;
}

/* Replaces el by its children. */
function unwrap(el) {
  while (el.firstChild) el.parentNode.insertBefore(el.firstChild, el);
  el.remove();
}

/* A link pasted alone into an empty paragraph: an embed. */
export function pastedEmbed(state, event) {
  const text = event.clipboardData && event.clipboardData.getData('text/plain');
  if (!text || !/^https?:\/\/\S+$/i.test(text.trim())) return null;
  const { $from, empty } = state.selection;
  if (!empty || $from.parent.type.name !== 'paragraph' || $from.parent.content.size !== 0) return null;
  return text.trim();
}
