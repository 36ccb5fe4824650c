import * as tf from '@tensorflow/tfjs';
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, watch } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { fit } from '../../../packages/core/src/train/fit';
import { latestCheckpoint, loadTrainCheckpoint, readLoopState, trainableVariables, weightShapes } from '../../../packages/core/src/train/train-checkpoint';
import { createOptimizer } from '../../../packages/core/src/optim/create-optimizer';
import type { TrainEvent } from '../../../packages/core/src/train/train-event';
import { killRunConfig, killRunData, killRunModel, killRunRecord } from './fixtures/kill-run';

await tf.setBackend('cpu');

const child = fileURLToPath(new URL('./fixtures/kill-child.ts', import.meta.url));
const trials = 50;
const atOnce = 4;

interface Trial { runDir: string; lastReported: number }

/**
 * Starts the run, waits for its third complete checkpoint (past the first slow steps), then
 * SIGKILLs it: odd trials at a point spread over one checkpoint period (the time between the
 * second and third reports; golden-ratio fractions of it, trial after trial, cover every
 * phase of a save), even trials the moment a checkpoint's temporary folder appears (inotify),
 * which is the narrow window where a partial checkpoint lies on disk.
 */
function killedRun(index: number, root: string): Promise<Trial> {
  const runDir = join(root, `run-${index}`);
  const fraction = (index * 0.6180339887) % 1;
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, runDir], { stdio: ['ignore', 'pipe', 'pipe'] });
    let lastReported = 0;
    const reportedAt: number[] = [];
    let scheduled = false;
    let stderr = '';
    proc.stderr.on('data', (d) => (stderr += d));
    proc.stdout.on('data', (d: Buffer) => {
      for (const m of d.toString().matchAll(/checkpoint (\d+)/g)) {
        lastReported = Math.max(lastReported, Number(m[1]));
        reportedAt.push(performance.now());
      }
      if (!scheduled && lastReported >= 3) {
        scheduled = true;
        if (index % 2 === 0) {
          const watcher = watch(join(runDir, 'checkpoints'), (_event, name) => {
            if (name?.endsWith('.tmp')) {
              proc.kill('SIGKILL');
              watcher.close();
            }
          });
          proc.once('close', () => watcher.close());
        } else {
          const period = reportedAt[2] - reportedAt[1];
          setTimeout(() => proc.kill('SIGKILL'), fraction * period);
        }
      }
    });
    proc.on('close', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`trial ${index}: the run ended with ${code ?? signal} before it was killed: ${stderr}`));
      else resolve({ runDir, lastReported });
    });
  });
}

const Kill = suite('SIGKILL during checkpoint writes');

Kill(`${trials} kills spread over a checkpoint write each leave a complete, loadable checkpoint no older than the last one reported, and the run resumes from it`, async () => {
  const root = mkdtempSync(join(tmpdir(), 'deeper-kill-'));
  try {
    const results: Trial[] = [];
    for (let start = 0; start < trials; start += atOnce) {
      results.push(...await Promise.all(Array.from({ length: Math.min(atOnce, trials - start) }, (_, k) => killedRun(start + k, root))));
    }
    const leftovers = results.filter((r) => readdirSync(join(r.runDir, 'checkpoints')).some((n) => n.endsWith('.tmp'))).length;
    for (const { runDir, lastReported } of results) {
      const dir = latestCheckpoint(runDir);
      const state = readLoopState(dir);
      assert.ok(state.step >= lastReported, `${dir}: step ${state.step}, but step ${lastReported} was reported complete`);
      // Every recorded file is there, of its recorded size and SHA-256, and loads into a fresh model and optimizer.
      const model = killRunModel();
      const optimizer = createOptimizer({ learningRate: 1e-3 });
      await loadTrainCheckpoint(dir, model, optimizer, killRunRecord(weightShapes(model)));
      assert.is(optimizer.iteration, state.step, `${dir}: the optimizer's step counter`);
      assert.is(trainableVariables(model).length, 4);
      optimizer.dispose();
      model.dispose();
    }
    // Resume three of the killed runs through fit itself: each continues at the step after its checkpoint.
    for (const { runDir } of results.slice(0, 3)) {
      const step = readLoopState(latestCheckpoint(runDir)).step;
      const model = killRunModel();
      const events: TrainEvent[] = [];
      await new Promise<void>((resolve, reject) => {
        const sub = fit(model, killRunData(), { ...killRunConfig(runDir), resume: runDir }).subscribe({
          next: (e) => {
            events.push(e);
            if (e.type === 'batch') {
              sub.unsubscribe();
              resolve();
            }
          },
          error: reject,
        });
      });
      model.dispose();
      assert.equal([events[0].type, events[0].step], ['resume', step]);
      assert.equal([events[1].type, events[1].step], ['batch', step + 1]);
    }
    // A kill between a checkpoint's first file and its rename leaves that write's temporary folder: the watched trials aim there.
    assert.ok(leftovers >= trials / 4, `only ${leftovers} of ${trials} kills landed between a checkpoint's first file and its rename`);
    console.log(`${leftovers} of ${trials} kills landed between a checkpoint's first file and its rename`);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});

Kill.run();
