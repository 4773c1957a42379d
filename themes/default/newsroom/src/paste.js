/* What a paste brings in. Word, Google Docs and web pages put styles,
   classes, scripts, comments, tracking pixels and images from elsewhere on
   the clipboard; the schema keeps only what it knows (headings, bold,
   italic, links, lists, quotes, paragraphs), and this removes the rest
   before ProseMirror reads it. A paste from this editor itself (marked by
   ProseMirror's data-pm-slice) keeps its figures. */
const DROP = 'script, style, link, meta, title, iframe, object, embed, svg, math, template, noscript, head, form, input, button, select, textarea';

export function cleanPastedHTML(html) {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  const own = !!doc.querySelector('[data-pm-slice]');
  for (const el of doc.querySelectorAll(DROP)) el.remove();
  if (!own) for (const el of doc.querySelectorAll('img, picture, video, audio, figure > figcaption')) el.remove();
  /* Comments (Word's conditional ones among them). */
  const walker = doc.createTreeWalker(doc.body, NodeFilter.SHOW_COMMENT);
  const comments = [];
  while (walker.nextNode()) comments.push(walker.currentNode);
  for (const c of comments) c.remove();
  for (const el of doc.body.querySelectorAll('*')) {
    for (const a of Array.from(el.attributes)) {
      const keep = a.name === 'href' || (own && (a.name.startsWith('data-') || a.name === 'src' || a.name === 'alt')) ||
        ((a.name === 'style') && /font-weight|font-style|line-through/.test(a.value)) || a.name === 'start';
      if (!keep || /^on/i.test(a.name)) el.removeAttribute(a.name);
    }
    /* Word marks headings by class only: MsoTitle, MsoHeading… are gone by now, but its <h1>-<h6> stay. */
  }
  return doc.body.innerHTML;
}

/* A link pasted alone into an empty paragraph: an embed. */
export function pastedEmbed(state, event) {
  const text = event.clipboardData && event.clipboardData.getData('text/plain');
  if (!text || !/^https?:\/\/\S+$/i.test(text.trim())) return null;
  const { $from, empty } = state.selection;
  if (!empty || $from.parent.type.name !== 'paragraph' || $from.parent.content.size !== 0) return null;
  return text.trim();
}
