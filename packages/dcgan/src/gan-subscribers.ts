/**
 * How a GAN run's events feed @deeper/core's subscribers, the ones `fit` uses: the metrics
 * of each event for `metricsJsonl`, the line or bar of each for `progressBar`, and the
 * curves for `lossPlot` (losses of D and G in one panel, D(x) and D(G(z)) in another).
 *
 *   trainDcgan(data, config).pipe(
 *     tap(metricsJsonl(folder.metricsPath, ganMetricsOf)),
 *     tap(progressBar({ view: ganProgressView })),
 *     tap(lossPlot(folder.plotsDir, folder.id, ganCurves)))
 */
import type { CurvePoint } from '@deeper/core';
import type { GanEvent } from './gan-event';

/** Namespaced metrics of one event (CleanRL-style keys). */
export function ganMetricsOf(event: GanEvent): Record<string, number | string | boolean> {
  switch (event.type) {
    case 'step':
      return {
        'losses/d_loss': event.dLoss, 'losses/g_loss': event.gLoss, 'charts/d_real': event.dReal, 'charts/d_fake': event.dFake,
        'charts/images_per_s': event.imagesPerSecond, batch: event.batch,
      };
    case 'epoch':
      return { 'losses/epoch_d_loss': event.dLoss, 'losses/epoch_g_loss': event.gLoss, 'charts/epoch_seconds': event.seconds, 'charts/epoch_images_per_s': event.imagesPerSecond };
    case 'samples':
    case 'checkpoint':
      return { path: event.path };
    case 'resume':
      return event.ema === undefined ? { path: event.path } : { path: event.path, ema: event.ema };
    case 'done':
      return { 'charts/seconds': event.seconds };
  }
}

const f = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

/** What `progressBar({ view: ganProgressView })` shows of each event. */
export function ganProgressView(event: GanEvent) {
  switch (event.type) {
    case 'step':
      return {
        kind: 'batch' as const, epoch: event.epoch, step: event.step, batch: event.batch, batchesPerEpoch: event.batchesPerEpoch,
        text: `D ${f(event.dLoss)} G ${f(event.gLoss)} D(x) ${f(event.dReal, 3)} D(G(z)) ${f(event.dFake, 3)} ${Math.round(event.imagesPerSecond)} img/s`,
      };
    case 'epoch':
      return { kind: 'line' as const, text: `epoch ${event.epoch + 1} done: D ${f(event.dLoss)} G ${f(event.gLoss)} in ${event.seconds.toFixed(1)} s (${Math.round(event.imagesPerSecond)} img/s)` };
    case 'samples':
      return null;
    case 'checkpoint':
      return { kind: 'line' as const, text: `checkpoint at step ${event.step}: ${event.path}` };
    case 'resume':
      return {
        kind: 'line' as const,
        text: `resumed at epoch ${event.epoch + 1}, step ${event.step} from ${event.path}` +
          (event.ema === undefined ? '' : event.ema === 'restored' ? ', with its average of G' : '; the average of G starts here'),
      };
    case 'done':
      return { kind: 'line' as const, text: `done: ${event.epoch} epochs, ${event.step} steps in ${event.seconds.toFixed(1)} s` };
  }
}

/** Curves of a GAN run for `lossPlot`: one point per step and series, redrawn after each epoch and at the end. */
export const ganCurves = {
  metrics: ['loss', 'D output'] as const,
  redrawOn: ['epoch', 'done', 'checkpoint'] as const,
  pointsOf(event: GanEvent): CurvePoint[] {
    if (event.type !== 'step') return [];
    return [
      { step: event.step, metric: 'loss', series: 'D', value: event.dLoss },
      { step: event.step, metric: 'loss', series: 'G', value: event.gLoss },
      { step: event.step, metric: 'D output', series: 'D(x)', value: event.dReal },
      { step: event.step, metric: 'D output', series: 'D(G(z))', value: event.dFake },
    ];
  },
};
