// The JSON editor, built on CodeMirror 6. Imported only when the user opens the editor
// (dynamic import in JsonEditor.svelte), so the lab page's first load does not carry it.
// Colours come from the app's CSS variables, so both themes and high contrast apply.
import { EditorState, Prec } from '@codemirror/state';
import {
  EditorView,
  drawSelection,
  highlightActiveLine,
  highlightActiveLineGutter,
  highlightSpecialChars,
  keymap,
  lineNumbers,
} from '@codemirror/view';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, foldGutter, foldKeymap, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { json } from '@codemirror/lang-json';
import { lintGutter, lintKeymap, setDiagnostics } from '@codemirror/lint';
import { tags } from '@lezer/highlight';
import type { TextDiagnostic } from './diagnostics';

export interface EditorHandle {
  /** Replace the whole text (a file opened, a reset), keeping undo history. */
  setText(text: string): void;
  /** Show these diagnostics if they were computed for the text now in the editor. */
  showDiagnostics(forText: string, list: readonly TextDiagnostic[]): void;
  /** Put the cursor at an offset and scroll there. */
  reveal(offset: number): void;
  focus(): void;
  destroy(): void;
}

export interface EditorOptions {
  readonly text: string;
  readonly label: string;
  readonly describedBy: string;
  readonly onchange: (text: string) => void;
  readonly onrun: () => void;
  /** Escape: leave the editor (Tab is not captured either, so focus is never trapped). */
  readonly onescape: () => void;
}

const highlight = HighlightStyle.define([
  { tag: tags.propertyName, color: 'var(--accent)' },
  { tag: tags.string, color: 'var(--ok)' },
  { tag: tags.number, color: 'var(--packet)' },
  { tag: [tags.bool, tags.null], color: 'var(--focus)', fontWeight: '600' },
  { tag: tags.invalid, color: 'var(--bad)' },
]);

const theme = EditorView.theme({
  '&': {
    height: '100%',
    color: 'var(--fg)',
    backgroundColor: 'var(--bg)',
    border: '1px solid var(--line)',
    borderRadius: 'var(--radius)',
    fontSize: '0.88rem',
  },
  '&.cm-focused': { outline: '2px solid var(--focus)', outlineOffset: '1px' },
  '.cm-scroller': { fontFamily: 'var(--mono)', lineHeight: '1.45' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground': {
    backgroundColor: 'var(--accent-soft)',
  },
  '.cm-gutters': { backgroundColor: 'var(--bg-soft)', color: 'var(--fg-soft)', borderRight: '1px solid var(--line)' },
  '.cm-activeLine, .cm-activeLineGutter': {
    backgroundColor: 'color-mix(in srgb, var(--accent-soft) 45%, transparent)',
  },
  '.cm-matchingBracket': { backgroundColor: 'var(--mark)', color: 'var(--mark-fg)' },
  '.cm-tooltip': { backgroundColor: 'var(--bg-raised)', color: 'var(--fg)', border: '1px solid var(--line)' },
  '.cm-diagnostic': { fontFamily: 'var(--sans)', maxWidth: '40rem' },
  '.cm-diagnostic-error': { borderLeftColor: 'var(--bad)' },
  '.cm-lintRange-error': { backgroundColor: 'var(--bad-soft)' },
});

export function createEditor(parent: HTMLElement, o: EditorOptions): EditorHandle {
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: o.text,
      extensions: [
        Prec.high(
          keymap.of([
            { key: 'Mod-Enter', run: () => (o.onrun(), true) },
            { key: 'Escape', run: () => (o.onescape(), true) },
          ]),
        ),
        lineNumbers(),
        foldGutter(),
        lintGutter(),
        highlightActiveLineGutter(),
        highlightSpecialChars(),
        history(),
        drawSelection(),
        highlightActiveLine(),
        bracketMatching(),
        json(),
        syntaxHighlighting(highlight),
        keymap.of([...defaultKeymap, ...historyKeymap, ...foldKeymap, ...lintKeymap]),
        theme,
        // Long lines wrap: on a phone a JSON line is wider than the screen.
        EditorView.lineWrapping,
        // tabindex: contenteditable is focusable already; saying so lets checkers (axe's
        // scrollable-region-focusable) see that the scrolling box has a keyboard way in.
        EditorView.contentAttributes.of({ 'aria-label': o.label, 'aria-describedby': o.describedBy, tabindex: '0' }),
        EditorView.updateListener.of((u) => u.docChanged && o.onchange(u.state.doc.toString())),
      ],
    }),
  });
  return {
    setText(text) {
      if (text !== view.state.doc.toString())
        view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    showDiagnostics(forText, list) {
      const mine = forText === view.state.doc.toString();
      view.dispatch(
        setDiagnostics(
          view.state,
          mine ? list.map((d) => ({ ...d, severity: 'error' as const, source: 'scenario loader' })) : [],
        ),
      );
    },
    reveal(offset) {
      const at = Math.min(Math.max(0, offset), view.state.doc.length);
      view.dispatch({ selection: { anchor: at }, effects: EditorView.scrollIntoView(at, { y: 'center' }) });
      view.focus();
    },
    focus: () => view.focus(),
    destroy: () => view.destroy(),
  };
}
