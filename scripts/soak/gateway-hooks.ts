/**
 * Preloaded into the soaked gateway only (`node --expose-gc --import tsx --import
 * ./scripts/soak/gateway-hooks.ts src/main.ts`); nothing in src/ knows of it.
 *
 * - SIGUSR2 runs a full garbage collection, so the soak's memory samples compare live heap
 *   rather than when V8 last felt like collecting.
 * - When the soak goes away without stopping the gateway (SIGKILLed, e.g. by tsx relaying a
 *   Ctrl-C to a busy process), the pipe on stdin ends and the gateway exits too, instead of
 *   living on as an orphan on its port.
 */
process.on("SIGUSR2", () => (globalThis as { gc?: () => void }).gc?.());

process.stdin.on("end", () => {
  console.error("soak: the soak process is gone; the gateway exits with it");
  process.exit(1);
});
process.stdin.resume();

export {};
