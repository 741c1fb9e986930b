/**
 * A round selection as the CLI takes it: one round ("2"), a range ("1-3") or a comma list of either
 * ("1,3" or "1-2,4"). Rounds are 1-based. Returns them ascending without repeats; throws an Error whose
 * message says what is wrong (the CLI turns it into a usage error).
 */
export function parseRoundList(text: string): number[] {
  const rounds = new Set<number>();
  for (const part of text.split(",").map((item) => item.trim())) {
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range) {
      const [from, to] = [Number(range[1]), Number(range[2])];
      if (from < 1 || to < from) throw new Error(`"${part}" is not a range of rounds (from ≥ 1 up to a later round).`);
      for (let round = from; round <= to; round++) rounds.add(round);
    } else if (/^\d+$/.test(part) && Number(part) >= 1) {
      rounds.add(Number(part));
    } else {
      throw new Error(`"${part}" is not a round number (1, 2, …), a range (1-3) or a comma list (1,3).`);
    }
  }
  return [...rounds].sort((a, b) => a - b);
}
