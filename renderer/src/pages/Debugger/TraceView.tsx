import { useEffect, useMemo, useState } from "react";
import type { Trace } from "../../../../native/api/index";
import { Button, Notice, Slider, Table } from "../../components/ui";
import { TraceCodeView, type TraceMarks } from "./TraceCodeView";
import { describeStop, exceptionStep, iterationNumber, iterationStep, lineEffectsAt, stackAt, stdoutAt } from "./traceNavigation";

const formatValues = (values: Record<string, string>) => Object.entries(values).map(([name, value]) => `${name} = ${value}`).join(", ");

/**
 * One traced call, stepped as in Python Tutor: the code with each line's values at the selected step, a step
 * slider with back/forward and previous/next iteration of the current loop line, the call stack with its
 * variables, stdout so far, the exception on its line, and where and why a partial trace stopped.
 */
export function TraceView({ program, trace }: { program: string; trace: Trace }) {
  const lastIndex = Math.max(0, trace.steps.length - 1);
  const raised = useMemo(() => exceptionStep(trace), [trace]);
  // Open where the failure shows: the raising step, else the end.
  const [index, setIndex] = useState(() => raised?.step ?? lastIndex);
  const [expanded, setExpanded] = useState<ReadonlySet<number>>(new Set());
  useEffect(() => setIndex(raised?.step ?? lastIndex), [trace, raised, lastIndex]);

  const step = trace.steps[index];
  const stack = useMemo(() => stackAt(trace, index), [trace, index]);
  const marks = useMemo<TraceMarks>(() => {
    const values = new Map([...lineEffectsAt(trace, index)].map(([line, effect]) => [line, formatValues(effect)]));
    const isRaised = raised !== null && index >= raised.step;
    return {
      currentLine: step?.line ?? null,
      exceptionLine: isRaised ? raised.line : null,
      exceptionText: isRaised && raised.exception ? `${raised.exception.type}: ${raised.exception.message}` : null,
      values,
      expanded,
    };
  }, [trace, index, step, raised, expanded]);
  const stdout = stdoutAt(trace, index);
  const stop = describeStop(trace);
  const previousIteration = iterationStep(trace, index, -1);
  const nextIteration = iterationStep(trace, index, 1);
  const toggleLine = (line: number) => setExpanded((current) => {
    const next = new Set(current);
    if (next.has(line)) next.delete(line);
    else next.add(line);
    return next;
  });

  if (trace.steps.length === 0) {
    return <Notice tone={trace.exception ? "error" : "info"}>No line of the program ran for <code>{trace.call}</code>{trace.exception ? `: ${trace.exception.type}: ${trace.exception.message}` : "."}</Notice>;
  }
  const where = step ? `step ${index + 1} of ${trace.steps.length}, line ${step.line} in ${step.frame}${step.event === "line" ? "" : ` (${step.event})`}` : "";
  return (
    <div className="trace-view" data-testid="trace-view">
      <div className="trace-outcome">
        <code>{trace.call}</code>{" "}
        {trace.exception ? <span className="verdict-bad">raised {trace.exception.type}: {trace.exception.message}</span> : trace.returned !== undefined ? <span>returned <code>{trace.returned}</code></span> : null}
      </div>
      {stop && <Notice tone="warning" data-testid="trace-stopped">{stop}</Notice>}
      <div className="trace-controls" role="group" aria-label="Step through the trace">
        <Button size="sm" variant="secondary" onClick={() => setIndex(0)} disabled={index === 0} aria-label="First step">First</Button>
        <Button size="sm" variant="secondary" onClick={() => setIndex(index - 1)} disabled={index === 0}>◀ Back</Button>
        <Button size="sm" variant="secondary" onClick={() => setIndex(index + 1)} disabled={index === lastIndex}>Forward ▶</Button>
        <Button size="sm" variant="secondary" onClick={() => setIndex(lastIndex)} disabled={index === lastIndex} aria-label="Last step">Last</Button>
        <Slider label="Step" isLabelHidden value={index} min={0} max={lastIndex} onChange={setIndex} valueText={where} data-testid="step-slider" />
        <Button size="sm" variant="ghost" onClick={() => previousIteration !== null && setIndex(previousIteration)} disabled={previousIteration === null}>↶ Previous iteration</Button>
        <Button size="sm" variant="ghost" onClick={() => nextIteration !== null && setIndex(nextIteration)} disabled={nextIteration === null}>Next iteration ↷</Button>
      </div>
      <p className="trace-where" aria-live="polite" data-testid="trace-where">
        {where}{iterationNumber(trace, index) > 1 ? ` · run ${iterationNumber(trace, index)} of this line` : ""}
      </p>
      <div className="trace-body">
        <TraceCodeView program={program} marks={marks} onToggleLine={toggleLine} />
        <div className="trace-side">
          <h3>Call stack</h3>
          <Table caption="Call stack and variables at this step" data-testid="call-stack">
            <thead><tr><th scope="col">Frame</th><th scope="col">Line</th><th scope="col">Variables</th></tr></thead>
            <tbody>
              {[...stack].reverse().map((entry) => (
                <tr key={`${entry.frameId}-${entry.depth}`}>
                  <td><code>{entry.frame}</code></td>
                  <td>{entry.line}</td>
                  <td className="trace-vars">{Object.keys(entry.variables).length === 0 ? "—" : Object.entries(entry.variables).map(([name, value]) => (
                    <div key={name}><code>{name}</code> = <code title={value}>{value.length > 80 ? `${value.slice(0, 80)}…` : value}</code></div>
                  ))}</td>
                </tr>
              ))}
            </tbody>
          </Table>
          <h3>Output so far</h3>
          <pre className="trace-stdout" data-testid="trace-stdout" tabIndex={0}>{stdout || "(nothing printed yet)"}</pre>
        </div>
      </div>
    </div>
  );
}
