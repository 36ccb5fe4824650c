import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { NormalizeObservation } from '../../../envs/src/wrappers/normalize-observation';
import { CountEnv } from '../helpers/count-env';

const NormalizeObservationSuite = suite('NormalizeObservation');

NormalizeObservationSuite('standardises with the running mean and variance including the current observation', () => {
  const env = new NormalizeObservation(new CountEnv(10));
  const first = env.reset().observation;
  // One observation [0, 0]: mean 0, variance 0 → (0 − 0)/sqrt(0 + 1e-8) = 0.
  assert.equal(Array.from(first), [0, 0]);
  const second = env.step(2).observation;
  // Observations [0, 0] and [1, 12]: mean [0.5, 6], population variance [0.25, 36].
  // (1 − 0.5)/sqrt(0.25 + 1e-8) = 0.99999998; (12 − 6)/sqrt(36 + 1e-8) = 0.99999999986.
  assert.ok(Math.abs(second[0] - 0.5 / Math.sqrt(0.25 + 1e-8)) < 1e-12);
  assert.ok(Math.abs(second[1] - 6 / Math.sqrt(36 + 1e-8)) < 1e-12);
  assert.instance(second, Float64Array);
  assert.ok(env.observationSpace.contains(second));
  assert.is(env.count, 2);
  assert.equal(Array.from(env.mean), [0.5, 6]);
  assert.equal(Array.from(env.variance), [0.25, 36]);
});

NormalizeObservationSuite('matches a two-pass mean and variance over many observations, and can be frozen', () => {
  const env = new NormalizeObservation(new CountEnv(1000));
  const seen: number[][] = [[0, 0]];
  env.reset();
  for (let t = 0; t < 200; t++) {
    const a = (t * 7) % 3;
    env.step(a);
    seen.push([t + 1, 10 * (t + 1) + a]);
  }
  for (let j = 0; j < 2; j++) {
    const xs = seen.map((o) => o[j]);
    const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
    const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
    assert.ok(Math.abs(env.mean[j] - mean) < 1e-9 * Math.max(1, mean));
    assert.ok(Math.abs(env.variance[j] - variance) < 1e-9 * variance);
  }
  env.updateRunningStats = false;
  const frozenMean = Array.from(env.mean);
  env.step(0);
  assert.equal(Array.from(env.mean), frozenMean);
  assert.is(env.count, 201);
});

NormalizeObservationSuite.run();
