// Preloaded (`node --require`) into every process scripts/start.mjs launches. The launcher gives
// each child an IPC channel and uses it for nothing else: the kernel closes it when the launcher
// dies, however it dies (kill -9, the OOM killer), and the child then stops as it would on
// SIGTERM instead of running on orphaned with its ports taken. Ctrl-C and SIGTERM still go
// through the launcher, which signals each child's process group itself.
'use strict';

/** As long as the launcher waits for services to finish the jobs in hand (STOP_GRACE_MS). */
const FORCE_EXIT_AFTER_MS = 15_000;

if (typeof process.send === 'function') {
  // The channel must not keep an otherwise finished process alive.
  process.channel?.unref();
  process.once('disconnect', () => {
    // The launcher read our output; with it gone a write fails with EPIPE, which must not turn
    // an orderly stop into a crash.
    for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);
    setTimeout(() => process.exit(1), FORCE_EXIT_AFTER_MS).unref();
    process.kill(process.pid, 'SIGTERM');
  });
}
