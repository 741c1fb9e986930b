import { HighlightStyle, syntaxHighlighting } from "@codemirror/language";
import type { Extension } from "@codemirror/state";
import { EditorView } from "@codemirror/view";
import { tags } from "@lezer/highlight";

/**
 * One editor theme for light and dark: every colour is a CSS variable of the app theme (--code-*), so a
 * theme switch needs no editor reconfiguration and the colours are checked with the rest for contrast.
 */
const highlight = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.operatorKeyword, tags.definitionKeyword, tags.moduleKeyword], color: "var(--code-keyword)" },
  { tag: [tags.string, tags.special(tags.string)], color: "var(--code-string)" },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: "var(--code-number)" },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: "var(--code-comment)", fontStyle: "italic" },
  { tag: [tags.function(tags.variableName), tags.function(tags.definition(tags.variableName)), tags.definition(tags.function(tags.variableName))], color: "var(--code-function)" },
  { tag: [tags.className, tags.typeName, tags.definition(tags.className)], color: "var(--code-type)" },
  { tag: [tags.propertyName], color: "var(--code-property)" },
  { tag: [tags.brace, tags.bracket, tags.paren, tags.punctuation, tags.operator], color: "var(--code-punctuation)" },
  { tag: [tags.meta, tags.processingInstruction], color: "var(--code-meta)" },
  { tag: tags.invalid, color: "var(--danger)" },
]);

const frame = EditorView.theme({
  "&": { backgroundColor: "var(--code-bg)", color: "var(--text)", fontSize: "var(--text-sm)", border: "1px solid var(--border)", borderRadius: "var(--radius-sm)" },
  "&.cm-focused": { outline: "2px solid var(--focus)", outlineOffset: "1px" },
  ".cm-scroller": { fontFamily: "var(--font-code)", lineHeight: "1.5" },
  ".cm-content": { padding: "6px 0", caretColor: "var(--text)" },
  ".cm-gutters": { backgroundColor: "var(--code-bg)", color: "var(--code-gutter)", border: "none", borderRight: "1px solid var(--border)" },
  ".cm-activeLine, .cm-activeLineGutter": { backgroundColor: "transparent" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "var(--code-selection) !important" },
  ".cm-cursor": { borderLeftColor: "var(--text)" },
});

export const codeTheme: Extension = [frame, syntaxHighlighting(highlight)];
