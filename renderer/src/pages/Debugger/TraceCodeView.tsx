import { EditorState, RangeSetBuilder, StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView, WidgetType, type DecorationSet } from "@codemirror/view";
import { useEffect, useRef } from "react";
import { codeExtensions } from "../../components/CodeView/CodeView";

/** What the trace view marks on the code at the selected step. */
export interface TraceMarks {
  /** The selected step's line (1-based). */
  currentLine: number | null;
  /** The line the exception was raised on, when the selected step is at or past it. */
  exceptionLine: number | null;
  exceptionText: string | null;
  /** line → the values it set, e.g. "total = 5, i = 2". */
  values: Map<number, string>;
  /** Lines whose values are shown whole instead of cut. */
  expanded: ReadonlySet<number>;
}

/** Values longer than this are cut with an ellipsis; a click shows them whole. */
export const VALUE_CUT = 60;

class ValueWidget extends WidgetType {
  constructor(private readonly text: string, private readonly line: number, private readonly isCut: boolean, private readonly tone: "value" | "exception") {
    super();
  }
  eq(other: ValueWidget) {
    return other.text === this.text && other.isCut === this.isCut && other.tone === this.tone;
  }
  toDOM() {
    const span = document.createElement("span");
    span.className = `trace-inline trace-inline-${this.tone}`;
    span.dataset.line = String(this.line);
    span.textContent = `  # ${this.isCut ? `${this.text.slice(0, VALUE_CUT)}…` : this.text}`;
    if (this.isCut) span.title = "Click to show the whole value";
    return span;
  }
  ignoreEvent() {
    return false;
  }
}

const setMarks = StateEffect.define<TraceMarks>();

function buildDecorations(state: EditorState, marks: TraceMarks): DecorationSet {
  const builder = new RangeSetBuilder<Decoration>();
  for (let number = 1; number <= state.doc.lines; number++) {
    const line = state.doc.line(number);
    const classes = [number === marks.currentLine ? "trace-line-current" : "", number === marks.exceptionLine ? "trace-line-exception" : ""].filter(Boolean).join(" ");
    if (classes) builder.add(line.from, line.from, Decoration.line({ class: classes }));
    const value = marks.values.get(number);
    const widgets: Array<[string, "value" | "exception"]> = [];
    if (value) widgets.push([value, "value"]);
    if (number === marks.exceptionLine && marks.exceptionText) widgets.push([marks.exceptionText, "exception"]);
    for (const [text, tone] of widgets) {
      const isCut = text.length > VALUE_CUT + 1 && !marks.expanded.has(number);
      builder.add(line.to, line.to, Decoration.widget({ widget: new ValueWidget(text, number, isCut, tone), side: 1 }));
    }
  }
  return builder.finish();
}

const marksField = StateField.define<DecorationSet>({
  create: () => Decoration.none,
  update(decorations, transaction) {
    for (const effect of transaction.effects) if (effect.is(setMarks)) return buildDecorations(transaction.state, effect.value);
    return decorations.map(transaction.changes);
  },
  provide: (field) => EditorView.decorations.from(field),
});

/**
 * The program with the trace drawn on it: the selected step's line highlighted, each line's values at its end
 * (as NExT's inline comments), the exception on its line. The same CodeMirror setup as every code view
 * (`codeExtensions`); the marks change by transaction, so stepping never rebuilds the editor or loses scroll.
 */
export function TraceCodeView({ program, marks, onToggleLine }: { program: string; marks: TraceMarks; onToggleLine: (line: number) => void }) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const onToggle = useRef(onToggleLine);
  onToggle.current = onToggleLine;

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: program,
        extensions: [
          codeExtensions({ language: "python", label: "Program with its trace", maxHeight: 520 }),
          marksField,
          EditorView.domEventHandlers({
            click: (event) => {
              const line = (event.target as HTMLElement).closest?.(".trace-inline")?.getAttribute("data-line");
              if (line) onToggle.current(Number(line));
            },
          }),
        ],
      }),
    });
    view.current = editor;
    return () => {
      editor.destroy();
      view.current = null;
    };
  }, [program]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    editor.dispatch({ effects: setMarks.of(marks) });
    if (marks.currentLine !== null && marks.currentLine <= editor.state.doc.lines) {
      editor.dispatch({ effects: EditorView.scrollIntoView(editor.state.doc.line(marks.currentLine).from, { y: "nearest" }) });
    }
  }, [marks, program]);

  return <div ref={host} className="code-view trace-code" data-testid="trace-code" />;
}
