import type { UserSettings } from "../../../native/api/index";

const media = typeof window !== "undefined" ? window.matchMedia("(prefers-color-scheme: dark)") : null;
let current: UserSettings["theme"] = "system";
media?.addEventListener("change", () => current === "system" && applyTheme("system"));

/** Sets the theme tokens (components/ui/theme.css) for "light", "dark" or the OS's choice. */
export function applyTheme(theme: UserSettings["theme"]): void {
  current = theme;
  const resolved = theme === "system" ? (media?.matches ? "dark" : "light") : theme;
  document.documentElement.dataset.theme = resolved;
}
