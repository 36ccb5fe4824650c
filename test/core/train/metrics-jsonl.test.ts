import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { from, lastValueFrom, tap } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dropLinesAfter, metricsJsonl, metricsOf } from '../../../packages/core/src/train/metrics-jsonl';
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

Jsonl('a resume drops the killed run\'s lines past the resumed step (and a torn last line), so each step is logged once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-jsonl-'));
  try {
    const path = join(dir, 'run', 'metrics.jsonl');
    const batch = (step: number, loss: number): TrainEvent => ({ type: 'batch', epoch: 0, step, batch: step - 1, batchesPerEpoch: 9, size: 4, loss, accuracy: 0.5, samplesPerSecond: 10, learningRate: 1e-3 });
    // The first process: steps 1–5 and a checkpoint at 3, then a SIGKILL mid-line.
    await lastValueFrom(from([batch(1, 9), batch(2, 9), batch(3, 9), { type: 'checkpoint', epoch: 0, step: 3, path: 'ckpt-3' } as TrainEvent, batch(4, 9), batch(5, 9)]).pipe(tap(metricsJsonl(path))));
    appendFileSync(path, '{"time":1,"type":"batch","st');
    // The resumed process starts from the checkpoint at step 3.
    await lastValueFrom(from([{ type: 'resume', epoch: 0, step: 3, path: 'ckpt-3' } as TrainEvent, batch(4, 1), batch(5, 1)]).pipe(tap(metricsJsonl(path))));
    const lines = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(lines.map((l) => `${l.type}@${l.step}`), ['batch@1', 'batch@2', 'batch@3', 'checkpoint@3', 'resume@3', 'batch@4', 'batch@5']);
    assert.equal(lines.filter((l) => l.step > 3).map((l) => l['losses/train_loss']), [1, 1], 'the resumed run\'s values');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Jsonl('dropLinesAfter keeps lines without a step and leaves a file with nothing to drop untouched', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-jsonl-'));
  try {
    mkdirSync(join(dir, 'r'));
    const path = join(dir, 'r', 'metrics.jsonl');
    assert.is(dropLinesAfter(path, 5), 0, 'no file: nothing to do');
    appendFileSync(path, '{"type":"note"}\n{"type":"batch","step":2}\n{"type":"batch","step":7}\n');
    assert.is(dropLinesAfter(path, 5), 1);
    assert.is(readFileSync(path, 'utf8'), '{"type":"note"}\n{"type":"batch","step":2}\n');
    assert.is(dropLinesAfter(path, 5), 0);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Jsonl.run();
