import type { IncomingMessage } from "node:http";

/** The largest request body the gateway reads (issue #3: 1 MB). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The request body was larger than {@link MAX_BODY_BYTES}. */
export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
}

/**
 * Reads a request body as UTF-8 text, refusing it as soon as it passes {@link MAX_BODY_BYTES}
 * (a declared `Content-Length` is trusted to refuse early, never to read less).
 */
export async function readBody(request: IncomingMessage): Promise<string> {
  if (Number(request.headers["content-length"] ?? 0) > MAX_BODY_BYTES) throw new BodyTooLargeError();
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new BodyTooLargeError();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString("utf8");
}
