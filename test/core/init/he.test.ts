import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { heNormal, heUniform } from '../../../packages/core/src/init/he';
import { moments } from './moments';

await tf.setBackend('cpu');

// A conv kernel [3, 3, 64, 128]: fanIn = 3·3·64 = 576, 73728 draws, so the sample
// variance is within ±3% of the true one with overwhelming probability (its relative
// standard error is √(2/n) ≈ 0.5% for a normal, less for a uniform).
const shape = [3, 3, 64, 128];
const fanIn = 576;

const heNormalSuite = suite('heNormal');
heNormalSuite('variance 2 / fanIn, mean 0', () => {
  const t = heNormal(1).apply(shape);
  const { mean, variance } = moments(t);
  assert.ok(Math.abs(variance / (2 / fanIn) - 1) < 0.03, `variance ${variance} vs ${2 / fanIn}`);
  assert.ok(Math.abs(mean) < 0.002, `mean ${mean}`);
  t.dispose();
});
heNormalSuite('seeded: identical draws for one seed', () => {
  const a = heNormal(42).apply([8, 8]);
  const b = heNormal(42).apply([8, 8]);
  assert.equal(Array.from(a.dataSync()), Array.from(b.dataSync()));
  tf.dispose([a, b]);
});
heNormalSuite.run();

const heUniformSuite = suite('heUniform');
heUniformSuite('variance 2 / fanIn, bounded by √(6 / fanIn)', () => {
  const t = heUniform(2).apply(shape);
  const { variance, maxAbs } = moments(t);
  assert.ok(Math.abs(variance / (2 / fanIn) - 1) < 0.03, `variance ${variance} vs ${2 / fanIn}`);
  const limit = Math.sqrt(6 / fanIn);
  assert.ok(maxAbs <= limit && maxAbs > 0.99 * limit, `max |w| ${maxAbs} vs limit ${limit}`);
  t.dispose();
});
heUniformSuite.run();
