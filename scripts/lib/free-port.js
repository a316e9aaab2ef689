import { createServer } from "node:net";

/**
 * A port nothing listens on right now (the OS's pick). Only for what cannot bind port 0 and
 * report the port it got (a `redis-server` restarted on the same port, an address that must
 * refuse connections): a gateway reports its own (gateway-process.js), and so do the
 * benchmark's servers (bench/report-listening.ts).
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}
