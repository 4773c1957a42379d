/* The toolbar: one button per command, each with its accessible name and
   its shortcut in the tooltip; pressed state for marks and blocks; one tab
   stop, arrow keys move between buttons (the toolbar pattern of WAI-ARIA),
   Escape goes back to the text, Alt+F10 comes back from it. */
import { h } from './dom.js';
import { schema } from './schema.js';
import { t } from './texts.js';
import * as cmd from './commands.js';

const mac = typeof navigator !== 'undefined' && /Mac|iP(hone|[oa]d)/.test(navigator.platform);
const mod = mac ? '⌘' : 'Ctrl+';
const n = schema.nodes, m = schema.marks;

/* Each button's picture: a letter, or a small line drawing (SVG paths on
   a 20×20 grid, drawn for this editor). */
const ICONS = {
  Bold: 'B', Italic: 'I', Heading: 'H',
  Link: 'M8 12l4-4M7 9.5L5.2 11.3a2.8 2.8 0 004 4L11 13.5M13 10.5l1.8-1.8a2.8 2.8 0 00-4-4L9 6.5',
  Quote: 'M4 6h5v5c0 2-1 3-3 4M11 6h5v5c0 2-1 3-3 4',
  'Bulleted list': 'M8 5h9M8 10h9M8 15h9M3.5 5h.5M3.5 10h.5M3.5 15h.5',
  'Numbered list': 'M8 5h9M8 10h9M8 15h9M3 4l1-1v4M2.8 9.2c.6-.8 2-.5 1.8.4L3 12h2M3 14h1.8l-1 1.2c1 0 1.4 .6 1 1.3-.4.6-1.4.6-1.8 0',
  Image: 'M3 4h14v12H3zM3 13l4-4 3 3 2-2 5 5M12.5 7.5h.01',
  Embed: 'M3 5h14v10H3zM8.5 7.5v5l4-2.5z',
  Undo: 'M7 5L3 9l4 4M3 9h9a4 4 0 010 8H9',
  Redo: 'M13 5l4 4-4 4M17 9H8a4 4 0 000 8h3',
};

function icon(name) {
  const d = ICONS[name];
  if (d.length === 1) return h('span', { 'aria-hidden': 'true', class: 'nr-tool-letter nr-tool-' + name.toLowerCase() }, d);
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('viewBox', '0 0 20 20');
  svg.setAttribute('width', '20');
  svg.setAttribute('height', '20');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const path = document.createElementNS(ns, 'path');
  path.setAttribute('d', d);
  path.setAttribute('fill', 'none');
  path.setAttribute('stroke', 'currentColor');
  path.setAttribute('stroke-width', '1.6');
  path.setAttribute('stroke-linecap', 'round');
  path.setAttribute('stroke-linejoin', 'round');
  svg.append(path);
  return svg;
}

export function buildToolbar(view, actions) {
  const run = c => () => { c(view.state, view.dispatch, view); view.focus(); };
  const spec = [
    { name: 'Bold', keys: mod + 'B', run: run(cmd.bold), active: s => cmd.markActive(s, m.strong) },
    { name: 'Italic', keys: mod + 'I', run: run(cmd.italic), active: s => cmd.markActive(s, m.em) },
    { name: 'Link', keys: mod + 'K', run: actions.openLink, active: s => cmd.markActive(s, m.link) },
    { name: 'Heading', keys: mod + 'Alt+2', run: run(cmd.cycleHeading), active: s => cmd.blockActive(s, n.heading) },
    { name: 'Quote', keys: 'Ctrl+>', run: run(cmd.toggleQuote), active: s => cmd.insideOf(s, n.blockquote) },
    { name: 'Bulleted list', keys: 'Ctrl+Shift+8', run: run(cmd.toggleList(n.bullet_list)), active: s => cmd.insideOf(s, n.bullet_list) },
    { name: 'Numbered list', keys: 'Ctrl+Shift+9', run: run(cmd.toggleList(n.ordered_list)), active: s => cmd.insideOf(s, n.ordered_list) },
    { name: 'Image', keys: mod + 'Alt+I', run: actions.openImage },
    { name: 'Embed', keys: mod + 'Alt+E', run: actions.openEmbed },
    { name: 'Undo', keys: mod + 'Z', run: run(cmd.undo), enabled: s => cmd.undo(s) },
    { name: 'Redo', keys: mac ? '⌘⇧Z' : 'Ctrl+Y', run: run(cmd.redo), enabled: s => cmd.redo(s) },
  ];
  const buttons = [];
  const dom = h('div', { class: 'nr-toolbar', role: 'toolbar', 'aria-label': t('Formatting'), 'aria-controls': view.dom.id || null });
  for (const b of spec) {
    /* The English name picks the icon; the person's language names the button. */
    const el = h('button', { type: 'button', class: 'nr-tool', 'aria-label': t(b.name), title: t(b.name) + ' (' + b.keys + ')',
      'aria-keyshortcuts': b.keys.replace('⌘', 'Meta+').replace('⇧', 'Shift+'), tabindex: '-1',
      'aria-pressed': b.active ? 'false' : null },
    icon(b.name));
    el.addEventListener('mousedown', e => e.preventDefault());
    el.addEventListener('click', () => b.run());
    b.el = el;
    buttons.push(el);
    dom.append(el);
  }
  const source = h('button', { type: 'button', class: 'nr-tool nr-tool-source', 'aria-label': t('Markdown'),
    title: t('Show the Markdown source'), 'aria-pressed': 'false', tabindex: '-1' }, h('span', { 'aria-hidden': 'true' }, t('Markdown')));
  source.addEventListener('click', () => actions.toggleSource());
  buttons.push(source);
  dom.append(source);
  buttons[0].tabIndex = 0;
  let current = 0;
  const move = i => {
    const enabled = buttons.filter(b => !b.disabled);
    if (!enabled.length) return;
    let at = enabled.indexOf(buttons[current]);
    at = (i === 'first' ? 0 : i === 'last' ? enabled.length - 1 : (at + i + enabled.length) % enabled.length);
    buttons[current].tabIndex = -1;
    current = buttons.indexOf(enabled[at]);
    buttons[current].tabIndex = 0;
    buttons[current].focus();
  };
  dom.addEventListener('keydown', e => {
    if (e.key === 'ArrowRight' || e.key === 'ArrowDown') move(1);
    else if (e.key === 'ArrowLeft' || e.key === 'ArrowUp') move(-1);
    else if (e.key === 'Home') move('first');
    else if (e.key === 'End') move('last');
    else if (e.key === 'Escape') actions.focusEditor();
    else return;
    e.preventDefault();
  });
  dom.addEventListener('focusin', e => {
    const i = buttons.indexOf(e.target);
    if (i >= 0 && i !== current) { buttons[current].tabIndex = -1; current = i; e.target.tabIndex = 0; }
  });
  let sourceOn = false;
  return {
    dom,
    focus() {
      const target = buttons[current].disabled ? buttons.find(b => !b.disabled) : buttons[current];
      if (target) target.focus();
    },
    refresh(state) {
      for (const b of spec) {
        if (b.active) b.el.setAttribute('aria-pressed', String(!sourceOn && !!b.active(state)));
        b.el.disabled = sourceOn || (b.enabled ? !b.enabled(state) : false);
      }
      if (buttons[current].disabled) {
        const first = buttons.find(b => !b.disabled);
        buttons[current].tabIndex = -1;
        current = buttons.indexOf(first);
        first.tabIndex = 0;
      }
    },
    sourceMode(on) {
      sourceOn = on;
      source.setAttribute('aria-pressed', String(on));
      this.refresh(view.state);
    },
  };
}
