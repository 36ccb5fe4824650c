/**
 * One watched training run of `deeper stress`: starts ./stress-child.ts, reads its step
 * lines as heartbeats and, when none comes for `stallSeconds`, records where every thread
 * of the child waits (./thread-waits.ts) into a report file and kills it: a hang.
 */
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nativeBacktraces, threadWaits } from './thread-waits';

export interface StressRunConfig {
  /** Optimizer steps to take; 0 runs until `minutes` have passed. */
  steps: number;
  /** Wall-clock minutes for a run with `steps` 0 (the soak). */
  minutes: number;
  /** Seconds without a step after which the run counts as hung. */
  stallSeconds: number;
  /** The child's run folder (checkpoints go there). */
  runDir: string;
  /** wasm threads of the child. */
  threads: number;
  /** Minibatch size of the child. */
  batchSize: number;
  /** Wake-ups a second of the child's pool workers for no job (0: none); see ./stress-child.ts. */
  wakeNoise: number;
  /** Where a hang's thread report is written. */
  reportPath: string;
  /** Called with each step the child reports. */
  onStep?: (step: StepLine) => void;
}

export interface StepLine { type: 'step'; step: number; tensors: number; rss: number }

export interface StressRunResult {
  outcome: 'completed' | 'hang' | 'error';
  /** Steps the child reported. */
  steps: number;
  seconds: number;
  /** The child's error, or the hang's summary. */
  message?: string;
  /** The thread report of a hang. */
  reportPath?: string;
  /** Wake-ups a second of wake noise the child reported running (0: none). */
  wakeNoise: number;
}

// From the sources (the repository) the child is TypeScript, run through tsx from the repo
// root; from the installed @deeper/cli it is the built JavaScript beside this file.
const fromSources = import.meta.url.endsWith('.ts');
const childScript = fileURLToPath(new URL(fromSources ? './stress-child.ts' : './stress-child.js', import.meta.url));
const childArgs = fromSources ? ['--import', 'tsx', childScript] : [childScript];
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export function runStressChild(config: StressRunConfig): Promise<StressRunResult> {
  const started = performance.now();
  const child = spawn(process.execPath, childArgs, {
    cwd: fromSources ? repoRoot : process.cwd(),
    env: {
      ...process.env,
      DEEPER_WASM_THREADS: String(config.threads),
      DEEPER_STRESS_STEPS: String(config.steps),
      DEEPER_STRESS_BATCH: String(config.batchSize),
      DEEPER_STRESS_RUN_DIR: config.runDir,
      DEEPER_STRESS_WAKE_NOISE: String(config.wakeNoise),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let steps = 0;
  let lastBeat = performance.now();
  let buffered = '';
  let stderr = '';
  let childError: string | undefined;
  let hang: string | undefined;
  let wakeNoise = 0;
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    buffered += text;
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines) {
      let parsed: { type?: string; step?: number; message?: string };
      try {
        parsed = JSON.parse(line);
      } catch {
        continue;
      }
      lastBeat = performance.now();
      if (parsed.type === 'step') {
        steps++;
        config.onStep?.(parsed as StepLine);
      } else if (parsed.type === 'error') childError = parsed.message;
      else if (parsed.type === 'wake-noise') wakeNoise = (parsed as { perSecond?: number }).perSecond ?? 0;
    }
  });
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text: string) => (stderr = (stderr + text).slice(-4000)));

  const watchdog = setInterval(() => {
    const silent = (performance.now() - lastBeat) / 1000;
    if (hang === undefined && silent > config.stallSeconds) {
      hang = `no step for ${Math.round(silent)} s after step ${steps}`;
      const waits = threadWaits(child.pid!);
      const report = [
        `hang: ${hang} (pid ${child.pid})`,
        '', 'threads (tid name state wchan):',
        ...waits.map((w) => `${w.tid} ${w.name} ${w.state} ${w.wchan}`),
        '', 'native backtraces:', nativeBacktraces(child.pid!),
      ].join('\n');
      writeFileSync(config.reportPath, report);
      child.kill('SIGKILL');
    }
  }, 1000);
  let deadlineReached = false;
  const deadline = config.steps === 0 ? setTimeout(() => {
    deadlineReached = true;
    child.kill('SIGTERM');
  }, config.minutes * 60_000) : undefined;

  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      clearInterval(watchdog);
      if (deadline) clearTimeout(deadline);
      const seconds = (performance.now() - started) / 1000;
      if (hang !== undefined) return resolve({ outcome: 'hang', steps, seconds, message: hang, reportPath: config.reportPath, wakeNoise });
      // Only the soak's own deadline ends it well: a SIGTERM from elsewhere is an error like any other death.
      const finishedSoak = deadlineReached && signal === 'SIGTERM';
      if (code === 0 || finishedSoak) return resolve({ outcome: 'completed', steps, seconds, wakeNoise });
      resolve({ outcome: 'error', steps, seconds, wakeNoise, message: childError ?? `the training process exited with ${code ?? signal}: ${stderr.trim().split('\n').slice(-5).join(' | ')}` });
    });
  });
}
