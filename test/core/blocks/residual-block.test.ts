import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { residualBlock, resolveResidualBlockConfig } from '../../../packages/core/src/blocks/residual-block';
import { ConfigError } from '../../../packages/core/src/errors';
import { catchError, modelOf, assertRoundTripExact, randomizeWeights } from './round-trip';

await tf.setBackend('cpu');

const resolveSuite = suite('resolveResidualBlockConfig');
resolveSuite('refuses bad strides and an unknown kind', () => {
  assert.match(catchError(() => resolveResidualBlockConfig({ strides: 0 })).message, /residualBlock expects strides to be an integer in \[1, 3\], but received 0/);
  assert.match(catchError(() => resolveResidualBlockConfig({ kind: 'wide' as 'basic' })).message, /kind/);
});
resolveSuite.run();

const blockSuite = suite('residualBlock');
blockSuite('basic, matching shapes: identity shortcut, so a zeroed residual branch gives relu(x)', () => {
  const model = modelOf([4, 4, 3], (x) => residualBlock(x, { filters: 3, name: 'r' }));
  assert.not.ok(model.layers.some((l) => l.name.startsWith('r_shortcut')));
  randomizeWeights(model, 1);
  // γ = β = 0 in the residual branch's last BN makes F(x) = 0.
  const values = model.weights.map((w) => (w.originalName === 'r_b_bn/gamma' || w.originalName === 'r_b_bn/beta' ? tf.zeros(w.shape as number[]) : w.read().clone()));
  model.setWeights(values);
  tf.dispose(values);
  const x = tf.randomNormal([2, 4, 4, 3], 0, 1, 'float32', 9);
  const y = model.predict(x) as tf.Tensor;
  assert.ok(tf.max(tf.abs(y.sub(tf.relu(x)))).dataSync()[0] < 1e-6);
  tf.dispose([x, y]);
  model.dispose();
});
blockSuite('stride 2 or a channel change: 1×1 strided projection + BN on the shortcut', () => {
  const model = modelOf([8, 8, 3], (x) => residualBlock(x, { filters: 8, strides: 2, name: 'p' }));
  assert.equal(model.outputs[0].shape, [null, 4, 4, 8]);
  const shortcut = model.weights.filter((w) => w.originalName.startsWith('p_shortcut'));
  assert.equal(shortcut.map((w) => [w.originalName, w.shape]), [
    ['p_shortcut_conv/kernel', [1, 1, 3, 8]],
    ['p_shortcut_bn/gamma', [8]], ['p_shortcut_bn/beta', [8]], ['p_shortcut_bn/moving_mean', [8]], ['p_shortcut_bn/moving_variance', [8]],
  ]);
});
blockSuite('projection: always adds the projection even when shapes match', () => {
  const model = modelOf([4, 4, 8], (x) => residualBlock(x, { filters: 8, projection: 'always', name: 'q' }));
  assert.ok(model.layers.some((l) => l.name === 'q_shortcut_conv'));
});
blockSuite('bottleneck: 1×1 → 3×3 → 1×1 with expansion 4', () => {
  const model = modelOf([8, 8, 16], (x) => residualBlock(x, { kind: 'bottleneck', filters: 4, strides: 2, name: 'n' }));
  assert.equal(model.outputs[0].shape, [null, 4, 4, 16]);
  const kernels = model.weights.filter((w) => w.originalName.endsWith('conv/kernel')).map((w) => [w.originalName, w.shape]);
  assert.equal(kernels, [
    ['n_a_conv/kernel', [1, 1, 16, 4]], ['n_b_conv/kernel', [3, 3, 4, 4]], ['n_c_conv/kernel', [1, 1, 4, 16]], ['n_shortcut_conv/kernel', [1, 1, 16, 16]],
  ]);
  const identity = modelOf([8, 8, 16], (x) => residualBlock(x, { kind: 'bottleneck', filters: 4, name: 'm' }));
  assert.not.ok(identity.layers.some((l) => l.name.startsWith('m_shortcut')));
});
blockSuite('refuses an input smaller than its 3×3 kernel', () => {
  assert.instance(catchError(() => modelOf([2, 2, 4], (x) => residualBlock(x, { filters: 4 }))), ConfigError);
});
blockSuite('save → load reproduces the outputs exactly (basic and bottleneck)', async () => {
  for (const kind of ['basic', 'bottleneck'] as const) {
    await assertRoundTripExact(modelOf([6, 6, 4], (x) => residualBlock(x, { kind, filters: 4, strides: 2 })), 11, [2, 6, 6, 4], 12, kind);
  }
});
blockSuite.run();
