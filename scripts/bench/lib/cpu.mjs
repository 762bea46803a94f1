// CPU time from Linux /proc: what the server, this process and everything else on the machine used,
// so a figure can be told apart from a disturbed one. Elsewhere the readings are zero or NaN.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ, the unit of /proc/<pid>/stat utime and stime
const NO_TIME = { busy: 0, steal: 0 };

/** CPU seconds a process has used, all threads (NaN once it is gone). */
export function processCpuSeconds(pid) {
  try {
    // Fields after the ")" of the command name: utime and stime are the 12th and 13th (all threads).
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return Number.NaN;
  }
}

export function ownCpuSeconds() {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Busy and stolen seconds of one CPU, or of all of them for `cpu` = '' (zeros when unpinned or unreadable). */
export function cpuSeconds(cpu) {
  try {
    if (cpu === undefined) return NO_TIME;
    const line = readFileSync('/proc/stat', 'utf8').split('\n').find((l) => l.startsWith(`cpu${cpu} `));
    const [user, nice, system, , , irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    return { busy: (user + nice + system + irq + softirq) / CLOCK_TICKS_PER_SECOND, steal: steal / CLOCK_TICKS_PER_SECOND };
  } catch {
    return NO_TIME;
  }
}

/**
 * Starts a meter of what the server process `pid`, the CPU `core` it is pinned to and this process
 * use; calling the returned function reads the differences since, in seconds.
 */
export function cpuMeter(pid, core) {
  const before = { server: processCpuSeconds(pid), core: cpuSeconds(core), client: ownCpuSeconds(), at: performance.now() };
  return () => {
    const onCore = cpuSeconds(core);
    return {
      server: processCpuSeconds(pid) - before.server,
      coreBusy: onCore.busy - before.core.busy,
      coreSteal: onCore.steal - before.core.steal,
      client: ownCpuSeconds() - before.client,
      wall: (performance.now() - before.at) / 1000,
    };
  };
}

/**
 * Starts a meter of the whole machine against this process and the processes `pids()` lists; the
 * returned function reads what other processes used (`others`) and the hypervisor stole (`steal`)
 * since, in CPU seconds per second of wall time (1 = one CPU).
 */
export function machineMeter(pids) {
  const ours = () => ownCpuSeconds() + pids().reduce((sum, pid) => sum + processCpuSeconds(pid), 0);
  const before = { machine: cpuSeconds(''), ours: ours(), at: performance.now() };
  return () => {
    const machine = cpuSeconds('');
    const wall = (performance.now() - before.at) / 1000;
    return {
      wall,
      others: (machine.busy - before.machine.busy - (ours() - before.ours)) / wall,
      steal: (machine.steal - before.machine.steal) / wall,
    };
  };
}

/** Share of all `cores` busy (steal included) over the next `milliseconds`. */
export async function machineBusyShare(milliseconds, cores) {
  const before = cpuSeconds('');
  await new Promise((r) => setTimeout(r, milliseconds));
  const after = cpuSeconds('');
  return (after.busy + after.steal - before.busy - before.steal) / (milliseconds / 1000) / cores;
}
