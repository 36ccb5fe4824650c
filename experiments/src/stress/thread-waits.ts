/**
 * Where each thread of a process is waiting, for the stress watchdog's hang reports: from
 * Linux's /proc (each task's name, state and kernel wait channel, e.g. `futex_do_wait` or
 * `do_epoll_wait`) and, when gdb is installed, a native backtrace of every thread (it tells
 * a JavaScript `Atomics.wait` from a WebAssembly `memory.atomic.wait32`, and from V8's own
 * waits). Each part is best effort: what cannot be read is said, not thrown.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export interface ThreadWait {
  tid: number;
  name: string;
  /** Kernel state letter: R running, S sleeping, D disk, … */
  state: string;
  /** Kernel function the thread sleeps in, or '0' when running. */
  wchan: string;
}

/** Every thread of `pid` and where it waits (empty where /proc is not there). */
export function threadWaits(pid: number): ThreadWait[] {
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return [];
  }
  return tids.map((tid) => {
    const read = (file: string) => {
      try {
        return readFileSync(`/proc/${pid}/task/${tid}/${file}`, 'utf8').trim();
      } catch {
        return '?';
      }
    };
    const stat = read('stat');
    const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] ?? '?';
    return { tid: Number(tid), name: read('comm'), state, wchan: read('wchan') };
  });
}

/** gdb's `thread apply all bt` of `pid`, or a line saying why there is none. */
export function nativeBacktraces(pid: number, timeoutMs = 120_000): string {
  try {
    return execFileSync('gdb', ['-p', String(pid), '-batch', '-nx', '-ex', 'set pagination off', '-ex', 'thread apply all bt 25'], {
      encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 * 2 ** 20,
    });
  } catch (error) {
    const e = error as { code?: string; stdout?: string; message: string };
    if (e.code === 'ENOENT') return 'no native backtraces: gdb is not installed (apt-get install gdb)';
    return e.stdout ? e.stdout : `no native backtraces: ${e.message}`;
  }
}
