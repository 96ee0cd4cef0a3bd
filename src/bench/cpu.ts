/**
 * CPU accounting over a measurement window: the client's own CPU (process.cpuUsage: all threads
 * of this process), the whole machine (os.cpus() tick deltas), and — when the broker runs on
 * this machine — the broker's own processes (/proc/<pid>/stat). With a local broker,
 * machine − client estimates the broker's share even when /proc is not readable.
 */
import { readFileSync } from 'node:fs';
import os from 'node:os';
import { monitorEventLoopDelay, performance, type EventLoopUtilization, type IntervalHistogram } from 'node:perf_hooks';

/** Linux USER_HZ: /proc/<pid>/stat counts CPU time in 1/100 s ticks (man 5 proc, "clock ticks"; `getconf CLK_TCK` = 100). */
const PROC_TICKS_PER_SECOND = 100;
/** Sampling resolution of the event-loop delay monitor (ms): Node's default is 10. */
const EVENT_LOOP_DELAY_RESOLUTION_MS = 10;

interface MachineTimes {
  busyMs: number;
  totalMs: number;
}

function machineTimes(): MachineTimes {
  let busyMs = 0;
  let totalMs = 0;
  for (const c of os.cpus()) {
    const t = c.times;
    busyMs += t.user + t.nice + t.sys + t.irq;
    totalMs += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busyMs, totalMs };
}

/** utime + stime of a process in seconds, or null if it cannot be read (not Linux, gone, no permission). */
export function processCpuSeconds(pid: number): number | null {
  return statCpuSeconds(`/proc/${pid}/stat`);
}

/**
 * CPU time of the calling thread (seconds), or null off Linux. /proc/thread-self resolves to the
 * thread that reads it, and fs.readFileSync reads on the calling thread, so this works in the
 * main thread and in each worker thread alike.
 */
export function threadCpuSeconds(): number | null {
  return statCpuSeconds('/proc/thread-self/stat');
}

function statCpuSeconds(path: string): number | null {
  try {
    const stat = readFileSync(path, 'utf8');
    // Fields after the command name (which may contain spaces) start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // man 5 proc: utime is field 14, stime field 15; here field 3 ("state") is index 0.
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    if (!Number.isFinite(utime) || !Number.isFinite(stime)) return null;
    return (utime + stime) / PROC_TICKS_PER_SECOND;
  } catch {
    return null;
  }
}

/** The process is an Erlang VM (the broker), so its CPU may be attributed to the broker. */
export function isErlangVm(pid: number): boolean {
  try {
    return /^beam/.test(readFileSync(`/proc/${pid}/comm`, 'utf8').trim());
  } catch {
    return false;
  }
}

export interface CpuMark {
  atMs: number;
  client: NodeJS.CpuUsage;
  machine: MachineTimes;
  brokerSeconds: number | null;
  elu: EventLoopUtilization;
  mainThreadSeconds: number | null;
  delay: IntervalHistogram;
}

export interface CpuFigures {
  clientCores: number;
  /** Main thread CPU as a fraction of one core (event-loop utilisation where /proc is not readable). */
  mainThreadShare: number;
  eventLoopDelayP99Ms: number;
  machineCores: number;
  machineBusyCores: number;
  brokerCoresEstimate: number;
  brokerCoresMeasured: number | null;
}

function brokerSeconds(pids: readonly number[]): number | null {
  if (pids.length === 0) return null;
  let sum = 0;
  for (const pid of pids) {
    const s = processCpuSeconds(pid);
    if (s === null) return null;
    sum += s;
  }
  return sum;
}

export function beginCpuWindow(brokerPids: readonly number[]): CpuMark {
  const delay = monitorEventLoopDelay({ resolution: EVENT_LOOP_DELAY_RESOLUTION_MS });
  delay.enable();
  return {
    atMs: performance.now(),
    client: process.cpuUsage(),
    machine: machineTimes(),
    brokerSeconds: brokerSeconds(brokerPids),
    elu: performance.eventLoopUtilization(),
    mainThreadSeconds: threadCpuSeconds(),
    delay,
  };
}

export function endCpuWindow(mark: CpuMark, brokerPids: readonly number[]): CpuFigures {
  const elapsedSec = Math.max(1e-6, (performance.now() - mark.atMs) / 1000);
  const client = process.cpuUsage(mark.client);
  const machine = machineTimes();
  const cores = Math.max(1, os.cpus().length);
  mark.delay.disable();
  const clientCores = (client.user + client.system) / 1e6 / elapsedSec;
  const totalDeltaMs = machine.totalMs - mark.machine.totalMs;
  // os.cpus() ticks advance per core: busy fraction × cores = busy cores.
  const machineBusyCores = totalDeltaMs > 0 ? ((machine.busyMs - mark.machine.busyMs) / totalDeltaMs) * cores : 0;
  const endBroker = brokerSeconds(brokerPids);
  const brokerCoresMeasured = mark.brokerSeconds !== null && endBroker !== null ? Math.max(0, endBroker - mark.brokerSeconds) / elapsedSec : null;
  const mainEnd = threadCpuSeconds();
  return {
    clientCores,
    mainThreadShare:
      mark.mainThreadSeconds !== null && mainEnd !== null
        ? (mainEnd - mark.mainThreadSeconds) / elapsedSec
        : performance.eventLoopUtilization(mark.elu).utilization,
    eventLoopDelayP99Ms: mark.delay.count > 0 ? mark.delay.percentile(99) / 1e6 : 0,
    machineCores: cores,
    machineBusyCores,
    brokerCoresEstimate: Math.max(0, machineBusyCores - clientCores),
    brokerCoresMeasured,
  };
}
