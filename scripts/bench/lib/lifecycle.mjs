// A bench must never leave servers behind: it stops them when it ends, fails, is interrupted, passes
// its deadline or (in a session of its own) loses the process that launched it.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { stopServers } from './server-process.mjs';

const OWN_SESSION_FLAG = 'BENCH_OWN_SESSION';

/** True in the re-run that `runInOwnSession` started. */
export const inOwnSession = Boolean(process.env[OWN_SESSION_FLAG]);

// With autogrouping (Linux), niceness only counts inside a session: to take priority over other work on
// the machine, the bench runs in a session of its own whose autogroup gets the niceness.
export function needsOwnSession(nice) {
  return nice !== 0 && !inOwnSession && existsSync('/proc/self/autogroup');
}

/** Re-runs this script in a new session and exits with it; signals sent here are passed on. */
export function runInOwnSession() {
  const child = spawn(process.execPath, process.argv.slice(1), { stdio: 'inherit', detached: true, env: { ...process.env, [OWN_SESSION_FLAG]: '1' } });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 130 : 1)));
}

let deadline;
let shuttingDown;

/**
 * Runs `main`, then stops the servers and exits: 0 when it succeeds, 1 when it throws (after
 * `onError`) or the deadline passes, 130 on SIGINT/SIGTERM.
 */
export function runBench({ name, deadlineSeconds, onError }, main) {
  deadline = setTimeout(() => {
    console.error(`\n${name}: deadline of ${deadlineSeconds} s reached, stopping.`);
    void shutdown(1);
  }, deadlineSeconds * 1000);
  if (inOwnSession) {
    // The launcher died (this process was re-parented): stop too.
    const launcher = process.ppid;
    setInterval(() => process.ppid !== launcher && void shutdown(1), 1000).unref();
  }
  main()
    .then(() => shutdown(0))
    .catch((error) => {
      onError(error);
      return shutdown(1);
    });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => void shutdown(130));
}

function shutdown(code) {
  shuttingDown ??= (async () => {
    clearTimeout(deadline);
    await stopServers();
    process.exit(code);
  })();
  return shuttingDown;
}
