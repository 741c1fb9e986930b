import { useEffect, useState } from "react";
import { api } from "../api/client";
import { JobTray } from "../components/JobTray/JobTray";
import { pages } from "./pages";

function currentPageId(): string {
  const id = location.hash.replace(/^#\/?/, "");
  return pages.some((page) => page.id === id) ? id : "settings";
}

/** The app shell: navigation on the left, one page at a time, routed by the URL hash. */
export function App() {
  const [pageId, setPageId] = useState(currentPageId);
  useEffect(() => {
    const onHashChange = () => setPageId(currentPageId());
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, []);
  useEffect(() => {
    // Apply the saved theme; "system" leaves it to the OS.
    api.getSettings().then(
      (view) => (document.documentElement.style.colorScheme = view.settings.theme === "system" ? "light dark" : view.settings.theme),
      () => {},
    );
  }, [pageId]);
  const page = pages.find((entry) => entry.id === pageId)!;
  return (
    <div className="shell">
      <nav className="nav" aria-label="Main">
        <div className="brand">tracetune</div>
        {pages.map((entry) => (
          <a key={entry.id} href={`#/${entry.id}`} className={entry.id === pageId ? "active" : ""} aria-current={entry.id === pageId ? "page" : undefined}>
            {entry.title}
          </a>
        ))}
        <JobTray />
      </nav>
      <main className="page" data-page={page.id}>
        {page.render()}
      </main>
    </div>
  );
}
