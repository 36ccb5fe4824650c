import { from, lastValueFrom, toArray } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ofType } from '../../../packages/core/src/train/of-type';
import type { BatchEvent, TrainEvent } from '../../../packages/core/src/train/train-event';

const OfType = suite('ofType');

const batch: BatchEvent = { type: 'batch', epoch: 0, step: 1, batch: 0, batchesPerEpoch: 1, size: 2, loss: 1, accuracy: 0.5, samplesPerSecond: 10, learningRate: 0.1 };
const events: TrainEvent[] = [
  batch,
  { type: 'epoch', epoch: 0, step: 1, loss: 1, accuracy: 0.5, seconds: 1, samplesPerSecond: 2 },
  { type: 'checkpoint', epoch: 1, step: 1, path: 'runs/x/checkpoints/step-1' },
  { ...batch, step: 2 },
];

OfType('keeps only the named types, in order, narrowed', async () => {
  const batches = await lastValueFrom(from(events).pipe(ofType('batch'), toArray()));
  assert.equal(batches.map((b) => b.step), [1, 2]);
  // Narrowed: `learningRate` exists only on BatchEvent; this line would not compile otherwise.
  assert.equal(batches.map((b) => b.learningRate), [0.1, 0.1]);
  const two = await lastValueFrom(from(events).pipe(ofType('epoch', 'checkpoint'), toArray()));
  assert.equal(two.map((e) => e.type), ['epoch', 'checkpoint']);
  const none = await lastValueFrom(from(events).pipe(ofType('done'), toArray()));
  assert.equal(none, []);
});

OfType.run();
