import { MergeView } from "@codemirror/merge";
import { useEffect, useRef } from "react";
import { codeExtensions } from "../../components/CodeView/CodeView";

/** The buggy program beside a fix, changes marked (CodeMirror's merge view, with every code view's setup). */
export function FixDiff({ buggy, fix, label }: { buggy: string; fix: string; label: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const view = new MergeView({
      parent: host.current!,
      a: { doc: buggy, extensions: codeExtensions({ language: "python", label: `${label}: buggy program`, maxHeight: 320 }) },
      b: { doc: fix, extensions: codeExtensions({ language: "python", label: `${label}: fixed program`, maxHeight: 320 }) },
      gutter: true,
      highlightChanges: true,
      collapseUnchanged: { margin: 3, minSize: 6 },
    });
    return () => view.destroy();
  }, [buggy, fix, label]);
  return <div ref={host} className="code-view fix-diff" data-testid="fix-diff" />;
}
