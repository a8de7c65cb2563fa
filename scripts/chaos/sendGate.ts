/**
 * Counts `POST /v1/messages` calls in flight and can hold new ones back, so the chaos run can kill the bridge only
 * between sends (the fault set `npm test` runs until a crash during a send is survivable, issue 17 item 1).
 * With kills "at any moment" the gate is never closed.
 * @example await gate.enter(); try { await send(); } finally { gate.leave(); }
 */
export function createSendGate() {
  let inFlight = 0;
  let closed: Promise<void> | null = null;
  let reopen: () => void = () => undefined;
  const idleWaiters = new Set<() => void>();
  return {
    /** Waits while the gate is closed, then counts one send in flight. */
    async enter(): Promise<void> {
      while (closed) await closed;
      inFlight++;
    },
    leave(): void {
      inFlight--;
      if (inFlight === 0) for (const w of [...idleWaiters]) w();
    },
    /** Holds new sends back and resolves once none is in flight. */
    async close(): Promise<void> {
      closed ??= new Promise<void>((resolve) => (reopen = resolve));
      if (inFlight > 0) {
        await new Promise<void>((resolve) => {
          const w = () => (idleWaiters.delete(w), resolve());
          idleWaiters.add(w);
        });
      }
    },
    open(): void {
      closed = null;
      reopen();
    },
    inFlight: () => inFlight,
  };
}

/** The gate returned by `createSendGate`. */
export type SendGate = ReturnType<typeof createSendGate>;
