import DataLoader from "dataloader";
import type { BepaidClient } from "../bepaid/client.js";
import type { BepaidCustomer } from "../bepaid/types.js";

/** Customers by id for one operation and one credential set; `null` for an unknown id. */
export type CustomerLoader = DataLoader<string, BepaidCustomer | null>;

/**
 * Makes the per-operation loader: an id asked for twice costs one GET, and one failed id
 * fails only its own fields. bePaid has no batch endpoint, so a batch is parallel GETs.
 * Made per request, never shared: its cache must not outlive the operation (the contract
 * reads bePaid afresh for every operation) nor cross credential sets.
 */
export function createCustomerLoader(client: BepaidClient, onBatch?: (size: number) => void): CustomerLoader {
  return new DataLoader<string, BepaidCustomer | null>((ids) => {
    onBatch?.(ids.length);
    return Promise.all(ids.map((id) => client.getCustomer(id).catch((error: unknown) => toError(error))));
  });
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
