import { useEffect, useRef } from "react";
import uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import "./chart.css";

export interface ChartSeries {
  label: string;
  /** One value per x; null leaves a gap (e.g. a round not checked yet). */
  values: Array<number | null>;
  /** A CSS colour; default: the palette by position. */
  color?: string;
}

/** Colour-blind-safe palette (Okabe–Ito), readable on light and dark surfaces. */
const palette = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442"];

/**
 * A small line or bar chart (uPlot: ~50 KB, canvas, fast with long series). Used for per-round figures and
 * training loss. The chart is described in text too (`summary`), since a canvas says nothing to a screen reader.
 */
export function Chart({ title, x, xLabel, yLabel, series, kind = "line", height = 220, summary, yRange, "data-testid": testId }: {
  title: string;
  x: number[];
  xLabel: string;
  yLabel: string;
  series: ChartSeries[];
  kind?: "line" | "bars";
  height?: number;
  /** What the chart shows, in words (announced instead of the canvas). */
  summary: string;
  /** Fixed y range, e.g. [0, 1] for pass@k. Default: from the data. */
  yRange?: [number, number];
  "data-testid"?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = host.current!;
    const style = getComputedStyle(element);
    const text = style.getPropertyValue("--text").trim() || "#333";
    const grid = style.getPropertyValue("--border").trim() || "#ddd";
    const axis = { stroke: text, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } };
    const bars = kind === "bars" ? uPlot.paths.bars!({ size: [0.6 / Math.max(1, series.length), 40], gap: 2 }) : undefined;
    const plot = new uPlot({
      width: Math.max(240, element.clientWidth),
      height,
      legend: { show: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: false }, y: yRange ? { range: yRange } : {} },
      axes: [{ ...axis, label: xLabel, incrs: [1, 2, 5, 10, 20, 50, 100, 1000] }, { ...axis, label: yLabel }],
      series: [
        { label: xLabel },
        ...series.map((s, i) => ({
          label: s.label,
          stroke: s.color ?? palette[i % palette.length],
          fill: kind === "bars" ? `${s.color ?? palette[i % palette.length]}cc` : undefined,
          width: 2,
          points: { show: x.length < 40, size: 7 },
          spanGaps: false,
          paths: bars,
        })),
      ],
    }, [x, ...series.map((s) => s.values)] as uPlot.AlignedData, element);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(240, element.clientWidth), height }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [x, series, kind, height, xLabel, yLabel, yRange]);
  return (
    <figure className="chart" data-testid={testId}>
      <figcaption className="chart-title">{title}</figcaption>
      <div ref={host} className="chart-canvas" role="img" aria-label={`${title}: ${summary}`} />
    </figure>
  );
}
