/* The editor's commands and shortcuts: marks, blocks, lists, history, and
   the Markdown-like input rules ("## ", "> ", "- ", "1. "). */
import { toggleMark, setBlockType, wrapIn, lift, chainCommands, exitCode, baseKeymap } from 'prosemirror-commands';
import { wrapInList, splitListItem, liftListItem, sinkListItem } from 'prosemirror-schema-list';
import { undo, redo } from 'prosemirror-history';
import { inputRules, wrappingInputRule, textblockTypeInputRule, undoInputRule } from 'prosemirror-inputrules';
import { schema } from './schema.js';

const n = schema.nodes, m = schema.marks;

/* True when the selection's block is of this type (and level). */
export function blockActive(state, type, attrs) {
  const { $from, to } = state.selection;
  const node = state.selection.node;
  if (node) return node.type === type;
  return to <= $from.end() && $from.parent.type === type &&
    (!attrs || Object.keys(attrs).every(k => $from.parent.attrs[k] === attrs[k]));
}

/* True when the selection is inside a node of this type. */
export function insideOf(state, type) {
  const { $from } = state.selection;
  for (let d = $from.depth; d > 0; d--) if ($from.node(d).type === type) return true;
  return false;
}

export function markActive(state, type) {
  const { from, $from, to, empty } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks || $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

/* Heading: the paragraph becomes a heading (level 2, the site's top
   level in a story), a heading 2 a heading 3, a heading 3 a paragraph. */
export function cycleHeading(state, dispatch) {
  if (blockActive(state, n.heading, { level: 2 })) return setBlockType(n.heading, { level: 3 })(state, dispatch);
  if (blockActive(state, n.heading, { level: 3 })) return setBlockType(n.paragraph)(state, dispatch);
  return setBlockType(n.heading, { level: 2 })(state, dispatch);
}

/* Quote: wraps the block in a quote, or lifts it out of one. */
export function toggleQuote(state, dispatch) {
  if (insideOf(state, n.blockquote)) return lift(state, dispatch);
  return wrapIn(n.blockquote)(state, dispatch);
}

/* A list of this type: wraps, or lifts the items out when already in one. */
export function toggleList(type) {
  return (state, dispatch) => {
    if (insideOf(state, type)) return liftListItem(n.list_item)(state, dispatch);
    return wrapInList(type)(state, dispatch);
  };
}

export const bold = toggleMark(m.strong);
export const italic = toggleMark(m.em);
export const strike = toggleMark(m.strike);
export { undo, redo };

/* The shortcuts. openLink, openImage, openEmbed come from the dialogs. */
export function keys({ openLink, openImage, openEmbed }) {
  const hardBreak = chainCommands(exitCode, (state, dispatch) => {
    if (dispatch) dispatch(state.tr.replaceSelectionWith(n.hard_break.create()).scrollIntoView());
    return true;
  });
  return {
    'Mod-z': undo, 'Shift-Mod-z': redo, 'Mod-y': redo, Backspace: undoInputRule,
    'Mod-b': bold, 'Mod-B': bold, 'Mod-i': italic, 'Mod-I': italic, 'Mod-Shift-x': strike,
    'Mod-k': openLink, 'Mod-Alt-i': openImage, 'Mod-Alt-e': openEmbed,
    'Mod-Alt-2': setBlockType(n.heading, { level: 2 }), 'Mod-Alt-3': setBlockType(n.heading, { level: 3 }),
    'Mod-Alt-0': setBlockType(n.paragraph),
    'Shift-Ctrl-8': toggleList(n.bullet_list), 'Shift-Ctrl-9': toggleList(n.ordered_list),
    'Ctrl->': toggleQuote, 'Shift-Enter': hardBreak, 'Mod-Enter': hardBreak,
    Enter: splitListItem(n.list_item), 'Mod-[': liftListItem(n.list_item), 'Mod-]': sinkListItem(n.list_item),
    Tab: sinkListItem(n.list_item), 'Shift-Tab': liftListItem(n.list_item),
  };
}

export { baseKeymap };

/* "## " makes a heading, "> " a quote, "- " or "* " a list, "1. " a numbered one. */
export function rules() {
  return inputRules({ rules: [
    textblockTypeInputRule(/^(#{2,3})\s$/, n.heading, match => ({ level: match[1].length })),
    wrappingInputRule(/^\s*>\s$/, n.blockquote),
    wrappingInputRule(/^\s*([-*])\s$/, n.bullet_list, match => ({ bullet: match[1] })),
    wrappingInputRule(/^(\d+)\.\s$/, n.ordered_list, match => ({ order: +match[1] }),
      (match, node) => node.childCount + node.attrs.order === +match[1]),
    textblockTypeInputRule(/^```$/, n.code_block),
  ] });
}
