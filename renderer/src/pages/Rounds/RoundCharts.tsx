import { useMemo } from "react";
import type { RoundRunStatus } from "../../../../native/api/index";
import { Chart } from "../../components/Chart/Chart";

const verdictOrder = ["pass", "fail", "error", "timeout", "unparsable", "syntax", "violation", "memory", "missing_entry_point", "output_limit"] as const;

/** Per-round figures of a run: hard set, samples and kept; dev pass@1 with and without the trace; the verdict mix. */
export function RoundCharts({ run }: { run: RoundRunStatus }) {
  const x = useMemo(() => run.rounds.map((round) => round.round), [run]);
  const sizes = useMemo(() => [
    { label: "hard set", values: run.rounds.map((r) => r.hardSet) },
    { label: "samples", values: run.rounds.map((r) => r.samplesWritten) },
    { label: "kept", values: run.rounds.map((r) => r.kept) },
  ], [run]);
  const dev = useMemo(() => [
    { label: "pass@1 with trace", values: run.rounds.map((r) => r.devCheck?.passAt1.trace ?? null) },
    { label: "pass@1 without trace", values: run.rounds.map((r) => r.devCheck?.passAt1.noTrace ?? null) },
  ], [run]);
  const verdicts = useMemo(() => verdictOrder
    .filter((verdict) => run.rounds.some((r) => (r.verdicts[verdict] ?? 0) > 0))
    .map((verdict) => ({ label: verdict.replace(/_/g, " "), values: run.rounds.map((r) => r.verdicts[verdict] ?? 0) })), [run]);
  if (run.rounds.length === 0) return null;
  const describe = (series: Array<{ label: string; values: Array<number | null> }>, format = (v: number) => String(v)) =>
    x.map((round, i) => `round ${round}: ${series.map((s) => `${s.label} ${s.values[i] === null ? "—" : format(s.values[i]!)}`).join(", ")}`).join("; ");
  return (
    <div className="round-charts" data-testid="round-charts">
      <Chart title="Tasks and samples per round" x={x} xLabel="round" yLabel="count" series={sizes} summary={describe(sizes)} />
      <Chart title="Dev pass@1 per round" x={x} xLabel="round" yLabel="pass@1" series={dev} yRange={[0, 1]} summary={describe(dev, (v) => v.toFixed(2))} />
      {verdicts.length > 0 && <Chart title="Verdicts of the round's samples" x={x} xLabel="round" yLabel="samples" series={verdicts} summary={describe(verdicts)} />}
    </div>
  );
}
