/**
 * Requests counted by route name, so a test says which requests it expects rather than how many:
 * `assert.deepEqual(countByRoute(log), { 'POST /v1/calls': 1, 'POST /v1/messages': 1 })`.
 */

/** A logged request: a route name already, or a method and a concrete path (the simulator's log). */
export type RequestLike = string | { method: string; path: string };

/**
 * The route a request took: method, then the path without its query and with every id segment
 * (`call_…`, `msg_…`, `agt_…`) written `{id}`, e.g. "GET /v1/calls/{id}/transcript".
 */
export function routeName(request: RequestLike): string {
  if (typeof request === 'string') return request;
  const path = request.path
    .split('?')[0]!
    .split('/')
    .map((segment) => (/^[a-z]+_[A-Za-z0-9]+$/.test(segment) ? '{id}' : segment))
    .join('/');
  return `${request.method} ${path}`;
}

/** How many requests took each route; routes never taken are absent (so a deepEqual pins them all). */
export function countByRoute(requests: readonly RequestLike[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const request of requests) {
    const route = routeName(request);
    counts[route] = (counts[route] ?? 0) + 1;
  }
  return counts;
}
