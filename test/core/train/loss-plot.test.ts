import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { from, lastValueFrom, tap } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { type CurvePoint, lossPlot, trainingChartSpec } from '../../../packages/core/src/train/loss-plot';
import { thinCurves } from '../../../packages/core/src/train/thin-curves';
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

const ganLike = (steps: number): CurvePoint[] => {
  const points: CurvePoint[] = [];
  for (let step = 1; step <= steps; step++) {
    points.push({ step, metric: 'loss', series: 'd', value: step % 2 === 0 ? 1 : 3 }, { step, metric: 'loss', series: 'g', value: 2 * step });
  }
  return points;
};

Plot('thinCurves draws a long curve as bin means and leaves short curves as they are', () => {
  const long = ganLike(10_000);
  const short: CurvePoint[] = [{ step: 5, metric: 'accuracy', series: 'validation', value: 0.5 }, { step: 9, metric: 'accuracy', series: 'validation', value: 0.7 }];
  const thin = thinCurves([...long, ...short], 100);
  const d = thin.filter((p) => p.series === 'd');
  const g = thin.filter((p) => p.series === 'g');
  assert.is(d.length, 100);
  assert.is(g.length, 100);
  // Bins of 100 consecutive steps: d alternates 3, 1 (mean 2); g = 2·step, so its mean is 2·(mean step).
  assert.ok(d.every((p) => p.value === 2), 'the alternating curve has mean 2 in every bin');
  assert.is(g[0].step, 50.5);
  assert.is(g[0].value, 101);
  assert.is(g[99].step, 9950.5);
  assert.equal(thin.filter((p) => p.series === 'validation'), short);
  // Uneven bins: 7 points into 3 bins of 2, 2 and 3, in step order whatever the input order.
  const seven = [7, 1, 6, 2, 5, 3, 4].map((step): CurvePoint => ({ step, metric: 'loss', series: 'train', value: step }));
  assert.equal(thinCurves(seven, 3).map((p) => p.step), [1.5, 3.5, 6]);
  assert.throws(() => thinCurves(long, 0), /maxPointsPerCurve to be a positive integer, but received 0/);
});

Plot('a resumed run of 150,000 steps plots without overflowing the stack, as at most 1,000 points a curve', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-plot-'));
  try {
    const curves = { pointsOf: (e: { type: string; step: number }) => (e.type === 'step' ? [{ step: e.step, metric: 'loss', series: 'g', value: 1 }] : []), redrawOn: ['epoch'], metrics: ['loss'] };
    const plot = lossPlot(join(dir, 'plots'), 'long', curves, ganLike(150_000));
    await lastValueFrom(from([{ type: 'step', step: 150_001 }, { type: 'epoch', step: 150_001 }]).pipe(tap(plot)));
    await plot.flush();
    assert.is(plot.points.length, 300_001);
    const svg = readFileSync(plot.path, 'utf8');
    assert.match(svg, /^<svg/);
    assert.ok(svg.length < 400_000, `the SVG of two thinned curves stays small, but it has ${svg.length} characters`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Plot.run();
