import { useEffect } from "react";
import { api } from "../api/client";
import { JobTray } from "../components/JobTray/JobTray";
import { LoadedModelIndicator } from "../components/LoadedModel/LoadedModelIndicator";
import { ToastProvider } from "../components/ui";
import { jobStore } from "../api/useJobs";
import { applyTheme } from "./applyTheme";
import { appNotificationHost } from "./appNotifications";
import { watchFinishedJobs } from "./finishNotifications";
import { defaultPageId, pages } from "./pages";
import { routeHref, useRoute } from "./route";

/**
 * The app shell: navigation, the loaded model and the job tray in a sidebar fixed to the window (so the tray
 * is in view whatever the scroll), and one page at a time, routed by the URL hash.
 */
export function App() {
  const route = useRoute();
  const page = pages.find((entry) => entry.id === route.page) ?? pages.find((entry) => entry.id === defaultPageId)!;
  useEffect(() => {
    api.getSettings().then((view) => applyTheme(view.settings.theme), () => {});
  }, []);
  // A long job that ends while the window is hidden or unfocused shows a system notification (Settings: jobs.notifyOnFinish).
  useEffect(() => watchFinishedJobs(jobStore, appNotificationHost()), []);
  useEffect(() => {
    document.title = `${page.title} · tracetune`;
  }, [page.title]);
  return (
    <ToastProvider>
      <a className="skip-link" href="#main" onClick={(event) => (event.preventDefault(), document.getElementById("main")?.focus())}>Skip to content</a>
      <div className="shell">
        <aside className="sidebar">
          <div className="brand">tracetune</div>
          <nav className="nav" aria-label="Main">
            {pages.map((entry) => (
              <a key={entry.id} href={routeHref(entry.id)} className={entry.id === page.id ? "active" : ""} aria-current={entry.id === page.id ? "page" : undefined}>
                {entry.title}
              </a>
            ))}
          </nav>
          <LoadedModelIndicator />
          <JobTray />
        </aside>
        <main className="page" id="main" tabIndex={-1} data-page={page.id}>
          {page.render(route.page === page.id ? route.params : [])}
        </main>
      </div>
    </ToastProvider>
  );
}
