/**
 * The learning test on a real task: CartPole-v1 with RL Baselines3 Zoo's tuned DQN
 * hyperparameters (Adam 2.3e-3, batch 64, 128 updates every 256 frames, target copied before
 * each round, ε 1 → 0.04 over 8,000 frames, gradient norm 10) on a smaller MLP (64-64, to keep
 * the test short) reaches a greedy evaluation mean of ≥ 195 (the v0 solved threshold) within
 * 8,000 frames. About 30 s on one core; the suite's slowest DQN test.
 */
import { lastValueFrom, toArray } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../packages/core/src/backend/select-backend';
import { trainDqn } from '../../packages/dqn/src/train-dqn';

await selectBackend('wasm', { quiet: true, threads: 1 });

const CartPole = suite('trainDqn on CartPole-v1');

CartPole('reaches a mean evaluation return ≥ 195 within 8,000 frames', async () => {
  const started = Date.now();
  const events = await lastValueFrom(trainDqn({
    env: 'CartPole-v1', network: 'mlp', hidden: [64, 64], frames: 8000, replayCapacity: 100_000, batchSize: 64, learningStarts: 1000,
    updateEvery: 256, gradientSteps: 128, targetSyncEvery: 128, epsilonEnd: 0.04, epsilonDecayFrames: 7000,
    optimizer: { name: 'adam', learningRate: 2.3e-3, clipNorm: 10 }, logEvery: 128,
    evalEvery: 1000, evalEpisodes: 5, evalEpsilon: 0, seed: 0, checkpointEvery: 0,
  }).pipe(toArray()));
  const evals = events.flatMap((e) => (e.type === 'eval' ? [e.meanReturn] : []));
  console.log(`evaluations: ${evals.join(', ')} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  assert.ok(Math.max(...evals) >= 195, `best evaluation ${Math.max(...evals)}`);
});

CartPole.run();
