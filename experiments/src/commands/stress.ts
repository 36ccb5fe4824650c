/**
 * `deeper stress`: the check that would have caught issue 13's hang. Trains the textbook
 * CNN on the threaded wasm backend in watched child processes (../stress/stress-run.ts)
 * while it makes competing load itself (../stress/load-generator.ts: bursts of CPU-bound
 * processes and of fsync'd 20 MB writes), and reports runs, steps, hangs and errors.
 *
 *   deeper stress [--runs N] [--steps S]   N runs of S steps each (default 50 × 200)
 *   deeper stress --minutes M              one soak run of M minutes that samples the
 *                                          tensor count and resident memory every minute
 *
 * A run hangs when no step comes for `--stall-seconds`: the watchdog then writes where
 * every thread waits (and gdb's native backtraces, where gdb exists) to
 * `<out>/hang-<run>.txt`. It exits non-zero on any hang or error, and in a soak when the
 * tensor count changes or resident memory grows by more than 10 % after the first minute.
 */
import type { Command } from 'commander';
import { mkdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ConfigError } from '@deeper/core';
import { startLoad } from '../stress/load-generator';
import { runStressChild, type StepLine, type StressRunResult } from '../stress/stress-run';

export interface StressOptions {
  runs: number;
  steps: number;
  /** Soak minutes; null for runs of `steps` steps. */
  minutes: number | null;
  stallSeconds: number;
  threads: number;
  batchSize: number;
  load: boolean;
  /** Wake-ups a second of the training process's pool workers for no job (0: none). */
  wakeNoise: number;
  /** Seconds between soak samples (60: "each minute"). */
  sampleSeconds: number;
  out: string;
  log: (line: string) => void;
}

export interface SoakSample { minute: number; step: number; tensors: number; rssMb: number }

export interface StressSummary {
  mode: 'runs' | 'soak';
  runs: number;
  steps: number;
  hangs: number;
  errors: number;
  seconds: number;
  load: { cpuProcesses: number; writeBursts: number } | null;
  /** Wake-ups a second of wake noise the training processes ran with (0: none). */
  wakeNoise: number;
  problems: string[];
  samples?: SoakSample[];
  tensorGrowth?: number;
  rssGrowthPercent?: number;
}

/** Reads a flag that must be a positive number (an integer where `integer`). */
export function parsePositive(flag: string, text: string, integer: boolean): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value) || value <= 0 || (integer && !Number.isInteger(value))) {
    throw new ConfigError('deeper stress', flag, integer ? 'a positive integer' : 'a positive number', text);
  }
  return value;
}

export async function runStress(options: StressOptions): Promise<StressSummary> {
  const out = resolve(options.out);
  mkdirSync(out, { recursive: true });
  const load = options.load ? startLoad() : null;
  const started = performance.now();
  const results: StressRunResult[] = [];
  const samples: SoakSample[] = [];
  const problems: string[] = [];
  try {
    const soak = options.minutes !== null;
    const runs = soak ? 1 : options.runs;
    for (let run = 1; run <= runs; run++) {
      const runDir = join(out, `run-${run}`);
      let lastSample = performance.now();
      let soakStart = performance.now();
      const onStep = (line: StepLine) => {
        if (!soak) return;
        if (line.step === 1) soakStart = lastSample = performance.now();
        if (line.step === 1 || performance.now() - lastSample >= options.sampleSeconds * 1000) {
          lastSample = performance.now();
          const sample = { minute: Math.round((lastSample - soakStart) / 600) / 100, step: line.step, tensors: line.tensors, rssMb: Math.round(line.rss / 2 ** 20) };
          samples.push(sample);
          options.log(`soak: minute ${sample.minute.toFixed(1)}, step ${sample.step}, ${sample.tensors} tensors, ${sample.rssMb} MB resident`);
        }
      };
      const result = await runStressChild({
        steps: soak ? 0 : options.steps, minutes: options.minutes ?? 0, stallSeconds: options.stallSeconds,
        runDir, threads: options.threads, batchSize: options.batchSize, wakeNoise: options.wakeNoise, reportPath: join(out, `hang-${run}.txt`), onStep,
      });
      results.push(result);
      const what = result.outcome === 'completed' ? 'completed' : `${result.outcome.toUpperCase()}: ${result.message}${result.reportPath ? ` (threads: ${result.reportPath})` : ''}`;
      options.log(`run ${run}/${runs}: ${what}, ${result.steps} steps in ${result.seconds.toFixed(0)} s`);
      if (result.outcome === 'completed') rmSync(runDir, { recursive: true, force: true });
      else problems.push(`run ${run}: ${what}`);
    }
  } finally {
    await load?.stop();
  }
  // The noise starts after a run's first step: runs that took none say nothing about it.
  const noisy = results.filter((r) => r.steps > 0).map((r) => r.wakeNoise);
  const summary: StressSummary = {
    mode: options.minutes !== null ? 'soak' : 'runs',
    runs: results.length,
    steps: results.reduce((s, r) => s + r.steps, 0),
    hangs: results.filter((r) => r.outcome === 'hang').length,
    errors: results.filter((r) => r.outcome === 'error').length,
    seconds: Math.round((performance.now() - started) / 1000),
    load: load?.counts() ?? null,
    wakeNoise: noisy.length > 0 ? Math.min(...noisy) : 0,
    problems,
  };
  if (options.minutes !== null) {
    summary.samples = samples;
    // The first sample is taken at step 1, before the allocator and caches settle; growth counts from minute 1 on.
    const settled = samples.filter((s) => s.minute >= 0.9);
    if (settled.length >= 2) {
      const first = settled[0];
      const last = settled[settled.length - 1];
      summary.tensorGrowth = Math.max(...settled.map((s) => s.tensors)) - Math.min(...settled.map((s) => s.tensors));
      summary.rssGrowthPercent = Math.round(((last.rssMb - first.rssMb) / first.rssMb) * 1000) / 10;
      if (summary.tensorGrowth !== 0) problems.push(`the tensor count moved by ${summary.tensorGrowth} after the first minute`);
      if (summary.rssGrowthPercent > 10) problems.push(`resident memory grew by ${summary.rssGrowthPercent} % after the first minute (${first.rssMb} → ${last.rssMb} MB)`);
    } else {
      problems.push(`the soak took ${samples.length} sample(s); growth needs at least two after the first minute (give --minutes ≥ 2)`);
    }
  }
  return summary;
}

export function register(program: Command): void {
  program
    .command('stress')
    .description('train on the threaded backend under competing load with a watchdog; report runs, steps and hangs')
    .option('--runs <n>', 'watched training runs, one after another', '50')
    .option('--steps <n>', 'optimizer steps per run', '200')
    .option('--minutes <m>', 'instead of runs: one soak run of this many minutes, sampling tensors and memory each minute')
    .option('--stall-seconds <s>', 'seconds without a step that count as a hang', '90')
    .option('--threads <n>', 'wasm threads of the training process', '2')
    .option('--batch-size <n>', 'minibatch size (small: many thread hand-offs a second)', '32')
    .option('--no-load', 'make no competing load')
    .option('--wake-noise <n>', 'wake-ups a second of deeper\'s thread-pool workers for no job, as late notifies on a loaded machine make them (0: none)', '20000')
    .option('--sample-seconds <s>', 'seconds between soak samples', '60')
    .option('--out <dir>', 'folder for hang reports and the runs\' checkpoints', join('runs', `stress-${Date.now()}`))
    .option('--json', 'print the summary as one JSON line at the end')
    .action(async (opts: Record<string, string | boolean | undefined>) => {
      const options: StressOptions = {
        runs: parsePositive('--runs', String(opts.runs), true),
        steps: parsePositive('--steps', String(opts.steps), true),
        minutes: opts.minutes === undefined ? null : parsePositive('--minutes', String(opts.minutes), false),
        stallSeconds: parsePositive('--stall-seconds', String(opts.stallSeconds), false),
        threads: parsePositive('--threads', String(opts.threads), true),
        batchSize: parsePositive('--batch-size', String(opts.batchSize), true),
        load: opts.load !== false,
        wakeNoise: String(opts.wakeNoise) === '0' ? 0 : parsePositive('--wake-noise', String(opts.wakeNoise), true),
        sampleSeconds: parsePositive('--sample-seconds', String(opts.sampleSeconds), false),
        out: String(opts.out),
        log: (line) => console.error(line),
      };
      const summary = await runStress(options);
      const line = `${summary.runs} run(s), ${summary.steps} steps, ${summary.hangs} hang(s), ${summary.errors} error(s) in ${summary.seconds} s` +
        (summary.load ? ` beside ${summary.load.cpuProcesses} CPU-bound processes and ${summary.load.writeBursts} synced write bursts` : ' without competing load') +
        (summary.wakeNoise > 0 ? `, with ${summary.wakeNoise} spurious wake-ups a second of the thread pool` : '');
      console.log(opts.json ? JSON.stringify(summary) : line);
      if (!opts.json) for (const p of summary.problems) console.log(`problem: ${p}`);
      if (summary.problems.length > 0) process.exitCode = 1;
    });
}
