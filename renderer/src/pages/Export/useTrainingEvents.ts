import { useEffect, useRef, useState } from "react";
import type { TrainingPoint } from "../../../../native/api/index";
import { api } from "../../api/client";

export interface TrainingFeed {
  points: TrainingPoint[];
  logLines: string[];
}

/** Log lines kept per job (a tail: the trainer can print one line per batch). */
const maxLogLines = 2000;

/**
 * The `training` events of every job since the panel mounted, buffered by job id, and the feed of `jobId`.
 * Buffering from mount (not from when the id is known) keeps the first points a fast trainer pushes before
 * startTraining's reply arrives.
 */
export function useTrainingFeed(jobId: string | null): TrainingFeed {
  const feeds = useRef(new Map<string, TrainingFeed>());
  const [, setVersion] = useState(0);
  useEffect(() => api.subscribe((event) => {
    if (event.topic !== "training") return;
    const { jobId: id, points, logLines } = event.payload as { jobId: string; points: TrainingPoint[]; logLines: string[] };
    const previous = feeds.current.get(id) ?? { points: [], logLines: [] };
    feeds.current.set(id, { points: [...previous.points, ...points], logLines: [...previous.logLines, ...logLines].slice(-maxLogLines) });
    setVersion((v) => v + 1);
  }), []);
  return (jobId ? feeds.current.get(jobId) : undefined) ?? { points: [], logLines: [] };
}
