// A job that every process runs on a timer (automatic messages, mailbox reading, retention):
// rounds never overlap, a failing round is reported and the next one runs as planned, and
// stopping waits for the round in progress.

export interface PeriodicJob {
  /** Runs one round now (after any round in progress); resolves when it is done. */
  runNow(): Promise<void>;
  /** No further rounds; resolves when the round in progress (if any) is done. */
  stop(): Promise<void>;
}

export function startPeriodic(
  round: () => Promise<void>,
  options: {
    intervalMs: number;
    /** The first round this long after start (not at once: let the server come up first). */
    firstAfterMs: number;
    onError?: ((error: unknown) => void) | undefined;
  },
): PeriodicJob {
  let stopped = false;
  let running: Promise<void> = Promise.resolve();
  const next = () => {
    running = running.then(async () => {
      if (stopped) return;
      try {
        await round();
      } catch (error) {
        options.onError?.(error);
      }
    });
    return running;
  };
  const first = setTimeout(next, options.firstAfterMs);
  const timer = setInterval(next, options.intervalMs);
  // Timers alone never keep a process alive (tests, CLI commands).
  first.unref?.();
  timer.unref?.();
  return {
    runNow: next,
    async stop() {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
