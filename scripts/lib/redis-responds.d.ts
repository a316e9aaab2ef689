/** True when something answers Redis's PING at `port` on loopback within a second. */
export declare function redisResponds(port: number): Promise<boolean>;
