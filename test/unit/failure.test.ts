import { HTTPError, type NormalizedOptions, TimeoutError } from "ky";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type BepaidCall,
  BepaidBadResponseError,
  BepaidConnectionError,
  BepaidHttpError,
  BepaidTimeoutError,
  ResponseTooLargeError,
} from "../../src/bepaid/errors.js";
import { retryAfterSeconds, toBepaidError } from "../../src/bepaid/failure.js";

const POST: BepaidCall = { method: "POST", endpoint: "/customers" };
const REQUEST = new Request("https://api.bepaid.by/customers", { method: "POST" });

/** What ky throws for a non-2xx answer; built in memory, no request leaves. */
function httpError(status: number, body: string, headers: Record<string, string> = {}): HTTPError {
  return new HTTPError(new Response(body, { status, headers }), REQUEST, {} as NormalizedOptions);
}

/** What fetch throws for a failed connection: a TypeError whose cause is the socket error. */
function fetchFailure(code: string): TypeError {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(code), { code }) });
}

describe("retryAfterSeconds", () => {
  it("reads delay-seconds", () => {
    expect(retryAfterSeconds("120")).toBe(120);
    expect(retryAfterSeconds(" 0 ")).toBe(0);
  });

  it("reads an HTTP date as the seconds until it", () => {
    const inThirtySeconds = new Date(Date.now() + 30_000).toUTCString();
    const seconds = retryAfterSeconds(inThirtySeconds);
    expect(seconds).toBeGreaterThanOrEqual(29);
    expect(seconds).toBeLessThanOrEqual(30);
  });

  it("reads an HTTP date in the past as no wait", () => {
    expect(retryAfterSeconds("Wed, 21 Oct 2015 07:28:00 GMT")).toBe(0);
  });

  describe("at a fixed moment (Tue, 01 Jan 2030 00:00:00.400 GMT)", () => {
    const zone = process.env.TZ;
    beforeEach(() => vi.useFakeTimers({ now: Date.UTC(2030, 0, 1, 0, 0, 0, 400), toFake: ["Date"] }));
    afterEach(() => {
      vi.useRealTimers();
      // Node applies a change of TZ at once; put back the machine's.
      if (zone === undefined) delete process.env.TZ;
      else process.env.TZ = zone;
    });

    it("rounds a part second up, so a retry never comes before the date", () => {
      expect(retryAfterSeconds("Tue, 01 Jan 2030 00:00:30 GMT")).toBe(30);
    });

    // RFC 9110 §5.6.7: a recipient must accept the two obsolete forms as well.
    it("reads the obsolete RFC 850 form of an HTTP date", () => {
      expect(retryAfterSeconds("Tuesday, 01-Jan-30 00:01:00 GMT")).toBe(60);
    });

    it("reads the obsolete asctime form, which names no zone, as GMT and not the server's local time", () => {
      process.env.TZ = "Europe/Minsk"; // UTC+3 all year
      expect(retryAfterSeconds("Tue Jan  1 00:01:00 2030")).toBe(60);
    });

    // Caches may read HTTP dates case-insensitively (RFC 9111 §4.2); so do we.
    it("reads an HTTP date written in lower case", () => {
      expect(retryAfterSeconds("tue, 01 jan 2030 00:00:30 gmt")).toBe(30);
    });
  });

  it("answers nothing when there is no header, or an empty one", () => {
    expect(retryAfterSeconds(null)).toBeUndefined();
    expect(retryAfterSeconds("")).toBeUndefined();
    expect(retryAfterSeconds("  ")).toBeUndefined();
  });

  // RFC 9110 allows only delay-seconds or an HTTP date; V8's Date.parse reads many other
  // strings ("1.5", "-1", "abc 1", "1 2") as dates in 2001, which must not become "retry now".
  it.each(["soon", "1.5", "-1", "abc 1", "1 2", "12 0", "+5"])(
    "ignores a value that is neither delay-seconds nor an HTTP date (%j)",
    (header) => {
      expect(retryAfterSeconds(header)).toBeUndefined();
    },
  );

  it("ignores a date that starts with a day's name but is no date at all", () => {
    expect(retryAfterSeconds("Mon, 99 Foo 2015 07:28:00 GMT")).toBeUndefined();
  });

  it("ignores text in front of an HTTP date rather than guessing past it", () => {
    expect(retryAfterSeconds("until Wed, 21 Oct 2015 07:28:00 GMT")).toBeUndefined();
  });
});

describe("toBepaidError", () => {
  it("turns an error answer into a BepaidHttpError with its JSON body, request id and Retry-After", async () => {
    const body = { message: "Too many requests" };
    const error = await toBepaidError(
      httpError(429, JSON.stringify(body), { "x-request-id": "req-7", "retry-after": "12" }),
      POST,
    );
    expect(error).toBeInstanceOf(BepaidHttpError);
    expect(error).toMatchObject({ status: 429, body, requestId: "req-7", retryAfter: 12, call: POST });
  });

  it("keeps no body from an HTML error page", async () => {
    const error = await toBepaidError(httpError(502, "<html><body>Bad Gateway</body></html>"), POST);
    expect(error).toBeInstanceOf(BepaidHttpError);
    expect((error as BepaidHttpError).body).toBeUndefined();
    expect((error as BepaidHttpError).requestId).toBeUndefined();
  });

  it("keeps bePaid's URL out of the error's message", async () => {
    const error = (await toBepaidError(httpError(500, "{}"), POST)) as Error;
    expect(error.message).not.toContain("api.bepaid.by");
  });

  it("turns ky's timeout into a BepaidTimeoutError", async () => {
    expect(await toBepaidError(new TimeoutError(REQUEST), POST)).toBeInstanceOf(BepaidTimeoutError);
  });

  it("turns the call's own deadline into a BepaidTimeoutError", async () => {
    const deadline = new DOMException("The operation was aborted due to timeout", "TimeoutError");
    expect(await toBepaidError(deadline, POST)).toBeInstanceOf(BepaidTimeoutError);
  });

  it("turns an answer over the size cap into a BepaidBadResponseError that keeps bePaid's request id", async () => {
    const error = await toBepaidError(new ResponseTooLargeError(1024, "req-9"), POST);
    expect(error).toBeInstanceOf(BepaidBadResponseError);
    expect(error).toMatchObject({ requestId: "req-9", reason: "the response is over 1024 bytes", call: POST });
  });

  it("turns a bare abort into a BepaidTimeoutError: the answer did not come in time", async () => {
    const aborted = new DOMException("This operation was aborted", "AbortError");
    expect(await toBepaidError(aborted, POST)).toBeInstanceOf(BepaidTimeoutError);
  });

  it.each(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"])(
    "knows a request refused before sending (%s) cannot have arrived",
    async (code) => {
      const error = await toBepaidError(fetchFailure(code), POST);
      expect(error).toBeInstanceOf(BepaidConnectionError);
      expect((error as BepaidConnectionError).requestMayHaveArrived).toBe(false);
    },
  );

  it.each(["ECONNRESET", "UND_ERR_SOCKET", "EPIPE"])("knows a request cut off (%s) may have arrived", async (code) => {
    const error = await toBepaidError(fetchFailure(code), POST);
    expect(error).toBeInstanceOf(BepaidConnectionError);
    expect((error as BepaidConnectionError).requestMayHaveArrived).toBe(true);
  });

  it("knows a fetch failure with no socket error behind it may have arrived", async () => {
    const error = await toBepaidError(new TypeError("fetch failed"), POST);
    expect(error).toBeInstanceOf(BepaidConnectionError);
    expect((error as BepaidConnectionError).requestMayHaveArrived).toBe(true);
  });

  it("passes a bePaid failure already typed (a timeout) through as it is, not wrapped again", async () => {
    const typed = new BepaidTimeoutError(POST, new TimeoutError(REQUEST));
    expect(await toBepaidError(typed, POST)).toBe(typed);
  });

  it("lets anything else through unchanged", async () => {
    const bug = new RangeError("a bug in the gateway");
    expect(await toBepaidError(bug, POST)).toBe(bug);
  });
});
