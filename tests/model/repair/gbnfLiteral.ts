/** A GBNF grammar whose only sentence is `text` (a string literal with quotes, backslashes and newlines escaped). */
export function gbnfLiteral(text: string): string {
  const escaped = text.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n").replace(/\r/g, "\\r").replace(/\t/g, "\\t");
  return `root ::= "${escaped}"`;
}
