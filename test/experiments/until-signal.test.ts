import { Observable } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { interruptedLine, runUntilSignal } from '../../experiments/src/commands/until-signal';

/** A stand-in training stream: a step every few milliseconds; on stop, one checkpoint, then complete. */
function steps(stop: AbortSignal, count: number): Observable<{ type: string; step: number; path?: string }> {
  return new Observable((subscriber) => {
    let step = 0;
    const timer = setInterval(() => {
      if (stop.aborted) {
        subscriber.next({ type: 'checkpoint', step, path: `ckpt-${step}` });
        clearInterval(timer);
        subscriber.complete();
        return;
      }
      subscriber.next({ type: 'step', step: ++step });
      if (step === count) {
        clearInterval(timer);
        subscriber.complete();
      }
    }, 2);
    return () => clearInterval(timer);
  });
}

const until = suite('runUntilSignal');

until('a run that ends by itself is not interrupted, and the handlers are gone after', async () => {
  const quiet = console.error;
  console.error = () => {};
  try {
    assert.equal(await runUntilSignal((stop) => steps(stop, 3)), { interrupted: false, lastCheckpoint: null });
  } finally {
    console.error = quiet;
  }
  assert.is(process.listenerCount('SIGINT'), 0);
  assert.is(process.listenerCount('SIGTERM'), 0);
});

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  until(`${signal} asks the stream to stop; its checkpoint is reported`, async () => {
    const quiet = console.error;
    const said: string[] = [];
    console.error = (text: string) => said.push(text);
    try {
      setTimeout(() => process.emit(signal, signal), 20);
      const ended = await runUntilSignal((stop) => steps(stop, 10_000));
      assert.ok(ended.interrupted);
      assert.match(ended.lastCheckpoint ?? '', /^ckpt-\d+$/);
      assert.match(said.join('\n'), new RegExp(`${signal}: stopping after this minibatch`));
    } finally {
      console.error = quiet;
    }
    assert.is(process.listenerCount(signal), 0);
  });
}

until('interruptedLine names the checkpoint and the command', () => {
  assert.is(interruptedLine('runs/a/checkpoints/step-00000003', 'deeper x --resume'), 'interrupted; last checkpoint runs/a/checkpoints/step-00000003; continue with: deeper x --resume');
  assert.is(interruptedLine(null, 'deeper x'), 'interrupted; last checkpoint none; continue with: deeper x');
});

until.run();
