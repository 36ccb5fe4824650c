/**
 * A subscriber that appends every training event to `metrics.jsonl`: one JSON object per
 * line with the wall-clock `time` (Unix seconds), `type`, `step`, `epoch`, and the event's
 * numbers under namespaced keys (`losses/train_loss`, `charts/accuracy`, … as in CleanRL's
 * TensorBoard tags). Use it with `tap`: `fit(...).pipe(tap(metricsJsonl(path)))`.
 *
 * On a `resume` event it first drops the lines past the resumed step: a killed process
 * logged steps after its last checkpoint that the resumed run takes again, and the file
 * would otherwise hold them twice, with the dead run's values first (issue 13).
 */
import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { TapObserver } from 'rxjs';
import type { TrainEvent } from './train-event';
import { writeFileAtomic } from '../io/atomic-write';

/** The namespaced metrics of one event. */
export function metricsOf(event: TrainEvent): Record<string, number | string | boolean> {
  switch (event.type) {
    case 'batch':
      return {
        'losses/train_loss': event.loss,
        'charts/accuracy': event.accuracy,
        'charts/samples_per_s': event.samplesPerSecond,
        'charts/learning_rate': event.learningRate,
        batch: event.batch,
      };
    case 'epoch':
      return { 'losses/epoch_train_loss': event.loss, 'charts/epoch_accuracy': event.accuracy, 'charts/epoch_samples_per_s': event.samplesPerSecond, 'charts/epoch_seconds': event.seconds };
    case 'validation':
      return { 'losses/val_loss': event.loss, 'charts/val_accuracy': event.accuracy, 'charts/best_val_accuracy': event.bestAccuracy, is_best: event.isBest };
    case 'checkpoint':
    case 'resume':
      return { path: event.path };
    case 'done':
      return {
        'losses/final_train_loss': event.loss, 'charts/final_accuracy': event.accuracy, 'charts/final_val_accuracy': event.validationAccuracy,
        'charts/best_val_accuracy': event.bestValidationAccuracy, 'charts/seconds': event.seconds,
      };
  }
}

/** Any stream of tagged events with a step and an epoch (fit's TrainEvent, a GAN's events, …). */
export interface SteppedEvent {
  type: string;
  step: number;
  epoch: number;
}

/**
 * Appends one line per event to `path` (created with its folder if needed; an existing file, as on resume, is continued).
 * Streams of other events than fit's pass `metricsOfEvent`, their own event → namespaced-metrics map.
 */
export function metricsJsonl<E extends SteppedEvent = TrainEvent>(
  path: string,
  metricsOfEvent: (event: E) => Record<string, number | string | boolean> = metricsOf as unknown as (event: E) => Record<string, number | string | boolean>,
): Partial<TapObserver<E>> {
  mkdirSync(dirname(path), { recursive: true });
  return {
    next(event) {
      if (event.type === 'resume') dropLinesAfter(path, event.step);
      // NaN and Infinity are not JSON; null keeps the key visible.
      const record = { time: Date.now() / 1000, type: event.type, step: event.step, epoch: event.epoch, ...metricsOfEvent(event) };
      appendFileSync(path, `${JSON.stringify(record, (_, v: unknown) => (typeof v === 'number' && !Number.isFinite(v) ? null : v))}\n`);
    },
  };
}

/** Rewrites `path` (atomically) without the lines whose step is past `step` and any torn line; lines without a step stay. Returns how many were dropped. */
export function dropLinesAfter(path: string, step: number): number {
  if (!existsSync(path)) return 0;
  const lines = readFileSync(path, 'utf8').split('\n').filter((line) => line.trim() !== '');
  const kept = lines.filter((line) => {
    try {
      const record = JSON.parse(line) as { step?: unknown };
      return typeof record.step !== 'number' || record.step <= step;
    } catch {
      return false; // a line torn by the kill: the resumed run logs that step again
    }
  });
  if (kept.length < lines.length) writeFileAtomic(path, kept.map((line) => `${line}\n`).join(''));
  return lines.length - kept.length;
}
