import { lastValueFrom, toArray } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../packages/core/src/backend/select-backend';
import { priorityBetaAt } from '../../packages/dqn/src/priority-beta-schedule';
import { trainDqn } from '../../packages/dqn/src/train-dqn';
import { dqnMetricsOf } from '../../packages/dqn/src/dqn-subscribers';
import { identityEnvId } from './helpers/toy-envs';

const Beta = suite('priorityBetaAt');

Beta('anneals linearly from β₀ to 1 over the run and stays at 1', () => {
  assert.is(priorityBetaAt(0.4, 0, 1000), 0.4);
  assert.ok(Math.abs(priorityBetaAt(0.4, 250, 1000) - 0.55) < 1e-12);
  assert.ok(Math.abs(priorityBetaAt(0.4, 500, 1000) - 0.7) < 1e-12);
  assert.is(priorityBetaAt(0.4, 1000, 1000), 1);
  assert.is(priorityBetaAt(0.4, 5000, 1000), 1);
  assert.is(priorityBetaAt(1, 10, 1000), 1);
  assert.is(priorityBetaAt(0, 100, 1000), 0.1);
});

Beta('refuses a β₀ outside [0, 1] and bad frame counts, naming the field', () => {
  assert.throws(() => priorityBetaAt(1.5, 0, 10), /start.*≤ 1.*1\.5/);
  assert.throws(() => priorityBetaAt(0.4, -1, 10), /frame/);
  assert.throws(() => priorityBetaAt(0.4, 0, 0), /frames/);
});

Beta('trainDqn with prioritized replay samples with the annealed β (train-step events and metrics carry it)', async () => {
  await selectBackend('wasm', { quiet: true, threads: 1 });
  const frames = 800;
  const events = await lastValueFrom(trainDqn({
    env: identityEnvId, network: 'mlp', hidden: [16], frames, replayCapacity: 1000, batchSize: 16, learningStarts: 200,
    prioritized: true, priorityBeta: 0.2, logEvery: 100, evalEvery: 0, checkpointEvery: 0, optimizer: { name: 'adam', learningRate: 1e-3 }, seed: 3,
  }).pipe(toArray()));
  const steps = events.flatMap((e) => (e.type === 'train-step' ? [e] : []));
  // Updates start when the replay holds 200 transitions (frame 200); the 100th is at frame 299.
  assert.equal(steps.map((e) => e.step), [299, 399, 499, 599, 699, 799]);
  for (const e of steps) {
    assert.ok(Math.abs(e.priorityBeta! - (0.2 + 0.8 * e.step / frames)) < 1e-12, `β at frame ${e.step}: ${e.priorityBeta}`);
    assert.is(dqnMetricsOf(e)['charts/priority_beta'], e.priorityBeta);
  }
  assert.ok(steps[0].priorityBeta! < 0.5 && steps[steps.length - 1].priorityBeta! > 0.99);
  const uniform = await lastValueFrom(trainDqn({
    env: identityEnvId, network: 'mlp', hidden: [16], frames: 300, replayCapacity: 1000, batchSize: 16, learningStarts: 200,
    logEvery: 100, evalEvery: 0, checkpointEvery: 0, seed: 3,
  }).pipe(toArray()));
  for (const e of uniform) if (e.type === 'train-step') assert.is(e.priorityBeta, undefined);
});

Beta.run();
