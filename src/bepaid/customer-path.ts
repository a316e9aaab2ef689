import { type BepaidCall, BepaidPathError } from "./errors.js";

// Any absolute base works: only how the path resolves under it matters.
const ANY_BASE = "http://bepaid.invalid/";

/**
 * `customers/<id>`, relative to bePaid's base URL, with the id as exactly one encoded segment.
 * Throws {@link BepaidPathError} for an id that cannot be one, so nothing is sent: URL parsing
 * resolves `.` and `..` segments, which would turn the read into `GET /customers/` or `GET /`
 * with the shop's credentials (issue #7), and a lone surrogate has no encoding at all.
 */
export function customerPath(id: string, call: BepaidCall): string {
  let segment: string;
  try {
    segment = encodeURIComponent(id);
  } catch {
    throw new BepaidPathError(call, "the id is not valid Unicode");
  }
  const path = `customers/${segment}`;
  if (!/^customers\/[^/]+$/.test(path) || new URL(path, ANY_BASE).pathname !== `/${path}`) {
    throw new BepaidPathError(call, "the id is not one path segment");
  }
  return path;
}
