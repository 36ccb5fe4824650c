import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { from, lastValueFrom, tap } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { metricsJsonl, metricsOf } from '../../../packages/core/src/train/metrics-jsonl';
import type { TrainEvent } from '../../../packages/core/src/train/train-event';

const Jsonl = suite('metricsJsonl');

Jsonl('one line per event with time, step and namespaced keys; NaN becomes null', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-jsonl-'));
  try {
    const path = join(dir, 'run', 'metrics.jsonl');
    const events: TrainEvent[] = [
      { type: 'batch', epoch: 0, step: 1, batch: 0, batchesPerEpoch: 2, size: 4, loss: 2.5, accuracy: 0.25, samplesPerSecond: 100, learningRate: 0.001 },
      { type: 'validation', epoch: 0, step: 2, loss: 1.5, accuracy: 0.5, bestAccuracy: 0.5, isBest: true },
      { type: 'done', epoch: 1, step: 2, loss: 2, accuracy: 0.3, validationAccuracy: NaN, bestValidationAccuracy: NaN, seconds: 1 },
    ];
    const before = Date.now() / 1000;
    await lastValueFrom(from(events).pipe(tap(metricsJsonl(path))));
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.is(lines.length, 3);
    assert.ok(lines.every((l) => l.time >= before - 1 && l.time <= Date.now() / 1000 + 1));
    assert.equal(lines.map((l) => l.step), [1, 2, 2]);
    assert.is(lines[0]['losses/train_loss'], 2.5);
    assert.is(lines[0]['charts/accuracy'], 0.25);
    assert.is(lines[0]['charts/samples_per_s'], 100);
    assert.is(lines[1]['charts/val_accuracy'], 0.5);
    assert.is(lines[2]['charts/final_val_accuracy'], null);
    // A resumed run continues the same file.
    await lastValueFrom(from(events.slice(0, 1)).pipe(tap(metricsJsonl(path))));
    assert.is(readFileSync(path, 'utf8').trim().split('\n').length, 4);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Jsonl('metricsOf names every key with a namespace or a plain field', () => {
  const m = metricsOf({ type: 'epoch', epoch: 0, step: 3, loss: 1, accuracy: 0.5, seconds: 2, samplesPerSecond: 5 });
  assert.equal(Object.keys(m).sort(), ['charts/epoch_accuracy', 'charts/epoch_samples_per_s', 'charts/epoch_seconds', 'losses/epoch_train_loss']);
});

Jsonl.run();
