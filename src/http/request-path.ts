/** A request target's path: what comes before its query (`/graphql?query=…` → `/graphql`). */
export function requestPath(url: string | undefined): string {
  if (url === undefined) return "/";
  // indexOf and slice rather than split: no array per request.
  const query = url.indexOf("?");
  return query === -1 ? url : url.slice(0, query);
}

/** A request target's query with its `?` (`/graphql?query=…` → `?query=…`), or "" when it has none. */
export function requestSearch(url: string | undefined): string {
  const query = url?.indexOf("?") ?? -1;
  return query === -1 ? "" : url!.slice(query);
}
