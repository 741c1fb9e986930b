import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { FinetuneOutputParser } from "../../../native/training/common/FinetuneOutputParser.js";

/**
 * Real stderr of upstream llama-finetune v0.4.0 (the bundled release): the tiny test model, -c 128, 2 epochs,
 * -val-split 0.1 (90 training and 12 validation windows per epoch); captured with 2>file.
 */
const captured = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "llama-finetune-v0.4.0-tiny-c128-2epochs.stderr"), "utf8");

describe("FinetuneOutputParser on llama-finetune's real output", () => {
  it("parses every progress update into points and both epochs' final losses", () => {
    const parser = new FinetuneOutputParser();
    const points = [...parser.push(captured), ...parser.end()];
    const train = points.filter((p) => p.phase === "train");
    const val = points.filter((p) => p.phase === "val");
    expect(train).toHaveLength(2 * 90);
    expect(val).toHaveLength(2 * 12);
    expect(train[0]).toMatchObject({ epoch: 1, batch: 1, batches: 90, lossUncertainty: null });
    expect(train.at(-1)).toMatchObject({ epoch: 2, batch: 90, batches: 90 });
    expect(train.at(-1)!.loss).toBeCloseTo(1.47968, 5);
    expect(train.at(-1)!.accuracy).toBeCloseTo(0.5746, 4);
    const epochs = parser.results();
    expect(epochs.map((e) => e.epoch)).toEqual([1, 2]);
    expect(epochs[1].valLoss).toBeCloseTo(1.20355, 5);
    expect(epochs[1].loss!).toBeLessThan(epochs[0].loss!);
    // The log keeps the non-progress lines (the tool's own settings line among them), never a progress update.
    expect(parser.logLines.some((line) => line.includes("-optimizer adamw"))).toBe(true);
    expect(parser.logLines.some((line) => line.startsWith("train:"))).toBe(false);
  });

  it("gives the same result however the stream is chunked", () => {
    const whole = new FinetuneOutputParser();
    const expected = [...whole.push(captured), ...whole.end()];
    const chunked = new FinetuneOutputParser();
    const got = [];
    for (let i = 0; i < captured.length; i += 37) got.push(...chunked.push(captured.slice(i, i + 37)));
    got.push(...chunked.end());
    expect(got).toEqual(expected);
    expect(chunked.results()).toEqual(whole.results());
  });

  it("counts epochs from a LoRA fork's 'Starting epoch N' lines, and from restarts when a trainer logs none", () => {
    const bar = (phase: string, done: number, total: number, loss: string) => `${phase}: [██  ] data=${String(done).padStart(7, "0")}/${String(total).padStart(7, "0")} loss=${loss}±0.01 acc=50.00±1.00% t=00:00:01 ETA=00:00:02 \r`;
    const fork = new FinetuneOutputParser();
    fork.push(`Starting epoch 0 (step 0)\n${bar("train", 1, 2, "3.0")}${bar("train", 2, 2, "2.5")}\nStarting epoch 1 (step 2)\n${bar("train", 1, 2, "2.0")}${bar("train", 2, 2, "1.5")}\n`);
    expect(fork.results()).toEqual([{ epoch: 1, loss: 2.5, accuracy: 0.5 }, { epoch: 2, loss: 1.5, accuracy: 0.5 }]);
    const silent = new FinetuneOutputParser();
    silent.push(`${bar("train", 1, 2, "3.0")}${bar("train", 2, 2, "2.5")}\n${bar("train", 1, 2, "2.0")}${bar("train", 2, 2, "1.5")}\n`);
    expect(silent.results().map((e) => e.epoch)).toEqual([1, 2]);
  });
});
