/** The first top-level `def NAME(` of a module, or null. */
export function findFirstFunction(program: string): string | null {
  const match = /^(?:async\s+)?def\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/m.exec(program.replace(/\r\n?/g, "\n"));
  return match ? match[1] : null;
}

/**
 * MBPP stores no function name: take the first name called in the first assert that the program defines
 * at top level (an assert may also call helpers such as `set` or `math.isclose`).
 */
export function findMbppEntryPoint(program: string, asserts: string[]): string | null {
  const defined = new Set([...program.replace(/\r\n?/g, "\n").matchAll(/^def\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/gm)].map((m) => m[1]));
  for (const assertion of asserts) {
    for (const call of assertion.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) if (defined.has(call[1])) return call[1];
  }
  return null;
}
