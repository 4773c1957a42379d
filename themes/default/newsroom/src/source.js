/* The "Markdown" view: the story's source in CodeMirror, loaded only when
   a reporter asks for it. Exposes window.GazetteSource.mount(host, text,
   onChange) → { set(text), focus() }.

   It lives in a shadow root of host: there CodeMirror's styles go in as a
   constructed style sheet, which the newsroom's Content-Security-Policy
   (style-src 'self', no inline <style>) allows. The page's colours reach
   it through the CSS variables of admin.css, which cross into it. */
import { EditorState } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { markdown } from '@codemirror/lang-markdown';
import { syntaxHighlighting, defaultHighlightStyle } from '@codemirror/language';
import { t } from './texts.js';

const theme = EditorView.theme({
  '&': { minHeight: '28rem', fontSize: '0.9rem', color: 'var(--text)', backgroundColor: 'var(--bg)' },
  '&.cm-focused': { outline: '2px solid var(--focus)' },
  '.cm-content': { fontFamily: 'ui-monospace, "DejaVu Sans Mono", monospace', caretColor: 'var(--text)' },
  '.cm-gutters': { backgroundColor: 'var(--surface)', color: 'var(--muted)', borderRight: '1px solid var(--rule)' },
  '.cm-activeLine, .cm-activeLineGutter': { backgroundColor: 'var(--surface)' },
});

function mount(host, text, onChange) {
  let setting = false;
  const root = host.shadowRoot || host.attachShadow({ mode: 'open' });
  const view = new EditorView({
    parent: root,
    root,
    state: EditorState.create({
      doc: text,
      extensions: [
        lineNumbers(), history(), drawSelection(), highlightActiveLine(),
        keymap.of([...defaultKeymap, ...historyKeymap]),
        markdown(), syntaxHighlighting(defaultHighlightStyle), EditorView.lineWrapping, theme,
        EditorView.contentAttributes.of({ 'aria-label': t('Text (Markdown source)') }),
        EditorView.updateListener.of(u => { if (u.docChanged && !setting) onChange(u.state.doc.toString()); }),
      ],
    }),
  });
  return {
    set(t) {
      if (t === view.state.doc.toString()) return;
      setting = true;
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: t } });
      setting = false;
    },
    focus() { view.focus(); },
  };
}

window.GazetteSource = { mount };
