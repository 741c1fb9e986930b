import type { Readable } from "node:stream";

/** One line of a stream: its bytes (without the \n), or, past the limit, only its length so far. */
/** `isTerminated` is false only for a last line the file does not end with a \n (a torn append). */
export type LimitedLine = { line: number; isTerminated: boolean } & ({ bytes: Buffer; overLimit: false } | { bytes: null; overLimit: true; seenBytes: number });

/**
 * Splits a byte stream at \n, yielding each line with its 1-based number. A line longer than `maxLineBytes` is
 * never held in memory: once it passes the limit its bytes are dropped up to the next \n, and it is yielded as
 * `overLimit` (with the bytes seen) so the reader can report it by number and go on with the next line.
 */
export async function* readLimitedLines(source: Readable, { maxLineBytes }: { maxLineBytes: number }): AsyncGenerator<LimitedLine> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let skipping = false;
  let line = 0;
  const take = (piece: Buffer) => {
    if (skipping) {
      pendingBytes += piece.length;
      return;
    }
    pending.push(piece);
    pendingBytes += piece.length;
    if (pendingBytes > maxLineBytes) {
      skipping = true;
      pending = [];
    }
  };
  const finish = (isTerminated: boolean): LimitedLine => {
    line += 1;
    const result: LimitedLine = skipping
      ? { line, isTerminated, bytes: null, overLimit: true, seenBytes: pendingBytes }
      : { line, isTerminated, bytes: pending.length === 1 ? pending[0] : Buffer.concat(pending), overLimit: false };
    pending = [];
    pendingBytes = 0;
    skipping = false;
    return result;
  };
  for await (const chunk of source) {
    const buffer = chunk as Buffer;
    let start = 0;
    for (let end = buffer.indexOf(10, start); end !== -1; end = buffer.indexOf(10, start)) {
      take(buffer.subarray(start, end));
      yield finish(true);
      start = end + 1;
    }
    // Copy the tail: a subarray would keep the whole chunk alive while the line goes on.
    if (start < buffer.length) take(Buffer.from(buffer.subarray(start)));
  }
  if (pendingBytes > 0 || skipping) yield finish(false);
}
