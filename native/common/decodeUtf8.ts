/**
 * Decodes bytes as strict UTF-8 (a leading BOM dropped); null when they are not valid UTF-8, so callers can
 * name the file instead of silently feeding U+FFFD replacement characters to a model or the sandbox.
 */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes).replace(/^\uFEFF/, "");
  } catch {
    return null;
  }
}
