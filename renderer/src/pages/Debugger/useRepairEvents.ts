import { useEffect, useState } from "react";
import type { RepairPrompt, RepairSample } from "../../../../native/api/index";
import { api } from "../../api/client";

/** What the `repair` events of one job said so far: its prompt, the text streamed per completion, the judged samples. */
export interface RepairStream {
  prompt: RepairPrompt | null;
  texts: Record<number, string>;
  samples: RepairSample[];
}

const empty: RepairStream = { prompt: null, texts: {}, samples: [] };

/**
 * Every repair job's events since the page opened, kept by job id. Subscribed before any job starts, so the
 * events a job sends before its start call returns are kept too (the class of bug issue 11 names).
 */
export function useRepairEvents(): (jobId: string | null) => RepairStream {
  const [streams, setStreams] = useState<Record<string, RepairStream>>({});
  useEffect(() => api.subscribe((event) => {
    if (event.topic !== "repair") return;
    const payload = event.payload;
    setStreams((all) => {
      const current = all[payload.jobId] ?? empty;
      if (payload.kind === "prompt") return { ...all, [payload.jobId]: { ...current, prompt: payload.prompt } };
      if (payload.kind === "tokens") {
        const texts = { ...current.texts };
        for (const delta of payload.deltas) texts[delta.index] = (texts[delta.index] ?? "") + delta.text;
        return { ...all, [payload.jobId]: { ...current, texts } };
      }
      const samples = [...current.samples.filter((s) => s.index !== payload.sample.index), payload.sample].sort((a, b) => a.index - b.index);
      return { ...all, [payload.jobId]: { ...current, samples } };
    });
  }), []);
  return (jobId) => (jobId ? streams[jobId] ?? empty : empty);
}
