import type { RoundSampleRecord } from "../../../../native/api/index";
import { api } from "../../api/client";
import { useApi } from "../../api/useApi";
import { routeHref } from "../../app/route";
import { CodeView } from "../../components/CodeView/CodeView";
import { Facts, Notice, Panel } from "../../components/ui";
import { FixDiff } from "../Debugger/FixDiff";

/** One sample of a round, as the Debugger shows a fix: verdict, why it was kept or dropped, rationale, fix against the buggy program, receipt. */
export function SampleView({ run, round, taskId, sampleIndex }: { run: string; round: number; taskId: string; sampleIndex: number }) {
  const found = useApi(async () => {
    const { samples } = await api.listRoundSamples({ name: run, round, taskId, limit: 10_000 });
    return samples.find((sample) => sample.sampleIndex === sampleIndex) ?? null;
  }, [run, round, taskId, sampleIndex]);
  const task = useApi(() => api.getTask({ id: taskId }), [taskId]);
  const sample: RoundSampleRecord | null = found.data;
  return (
    <Panel title={`Sample ${sampleIndex} of ${taskId}, round ${round}`} data-testid="round-sample">
      <p><a href={routeHref("rounds", run)}>Back to {run}</a> · <a href={routeHref("debugger", taskId)}>Open {taskId} in the Debugger</a></p>
      {found.error && <Notice tone="error">{found.error.message}</Notice>}
      {found.data === null && !found.isLoading && <Notice tone="warning">No such sample in this run.</Notice>}
      {sample && (
        <>
          <Facts items={[
            ["Verdict", <span className={sample.verdict === "pass" ? "verdict-good" : "verdict-bad"} data-testid="round-sample-verdict">{sample.verdict.replace(/_/g, " ")}{sample.unparsableReason ? ` (${sample.unparsableReason})` : ""}</span>],
            ["Training set", sample.kept ? "kept" : `dropped: ${sample.droppedReason?.replace(/_/g, " ") ?? "—"}${sample.duplicateOf !== null ? ` (repeats sample ${sample.duplicateOf})` : ""}`],
            ["Tests", `${sample.tests.passed} of ${sample.tests.total} pass${sample.tests.firstFailure ? `; first failure: ${sample.tests.firstFailure.source ?? `test ${sample.tests.firstFailure.index + 1}`}${sample.tests.firstFailure.error ? ` (${sample.tests.firstFailure.error})` : ""}` : ""}`],
            ["Claims", sample.checkScore === null ? "none checkable" : `${Math.round(sample.checkScore * 100)}% hold`],
            ["Seed, tokens", `${sample.seed}, ${sample.tokens} (${sample.finishReason})`],
          ]} />
          {sample.rationale && <><h3>Rationale</h3><p className="sample-rationale">{sample.rationale}</p></>}
          {sample.code && task.data?.buggyProgram ? <><h3>Fix against the buggy program</h3><FixDiff buggy={task.data.buggyProgram} fix={sample.code} label={`Sample ${sampleIndex}`} /></> : <><h3>Completion</h3><CodeView value={sample.completion || "(empty)"} label="Completion" language="text" /></>}
          <h3>Execution receipt</h3>
          <CodeView value={JSON.stringify(sample.receipt, null, 2)} label="Execution receipt" language="json" maxHeight={260} />
        </>
      )}
    </Panel>
  );
}
