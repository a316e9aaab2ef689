import type { AddressInfo, Server } from "node:net";

/**
 * Tells the process that started this one, over its IPC channel, which port `server` bound: the
 * benchmark's servers listen on port 0 (or `PORT`), so no port is picked ahead of them and
 * raced for. Without a channel (started by hand) it does nothing.
 */
export function reportListening(server: Server): void {
  server.once("listening", () => process.send?.({ listening: (server.address() as AddressInfo).port }));
}
