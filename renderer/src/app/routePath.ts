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
