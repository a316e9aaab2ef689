/** How many customers the stand-in knows, and how many `GET /customers` answers with. */
export const CUSTOMER_COUNT = 1_000;
export const LIST_LENGTH = 100;

/** Shop ids the stand-in answers a longer list for: `list-30000` gets 30,000 customers. */
const LIST_SHOP = /^list-(\d{1,6})$/;

/** The shop id whose `GET /customers` answers `length` customers. */
export function listShopId(length: number): string {
  return `list-${length}`;
}

/** How many customers `GET /customers` answers the shop (by its id, the Basic user name). */
export function listLengthFor(shopId: string | undefined): number {
  const match = shopId === undefined ? null : LIST_SHOP.exec(shopId);
  return match ? Number(match[1]) : LIST_LENGTH;
}

/** A customer as bePaid answers it (snake_case, every field set). */
export interface UpstreamCustomer {
  id: string;
  first_name: string;
  last_name: string;
  address: string;
  country: string;
  city: string;
  zip: string;
  state: string;
  phone: string;
  email: string;
  ip: string;
  external_id: string;
}

/** The id of customer `index`: `cst_` and 16 hex digits, like bePaid's, and the same every run. */
export function customerId(index: number): string {
  // Multiplicative hashing spreads neighbouring indexes over the id space, as real ids are.
  const high = Math.imul(index + 1, 0x9e3779b1) >>> 0;
  return `cst_${high.toString(16).padStart(8, "0")}${index.toString(16).padStart(8, "0")}`;
}

/** Customer `index`, with realistic lengths so the JSON weighs what bePaid's would. */
export function customerRecord(index: number): UpstreamCustomer {
  return {
    id: customerId(index),
    first_name: `First${index}`,
    last_name: `Last${index}`,
    address: `${index} Main Street`,
    country: "US",
    city: "Denver",
    zip: "80202",
    state: "CO",
    phone: "+13035550100",
    email: `customer${index}@example.com`,
    ip: `10.0.${index >> 8}.${index & 255}`,
    external_id: `ext-${index}`,
  };
}
