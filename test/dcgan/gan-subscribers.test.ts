import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { from, lastValueFrom, tap } from 'rxjs';
import { lossPlot, metricsJsonl, progressBar } from '../../packages/core/src/index';
import { ganCurves, ganMetricsOf, ganProgressView } from '../../packages/dcgan/src/gan-subscribers';
import type { GanEvent } from '../../packages/dcgan/src/gan-event';

const events: GanEvent[] = [
  { type: 'step', epoch: 0, step: 1, batch: 0, batchesPerEpoch: 2, size: 4, dLoss: 1.3, gLoss: 0.7, dReal: 0.6, dFake: 0.4, imagesPerSecond: 100 },
  { type: 'step', epoch: 0, step: 2, batch: 1, batchesPerEpoch: 2, size: 4, dLoss: 1.1, gLoss: 0.9, dReal: 0.7, dFake: 0.3, imagesPerSecond: 110 },
  { type: 'samples', epoch: 0, step: 2, path: 'samples/step-00000002.png' },
  { type: 'epoch', epoch: 0, step: 2, dLoss: 1.2, gLoss: 0.8, seconds: 0.1, imagesPerSecond: 80 },
  { type: 'checkpoint', epoch: 1, step: 2, path: 'checkpoints/step-00000002' },
  { type: 'done', epoch: 1, step: 2, seconds: 0.2 },
];

const GanSubscribers = suite('ganMetricsOf, ganProgressView, ganCurves');

GanSubscribers('feed core\'s metricsJsonl, progressBar and lossPlot, as fit\'s events do', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'gan-subscribers-'));
  try {
    const lines: string[] = [];
    const plot = lossPlot<GanEvent>(dir, 'gan', ganCurves);
    await lastValueFrom(from(events).pipe(
      tap(metricsJsonl<GanEvent>(join(dir, 'metrics.jsonl'), ganMetricsOf)),
      tap(progressBar<GanEvent>({ view: ganProgressView, tty: false, everySteps: 2, stream: { write: (t: string) => lines.push(t) } })),
      tap(plot),
    ));
    await plot.flush();
    const records = readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    assert.equal(records.map((r) => r.type), ['step', 'step', 'samples', 'epoch', 'checkpoint', 'done']);
    assert.is(records[0]['losses/d_loss'], 1.3);
    assert.is(records[1]['charts/d_fake'], 0.3);
    assert.equal(lines.map((l) => l.trim()), [
      'epoch 1 step 2 batch 2/2 D 1.1000 G 0.9000 D(x) 0.700 D(G(z)) 0.300 110 img/s',
      'epoch 1 done: D 1.2000 G 0.8000 in 0.1 s (80 img/s)',
      'checkpoint at step 2: checkpoints/step-00000002',
      'done: 1 epochs, 2 steps in 0.2 s',
    ]);
    assert.is(plot.points.length, 8);
    const svg = readFileSync(plot.path, 'utf8');
    assert.ok(svg.includes('D(G(z))') && svg.includes('D output'), 'both panels and the series are drawn');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

GanSubscribers.run();
