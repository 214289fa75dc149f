/**
 * Preloaded into each service process when a benchmark runs with BENCH_CPU_PROFILE_DIR set
 * (`node --cpu-prof` is not allowed in NODE_OPTIONS, `--require` is): profiles the whole life
 * of the process with the inspector and writes `<service>-<pid>.cpuprofile` into that
 * directory when it exits (SIGTERM from the benchmark's cleanup included). Open the files in
 * Chrome DevTools (Performance → Load profile) or speedscope.
 */
import { writeFileSync } from 'node:fs';
import { Session } from 'node:inspector';
import { basename, dirname, resolve } from 'node:path';

const dir = process.env.BENCH_CPU_PROFILE_DIR;
if (dir) {
  const session = new Session();
  session.connect();
  // A finer sampling interval than the default 1 ms: the hot paths are sub-millisecond.
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', {
    interval: Number(process.env.BENCH_CPU_PROFILE_INTERVAL_US ?? 250),
  });
  session.post('Profiler.start');
  // dist/apps/<service>/src/main.js → <service>
  const service = basename(resolve(dirname(process.argv[1] ?? 'unknown'), '..'));
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // The in-thread inspector session answers synchronously, so this works inside 'exit'.
    session.post('Profiler.stop', (error, result) => {
      if (!error)
        writeFileSync(
          resolve(dir, `${service}-${process.pid}.cpuprofile`),
          JSON.stringify(result.profile),
        );
    });
  };
  process.on('exit', write);
  // Nest's shutdown hooks close the app on SIGTERM, remove their listener and raise the signal
  // again, which would end the process with no 'exit' event: once this listener is the only
  // one left, the app has closed — write the profile and exit.
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    const onSignal = () => {
      if (process.listenerCount(signal) > 1) return;
      write();
      process.exit(0);
    };
    process.on(signal, onSignal);
  }
}
