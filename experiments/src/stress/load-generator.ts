/**
 * Competing load for `deeper stress`, of the two kinds under which `deeper demo` hung
 * (issue 13): bursts of short CPU-bound processes (like a package install or a build
 * loop) and bursts of fsync'd 20 MB disk writes. Both start and stop at irregular
 * moments, so the training process is preempted at irregular points of its kernels.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, fsyncSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface LoadConfig {
  /** CPU-bound processes alive at once at most. Default 3: more than this machine's 2 cores, so the trainer is preempted. */
  cpuProcesses: number;
  /** Longest life of one CPU-bound process, ms; each lives a random 20 ms … this. Default 800. */
  cpuBurstMs: number;
  /** Bytes of one synced write burst. Default 20 MB (the reproduction). */
  writeBytes: number;
  /** Pause between write bursts, ms, at most; each pause is random up to this. Default 1000. */
  writePauseMs: number;
  /** Seed of the burst timing (a small xorshift: the load differs run to run only by seed). */
  seed: number;
}

export const loadDefaults: LoadConfig = { cpuProcesses: 3, cpuBurstMs: 800, writeBytes: 20 * 2 ** 20, writePauseMs: 1000, seed: 1 };

export interface RunningLoad {
  /** Ends every load process and removes the write folder. */
  stop(): Promise<void>;
  /** Counts so far: CPU processes started, write bursts done. */
  counts(): { cpuProcesses: number; writeBursts: number };
}

export function startLoad(partial: Partial<LoadConfig> = {}): RunningLoad {
  const config = { ...loadDefaults, ...partial };
  let state = config.seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    return state / 2 ** 32;
  };
  const dir = mkdtempSync(join(tmpdir(), 'deeper-stress-load-'));
  const children = new Set<ChildProcess>();
  const timers = new Set<NodeJS.Timeout>();
  let stopped = false;
  let cpuStarted = 0;
  let writeBursts = 0;
  const later = (ms: number, fn: () => void) => {
    const t = setTimeout(() => {
      timers.delete(t);
      if (!stopped) fn();
    }, ms);
    timers.add(t);
  };

  const startCpu = () => {
    if (stopped) return;
    const ms = Math.round(20 + random() * (config.cpuBurstMs - 20));
    const child = spawn(process.execPath, ['-e', `const end = Date.now() + ${ms}; let x = 0; while (Date.now() < end) x += Math.sqrt(x + 1);`], { stdio: 'ignore' });
    cpuStarted++;
    children.add(child);
    child.on('exit', () => {
      children.delete(child);
      // Refill after an irregular pause, so the load comes and goes.
      later(random() * config.cpuBurstMs, startCpu);
    });
  };
  for (let i = 0; i < config.cpuProcesses; i++) later(random() * config.cpuBurstMs, startCpu);

  const chunk = Buffer.alloc(2 ** 20, 7);
  const writeBurst = () => {
    const path = join(dir, `burst-${writeBursts}.bin`);
    const fd = openSync(path, 'w');
    try {
      for (let written = 0; written < config.writeBytes; written += chunk.byteLength) writeSync(fd, chunk);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
      rmSync(path, { force: true });
    }
    writeBursts++;
    later(random() * config.writePauseMs, writeBurst);
  };
  later(random() * config.writePauseMs, writeBurst);

  return {
    counts: () => ({ cpuProcesses: cpuStarted, writeBursts }),
    async stop() {
      stopped = true;
      for (const t of timers) clearTimeout(t);
      const exits = [...children].map((c) => new Promise<void>((resolve) => {
        if (c.exitCode !== null || c.signalCode !== null) return resolve();
        c.once('exit', () => resolve());
        c.kill('SIGKILL');
      }));
      await Promise.all(exits);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
