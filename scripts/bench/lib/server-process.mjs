// The demo runs in server processes of its own, so the load generator never competes with it on one
// event loop. A server reads nothing from its stdin but stops when it closes, so it ends with this
// process however this process ends.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { availableParallelism, setPriority } from 'node:os';
import { ROOT } from './build.mjs';

const children = [];

/** The server gets one core to itself; this process (autocannon) gets the others. */
export function pinCpus() {
  const hasTaskset = spawnSync('taskset', ['--version'], { stdio: 'ignore' }).status === 0;
  if (!hasTaskset) return { serverCpu: undefined, cpuCount: availableParallelism(), note: 'taskset not found: nothing pinned' };
  const allowed = parseCpuList(execFileSync('taskset', ['-cp', String(process.pid)], { encoding: 'utf8' }).split(':').pop().trim());
  if (allowed.length < 2) return { serverCpu: allowed[0], cpuCount: allowed.length, note: `only CPU ${allowed[0]} available: server and load generator share it` };
  const serverCpu = allowed[allowed.length - 1];
  const clientCpus = allowed.slice(0, -1).join(',');
  execFileSync('taskset', ['-acp', clientCpus, String(process.pid)], { stdio: 'ignore' });
  return { serverCpu, cpuCount: allowed.length, note: `server pinned to CPU ${serverCpu}, autocannon to CPU ${clientCpus}` };
}

function parseCpuList(list) {
  return list.split(',').flatMap((part) => {
    const [from, to] = part.split('-').map(Number);
    return to === undefined ? [from] : Array.from({ length: to - from + 1 }, (_, i) => from + i);
  });
}

/**
 * Lowers this process's niceness to `nice` (and its session's autogroup's, in a session of its own),
 * recording on `pinning` what took; servers started with `pinning.nice` get the same niceness.
 */
export function applyNice(nice, pinning, { ownSession }) {
  if (!nice) return;
  try {
    setPriority(nice);
    if (spawnSync('nice', ['-n', String(nice), 'true']).status !== 0) return;
    pinning.nice = nice;
  } catch {
    return; // not permitted: default priority
  }
  if (!ownSession) return;
  try {
    writeFileSync('/proc/self/autogroup', String(nice));
    pinning.autogroup = true;
  } catch {
    // Not permitted: the niceness then only orders threads within the session.
  }
}

/**
 * Starts `node [nodeArgs] entry [args]` (on CPU `cpu` and at niceness `nice` when given) and resolves
 * with `{ name, child, port, base, data }` once it prints `BENCH_LISTENING <port>`; `data` is the JSON
 * of a `BENCH_DATA <json>` line printed before it, if any. `BENCH_PROFILE <file>` lines become
 * `profile` events on the child. `maxSeconds` is the server's own hard stop; `startSeconds` how long
 * it may take to start.
 */
export function startServer({ name, entry, args = [], nodeArgs = [], cpu, nice, maxSeconds, startSeconds = 60, env = {} }) {
  let [command, commandArgs] = [process.execPath, [...nodeArgs, entry, ...args]];
  if (cpu !== undefined) [command, commandArgs] = ['taskset', ['-c', String(cpu), command, ...commandArgs]];
  // Every thread of the server (argon2 and libuv pool included) inherits the niceness.
  if (nice !== undefined) [command, commandArgs] = ['nice', ['-n', String(nice), command, ...commandArgs]];
  const child = spawn(command, commandArgs, {
    cwd: ROOT,
    stdio: ['pipe', 'pipe', 'inherit'],
    env: { ...process.env, ...env, BENCH_MAX_SECONDS: String(maxSeconds) },
  });
  children.push(child);
  return new Promise((resolveServer, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} server did not start within ${startSeconds} s`)), startSeconds * 1000);
    let buffered = '';
    child.stdout.on('data', (chunk) => {
      for (const [, file] of String(chunk).matchAll(/BENCH_PROFILE (\S+)/g)) child.emit('profile', file);
      if (buffered === undefined) return;
      buffered += chunk;
      const match = /BENCH_LISTENING (\d+)/.exec(buffered);
      if (!match) return;
      const data = /^BENCH_DATA (.*)$/m.exec(buffered.slice(0, match.index))?.[1];
      buffered = undefined;
      clearTimeout(timer);
      resolveServer({ name, child, port: Number(match[1]), base: `http://127.0.0.1:${match[1]}`, data: data === undefined ? undefined : JSON.parse(data) });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${name} server exited early (code ${code})`));
    });
  });
}

/** SIGTERM to every server still running, SIGKILL to any that has not exited 5 s later. */
export async function stopServers() {
  await Promise.all(
    children.map(async (child) => {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      const killTimer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killTimer);
    }),
  );
}

/** POSTs a JSON `body` (a string) to a started server and returns the answer, throwing unless it is 2xx. */
export async function postJson(server, path, body) {
  const response = await fetch(server.base + path, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
  const json = await response.json();
  if (!response.ok) throw new Error(`${server.name} POST ${path}: ${response.status} ${JSON.stringify(json)}`);
  return json;
}
