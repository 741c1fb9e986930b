import { useState } from "react";
import type { RepairSample, TraceDiff } from "../../../../native/api/index";
import { api } from "../../api/client";
import { CodeView } from "../../components/CodeView/CodeView";
import { Button, Notice, useToast } from "../../components/ui";
import { FixDiff } from "./FixDiff";

const claimMark = { confirmed: "✓", contradicted: "✗", unverifiable: "?" } as const;

/** How a verdict reads on a card: a passing fix is the only "verified" one. */
export function verdictLabel(sample: RepairSample): string {
  if (sample.verdict === "pass") return "verified fix";
  if (sample.verdict === "unparsable") return `unparsable${sample.reason ? ` (${sample.reason})` : ""}`;
  return sample.verdict.replace(/_/g, " ");
}

/** Downloads text as a file (web host and Electron alike: the renderer's own Blob URL, no network). */
function downloadText(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: "text/x-python" }));
  const link = Object.assign(document.createElement("a"), { href: url, download: name });
  link.click();
  URL.revokeObjectURL(url);
}

/**
 * One judged sample: its verdict as soon as it is known (the failing test named), the rationale with its
 * claims marked confirmed / contradicted, the fix as a diff against the buggy program, the differential trace
 * (buggy vs fix, first divergence), and saving a verified fix to a file or as an own task.
 */
export function SampleCard({ sample, buggy, tests, entryPoint, call, description }: { sample: RepairSample; buggy: string; tests: string; entryPoint: string; call: string | null; description: string }) {
  const toast = useToast();
  const [diff, setDiff] = useState<TraceDiff | null>(null);
  const [diffError, setDiffError] = useState<string | null>(null);
  const failing = sample.tests.find((test) => !test.passed);
  const isPass = sample.verdict === "pass";
  const compareTraces = async () => {
    if (!call) return;
    setDiffError(null);
    try {
      setDiff(await api.traceDiff({ a: buggy, b: sample.code, call }));
    } catch (error) {
      setDiffError((error as Error).message);
    }
  };
  const saveAsTask = async () => {
    try {
      const id = `${entryPoint}-fix-${Date.now().toString(36)}`;
      const task = await api.saveTask({ task: { id, description: description || `Fix of ${entryPoint}`, buggyProgram: buggy, tests: tests.split("\n").filter((line) => line.trim().startsWith("assert")), entryPoint, reference: sample.code } });
      toast({ tone: "success", title: "Saved as an own task", description: task.id });
    } catch (error) {
      toast({ tone: "error", title: "Could not save the task", description: (error as Error).message });
    }
  };
  return (
    <article className={`sample-card sample-${isPass ? "pass" : sample.verdict === "unparsable" ? "unparsable" : "fail"}`} data-testid="sample-card" data-verdict={sample.verdict} aria-label={`Sample ${sample.index + 1}: ${verdictLabel(sample)}`}>
      <header className="sample-head">
        <strong>Sample {sample.index + 1}</strong>
        <span className={`verdict-badge verdict-${isPass ? "good" : "bad"}`} data-testid="sample-verdict">{verdictLabel(sample)}</span>
        {failing && <span className="sample-failing" data-testid="sample-failing">fails <code>{failing.source ?? `test ${failing.index + 1}`}</code>{failing.actual ? <> (got <code>{failing.actual}</code>)</> : null}</span>}
        {sample.checkScore !== null && <span className="sample-score" title="Share of the rationale's checkable claims that the real trace confirms">claims hold: {Math.round(sample.checkScore * 100)}%</span>}
      </header>
      {sample.rationale.trim() && (
        <section>
          <h4>Rationale</h4>
          <p className="sample-rationale">{sample.rationale.trim()}</p>
        </section>
      )}
      {sample.claims.length > 0 && (
        <ul className="claims" aria-label="Claims checked against the trace" data-testid="claims">
          {sample.claims.map((claim, i) => (
            <li key={i} className={`claim claim-${claim.status}`} title={claim.detail}>
              <span aria-hidden="true">{claimMark[claim.status]}</span> <span className="ui-visually-hidden">{claim.status}:</span> {claim.text}
              {claim.detail ? <span className="claim-detail"> — {claim.detail}</span> : null}
            </li>
          ))}
        </ul>
      )}
      {sample.code ? (
        <section>
          <h4>Fix against the buggy program</h4>
          <FixDiff buggy={buggy} fix={sample.code} label={`Sample ${sample.index + 1}`} />
        </section>
      ) : (
        <section>
          <h4>Completion</h4>
          <CodeView value={sample.completion || "(empty)"} label={`Sample ${sample.index + 1} completion`} language="text" maxHeight={200} />
        </section>
      )}
      {sample.error && <Notice tone="error">{sample.error.type}: {sample.error.message}</Notice>}
      <div className="sample-actions">
        {sample.code && call && <Button size="sm" variant="secondary" onClick={compareTraces}>Compare traces</Button>}
        {isPass && <Button size="sm" variant="secondary" onClick={() => downloadText(`${entryPoint}_fixed.py`, sample.code)}>Save fix to a file</Button>}
        {isPass && <Button size="sm" variant="secondary" onClick={saveAsTask}>Save as own task</Button>}
      </div>
      {diffError && <Notice tone="error">{diffError}</Notice>}
      {diff && (
        <div className="trace-diff" data-testid="trace-diff">
          <p><strong>Differential trace of <code>{call}</code>:</strong> {diff.summary}</p>
          {diff.kind !== "none" && (
            <div className="trace-diff-sides">
              <div><h5>Buggy</h5>{diff.a ? <p>line {diff.a.line}: <code>{diff.a.code}</code></p> : <p>(ended)</p>}</div>
              <div><h5>Fix</h5>{diff.b ? <p>line {diff.b.line}: <code>{diff.b.code}</code></p> : <p>(ended)</p>}</div>
            </div>
          )}
          {diff.values.length > 0 && (
            <ul className="trace-diff-values">
              {diff.values.map((value) => <li key={value.name}><code>{value.name}</code>: <mark className="diff-a">{value.a ?? "—"}</mark> → <mark className="diff-b">{value.b ?? "—"}</mark></li>)}
            </ul>
          )}
          <p className="muted">Outcome: buggy {diff.outcomeA}; fix {diff.outcomeB}.</p>
        </div>
      )}
    </article>
  );
}
