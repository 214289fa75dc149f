/**
 * A benchmark owns processes, databases and Redis keys; they must go whatever happens. Each
 * one registers its cleanup here: `runBench` runs what is still registered when `main` ends
 * (returns or fails), and SIGINT/SIGTERM (Ctrl-C, or bench/run.mjs's time limit) run it before
 * exiting.
 */
const cleanups = new Set<() => Promise<void>>();
let signalled = false;

/** Register `cleanup`; the returned function unregisters it (call it once you have cleaned up yourself). */
export function onShutdown(cleanup: () => Promise<void>): () => void {
  cleanups.add(cleanup);
  return () => {
    cleanups.delete(cleanup);
  };
}

async function runCleanups(): Promise<void> {
  const pending = [...cleanups].reverse();
  cleanups.clear();
  for (const cleanup of pending) {
    await cleanup().catch((error: unknown) => console.error('cleanup failed:', error));
  }
}

function onSignal(signal: NodeJS.Signals): void {
  if (signalled) return;
  signalled = true;
  console.error(`\n${signal}: stopping this benchmark's processes and dropping its databases…`);
  // A cleanup that hangs must not keep the machine busy: give up after 30 s.
  setTimeout(() => process.exit(130), 30_000).unref();
  void runCleanups().finally(() => process.exit(130));
}

/** Run one benchmark's `main`, then the cleanups still registered (also on signals); exit 0 or 1. */
export function runBench(main: () => Promise<void>): void {
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  main().then(
    async () => {
      await runCleanups();
      process.exit(0);
    },
    async (error: unknown) => {
      console.error(error);
      await runCleanups();
      process.exit(1);
    },
  );
}

/** Wait `ms` (setup pacing and waiting out a timer under test, never an assertion). */
export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
