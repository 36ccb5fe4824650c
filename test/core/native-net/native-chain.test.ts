/**
 * NativeChain (packages/core/src/native-net): a chain's forward pass and its parameter
 * gradients, run by the addon on the wasm heap, against tfjs's own on the same model and
 * weights (model.predict and tf.variableGrads of Σ Q ⊙ G, whose output gradient is G).
 * Skipped, and said so, only where no addon loads.
 */
import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { loadedAddon, registerAddonKernels } from '../../../packages/core/src/backend/addon-kernels/index';
import { NativeChain, nativeChainUnsupported } from '../../../packages/core/src/native-net/native-chain';
import { ConfigError } from '../../../packages/core/src/errors';
import { relativeDifference as relErr } from '../backend/wasm-kernels/compare-with-cpu';

delete process.env.DEEPER_NATIVE;
delete process.env.DEEPER_NATIVE_KERNELS;
await selectBackend('wasm', { quiet: true, threads: 1 });
registerAddonKernels(1);
const addon = loadedAddon();
const test = suite('NativeChain');

function minatarLike(actions: number): tf.LayersModel {
  const input = tf.input({ shape: [10, 10, 4] });
  let x = tf.layers.conv2d({ filters: 16, kernelSize: 3, padding: 'valid', activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 1 }) }).apply(input) as tf.SymbolicTensor;
  x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
  x = tf.layers.dense({ units: 128, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 2 }), biasInitializer: tf.initializers.randomUniform({ minval: -0.1, maxval: 0.1, seed: 3 }) }).apply(x) as tf.SymbolicTensor;
  const q = tf.layers.dense({ units: actions, kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) }).apply(x) as tf.SymbolicTensor;
  return tf.model({ inputs: input, outputs: q });
}

function stridedSame(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [9, 7, 3], filters: 8, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', useBias: false, kernelInitializer: tf.initializers.heNormal({ seed: 5 }) }),
      tf.layers.conv2d({ filters: 5, kernelSize: 2, padding: 'valid', kernelInitializer: tf.initializers.heNormal({ seed: 6 }), biasInitializer: tf.initializers.constant({ value: 0.05 }) }),
      tf.layers.flatten(),
      tf.layers.dense({ units: 3, kernelInitializer: tf.initializers.glorotUniform({ seed: 7 }) }),
    ],
  });
}

function mlp(): tf.LayersModel {
  return tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [4], units: 64, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 8 }) }),
      tf.layers.dense({ units: 64, activation: 'relu', kernelInitializer: tf.initializers.heNormal({ seed: 9 }) }),
      tf.layers.dense({ units: 2, kernelInitializer: tf.initializers.glorotUniform({ seed: 10 }) }),
    ],
  });
}

/** Forward and gradients of `model` natively and by tfjs, for `batch` of the chain's `maxBatch`. */
function compare(model: tf.LayersModel, maxBatch: number, batch: number, viaTensor: boolean): void {
  const chain = new NativeChain(model, maxBatch);
  const shape = [batch, ...(model.inputs[0].shape.slice(1) as number[])];
  const x = tf.randomNormal(shape, 0, 1, 'float32', 11);
  const g = tf.randomNormal([batch, chain.outputSize], 0, 1, 'float32', 12);
  const xValues = x.dataSync();
  const gValues = g.dataSync();
  if (!viaTensor) chain.inputView(batch).set(xValues);
  const out = Float32Array.from(chain.forward(batch, viaTensor ? x : undefined));
  chain.outputGradientView().set(gValues);
  const grads = chain.backward();
  const expectedOut = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
  assert.ok(relErr(out, expectedOut) < 1e-5, `forward: relative error ${relErr(out, expectedOut)}`);
  const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
  const expected = tf.variableGrads(() => tf.sum(tf.mul(model.apply(x) as tf.Tensor, g)) as tf.Scalar, variables);
  assert.equal(Object.keys(grads).sort(), Object.keys(expected.grads).sort());
  for (const v of variables) {
    const e = relErr(grads[v.name].dataSync(), expected.grads[v.name].dataSync());
    assert.ok(e < 1e-4, `∂${v.name}: relative error ${e}`);
  }
  tf.dispose([x, g, expected.value, ...Object.values(expected.grads)]);
  chain.dispose();
}

if (!addon) {
  test('skipped: no native addon loads here', () => {
    console.log('NativeChain tests skipped: no native addon loads on this machine');
  });
} else {
  test('MinAtar-shaped network: forward and every parameter gradient equal tfjs\'s (batch 32 of 32, and 5 of 32)', () => {
    const model = minatarLike(6);
    compare(model, 32, 32, false);
    compare(model, 32, 5, true);
    model.dispose();
  });

  test('strided same-padded conv without bias, a second conv, dense: equal to tfjs', () => {
    const model = stridedSame();
    compare(model, 4, 3, true);
    model.dispose();
  });

  test('an MLP: equal to tfjs at batch 1 and 64', () => {
    const model = mlp();
    compare(model, 64, 64, false);
    compare(model, 64, 1, false);
    model.dispose();
  });

  test('weights moved by an optimizer are read at their new place', () => {
    const model = mlp();
    const chain = new NativeChain(model, 2);
    const x = tf.tensor2d([[0.1, -0.2, 0.3, 0.4], [1, 2, -1, 0.5]]);
    const before = Float32Array.from(chain.forward(2, x));
    tf.tidy(() => model.trainableWeights.forEach((w) => (w.read() as tf.Variable).assign(tf.mul(w.read(), 2))));
    const after = Float32Array.from(chain.forward(2, x));
    const expected = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync());
    assert.ok(relErr(after, expected) < 1e-5);
    assert.ok(relErr(before, expected) > 0.1, 'the doubled weights change the output');
    x.dispose();
    chain.dispose();
    model.dispose();
  });

  test('no tensor leaks over 200 forward and backward passes; dispose frees the buffers', () => {
    const model = minatarLike(4);
    const start = tf.memory().numTensors;
    const chain = new NativeChain(model, 8);
    const held = tf.memory().numTensors;
    for (let i = 0; i < 200; i++) {
      chain.inputView(8).fill(i % 3);
      chain.forward(8);
      chain.outputGradientView().fill(0.01);
      chain.backward();
    }
    assert.is(tf.memory().numTensors, held);
    chain.dispose();
    assert.is(tf.memory().numTensors, start);
    model.dispose();
  });

  test('bad input: batch out of range, wrong input tensor, unsupported models say why', () => {
    const model = mlp();
    const chain = new NativeChain(model, 4);
    assert.throws(() => chain.forward(5), (e: Error) => e instanceof ConfigError && /batch/.test(e.message) && /\[1, 4\]/.test(e.message) && /5/.test(e.message));
    const wrong = tf.zeros([2, 3]);
    assert.throws(() => chain.forward(2, wrong), (e: Error) => /2 × 4 values/.test(e.message) && /\[2, 3\]/.test(e.message));
    wrong.dispose();
    assert.throws(() => chain.backward(), /forward pass first/);
    chain.dispose();
    model.dispose();
    const sigmoid = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2, activation: 'sigmoid' })] });
    assert.match(String(nativeChainUnsupported(sigmoid)), /activation sigmoid/);
    assert.throws(() => new NativeChain(sigmoid, 1), (e: Error) => e instanceof ConfigError && /activation sigmoid/.test(e.message));
    sigmoid.dispose();
    const input = tf.input({ shape: [3] });
    const a = tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor;
    const b = tf.layers.dense({ units: 2 }).apply(input) as tf.SymbolicTensor;
    const branched = tf.model({ inputs: input, outputs: tf.layers.add().apply([a, b]) as tf.SymbolicTensor });
    assert.match(String(nativeChainUnsupported(branched)), /not a plain chain/);
    branched.dispose();
  });
}

test.run();
