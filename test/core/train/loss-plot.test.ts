import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { from, lastValueFrom, tap } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { lossPlot, trainingChartSpec } from '../../../packages/core/src/train/loss-plot';
import type { TrainEvent } from '../../../packages/core/src/train/train-event';

const Plot = suite('lossPlot');

Plot('collects train and validation points and writes an SVG after each epoch', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-plot-'));
  try {
    const events: TrainEvent[] = [
      ...[1, 2, 3].map((step): TrainEvent => ({ type: 'batch', epoch: 0, step, batch: step - 1, batchesPerEpoch: 3, size: 4, loss: 3 / step, accuracy: step / 4, samplesPerSecond: 1, learningRate: 1 })),
      { type: 'epoch', epoch: 0, step: 3, loss: 2, accuracy: 0.5, seconds: 1, samplesPerSecond: 12 },
      { type: 'validation', epoch: 0, step: 3, loss: 1.25, accuracy: 0.625, bestAccuracy: 0.625, isBest: true },
      { type: 'done', epoch: 1, step: 3, loss: 2, accuracy: 0.5, validationAccuracy: 0.625, bestValidationAccuracy: 0.625, seconds: 1 },
    ];
    const plot = lossPlot(join(dir, 'plots'), 'run-x');
    await lastValueFrom(from(events).pipe(tap(plot)));
    await plot.flush();
    assert.is(plot.points.length, 8);
    assert.equal(plot.points.filter((p) => p.series === 'validation').map((p) => p.value), [1.25, 0.625]);
    const svg = readFileSync(plot.path, 'utf8');
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg, /run-x/);
    assert.match(svg, /loss/);
    assert.match(svg, /accuracy/);
    assert.match(svg, /validation/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Plot('the chart spec stacks loss over accuracy', () => {
  const spec = trainingChartSpec([], 't') as { vconcat: { transform: { filter: string }[] }[] };
  assert.equal(spec.vconcat.map((v) => v.transform[0].filter), ["datum.metric === 'loss'", "datum.metric === 'accuracy'"]);
});

Plot.run();
