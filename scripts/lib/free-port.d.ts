/**
 * A port nothing listens on right now (the OS's pick). Only for what cannot bind port 0 and
 * report the port it got; a gateway reports its own (gateway-process.js).
 */
export declare function freePort(): Promise<number>;
