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

export interface ProgressBarConfig {
  /** Where to write; default process.stderr (stdout stays for data such as JSON lines). */
  stream: NodeJS.WriteStream | { write(text: string): unknown; isTTY?: boolean };
  /** Draw a bar (true) or print lines (false); default null: a bar exactly when `stream` is a TTY. */
  tty: boolean | null;
  /** Without a bar: print a batch line every this many steps; default 50. */
  everySteps: number;
}

export const progressBarDefaults: ProgressBarConfig = { stream: process.stderr, tty: null, everySteps: 50 };

const fixed = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

export function progressBar(partial: Partial<ProgressBarConfig> = {}): Partial<TapObserver<TrainEvent>> {
  const c = resolveConfig('progressBar', progressBarDefaults, partial);
  checkInteger('progressBar', 'everySteps', c.everySteps);
  if (c.stream == null || typeof c.stream.write !== 'function') throw new ConfigError('progressBar', 'stream', 'a writable stream', c.stream);
  const tty = c.tty ?? c.stream.isTTY === true;
  const line = (text: string) => c.stream.write(`${text}\n`);
  let bar: cliProgress.SingleBar | null = null;
  const stopBar = () => {
    bar?.stop();
    bar = null;
  };
  return {
    next(event) {
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
