import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfigError } from '../../../packages/core/src/errors';
import { VarianceScaling, computeFans, resolveVarianceScalingConfig } from '../../../packages/core/src/init/variance-scaling';
import { moments } from './moments';

await tf.setBackend('cpu');

const fansSuite = suite('computeFans');
fansSuite('dense [in, out] and conv [kh, kw, in, out]', () => {
  assert.equal(computeFans([20, 30]), { fanIn: 20, fanOut: 30 });
  assert.equal(computeFans([3, 3, 16, 32]), { fanIn: 144, fanOut: 288 });
  assert.equal(computeFans([5, 8, 4]), { fanIn: 40, fanOut: 20 });
});
fansSuite.run();

const resolveSuite = suite('resolveVarianceScalingConfig');
resolveSuite('refuses a non-positive gain, naming the field and value', () => {
  try {
    resolveVarianceScalingConfig({ gain: -1 });
    assert.unreachable();
  } catch (e) {
    assert.instance(e, ConfigError);
    assert.match((e as Error).message, /gain.*-1/);
  }
});
resolveSuite('refuses an unknown distribution and a fractional seed', () => {
  assert.throws(() => resolveVarianceScalingConfig({ distribution: 'cauchy' as 'normal' }), /distribution/);
  assert.throws(() => resolveVarianceScalingConfig({ seed: 1.5 }), /seed/);
});
resolveSuite.run();

const vsSuite = suite('VarianceScaling');
vsSuite('the normal is not truncated: about 4.6% of draws lie beyond 2σ', () => {
  const init = new VarianceScaling({ gain: 1, mode: 'fanIn', seed: 11 });
  const shape = [100, 1000];
  const std = init.stddev(shape);
  const t = init.apply(shape);
  const beyond = Array.from(t.dataSync()).filter((x) => Math.abs(x) > 2 * std).length / t.size;
  assert.ok(beyond > 0.04 && beyond < 0.052, `fraction beyond 2σ ${beyond}`);
  t.dispose();
});
vsSuite('tfjs 4.22 heNormal (truncated, uncorrected) falls short of 2/fanIn, which is why this class exists', () => {
  const t = tf.initializers.heNormal({ seed: 3 }).apply([100, 1000]);
  const { variance } = moments(t);
  assert.ok(variance < 0.85 * (2 / 100), `tfjs heNormal variance ${variance} vs formula ${2 / 100}`);
  t.dispose();
});
vsSuite('the same seed gives the same weights, another seed others', () => {
  const a = new VarianceScaling({ seed: 5 }).apply([4, 4]);
  const b = new VarianceScaling({ seed: 5 }).apply([4, 4]);
  const c = new VarianceScaling({ seed: 6 }).apply([4, 4]);
  assert.equal(Array.from(a.dataSync()), Array.from(b.dataSync()));
  assert.not.equal(Array.from(a.dataSync()), Array.from(c.dataSync()));
  tf.dispose([a, b, c]);
});
vsSuite('seed 0 is a seed like any other, for both distributions (tfjs\'s normal sampler takes 0 for none)', () => {
  for (const distribution of ['normal', 'uniform'] as const) {
    const a = new VarianceScaling({ seed: 0, distribution }).apply([4, 4]);
    const b = new VarianceScaling({ seed: 0, distribution }).apply([4, 4]);
    const c = new VarianceScaling({ seed: 1, distribution }).apply([4, 4]);
    assert.equal(Array.from(a.dataSync()), Array.from(b.dataSync()), distribution);
    assert.not.equal(Array.from(a.dataSync()), Array.from(c.dataSync()), distribution);
    tf.dispose([a, b, c]);
  }
});
vsSuite('serializes inside a layer and loads back with its config', async () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [4], kernelInitializer: new VarianceScaling({ gain: 1.5, distribution: 'uniform', seed: 9 }) })] });
  const restored = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) as tf.serialization.ConfigDict });
  const init = (restored.layers[0] as unknown as { kernelInitializer: VarianceScaling }).kernelInitializer;
  assert.instance(init, VarianceScaling);
  assert.equal(init.config, { mode: 'fanIn', distribution: 'uniform', gain: 1.5, seed: 9 });
  model.dispose();
  restored.dispose();
});
vsSuite('refuses a non-float dtype', () => {
  assert.throws(() => new VarianceScaling().apply([2, 2], 'int32'), /float32/);
});
vsSuite.run();
