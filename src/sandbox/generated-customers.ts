import type { CustomerRecord } from "./store.js";

const FIRST_NAMES = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sofia", "Lukas", "Mia", "Jonas", "Anna", "Elias"];
const LAST_NAMES = ["Novak", "Petrova", "Kowalski", "Ivanov", "Müller", "García", "Rossi", "Jansen", "Horvat", "Berg", "Kask"];
/** City, ISO country, and the state bePaid requires for the US and Canada. */
const PLACES: readonly (readonly [city: string, country: string, state?: string])[] = [
  ["Minsk", "BY"],
  ["Vilnius", "LT"],
  ["Warsaw", "PL"],
  ["Riga", "LV"],
  ["Berlin", "DE"],
  ["Denver", "US", "CO"],
  ["Toronto", "CA", "ON"],
];

/**
 * `count` made-up customers, the same on every call: names, places and phones drawn in turn
 * from short lists (so filters and searches have several matches), emails and external ids
 * unique (`olivia.novak.17@example.com`, `crm-17`), ids like bePaid's (`cst_` + 16 hex digits,
 * never one of the docs' two). For tests and benchmarks of shops of real sizes.
 */
export function generatedCustomers(count: number): CustomerRecord[] {
  return Array.from({ length: count }, (_, index) => generatedCustomer(index));
}

function generatedCustomer(index: number): CustomerRecord {
  const first = FIRST_NAMES[index % FIRST_NAMES.length]!;
  const last = LAST_NAMES[index % LAST_NAMES.length]!;
  const [city, country, state] = PLACES[index % PLACES.length]!;
  return {
    id: `cst_${(0x1000_0000 + index).toString(16).padStart(16, "0")}`,
    first_name: first,
    last_name: last,
    address: `${index + 1} Main Street`,
    country,
    city,
    zip: String(10000 + (index % 90000)),
    ...(state === undefined ? {} : { state }),
    phone: `+1-555-${String(index % 10_000_000).padStart(7, "0")}`,
    email: `${ascii(first)}.${ascii(last)}.${index}@example.com`,
    ip: `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`,
    external_id: `crm-${index}`,
  };
}

/** "Müller" -> "muller": a name as an email's local part usually spells it. */
function ascii(name: string): string {
  return name.normalize("NFD").replace(/[^A-Za-z]/g, "").toLowerCase();
}
