import { Socket } from "node:net";

/**
 * True when something answers Redis's PING at `port` on loopback within a second: a raw PING
 * over a socket, so no Redis client is loaded or left reconnecting.
 */
export function redisResponds(port) {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (responds) => {
      socket.destroy();
      resolve(responds);
    };
    socket.setTimeout(1000, () => done(false));
    socket.once("error", () => done(false));
    socket.once("data", (chunk) => done(String(chunk).startsWith("+PONG")));
    socket.connect(port, "127.0.0.1", () => socket.write("PING\r\n"));
  });
}
