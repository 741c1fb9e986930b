/** What a llama.cpp binary's `--version` says about itself. */
export interface LlamaVersion {
  /** The release version ("0.4.0", "0.4.0-dev"); null for builds that print only a build number (before v0.x releases). */
  version: string | null;
  build: number | null;
  commit: string | null;
  /** The first line as printed, for messages. */
  line: string;
}

/**
 * Parses `--version` output (llama.cpp prints it on stderr). Releases print
 * "version: 0.4.0 (build 1, commit 80fb11a)"; older builds print "version: 5123 (abc1234)".
 * Null when no "version:" line is there (not a llama.cpp tool).
 */
export function parseLlamaVersion(output: string): LlamaVersion | null {
  const line = output.split(/\r?\n/).find((l) => l.startsWith("version:"))?.trim();
  if (!line) return null;
  const release = /^version:\s*(\d+\.\d+\.\d+\S*)\s*\(build\s+(\d+),\s*commit\s+([0-9a-f]+|unknown)\)/.exec(line);
  if (release) return { version: release[1], build: Number(release[2]), commit: release[3] === "unknown" ? null : release[3], line };
  const legacy = /^version:\s*(\d+)\s*\(([0-9a-f]+|unknown)\)/.exec(line);
  if (legacy) return { version: null, build: Number(legacy[1]), commit: legacy[2] === "unknown" ? null : legacy[2], line };
  return { version: null, build: null, commit: null, line };
}

/**
 * Why a binary does not match the bundled release `tag` ("v0.4.0"), or null when it does. Only an exact
 * release version matches: "0.4.0-dev" is a development build before that release, and a bare build number
 * cannot be placed against a tag.
 */
export function describeVersionMismatch(found: LlamaVersion | null, tag: string): string | null {
  const wanted = tag.replace(/^v/, "");
  if (!found) return `it printed no llama.cpp version (expected ${wanted}, the release node-llama-cpp bundles)`;
  if (found.version === wanted) return null;
  return `it reports "${found.line}", not release ${wanted} (${tag}, the release node-llama-cpp bundles); results may differ from the app's own sampler`;
}
