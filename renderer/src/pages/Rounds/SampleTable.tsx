import { useVirtualizer } from "@tanstack/react-virtual";
import { useEffect, useRef, useState } from "react";
import type { RoundSampleRecord, RoundSampleVerdict } from "../../../../native/api/index";
import { api } from "../../api/client";
import { routeHref } from "../../app/route";
import { Select, TextField } from "../../components/ui";

const PAGE = 200;
const verdicts = ["pass", "fail", "error", "timeout", "unparsable", "syntax", "violation", "memory", "missing_entry_point", "output_limit"] as const;

interface Filters {
  round: string;
  verdict: "" | RoundSampleVerdict;
  kept: "" | "kept" | "dropped";
  taskId: string;
}

/**
 * A round's samples (tens of thousands): a virtualised list whose rows are fetched a page at a time as they
 * scroll into view, filtered by round, verdict, task and kept. A row opens the sample (`#/rounds/<run>/sample/…`).
 */
export function SampleTable({ run, rounds, version }: { run: string; rounds: number[]; version: number }) {
  const [filters, setFilters] = useState<Filters>({ round: "", verdict: "", kept: "", taskId: "" });
  const [total, setTotal] = useState<number | null>(null);
  const [rows, setRows] = useState<Map<number, RoundSampleRecord>>(new Map());
  const requested = useRef(new Set<number>());
  const scroller = useRef<HTMLDivElement>(null);
  const query = { name: run, ...(filters.round ? { round: Number(filters.round) } : {}), ...(filters.verdict ? { verdict: filters.verdict } : {}), ...(filters.kept ? { kept: filters.kept === "kept" } : {}), ...(filters.taskId.trim() ? { taskId: filters.taskId.trim() } : {}) };
  const queryKey = JSON.stringify(query);

  const loadPage = (page: number) => {
    if (requested.current.has(page)) return;
    requested.current.add(page);
    void api.listRoundSamples({ ...query, offset: page * PAGE, limit: PAGE }).then((result) => {
      setTotal(result.total);
      setRows((current) => {
        const next = new Map(current);
        result.samples.forEach((sample, i) => next.set(page * PAGE + i, sample));
        return next;
      });
    }, () => requested.current.delete(page));
  };
  useEffect(() => {
    requested.current = new Set();
    setRows(new Map());
    setTotal(null);
    loadPage(0);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [queryKey, version]);

  const virtualizer = useVirtualizer({ count: total ?? 0, getScrollElement: () => scroller.current, estimateSize: () => 34, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  useEffect(() => {
    for (const item of items) if (!rows.has(item.index)) loadPage(Math.floor(item.index / PAGE));
  });

  return (
    <div className="sample-table" data-testid="round-samples">
      <div className="form-row">
        <Select label="Round" value={filters.round} onChange={(round) => setFilters({ ...filters, round })} options={[{ value: "", label: "every round" }, ...rounds.map((r) => ({ value: String(r), label: `round ${r}` }))]} />
        <Select label="Verdict" value={filters.verdict} onChange={(verdict) => setFilters({ ...filters, verdict })} options={[{ value: "", label: "any verdict" }, ...verdicts.map((v) => ({ value: v, label: v.replace(/_/g, " ") }))]} />
        <Select label="Kept" value={filters.kept} onChange={(kept) => setFilters({ ...filters, kept })} options={[{ value: "", label: "kept or not" }, { value: "kept", label: "kept" }, { value: "dropped", label: "dropped" }]} />
        <TextField label="Task" value={filters.taskId} placeholder="e.g. demo/clamp" onChange={(e) => setFilters({ ...filters, taskId: e.target.value })} />
      </div>
      <p className="muted" data-testid="round-samples-count">{total === null ? "Loading…" : `${total.toLocaleString()} sample${total === 1 ? "" : "s"}`}</p>
      <div className="sample-grid-head" aria-hidden="true"><span>Round</span><span>Task</span><span>#</span><span>Verdict</span><span>Kept</span><span>Tests</span><span>Claims</span></div>
      <div ref={scroller} className="sample-scroller" role="list" aria-label="Samples">
        <div style={{ height: virtualizer.getTotalSize(), position: "relative" }}>
          {items.map((item) => {
            const sample = rows.get(item.index);
            return (
              <div key={item.key} role="listitem" className="sample-grid-row" style={{ position: "absolute", top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}>
                {sample ? (
                  <a href={routeHref("rounds", run, "sample", sample.round, sample.taskId, sample.sampleIndex)} className="sample-grid-link" data-testid="round-sample-row">
                    <span>{sample.round}</span>
                    <span className="sample-task">{sample.taskId}</span>
                    <span>{sample.sampleIndex}</span>
                    <span className={sample.verdict === "pass" ? "verdict-good" : "verdict-bad"}>{sample.verdict.replace(/_/g, " ")}</span>
                    <span>{sample.kept ? "kept" : sample.droppedReason?.replace(/_/g, " ") ?? "—"}</span>
                    <span>{sample.tests.passed}/{sample.tests.total}</span>
                    <span>{sample.checkScore === null ? "—" : `${Math.round(sample.checkScore * 100)}%`}</span>
                  </a>
                ) : <span className="muted">…</span>}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
