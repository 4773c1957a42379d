/* Building elements without HTML strings: nothing typed is ever parsed as markup. */
import { t } from './texts.js';

export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) if (c !== null && c !== undefined) el.append(c instanceof Node ? c : String(c));
  return el;
}

/* A modal dialog with a form: fields, then Cancel and the main button.
   Resolves with the form's values, or null when cancelled. */
export function ask(title, fields, submitLabel, extra) {
  return new Promise(resolve => {
    const form = h('form', { method: 'dialog', class: 'nr-dialog-form' });
    const inputs = {};
    form.append(h('h2', { class: 'nr-dialog-title' }, title));
    if (extra) form.append(extra.node);
    for (const f of fields) {
      const id = 'nr-d-' + f.name + '-' + Math.random().toString(36).slice(2, 8);
      const input = f.multiline
        ? h('textarea', { id, name: f.name, rows: 2, maxlength: f.max || 300 })
        : h('input', { id, name: f.name, type: f.type || 'text', required: f.required, maxlength: f.max || 2000,
          placeholder: f.placeholder, autocomplete: 'off' });
      input.value = f.value || '';
      inputs[f.name] = input;
      form.append(h('label', { for: id }, f.label), f.hint ? h('p', { class: 'nr-hint' }, f.hint) : null, input);
    }
    const problem = h('p', { class: 'nr-error', role: 'alert', hidden: true });
    const cancel = h('button', { type: 'button', value: 'cancel' }, t('Cancel'));
    const ok = h('button', { type: 'submit', value: 'ok', class: 'primary' }, submitLabel);
    form.append(problem, h('div', { class: 'nr-dialog-actions' }, cancel, ok));
    const dialog = h('dialog', { class: 'nr-dialog', 'aria-label': title }, form);
    document.body.append(dialog);
    let done = false;
    const finish = value => {
      if (done) return;
      done = true;
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    cancel.addEventListener('click', () => finish(null));
    dialog.addEventListener('cancel', e => { e.preventDefault(); finish(null); });
    form.addEventListener('submit', e => {
      e.preventDefault();
      const values = {};
      for (const [k, el] of Object.entries(inputs)) values[k] = el.value.trim();
      if (extra && extra.values) Object.assign(values, extra.values());
      const why = extra && extra.check ? extra.check(values) : null;
      if (why) {
        problem.textContent = why;
        problem.hidden = false;
        return;
      }
      finish(values);
    });
    dialog.showModal();
    const first = fields.find(f => !f.value) || fields[0];
    if (first) inputs[first.name].focus();
  });
}
