import type { BepaidCustomer } from "../bepaid/types.js";
import { decodeCursor } from "./customer-cursor.js";

/** The page size when the caller gives neither `first` nor `last`. */
export const DEFAULT_PAGE_SIZE = 20;
/** The largest `first` or `last`. */
export const MAX_PAGE_SIZE = 100;

/** `customersConnection`'s paging arguments, as the caller gave them. */
export interface PageArguments {
  first?: number | null;
  after?: string | null;
  last?: number | null;
  before?: string | null;
}

/** Which window of the list to return: forwards (`first`) or backwards (`last`), between two customers. */
export interface PageRequest {
  /** Customers from the start of the window; set unless `last` is. */
  first?: number;
  /** Customers from the end of the window. */
  last?: number;
  /** The window starts after this customer. */
  afterId?: string;
  /** The window ends before this customer. */
  beforeId?: string;
}

/** A page of the filtered list, as the Relay cursor connections spec defines its `pageInfo`. */
export interface Page {
  records: readonly BepaidCustomer[];
  hasNextPage: boolean;
  hasPreviousPage: boolean;
}

/** Rails-style errors keyed by argument name, as the gateway's other input checks report them. */
type ArgumentErrors = Record<string, string[]>;

/**
 * Checks the paging arguments before bePaid is called: `first` and `last` from 1 to
 * {@link MAX_PAGE_SIZE} and not both, cursors issued for the shop whose cursor key is `key`. Defaults:
 * `first: 20`, or `last: 20` when only `before` is given.
 */
export function readPageArguments({ first, after, last, before }: PageArguments, key: Buffer): { errors: ArgumentErrors } | { request: PageRequest } {
  const errors: ArgumentErrors = {};
  const fail = (argument: string, message: string) => (errors[argument] ??= []).push(message);
  const inRange = (value: number) => value >= 1 && value <= MAX_PAGE_SIZE;
  if (first != null && !inRange(first)) fail("first", `must be from 1 to ${MAX_PAGE_SIZE}`);
  if (last != null && !inRange(last)) fail("last", `must be from 1 to ${MAX_PAGE_SIZE}`);
  if (first != null && last != null) fail("last", "can't be given with first: page forwards with first and after, backwards with last and before");
  const afterId = after == null ? undefined : decodeCursor(key, after);
  const beforeId = before == null ? undefined : decodeCursor(key, before);
  if (after != null && afterId === undefined) fail("after", "is not a cursor this gateway issued for this shop");
  if (before != null && beforeId === undefined) fail("before", "is not a cursor this gateway issued for this shop");
  if (Object.keys(errors).length > 0) return { errors };

  const request: PageRequest = { afterId, beforeId };
  if (last != null) request.last = last;
  else if (first == null && before != null) request.last = DEFAULT_PAGE_SIZE;
  else request.first = first ?? DEFAULT_PAGE_SIZE;
  return { request };
}

/**
 * Cuts the page out of `kept` (the list as the filter left it), as the Relay spec's
 * ApplyCursorsToEdges and EdgesToReturn do. Where the spec lets a server say whether customers
 * lie beyond the window's cursors "if it can do so efficiently", this one can (it holds the
 * whole list), so `pageInfo` says where the page sits in the filtered list. A cursor whose
 * customer `kept` lacks is refused: `all` (the unfiltered list) tells a filtered-out customer
 * from one the shop no longer has.
 */
export function takePage(all: readonly BepaidCustomer[], kept: readonly BepaidCustomer[], request: PageRequest): { errors: ArgumentErrors } | { page: Page } {
  const errors: ArgumentErrors = {};
  const locate = (argument: "after" | "before", id: string) => {
    const index = kept.findIndex((record) => record.id === id);
    if (index < 0) {
      const filteredOut = kept !== all && all.some((record) => record.id === id);
      errors[argument] = [filteredOut ? "names a customer the filter leaves out" : "names a customer the shop no longer has"];
    }
    return index;
  };
  const start = request.afterId === undefined ? 0 : locate("after", request.afterId) + 1;
  const end = request.beforeId === undefined ? kept.length : locate("before", request.beforeId);
  if (Object.keys(errors).length > 0) return { errors };

  const windowEnd = Math.max(start, end);
  if (request.last !== undefined) {
    const from = Math.max(start, windowEnd - request.last);
    return { page: { records: kept.slice(from, windowEnd), hasPreviousPage: from > start, hasNextPage: windowEnd < kept.length } };
  }
  const to = Math.min(windowEnd, start + request.first!);
  return { page: { records: kept.slice(start, to), hasPreviousPage: start > 0, hasNextPage: to < windowEnd } };
}
