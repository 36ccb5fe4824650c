/**
 * The training process that `deeper stress` watches (./stress-run.ts starts it): trains the
 * textbook deep CNN (@deeper/classify deepCnn) with `fit` on 2,000 seeded random 28×28 images
 * (the kernels, threads and checkpoints are a real run's; the data does not matter), on the
 * threaded wasm backend, writing checkpoints into a run folder, and prints one JSON line
 * per optimizer step to stdout: `{"type":"step","step":…,"tensors":…,"rss":…}`. The watchdog
 * reads those lines as heartbeats. It runs until it has taken `DEEPER_STRESS_STEPS` steps
 * (0: until killed), then prints `{"type":"done",…}` and exits 0.
 *
 * Environment: DEEPER_STRESS_STEPS, DEEPER_STRESS_BATCH (default 32: many short steps,
 * so many kernel calls and thread hand-offs a second), DEEPER_STRESS_RUN_DIR (the run
 * folder; resumed when it holds a checkpoint), DEEPER_STRESS_CHECKPOINT_EVERY (steps, 25),
 * DEEPER_STRESS_WAKE_NOISE (wake-ups a second of deeper's pool workers for no job, from
 * the first step on, as late notifies on a loaded machine make them; 0: none; default
 * 20,000). Issue 13's hang was a worker that took such a wake-up for a job: the noise
 * makes that window, which competing load opens only rarely, open thousands of times a
 * second.
 */
import * as tf from '@tensorflow/tfjs';
import { filter, tap } from 'rxjs';
import { fit, selectBackend, startWakeNoise, type TrainEvent } from '@deeper/core';
import { deepCnn } from '@deeper/classify';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const steps = Number(process.env.DEEPER_STRESS_STEPS ?? 0);
const batchSize = Number(process.env.DEEPER_STRESS_BATCH ?? 32);
const runDir = process.env.DEEPER_STRESS_RUN_DIR ?? null;
const checkpointEvery = Number(process.env.DEEPER_STRESS_CHECKPOINT_EVERY ?? 25);
const wakeNoise = Number(process.env.DEEPER_STRESS_WAKE_NOISE ?? 20_000);

const report = await selectBackend('wasm', { quiet: true });
const count = 2000;
const x = new Float32Array(count * 28 * 28);
const y = new Uint8Array(count);
let state = 12345;
const next = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
for (let i = 0; i < x.length; i++) x[i] = next();
for (let i = 0; i < count; i++) y[i] = Math.floor(next() * 10);
const model = deepCnn({ seed: 1, dropout: 0.2 });
const resume = runDir !== null && existsSync(join(runDir, 'checkpoints')) ? runDir : null;
const emit = (line: object) => process.stdout.write(`${JSON.stringify(line)}\n`);
emit({ type: 'start', backend: report.name, threads: report.threads ?? 1, resume: resume !== null });

let taken = 0;
const subscription = fit(model, { x, y, sampleShape: [28, 28, 1] }, {
  epochs: 1_000_000, batchSize, seed: 1, runDir, checkpointEvery, checkpointUnit: 'step', resume,
}).pipe(
  filter((e: TrainEvent) => e.type === 'batch' || e.type === 'checkpoint'),
  tap((e) => {
    if (e.type === 'checkpoint') return emit({ type: 'checkpoint', step: e.step });
    taken++;
    if (taken === 1 && wakeNoise > 0 && report.name === 'wasm') {
      // deeper's pool starts with the first shared kernel, so it exists after the first step.
      // It runs until the process exits (the thread is unref'd).
      const started = startWakeNoise(tf.backend() as Parameters<typeof startWakeNoise>[0], wakeNoise) !== null;
      emit({ type: 'wake-noise', perSecond: started ? wakeNoise : 0 });
    }
    emit({ type: 'step', step: e.step, tensors: tf.memory().numTensors, rss: process.memoryUsage.rss() });
    if (steps > 0 && taken >= steps) {
      subscription.unsubscribe();
      emit({ type: 'done', step: e.step, tensors: tf.memory().numTensors });
      process.exit(0);
    }
  }),
).subscribe({
  error: (error: Error) => {
    emit({ type: 'error', message: error.message });
    process.exit(1);
  },
});
