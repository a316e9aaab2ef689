import type { BepaidCustomer } from "../../src/bepaid/types.js";
import type { ShopCredentials } from "../../src/sandbox/demo-shop.js";

/** `Authorization: Basic` of a shop's credentials, as a pass-through caller (or bePaid) sends it. */
export function basicAuthorization(shop: ShopCredentials): { authorization: string } {
  return { authorization: `Basic ${Buffer.from(`${shop.shopId}:${shop.secretKey}`).toString("base64")}` };
}

/** The shop's list as bePaid answers it, read from the sandbox directly: the oracle of list tests. */
export async function bepaidList(sandboxUrl: string, shop: ShopCredentials): Promise<BepaidCustomer[]> {
  const response = await fetch(`${sandboxUrl}/customers`, { headers: basicAuthorization(shop) });
  return (await response.json()) as BepaidCustomer[];
}
