import { randomUUID } from "node:crypto";
import { type GraphQLResponse, type Operation, CREATE_FAILURES, READ_FAILURES, wrongCodes } from "./response-checks.js";
import { CREATE, FIRST_NAMES, GET, JOHN, LIST, MARK, SEVERAL } from "./documents.js";
import { badIp, badToken, badZip, tooManyAliases } from "./refusals.js";

/** Settings of {@link createOperationMix}. */
export interface MixOptions {
  /** Distinct `Idempotency-Key`s reused across the run: most of their creates are replays. */
  keyPool: number;
  /** Fresh customers (not replays) per second at most: each one makes every later list longer. */
  createsPerSecond: number;
}

/** Picks the next operation; the mix remembers what it created so it can read it back and check replays. */
export interface OperationMix {
  next(): Operation;
  /** Keys whose replays answered a different customer than the key's first create. */
  readonly replayMismatches: number;
}

/**
 * The soak's traffic: mostly reads (seeded ids, unknown ids, ids it created, several ids under
 * aliases, the list) and creates (fresh, replayed keys, a key reused with another input, inputs
 * the gateway or bePaid refuses), plus a few requests refused before GraphQL runs.
 */
export function createOperationMix({ keyPool, createsPerSecond }: MixOptions): OperationMix {
  const created: string[] = [];
  const firstIdOfKey = new Map<string, string>();
  let replayMismatches = 0;
  let budget = createsPerSecond;
  let refilledAt = Date.now();
  const remember = (id: string) => {
    created.push(id);
    if (created.length > 200) created.shift();
  };
  const pick = <T>(items: readonly T[]): T => items[Math.floor(Math.random() * items.length)]!;
  const unknownId = () => `cst_${randomUUID().replaceAll("-", "").slice(0, 16)}`;
  const knownId = () => (created.length > 0 && Math.random() < 0.3 ? pick(created) : pick([JOHN, MARK]));
  const inputOfKey = (key: string) => ({ email: `${key}@soak.example`, ip: "10.0.0.1", firstName: "Soak", country: "US", zip: "80202", state: "CO" });

  const getSeeded = (): Operation => {
    const id = pick([JOHN, MARK]);
    return {
      name: "get-seeded",
      body: { query: GET, variables: { id }, operationName: "GetCustomer" },
      check: (answer) =>
        wrongCodes(answer, READ_FAILURES) ??
        (answer.errors ? undefined : customerOf(answer, "customer")?.firstName === FIRST_NAMES[id] ? undefined : `customer ${id} is not ${FIRST_NAMES[id]}`),
    };
  };

  const createNew = (): Operation => {
    // A token bucket: past the budget a create would only grow the shop, so read instead.
    const now = Date.now();
    budget = Math.min(createsPerSecond, budget + ((now - refilledAt) / 1000) * createsPerSecond);
    refilledAt = now;
    if (budget < 1) return getSeeded();
    budget -= 1;
    const key = Math.random() < 0.5 ? randomUUID() : undefined;
    return {
      name: key ? "create-new-keyed" : "create-new",
      body: { query: CREATE, variables: { input: { email: `new-${randomUUID()}@soak.example`, ip: "10.0.0.2" } }, operationName: "CreateCustomer" },
      headers: key ? { "idempotency-key": key } : undefined,
      check: (answer) => {
        const id = customerOf(answer, "createCustomer")?.id;
        if (typeof id === "string") remember(id);
        return wrongCodes(answer, CREATE_FAILURES);
      },
    };
  };

  const weighted: Array<[number, () => Operation]> = [
    [28, getSeeded],
    [10, () => ({
      name: "get-unknown",
      body: { query: GET, variables: { id: unknownId() }, operationName: "GetCustomer" },
      check: (answer) => wrongCodes(answer, READ_FAILURES) ?? (answer.errors || answer.data?.customer === null ? undefined : "an unknown id is not null"),
    })],
    [6, () => {
      const id = knownId();
      return {
        name: "get-created",
        body: { query: GET, variables: { id }, operationName: "GetCustomer" },
        check: (answer) => wrongCodes(answer, READ_FAILURES) ?? (answer.errors || customerOf(answer, "customer")?.id === id ? undefined : `customer ${id} was not found`),
      };
    }],
    [12, () => {
      const ids = { a: JOHN, b: MARK, c: unknownId(), d: knownId() };
      return {
        name: "aliases",
        body: { query: SEVERAL, variables: ids, operationName: "SeveralCustomers" },
        check: (answer) => {
          const failedAliases = new Set((answer.errors ?? []).map((error) => error.path?.[0]));
          for (const [alias, id] of Object.entries(ids)) {
            if (failedAliases.has(alias)) continue;
            const got = customerOf(answer, alias);
            const expected = alias === "c" ? undefined : id;
            if ((got?.id ?? undefined) !== expected) return `alias ${alias} answered ${JSON.stringify(got)} for ${id}`;
          }
          return wrongCodes(answer, READ_FAILURES);
        },
      };
    }],
    [3, () => ({
      name: "list",
      body: { query: LIST, operationName: "ListCustomers" },
      check: (answer) => {
        if (answer.errors) return wrongCodes(answer, READ_FAILURES);
        const ids = Array.isArray(answer.data?.customers) ? (answer.data.customers as Array<{ id?: unknown }>).map((c) => c.id) : [];
        return ids.includes(JOHN) && ids.includes(MARK) ? undefined : "the list lacks a seeded customer";
      },
    })],
    [10, () => {
      const key = `soak-pool-${Math.floor(Math.random() * keyPool)}`;
      return {
        name: "create-replay",
        body: { query: CREATE, variables: { input: inputOfKey(key) }, operationName: "CreateCustomer" },
        headers: { "idempotency-key": key },
        check: (answer) => {
          const id = customerOf(answer, "createCustomer")?.id;
          if (typeof id === "string") {
            const first = firstIdOfKey.get(key);
            if (first === undefined) firstIdOfKey.set(key, id);
            else if (first !== id) {
              replayMismatches += 1;
              return `key ${key} answered ${id}, its first create ${first}`;
            }
          }
          return wrongCodes(answer, CREATE_FAILURES);
        },
      };
    }],
    [2, () => {
      // Only a key whose create succeeded: a fresh one would simply create with the odd input
      // and turn the pool's own replays into IDEMPOTENCY_KEY_REUSED.
      if (firstIdOfKey.size === 0) return getSeeded();
      const key = pick([...firstIdOfKey.keys()]);
      return {
        name: "create-key-reused",
        body: { query: CREATE, variables: { input: { ...inputOfKey(key), firstName: "Other" } }, operationName: "CreateCustomer" },
        headers: { "idempotency-key": key },
        check: (answer) => wrongCodes(answer, new Set(["IDEMPOTENCY_KEY_REUSED"]), true),
      };
    }],
    [8, createNew],
    [5, badIp],
    [5, badZip],
    [2, badToken],
    [1, tooManyAliases],
  ];
  const total = weighted.reduce((sum, [weight]) => sum + weight, 0);

  return {
    next() {
      let roll = Math.random() * total;
      for (const [weight, make] of weighted) if ((roll -= weight) < 0) return make();
      return getSeeded();
    },
    get replayMismatches() {
      return replayMismatches;
    },
  };
}

function customerOf(answer: GraphQLResponse, field: string): { id?: unknown; firstName?: unknown } | null | undefined {
  const value = answer.data?.[field];
  return typeof value === "object" ? (value as { id?: unknown; firstName?: unknown } | null) : undefined;
}
