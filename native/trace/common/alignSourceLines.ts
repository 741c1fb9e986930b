/**
 * Which lines of two versions of a program stand for the same place: lines equal after trimming that a
 * longest common subsequence pairs up, and lines changed between the same two paired lines (one hunk of an
 * edit, e.g. `s -= i` fixed to `s += i`). Returns a predicate over 1-based line numbers.
 */
export function alignSourceLines(options: { a: readonly string[]; b: readonly string[] }): (lineA: number, lineB: number) => boolean {
  const a = options.a.map((line) => line.trim());
  const b = options.b.map((line) => line.trim());
  // Past this size the quadratic table is too big; such programs are compared by position of equal text only.
  const maxCells = 4_000_000;
  const pairOfA = new Map<number, number>();
  if (a.length * b.length <= maxCells) {
    const width = b.length + 1;
    const table = new Uint32Array((a.length + 1) * width);
    for (let i = a.length - 1; i >= 0; i -= 1) {
      for (let j = b.length - 1; j >= 0; j -= 1) {
        table[i * width + j] = a[i] === b[j] ? table[(i + 1) * width + j + 1] + 1 : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
      }
    }
    for (let i = 0, j = 0; i < a.length && j < b.length; ) {
      if (a[i] === b[j]) {
        pairOfA.set(i + 1, j + 1);
        i += 1;
        j += 1;
      } else if (table[(i + 1) * width + j] >= table[i * width + j + 1]) i += 1;
      else j += 1;
    }
  }
  const hunkA = hunks(a.length, new Set(pairOfA.keys()));
  const hunkB = hunks(b.length, new Set(pairOfA.values()));
  const isPairedB = new Set(pairOfA.values());
  return (lineA, lineB) => {
    const paired = pairOfA.get(lineA);
    if (paired !== undefined) return paired === lineB;
    if (isPairedB.has(lineB)) return false;
    if (a.length * b.length > maxCells) return a[lineA - 1] === b[lineB - 1];
    return hunkA[lineA] === hunkB[lineB];
  };
}

/** Hunk number of each unpaired line: how many paired lines come before it. */
function hunks(length: number, paired: Set<number>): number[] {
  const out = new Array<number>(length + 1).fill(0);
  let count = 0;
  for (let line = 1; line <= length; line += 1) {
    if (paired.has(line)) count += 1;
    out[line] = count;
  }
  return out;
}
