/**
 * Progress from one line of build output: Ninja prints "[12/345] Building CXX object …", Make prints
 * "[ 37%] Building …" (then done/total is a percentage), MSBuild prints neither. Null for any other line.
 */
export function parseBuildProgress(line: string): { done: number; total: number } | null {
  const ninja = /^\[(\d+)\/(\d+)\]\s/.exec(line);
  if (ninja) {
    const total = Number(ninja[2]);
    return total > 0 ? { done: Math.min(Number(ninja[1]), total), total } : null;
  }
  const make = /^\[\s*(\d{1,3})%\]\s/.exec(line);
  if (make) return { done: Math.min(Number(make[1]), 100), total: 100 };
  return null;
}
