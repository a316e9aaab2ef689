/**
 * An absolute URL's origin and what follows it (path and query), cut from the string: the URL
 * a `Request` holds is already parsed and normalised, so parsing it again per bePaid call (as
 * `new URL` does) buys nothing. `http://host:1/a/b?c` → `["http://host:1", "/a/b?c"]`.
 */
export function originAndPath(url: string): [origin: string, path: string] {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  return start === -1 ? [url, "/"] : [url.slice(0, start), url.slice(start)];
}
