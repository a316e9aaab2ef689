import { get as httpGet, type IncomingMessage } from "node:http";
import { get as httpsGet } from "node:https";
import type { JSONWebKeySet } from "jose";
import { BodyTooLargeError, readBody } from "../http/read-body.js";

/** The most bytes of a key set response read: real ones hold a few keys, a few KB. */
export const MAX_KEY_SET_BYTES = 1024 * 1024;

/** How long one fetch may take, response and body together (jose's own default). */
const FETCH_TIMEOUT_MS = 5_000;

/** A key set fetch that gave no key set: unreachable, too slow, a status other than 200, too large, not JSON. */
export class KeySetFetchError extends Error {
  override readonly name = "KeySetFetchError";
}

/**
 * GETs the identity provider's JSON Web Key Set: a 200 whose body (at most
 * {@link MAX_KEY_SET_BYTES}, within 5 s in all) is a JSON object with a `keys` array. Anything
 * else throws {@link KeySetFetchError}, and a response over the cap is cut, not read on.
 * jose checks the keys themselves when the set is handed to it.
 */
export async function fetchKeySet(url: URL): Promise<JSONWebKeySet> {
  const signal = AbortSignal.timeout(FETCH_TIMEOUT_MS);
  let response: IncomingMessage;
  try {
    response = await new Promise<IncomingMessage>((resolve, reject) => {
      const get = url.protocol === "https:" ? httpsGet : httpGet;
      get(url, { signal, headers: { accept: "application/json" } }, resolve).on("error", reject);
    });
  } catch (error) {
    throw new KeySetFetchError(signal.aborted ? "the key set did not respond in time" : "the key set could not be reached", { cause: error });
  }
  let text: string;
  try {
    if (response.statusCode !== 200) throw new KeySetFetchError(`the key set responded HTTP ${response.statusCode}`);
    text = await readBody(response, MAX_KEY_SET_BYTES);
  } catch (error) {
    // An error status's body, or the rest of one too large, is never read.
    response.destroy();
    if (error instanceof KeySetFetchError) throw error;
    if (error instanceof BodyTooLargeError) throw new KeySetFetchError(`the key set's response is larger than ${MAX_KEY_SET_BYTES} bytes`);
    throw new KeySetFetchError(signal.aborted ? "the key set did not respond in time" : "the key set's response broke off", { cause: error });
  }
  let set: unknown;
  try {
    set = JSON.parse(text);
  } catch {
    throw new KeySetFetchError("the key set's response is not JSON");
  }
  // `null` has no keys to read; other JSON values (a number, a string) read as having none.
  if (set === null || !Array.isArray((set as { keys?: unknown }).keys)) {
    throw new KeySetFetchError("the key set's response holds no keys array");
  }
  return set as JSONWebKeySet;
}
