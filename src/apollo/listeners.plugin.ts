import type { ApolloServerPlugin, BaseContext, GraphQLRequestContext, GraphQLRequestListener } from "@apollo/server";

/** Hooks Apollo calls on every listener and awaits together, whatever each returns. */
const NOTIFICATIONS = ["didResolveSource", "didResolveOperation", "didEncounterErrors", "willSendResponse"] as const;
type Notification = (typeof NOTIFICATIONS)[number];
type Hook<TContext extends BaseContext> = (requestContext: GraphQLRequestContext<TContext>) => Promise<void>;

/**
 * One Apollo plugin made of request listeners built once for the process: each reads all it needs
 * from the request context it is handed. Apollo fans every hook out to every listener of every
 * request, hooks a listener lacks included (an array and a `Promise.all` per hook, and for
 * `responseForOperation` an async call with two awaits per listener), and asks each plugin for
 * its listener per request: the gateway's own listeners therefore run as one, made once
 * (docs/performance.md). Only notification hooks combine: all of
 * them run, started together as Apollo starts them, and the first failure is what Apollo sees.
 */
export function listenersPlugin<TContext extends BaseContext>(listeners: readonly GraphQLRequestListener<TContext>[]): ApolloServerPlugin<TContext> {
  for (const listener of listeners) {
    const other = Object.keys(listener).find((hook) => !(NOTIFICATIONS as readonly string[]).includes(hook));
    if (other !== undefined) throw new Error(`listenersPlugin combines notification hooks only; ${other} is not one`);
  }
  const combined: Partial<Record<Notification, Hook<TContext>>> = {};
  for (const hook of NOTIFICATIONS) {
    const parts = listeners.flatMap((listener) => (listener[hook] ? [listener[hook].bind(listener) as Hook<TContext>] : []));
    if (parts.length === 1) combined[hook] = parts[0];
    else if (parts.length > 1) combined[hook] = async (requestContext) => void (await Promise.all(parts.map((part) => part(requestContext))));
  }
  const started = Promise.resolve(combined as GraphQLRequestListener<TContext>);
  return { requestDidStart: () => started };
}
