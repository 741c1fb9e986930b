import { seededRandom } from "./seededRandom.js";

/** A Fisher–Yates shuffle of a copy of `items` driven by `seed`: the same seed and input give the same order. */
export function seededShuffle<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j], copy[i]];
  }
  return copy;
}
