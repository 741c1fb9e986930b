import { useEffect, useState } from "react";

/**
 * Hash routes: `#/page/segment/segment`. Each segment is URI-encoded on its own, so an id holding "/" is one
 * segment (`#/tasks/demo%2Fclamp`). Hash routes work alike in the web host and in Electron's file:// page,
 * and every change is a history entry, so Back closes what a click opened.
 */
export interface Route {
  page: string;
  params: string[];
}

export function parseRoute(hash: string): Route {
  const [page = "", ...params] = hash.replace(/^#\/?/, "").split("/").map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
  return { page, params: params.filter((segment) => segment !== "") };
}

export function routeHref(page: string, ...params: Array<string | number>): string {
  return `#/${[page, ...params.map((param) => encodeURIComponent(String(param)))].join("/")}`;
}

/** Goes to a route (a new history entry); `replace` changes the current entry instead. */
export function navigate(href: string, { replace = false }: { replace?: boolean } = {}): void {
  if (replace) {
    history.replaceState(history.state, "", href);
    window.dispatchEvent(new HashChangeEvent("hashchange"));
  } else {
    location.hash = href;
  }
}

export function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(location.hash));
  useEffect(() => {
    const onHashChange = () => setRoute(parseRoute(location.hash));
    window.addEventListener("hashchange", onHashChange);
    return () => window.removeEventListener("hashchange", onHashChange);
  }, []);
  return route;
}
