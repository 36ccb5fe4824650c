/**
 * A subscriber that shows training progress: on a terminal, a cli-progress bar per epoch
 * (loss, accuracy, samples/s in its payload); elsewhere (CI logs, pipes) one plain line
 * every `everySteps` steps, since redrawn bars turn into thousands of log lines there.
 * Epoch, validation, checkpoint and done events print one line each in both modes.
 */
import cliProgress from 'cli-progress';
import type { TapObserver } from 'rxjs';
import { checkInteger, resolveConfig } from '../config';
import { ConfigError } from '../errors';
import type { TrainEvent } from './train-event';

/**
 * How a stream of other events than fit's shows: `batch` advances the epoch's bar (on a pipe,
 * `text` is printed every `everySteps` steps), `line` prints one line (closing the bar).
 */
export type ProgressView =
  | { kind: 'batch'; epoch: number; step: number; batch: number; batchesPerEpoch: number; text: string }
  | { kind: 'line'; text: string };

export interface ProgressBarConfig<E = TrainEvent> {
  /** For streams of other events than fit's: the view of each event (null: not shown). Default null: fit's events. */
  view: ((event: E) => ProgressView | null) | null;
  /** Where to write; default process.stderr (stdout stays for data such as JSON lines). */
  stream: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean };
  /** Draw a bar (true) or print lines (false); default null: a bar exactly when `stream` is a TTY. */
  tty: boolean | null;
  /** Without a bar: print a batch line every this many steps; default 50. */
  everySteps: number;
}

export const progressBarDefaults: ProgressBarConfig = { view: null, stream: process.stderr, tty: null, everySteps: 50 };

const fixed = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

export function progressBar<E extends { type: string } = TrainEvent>(partial: Partial<ProgressBarConfig<E>> = {}): Partial<TapObserver<E>> {
  const c = resolveConfig<ProgressBarConfig<E>>('progressBar', progressBarDefaults as unknown as ProgressBarConfig<E>, partial);
  if (c.view !== null && typeof c.view !== 'function') throw new ConfigError('progressBar', 'view', 'a function or null', c.view);
  checkInteger('progressBar', 'everySteps', c.everySteps);
  if (c.stream == null || typeof c.stream.write !== 'function') throw new ConfigError('progressBar', 'stream', 'a writable stream', c.stream);
  const tty = c.tty ?? c.stream.isTTY === true;
  const line = (text: string) => c.stream.write(`${text}\n`);
  let bar: cliProgress.SingleBar | null = null;
  const stopBar = () => {
    bar?.stop();
    bar = null;
  };
  const show = (view: ProgressView | null) => {
    if (view === null) return;
    if (view.kind === 'line') {
      stopBar();
      line(view.text);
    } else if (tty) {
      const payload = { epoch: view.epoch + 1, text: view.text };
      if (bar === null) {
        bar = new cliProgress.SingleBar({
          stream: c.stream as NodeJS.WriteStream, format: 'epoch {epoch} [{bar}] {value}/{total} | {text} | eta {eta}s', hideCursor: true, clearOnComplete: false,
        }, cliProgress.Presets.shades_classic);
        bar.start(view.batchesPerEpoch, view.batch + 1, payload);
      } else {
        bar.update(view.batch + 1, payload);
      }
    } else if (view.step % c.everySteps === 0) {
      line(`epoch ${view.epoch + 1} step ${view.step} batch ${view.batch + 1}/${view.batchesPerEpoch} ${view.text}`);
    }
  };
  return {
    next(e) {
      if (c.view !== null) {
        show(c.view(e));
        return;
      }
      const event = e as unknown as TrainEvent;
      switch (event.type) {
        case 'batch':
          if (tty) {
            const payload = { epoch: event.epoch + 1, loss: fixed(event.loss), accuracy: fixed(event.accuracy, 3), rate: Math.round(event.samplesPerSecond) };
            if (bar === null) {
              bar = new cliProgress.SingleBar({
                stream: c.stream as NodeJS.WriteStream,
                format: 'epoch {epoch} [{bar}] {value}/{total} | loss {loss} | acc {accuracy} | {rate} samples/s | eta {eta}s',
                hideCursor: true,
                clearOnComplete: false,
              }, cliProgress.Presets.shades_classic);
              bar.start(event.batchesPerEpoch, event.batch + 1, payload);
            } else {
              bar.update(event.batch + 1, payload);
            }
          } else if (event.step % c.everySteps === 0) {
            line(`epoch ${event.epoch + 1} step ${event.step} batch ${event.batch + 1}/${event.batchesPerEpoch} loss ${fixed(event.loss)} ` +
              `acc ${fixed(event.accuracy, 3)} ${Math.round(event.samplesPerSecond)} samples/s lr ${event.learningRate.toExponential(2)}`);
          }
          break;
        case 'epoch':
          stopBar();
          line(`epoch ${event.epoch + 1} done: loss ${fixed(event.loss)} acc ${fixed(event.accuracy, 3)} in ${event.seconds.toFixed(1)} s (${Math.round(event.samplesPerSecond)} samples/s)`);
          break;
        case 'validation':
          line(`epoch ${event.epoch + 1} validation: loss ${fixed(event.loss)} acc ${fixed(event.accuracy, 4)}${event.isBest ? ' (best)' : ''}`);
          break;
        case 'checkpoint':
          line(`checkpoint at step ${event.step}: ${event.path}`);
          break;
        case 'resume':
          stopBar();
          line(`resumed at epoch ${event.epoch + 1}, step ${event.step} from ${event.path}`);
          break;
        case 'done':
          stopBar();
          line(`done: ${event.epoch} epochs, ${event.step} steps in ${event.seconds.toFixed(1)} s`);
          break;
      }
    },
    finalize: stopBar,
  };
}
