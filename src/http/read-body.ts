import type { IncomingMessage } from "node:http";

/** The largest request body the gateway reads (issue #3: 1 MB). */
export const MAX_BODY_BYTES = 1024 * 1024;

/** The body was larger than the most the reader takes. */
export class BodyTooLargeError extends Error {
  override readonly name = "BodyTooLargeError";
}

/**
 * Reads a message body (a request to the gateway or its sandbox, or a response to one of its own requests) as
 * UTF-8 text, refusing it as soon as it passes `maxBytes` (a declared `Content-Length` is
 * trusted to refuse early, never to read less). Past the limit nothing more is kept, and the
 * message is left as it is: a server still responds to the request (413; Node discards what is left
 * of its body, bounded by the request timeout), a client destroys its response. Stream events
 * rather than `for await`: no async iterator per request.
 */
export function readBody(message: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<string> {
  if (Number(message.headers["content-length"] ?? 0) > maxBytes) return Promise.reject(new BodyTooLargeError());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const stop = () => {
      message.off("data", onData).off("end", onEnd).off("error", onError).off("close", onClose);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) return void chunks.push(chunk);
      // Still flowing with no listener: the rest is read and dropped, not kept.
      stop();
      reject(new BodyTooLargeError());
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size).toString("utf8"));
    };
    const onError = (error: Error) => {
      stop();
      reject(error);
    };
    // Closed before its end: the other side went away mid-body.
    const onClose = () => onError(Object.assign(new Error("The message closed before its body ended"), { code: "ERR_STREAM_PREMATURE_CLOSE" }));
    message.on("data", onData).on("end", onEnd).on("error", onError).on("close", onClose);
  });
}
