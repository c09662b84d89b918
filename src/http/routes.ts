import type http from "node:http";

/**
 * A page or endpoint a slice serves on the process's HTTP server (the public
 * verification pages of documents, issue 12). `pattern` is matched against the
 * path (no query string) and should be anchored; `handle` answers the request
 * itself and may throw (the server answers 500 and logs it). A GET route also
 * answers HEAD (Node sends the headers without the body).
 */
export interface HttpRoute {
  method: "GET";
  pattern: RegExp;
  handle(req: http.IncomingMessage, res: http.ServerResponse, match: RegExpExecArray): Promise<void>;
}

/** The first route for a request's method and path, and its match. */
export function findRoute(routes: readonly HttpRoute[], method: string | undefined, pathname: string): { route: HttpRoute; match: RegExpExecArray } | undefined {
  const wanted = method === "HEAD" ? "GET" : method;
  for (const route of routes) {
    if (route.method !== wanted) continue;
    // A fresh exec each time: a /g or /y pattern's lastIndex must not carry over between requests.
    route.pattern.lastIndex = 0;
    const match = route.pattern.exec(pathname);
    if (match) return { route, match };
  }
  return undefined;
}
