import * as tf from '@tensorflow/tfjs';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { lastValueFrom, tap, toArray } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../packages/core/src/backend/select-backend';
import { trainDqn } from '../../packages/dqn/src/train-dqn';
import type { DqnEvent } from '../../packages/dqn/src/dqn-event';
import { rejects } from '../helpers/rejects';
import { identity, run, tempDir } from './helpers/identity-agent';
import { continuousEnvId, wrongShapeEnvId } from './helpers/toy-envs';

await selectBackend('wasm', { quiet: true, threads: 1 });

const TrainDqn = suite('trainDqn');

TrainDqn('learns the identity env to its optimum (return 10 of 10) in 2,500 steps', async () => {
  const events = await run(identity);
  const evals = events.filter((e) => e.type === 'eval');
  assert.is(evals.length, 1);
  assert.is(evals[0].type === 'eval' && evals[0].meanReturn, 10);
  const done = events[events.length - 1];
  assert.is(done.type, 'done');
  assert.ok(done.type === 'done' && done.step === 2500 && done.update === 2301 && done.episodes === 250);
});

TrainDqn('is cold, emits typed events with plain numbers, and syncs the target every C updates', async () => {
  const before = tf.memory().numTensors;
  const events$ = trainDqn({ ...identity, frames: 600 });
  await new Promise((r) => setTimeout(r, 20));
  assert.is(tf.memory().numTensors, before, 'nothing built before subscribe');
  const events = await lastValueFrom(events$.pipe(toArray()));
  const syncs = events.filter((e) => e.type === 'target-synced').map((e) => (e.type === 'target-synced' ? e.update : -1));
  assert.equal(syncs, [100, 200, 300, 400]);
  const steps = events.filter((e) => e.type === 'train-step');
  assert.equal(steps.map((e) => e.type === 'train-step' && e.update), [100, 200, 300, 400]);
  for (const e of steps) if (e.type === 'train-step') assert.ok(Number.isFinite(e.loss) && Number.isFinite(e.meanQ) && e.framesPerSecond > 0 && e.learningRate === 3e-3);
  const episodes = events.filter((e) => e.type === 'episode-end');
  assert.is(episodes.length, 60);
  assert.ok(episodes.every((e) => e.type === 'episode-end' && e.length === 10 && e.truncated));
  assert.is(JSON.stringify(events).includes('"dataId"'), false, 'no tensors in events');
  assert.is(tf.memory().numTensors, before, 'everything freed at the end');
});

TrainDqn('keeps the tensor count constant over 1,000 updates, on both engines, and reports it in train-step events', async () => {
  for (const engine of ['auto', 'tfjs'] as const) {
    const counts: number[] = [];
    const reported: number[] = [];
    const engines = new Set<string>();
    await lastValueFrom(trainDqn({ ...identity, engine, frames: 1250, learningStarts: 250, targetSyncEvery: 7, double: true, dueling: true, nStep: 3, prioritized: true, evalEvery: 400, evalEpisodes: 1 })
      .pipe(tap((e) => {
        if (e.type !== 'train-step') return;
        counts.push(tf.memory().numTensors);
        reported.push(e.tensors);
        engines.add(e.engine);
      }), toArray()));
    assert.is(counts.length, 10);
    assert.ok(counts.every((c) => c === counts[0]), `${engine}: ${counts.join(', ')}`);
    assert.equal(reported, counts);
    if (engine === 'tfjs') assert.equal([...engines], ['tfjs']);
  }
});

for (const engine of ['auto', 'tfjs'] as const) {
  TrainDqn(`unsubscribing stops the run between steps and frees every tensor (engine ${engine})`, async () => {
    const before = tf.memory().numTensors;
    const seen: DqnEvent[] = [];
    await new Promise<void>((resolve) => {
      const subscription = trainDqn({ ...identity, frames: 1_000_000, engine }).subscribe((e) => {
        seen.push(e);
        if (e.type === 'train-step') {
          subscription.unsubscribe();
          resolve();
        }
      });
    });
    assert.ok(seen.some((e) => e.type === 'train-step' && (engine === 'auto' || e.engine === 'tfjs')));
    await new Promise((r) => setTimeout(r, 100));
    const count = seen.length;
    await new Promise((r) => setTimeout(r, 100));
    assert.is(seen.length, count, 'no event after unsubscribe');
    assert.is(tf.memory().numTensors, before);
  });
}

TrainDqn('updates every k frames once replay holds learningStarts transitions, gradientSteps updates each time', async () => {
  // Frames 200, 204, …, 1000 update: 201 times, twice each.
  const events = await run({ ...identity, frames: 1000, learningStarts: 200, updateEvery: 4, gradientSteps: 2, logEvery: 2, evalEvery: 0 });
  const done = events.at(-1)!;
  assert.ok(done.type === 'done' && done.update === 402, JSON.stringify(done));
  const steps = events.flatMap((e) => (e.type === 'train-step' ? [e] : []));
  assert.is(steps[0].step, 200);
  assert.ok(steps.every((e) => e.step % 4 === 0), 'updates fall on frames divisible by 4');
});

TrainDqn('aborting runtime.stop checkpoints the frames since the last checkpoint, completes, and a resume continues from that frame', async () => {
  const dir = tempDir();
  try {
    const stop = new AbortController();
    const before = tf.memory().numTensors;
    const events = await lastValueFrom(trainDqn({ ...identity, frames: 100_000, checkpointEvery: 500, runDir: dir }, { stop: stop.signal }).pipe(
      tap((e) => e.type === 'train-step' && e.step > 700 && stop.abort()),
      toArray(),
    ));
    assert.is(tf.memory().numTensors, before, 'every tensor freed');
    const checkpoints = events.filter((e) => e.type === 'checkpoint').map((e) => e.step);
    const stoppedAt = checkpoints.at(-1)!;
    assert.equal(checkpoints.slice(0, -1), [500], 'the periodic checkpoint, then the stop\'s');
    assert.ok(stoppedAt > 500 && stoppedAt < 100_000 && stoppedAt % 500 !== 0, `stopped at frame ${stoppedAt}`);
    assert.is(events.at(-1)?.type, 'checkpoint', 'nothing after the stop\'s checkpoint');
    assert.not.ok(events.some((e) => e.type === 'done'));
    assert.ok(existsSync(join(dir, 'checkpoints')));
    const resumed = await lastValueFrom(trainDqn({ ...identity, frames: stoppedAt + 100, checkpointEvery: 500, runDir: dir, resume: dir }).pipe(toArray()));
    assert.ok(resumed[0].type === 'resume' && resumed[0].step === stoppedAt, JSON.stringify(resumed[0]));
    assert.is(resumed.at(-1)?.type, 'done');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

TrainDqn('with Double, dueling, 3-step returns and prioritized replay all on, still learns the identity env', async () => {
  const events = await run({ ...identity, double: true, dueling: true, nStep: 3, prioritized: true });
  const evalEvent = events.find((e) => e.type === 'eval');
  assert.ok(evalEvent?.type === 'eval' && evalEvent.meanReturn >= 9.5, JSON.stringify(evalEvent));
});

TrainDqn('bad input: replay start below the batch size, a continuous action space, a wrong observation shape', async () => {
  assert.throws(() => trainDqn({ ...identity, learningStarts: 16 }), /learningStarts to be at least batchSize \(32\).*received 16/);
  assert.throws(() => trainDqn({ ...identity, gamma: 2 }), /gamma/);
  await rejects(run({ ...identity, env: continuousEnvId }), /Discrete\(n\) action space/);
  await rejects(run({ ...identity, env: wrongShapeEnvId }), /observations of 4 elements/);
});

TrainDqn.run();
