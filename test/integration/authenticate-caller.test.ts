import { describe, expect, it } from "vitest";
import { createCallerAuthenticator } from "../../src/auth/authenticate-caller.js";
import type { GatewayConfig } from "../../src/config.js";
import { captureLogger } from "../helpers/capture-logger.js";
import { startIdentityProvider } from "../helpers/identity-provider.js";

const NO_CALLERS: GatewayConfig["callers"] = { tokens: [], passthrough: false, anonymous: false, ignoreBearer: false, accessTokens: undefined };

describe("createCallerAuthenticator with an identity provider's key set", () => {
  it("names a caller with a valid access token by kind access-token", async () => {
    const idp = await startIdentityProvider();
    try {
      const key = await idp.newKey("ES256", "ec-1");
      idp.publish(key);
      const accessTokens = { jwksUrl: new URL(idp.jwksUrl), issuer: idp.issuer, audience: idp.audience };
      const authenticate = createCallerAuthenticator({ callers: { ...NO_CALLERS, accessTokens }, serverCredentials: { shopId: "361", secretKey: "server-secret" }, logger: captureLogger().logger });
      expect((await authenticate({ authorization: `Bearer ${await idp.mint(key)}`, remoteAddress: undefined })).kind).toBe("access-token");
    } finally {
      await idp.close();
    }
  });
});
