/**
 * Shortens a value's repr to at most `maxChars` characters, marking the cut with "...". A bracketed or quoted
 * repr keeps its closing character so the type stays readable: `[1, 2, 3, ...]`, `'abcdef...'`; a
 * container is cut after a whole element.
 */
export function cutRepr(options: {
  repr: string;
  /** At most this many characters in the result; values under 8 are treated as 8. */
  maxChars: number;
}): string {
  const { repr } = options;
  const maxChars = Math.max(8, options.maxChars);
  const chars = Array.from(repr); // by code point, so a cut never splits a surrogate pair
  if (chars.length <= maxChars) return repr;
  const last = chars[chars.length - 1];
  const closer = CLOSERS.has(last) && OPENER_OF[last] !== undefined && repr.includes(OPENER_OF[last]) ? last : "";
  let head = chars.slice(0, maxChars - 3 - closer.length).join("");
  // A container is cut after its last whole element, so a number is never shown shortened ("1..." for 11).
  const boundary = closer !== "" && "])}".includes(closer) ? head.lastIndexOf(", ") : -1;
  if (boundary > 0) head = head.slice(0, boundary + 2);
  return head + "..." + closer;
}

const OPENER_OF: Record<string, string> = { ")": "(", "]": "[", "}": "{", "'": "'", '"': '"', ">": "<" };
const CLOSERS = new Set(Object.keys(OPENER_OF));
