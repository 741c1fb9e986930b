import { json } from "@codemirror/lang-json";
import { python } from "@codemirror/lang-python";
import { Compartment, type Extension } from "@codemirror/state";
import { ViewPlugin } from "@codemirror/view";

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

/**
 * The language's CodeMirror support. Python and JSON are small and bundled with the view; Jinja brings HTML,
 * CSS and JavaScript along, so it is its own chunk, loaded the first time a chat template is shown.
 */
export function languageExtension(language: CodeLanguage): Extension {
  if (language === "python") return python();
  if (language === "json") return json();
  if (language === "jinja") return lazyLanguage(() => import("@codemirror/lang-jinja").then(({ jinja }) => jinja()));
  return [];
}

function lazyLanguage(load: () => Promise<Extension>): Extension {
  const compartment = new Compartment();
  const loader = ViewPlugin.define((view) => {
    let isAlive = true;
    void load().then((support) => isAlive && view.dispatch({ effects: compartment.reconfigure(support) }));
    return { destroy: () => void (isAlive = false) };
  });
  return [compartment.of([]), loader];
}
