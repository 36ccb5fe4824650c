import { from, lastValueFrom, tap } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { progressBar } from '../../../packages/core/src/train/progress-bar';
import type { TrainEvent } from '../../../packages/core/src/train/train-event';

const Progress = suite('progressBar');

const batches = (n: number): TrainEvent[] => Array.from({ length: n }, (_, i) => ({
  type: 'batch', epoch: 0, step: i + 1, batch: i, batchesPerEpoch: n, size: 10, loss: 1 / (i + 1), accuracy: 0.5, samplesPerSecond: 99.6, learningRate: 0.001,
}));

Progress('without a terminal: a plain line every N steps, plus epoch and done lines', async () => {
  let text = '';
  const stream = { write: (s: string) => (text += s), isTTY: false };
  const events: TrainEvent[] = [...batches(10), { type: 'epoch', epoch: 0, step: 10, loss: 0.3, accuracy: 0.5, seconds: 2, samplesPerSecond: 50 },
    { type: 'done', epoch: 1, step: 10, loss: 0.3, accuracy: 0.5, validationAccuracy: NaN, bestValidationAccuracy: NaN, seconds: 2 }];
  await lastValueFrom(from(events).pipe(tap(progressBar({ stream, everySteps: 4 }))));
  const lines = text.trim().split('\n');
  assert.is(lines.length, 4);
  assert.match(lines[0], /^epoch 1 step 4 batch 4\/10 loss 0\.2500 acc 0\.500 100 samples\/s/);
  assert.match(lines[1], /^epoch 1 step 8 /);
  assert.match(lines[2], /^epoch 1 done: loss 0\.3000/);
  assert.match(lines[3], /^done: 1 epochs, 10 steps/);
});

Progress('on a terminal: a cli-progress bar that reaches the total', async () => {
  let text = '';
  const stream = { write: (s: string) => (text += s), isTTY: true, columns: 120, cursorTo: () => true, clearLine: () => true, moveCursor: () => true, on: () => stream, removeListener: () => stream };
  await lastValueFrom(from(batches(5)).pipe(tap(progressBar({ stream: stream as never, tty: true }))));
  assert.match(text, /epoch 1 \[.*\] 5\/5 \| loss 0\.2000/);
});

Progress('refuses a bad everySteps', () => {
  assert.throws(() => progressBar({ everySteps: 0 }), /everySteps/);
});

Progress.run();
