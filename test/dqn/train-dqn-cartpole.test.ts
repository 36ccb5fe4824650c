/**
 * The learning test on a real task: CartPole-v1 with the classic preset (a smaller MLP,
 * 64-64, to keep the test short) reaches an evaluation mean of ≥ 195 (the v0 solved
 * threshold) within 8,000 frames. The suite's slowest test: about a minute on one
 * contended core.
 */
import { lastValueFrom, toArray } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../packages/core/src/backend/select-backend';
import { dqnPresets } from '../../packages/dqn/src/dqn-config';
import { trainDqn } from '../../packages/dqn/src/train-dqn';

await selectBackend('wasm', { quiet: true, threads: 1 });

const CartPole = suite('trainDqn on CartPole-v1');

CartPole('reaches a mean evaluation return ≥ 195 within 8,000 frames', async () => {
  const started = Date.now();
  const events = await lastValueFrom(trainDqn({
    ...dqnPresets.classic, env: 'CartPole-v1', hidden: [64, 64], frames: 8000, evalEvery: 1000, evalEpisodes: 5, evalEpsilon: 0, seed: 0, checkpointEvery: 0,
  }).pipe(toArray()));
  const evals = events.flatMap((e) => (e.type === 'eval' ? [e.meanReturn] : []));
  console.log(`evaluations: ${evals.join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  assert.ok(Math.max(...evals) >= 195, `best evaluation ${Math.max(...evals)}`);
});

CartPole.run();
