import { useEffect, useState } from "react";
import type { EvaluationComparison, EvaluationResult } from "../../../../native/api/index";
import { api } from "../../api/client";
import type { ApiError } from "../../api/transport";
import { useApi } from "../../api/useApi";
import { EmptyState, Notice, Panel, Select, Table } from "../ui";
import { describeComparison, evaluationLabel, percent, points, sharedKs, verdictMix } from "./formatComparison";

/** One evaluation's conditions side by side (with and without trace, with and without hints): pass@k and verdicts. */
export function ConditionTable({ result, title }: { result: EvaluationResult; title: string }) {
  const ks = result.config.ks;
  return (
    <Table caption={`${title}: ${result.evaluationId} by condition`} data-testid={`conditions-${title}`}>
      <thead>
        <tr><th>{title}: condition</th><th className="num">tasks</th>{ks.map((k) => <th key={k} className="num">pass@{k}</th>)}<th>verdicts</th><th className="num">trace-check</th></tr>
      </thead>
      <tbody>
        {result.conditions.map((condition) => (
          <tr key={condition.id}>
            <td>{condition.id}</td>
            <td className="num">{condition.tasks.length}</td>
            {ks.map((k) => <td key={k} className="num">{percent(condition.passAtK[String(k)])}</td>)}
            <td>{verdictMix(condition)}</td>
            <td className="num">{condition.checkScore.mean === null ? "—" : condition.checkScore.mean.toFixed(2)}</td>
          </tr>
        ))}
      </tbody>
    </Table>
  );
}

/**
 * Two evaluations side by side (e.g. the base model vs round n, docs/evaluation.md): each one's conditions with
 * pass@k and verdict breakdowns, and pass@k of the chosen conditions compared over the tasks both scored, with a
 * paired bootstrap confidence interval of the difference (compareEvaluations).
 */
export function EvaluationCompare({ initialIds }: { initialIds?: [string, string] } = {}) {
  const list = useApi(() => api.listEvaluations(), []);
  const [baseId, setBaseId] = useState(initialIds?.[0] ?? "");
  const [otherId, setOtherId] = useState(initialIds?.[1] ?? "");
  const [baseCondition, setBaseCondition] = useState("");
  const [otherCondition, setOtherCondition] = useState("");
  const [k, setK] = useState("");
  const [results, setResults] = useState<{ base: EvaluationResult; other: EvaluationResult } | null>(null);
  const [comparison, setComparison] = useState<EvaluationComparison | null>(null);
  const [error, setError] = useState<string | null>(null);

  const infos = list.data ?? [];
  // Until chosen: the two newest evaluations, the older as the base.
  useEffect(() => {
    if (infos.length >= 2 && !baseId && !otherId) {
      setBaseId(infos[1].id);
      setOtherId(infos[0].id);
    }
  }, [infos, baseId, otherId]);
  const base = infos.find((info) => info.id === baseId);
  const other = infos.find((info) => info.id === otherId);
  const ks = sharedKs(base, other);
  const chosenK = ks.includes(Number(k)) ? Number(k) : ks[0];

  useEffect(() => {
    if (!baseId || !otherId) return;
    let isCurrent = true;
    setError(null);
    Promise.all([api.getEvaluation({ id: baseId }), api.getEvaluation({ id: otherId })])
      .then(([b, o]) => isCurrent && setResults({ base: b, other: o }))
      .catch((failure: ApiError) => isCurrent && setError(failure.message));
    return () => {
      isCurrent = false;
    };
  }, [baseId, otherId]);

  useEffect(() => {
    if (!baseId || !otherId || chosenK === undefined) return;
    let isCurrent = true;
    api.compareEvaluations({ baseId, otherId, k: chosenK, ...(baseCondition ? { baseCondition } : {}), ...(otherCondition ? { otherCondition } : {}) })
      .then((value) => isCurrent && (setComparison(value), setError(null)))
      .catch((failure: ApiError) => isCurrent && (setComparison(null), setError(failure.message)));
    return () => {
      isCurrent = false;
    };
  }, [baseId, otherId, chosenK, baseCondition, otherCondition]);

  if (list.error) return <Notice tone="error">Could not list evaluations: {list.error.message}</Notice>;
  if (!list.isLoading && infos.length === 0) {
    return <EmptyState title="No evaluations yet">Run one with <code>tracetune eval --tasks SET --model M.gguf</code>, or finish a round: its dev check is an evaluation.</EmptyState>;
  }
  const options = infos.map((info) => ({ value: info.id, label: evaluationLabel(info) }));
  const conditionOptions = (conditions: string[] | undefined) => [{ value: "", label: "first condition" }, ...(conditions ?? []).map((id) => ({ value: id, label: id }))];
  return (
    <Panel title="Compare evaluations" data-testid="evaluation-compare">
      <div className="ui-row">
        <Select label="Base" value={baseId} options={[{ value: "", label: "choose…" }, ...options]} onChange={(value) => (setBaseId(value), setBaseCondition(""))} />
        <Select label="Base condition" value={baseCondition} options={conditionOptions(base?.conditions)} onChange={setBaseCondition} />
        <Select label="Other" value={otherId} options={[{ value: "", label: "choose…" }, ...options]} onChange={(value) => (setOtherId(value), setOtherCondition(""))} />
        <Select label="Other condition" value={otherCondition} options={conditionOptions(other?.conditions)} onChange={setOtherCondition} />
        <Select label="k" value={chosenK === undefined ? "" : String(chosenK)} options={ks.length > 0 ? ks.map((value) => ({ value: String(value), label: `pass@${value}` })) : [{ value: "", label: "no shared k" }]} onChange={setK} />
      </div>
      {error && <Notice tone="error">{error}</Notice>}
      {comparison && (
        <>
          <Notice tone="info" data-testid="comparison-summary">{describeComparison(comparison)}</Notice>
          <Table caption="pass@k compared over paired tasks" data-testid="comparison-table">
            <thead><tr><th /><th className="num">base</th><th className="num">other</th><th className="num">difference</th><th className="num">{comparison.interval ? `${Math.round(comparison.interval.confidence * 100)} % CI` : "CI"}</th></tr></thead>
            <tbody>
              <tr>
                <td>pass@{comparison.k} ({comparison.condition.base} vs {comparison.condition.other})</td>
                <td className="num">{percent(comparison.base)}</td>
                <td className="num">{percent(comparison.other)}</td>
                <td className="num">{points(comparison.difference)}</td>
                <td className="num">{comparison.interval ? `${points(comparison.interval.low)} to ${points(comparison.interval.high)}` : "—"}</td>
              </tr>
            </tbody>
          </Table>
          {(comparison.onlyInBase.length > 0 || comparison.onlyInOther.length > 0) && (
            <p className="ui-hint">Not paired: {comparison.onlyInBase.length} task(s) scored only in the base, {comparison.onlyInOther.length} only in the other (n below k, or not evaluated).</p>
          )}
        </>
      )}
      {results && (
        <>
          <ConditionTable result={results.base} title="base" />
          <ConditionTable result={results.other} title="other" />
        </>
      )}
    </Panel>
  );
}
