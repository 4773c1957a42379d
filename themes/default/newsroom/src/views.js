/* How figures and embeds look inside the editor: the image with its
   caption and a warning while it has no alt text; an embed as its
   provider and link (nothing is loaded from the provider here either). */
import { h } from './dom.js';
import { t, fill } from './texts.js';

const PROVIDERS = [
  [/^https?:\/\/(www\.|m\.)?(youtube\.com|youtu\.be)\//i, 'YouTube video'],
  [/^https?:\/\/(www\.|mobile\.)?(twitter\.com|x\.com)\/[^/]+\/status\/\d+/i, 'Post on X'],
  [/^https?:\/\/(www\.)?instagram\.com\/(p|reel)\//i, 'Instagram post'],
  [/^https?:\/\/(www\.|m\.)?(facebook\.com|fb\.watch)\//i, 'Facebook post'],
  [/^https?:\/\/t\.me\/[^/]+\/\d+/i, 'Telegram post'],
];

export function providerOf(url) {
  for (const [re, name] of PROVIDERS) if (re.test(url)) return t(name);
  return t('Link card');
}

export class FigureView {
  constructor(node, view, getPos, edit) {
    this.node = node;
    this.img = h('img', { src: node.attrs.src, alt: node.attrs.alt });
    this.caption = h('figcaption');
    this.warning = h('p', { class: 'nr-figure-warning' }, t('No alt text: describe the image before publishing.'));
    this.button = h('button', { type: 'button', class: 'nr-figure-edit', contenteditable: 'false',
      onclick: e => { e.preventDefault(); edit(getPos()); } }, t('Edit image'));
    this.dom = h('figure', { class: 'nr-figure', 'data-figure': '' }, this.img, this.caption, this.warning, this.button);
    this.render(node);
  }
  render(node) {
    this.node = node;
    this.img.src = node.attrs.src;
    this.img.alt = node.attrs.alt;
    this.caption.textContent = node.attrs.title || '';
    this.caption.hidden = !node.attrs.title;
    this.warning.hidden = !!node.attrs.alt;
    this.dom.classList.toggle('nr-no-alt', !node.attrs.alt);
    this.button.setAttribute('aria-label', node.attrs.alt ? fill(t('Edit image: %s'), node.attrs.alt) : t('Edit image (no alt text)'));
  }
  update(node) {
    if (node.type !== this.node.type) return false;
    this.render(node);
    return true;
  }
  stopEvent(e) { return e.target === this.button && e.type !== 'dragstart'; }
  ignoreMutation() { return true; }
}

export class EmbedView {
  constructor(node) {
    this.node = node;
    this.dom = h('div', { class: 'nr-embed', 'data-embed-url': node.attrs.url },
      h('span', { class: 'nr-embed-provider' }, providerOf(node.attrs.url)),
      h('span', { class: 'nr-embed-url' }, node.attrs.url));
  }
  update(node) { return node.type === this.node.type && node.attrs.url === this.node.attrs.url; }
  ignoreMutation() { return true; }
}
