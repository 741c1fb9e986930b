import { EditorState, type Extension } from "@codemirror/state";
import { EditorView, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";
import { defaultKeymap, history, historyKeymap } from "@codemirror/commands";
import { useEffect, useMemo, useRef } from "react";
import { detectLanguage, languageExtension, type CodeLanguage } from "./codeLanguage";
import { codeTheme } from "./codeTheme";

export interface CodeViewProps {
  /** The text shown (and, when editable, the text to start from and to follow). */
  value: string;
  /** Accessible name of the code area, e.g. "Buggy program". */
  label: string;
  /** Default "auto": by content (detectLanguage). */
  language?: CodeLanguage | "auto";
  /** Default true. Off for one-line values such as sample completions. */
  hasLineNumbers?: boolean;
  /** Default false: read-only. The Debugger's editor sets it and listens with `onChange`. */
  isEditable?: boolean;
  onChange?: (value: string) => void;
  /** Wrap long lines instead of scrolling sideways. Default: on for Jinja (chat templates are long lines), off otherwise. */
  isWrapped?: boolean;
  /** Tallest the view grows before it scrolls, in px. Default 360. */
  maxHeight?: number;
  /** More CodeMirror extensions (decorations for trace lines, a merge view's chunks). */
  extensions?: Extension[];
  "data-testid"?: string;
}

/** The extensions every code view shares; the merge view builds its two sides from these too. */
export function codeExtensions({ language, label, hasLineNumbers = true, isEditable = false, maxHeight = 360, isWrapped = language === "jinja" }: { language: CodeLanguage; label: string; hasLineNumbers?: boolean; isEditable?: boolean; maxHeight?: number; isWrapped?: boolean }): Extension[] {
  return [
    isWrapped ? EditorView.lineWrapping : [],
    languageExtension(language),
    codeTheme,
    hasLineNumbers ? lineNumbers() : [],
    EditorView.theme({ ".cm-scroller": { maxHeight: `${maxHeight}px`, overflow: "auto" } }),
    EditorState.readOnly.of(!isEditable),
    EditorView.editable.of(isEditable),
    isEditable ? [history(), highlightActiveLine(), keymap.of([...defaultKeymap, ...historyKeymap])] : [],
    // Read-only code still takes focus so the keyboard can scroll and select it.
    EditorView.contentAttributes.of({ "aria-label": label, tabindex: "0", ...(isEditable ? {} : { "aria-readonly": "true" }) }),
  ];
}

/**
 * The one code component (CodeMirror 6, bundled): tasks, samples, traces, chat templates. Read-only by
 * default; `isEditable` turns it into the editor the Debugger uses.
 */
export function CodeView({ value: given, label, language = "auto", hasLineNumbers, isEditable, isWrapped, onChange, maxHeight, extensions = [], ...rest }: CodeViewProps) {
  // Shown code drops the file's final newline (no empty last line); an editor keeps the text as it is.
  const value = isEditable ? given : given.replace(/\n$/, "");
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onChangeRef = useRef(onChange);
  onChangeRef.current = onChange;
  const resolved = useMemo(() => (language === "auto" ? detectLanguage(value) : language), [language, value]);

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          codeExtensions({ language: resolved, label, hasLineNumbers, isEditable, maxHeight, isWrapped }),
          EditorView.updateListener.of((update) => update.docChanged && onChangeRef.current?.(update.state.doc.toString())),
          extensions,
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
    // The value is followed below without rebuilding the editor (streamed samples append often).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [resolved, label, hasLineNumbers, isEditable, maxHeight, isWrapped, extensions]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    const current = editor.state.doc.toString();
    if (current !== value) editor.dispatch({ changes: { from: 0, to: current.length, insert: value } });
  }, [value]);

  return <div ref={host} className="code-view" data-language={resolved} {...rest} />;
}
