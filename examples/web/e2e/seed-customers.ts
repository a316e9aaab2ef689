/** What seeding needs: the gateway, the app's manifest, and how many (up to 154, whose emails differ). */
export interface SeedOptions {
  gatewayUrl: string;
  /** The app's manifest (id -> document text): the customers are made with the app's own create. */
  manifest: Readonly<Record<string, string>>;
  count: number;
}

const FIRST_NAMES = ["Olivia", "Liam", "Emma", "Noah", "Ava", "Mateo", "Sofia", "Lukas", "Mia", "Jonas", "Anna", "Elias", "Eva", "Oskar"];
const LAST_NAMES = ["Novak", "Petrova", "Kowalski", "Ivanova", "Jansen", "Horvat", "Berg", "Kask", "Nowak", "Virtanen", "Rossi"];
/** City and country, in turn: every sixth customer lives in Vilnius. */
export const SEED_PLACES: readonly (readonly [city: string, country: string])[] = [
  ["Vilnius", "LT"],
  ["Riga", "LV"],
  ["Tallinn", "EE"],
  ["Warsaw", "PL"],
  ["Berlin", "DE"],
  ["Minsk", "BY"],
];

/**
 * Fills the shop through the gateway, as a person with the form would (one `CreateCustomer` per
 * customer, with its manifest id and text, which a gateway with or without the manifest runs, one
 * after another so bePaid keeps their order), so the list has
 * pages to load, in a shop of its own (the e2e's gateway starts on a fresh sandbox). Answers the
 * customers made, in order.
 */
export async function seedCustomers({ gatewayUrl, manifest, count }: SeedOptions): Promise<{ id: string; email: string; city: string }[]> {
  const id = Object.keys(manifest).find((hash) => /\bmutation CreateCustomer\b/.test(manifest[hash]!));
  if (!id) throw new Error("the app's manifest has no CreateCustomer document");
  const made: { id: string; email: string; city: string }[] = [];
  for (let index = 0; index < count; index++) {
    const firstName = FIRST_NAMES[index % FIRST_NAMES.length]!;
    const lastName = LAST_NAMES[index % LAST_NAMES.length]!;
    const [city, country] = SEED_PLACES[index % SEED_PLACES.length]!;
    const email = `${firstName}.${lastName}@example.com`.toLowerCase();
    const response = await fetch(gatewayUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        operationName: "CreateCustomer",
        query: manifest[id],
        variables: { input: { firstName, lastName, email, ip: `10.20.0.${index + 1}`, city, country } },
        extensions: { persistedQuery: { version: 1, sha256Hash: id } },
      }),
    });
    const body = (await response.json()) as { data?: { createCustomer?: { id: string } | null }; errors?: unknown };
    if (!body.data?.createCustomer) throw new Error(`seeding customer ${index} failed: ${JSON.stringify(body.errors)}`);
    made.push({ id: body.data.createCustomer.id, email, city });
  }
  return made;
}
