import { jinja } from "@codemirror/lang-jinja";
import { json } from "@codemirror/lang-json";
import { python } from "@codemirror/lang-python";
import type { Extension } from "@codemirror/state";

export type CodeLanguage = "python" | "jinja" | "json" | "text";

/**
 * The language of a text by its content: JSON when it parses as an object or array, Jinja when it holds
 * template tags (chat templates), Python otherwise (programs, tests, traces, completions).
 */
export function detectLanguage(text: string): CodeLanguage {
  const trimmed = text.trim();
  if (/^[[{]/.test(trimmed)) {
    try {
      JSON.parse(trimmed);
      return "json";
    } catch {
      // Not JSON: a Python list or dict literal, say.
    }
  }
  if (/\{%-?\s*\w|\{\{-?\s*[\w'"]/.test(text)) return "jinja";
  return "python";
}

export function languageExtension(language: CodeLanguage): Extension {
  if (language === "python") return python();
  if (language === "json") return json();
  if (language === "jinja") return jinja();
  return [];
}
