/**
 * NativeDqnUpdate (the networks' passes by core's NativeChain) against dqnUpdate (tfjs
 * kernels and autodiff): the same loss, mean Q, TD errors and, after several updates of the
 * same optimizer, the same weights, on MinAtar's network and on an MLP, with and without
 * dueling heads; plain and Double DQN, Huber and squared loss, n-step discounts, prioritized weights, clipping. Also: no
 * tensor leaks over many updates, and trainDqn picks the engine it says it does.
 * Skipped, and said so, only where no addon loads.
 */
import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../packages/core/src/backend/select-backend';
import { loadedAddon, registerAddonKernels } from '../../packages/core/src/backend/addon-kernels/index';
import { createOptimizer } from '../../packages/core/src/optim/create-optimizer';
import type { OptimizerOptions } from '../../packages/core/src/optim/optimizer-config';
import { dqnUpdate, type DqnUpdateConfig } from '../../packages/dqn/src/dqn-update';
import { NativeDqnUpdate } from '../../packages/dqn/src/native-dqn-update';
import { BatchTensors, disposeUpdateBatch } from '../../packages/dqn/src/batch-tensors';
import { minatarQNetwork } from '../../packages/dqn/src/minatar-q-network';
import { mlpQNetwork } from '../../packages/dqn/src/mlp-q-network';
import { natureQNetwork } from '../../packages/dqn/src/nature-q-network';
import { chooseDqnEngine } from '../../packages/dqn/src/dqn-engine';
import type { PrioritizedBatch } from '../../packages/dqn/src/prioritized-replay-buffer';
import { TrainRng } from '../../packages/core/src/train/train-rng';
import { relativeDifference as relErr } from '../core/backend/wasm-kernels/compare-with-cpu';

delete process.env.DEEPER_NATIVE;
await selectBackend('wasm', { quiet: true, threads: 1 });
registerAddonKernels(1);
const test = suite('NativeDqnUpdate');

/** A random minibatch of `size` transitions over observations of `shape` (0/1 cells as MinAtar's, or normals). */
function randomBatch(shape: number[], size: number, actions: number, seed: number, opts: { bytes: boolean; nStep: number; weights: boolean }): PrioritizedBatch {
  const rng = new TrainRng(seed);
  const u = () => rng.nextUint32() / 0x100000000;
  const n = shape.reduce((a, b) => a * b, 1) * size;
  const obs = () => (opts.bytes ? Uint8Array.from({ length: n }, () => (u() < 0.2 ? 1 : 0)) : Float32Array.from({ length: n }, () => 2 * u() - 1));
  const batch = {
    size, observations: obs(), nextObservations: obs(),
    actions: Int32Array.from({ length: size }, () => rng.nextInt(actions)),
    rewards: Float32Array.from({ length: size }, () => (u() < 0.3 ? 1 : 0)),
    terminated: Float32Array.from({ length: size }, () => (u() < 0.1 ? 1 : 0)),
    truncated: new Float32Array(size),
    steps: Float32Array.from({ length: size }, () => 1 + rng.nextInt(opts.nStep)),
    indices: new Int32Array(size),
  } as PrioritizedBatch;
  if (opts.weights) batch.weights = Float32Array.from({ length: size }, () => 0.2 + 0.8 * u());
  return batch;
}

interface Case { name: string; build: (seed: number) => tf.LayersModel; shape: number[]; actions: number; bytes: boolean; config: DqnUpdateConfig; optimizer: OptimizerOptions; nStep: number; weights: boolean }

function compare(c: Case): void {
  const pair = () => ({ q: c.build(1), target: c.build(2), optimizer: createOptimizer(c.optimizer) });
  const tfjs = pair();
  const native = pair();
  const tensors = new BatchTensors(c.shape);
  const updater = new NativeDqnUpdate(native.q, native.target, native.optimizer, c.config, 32);
  for (let k = 0; k < 3; k++) {
    const sampled = randomBatch(c.shape, k === 2 ? 17 : 32, c.actions, 100 + k, { bytes: c.bytes, nStep: c.nStep, weights: c.weights });
    const batch = tensors.fromReplay(sampled);
    const expected = dqnUpdate(tfjs.q, tfjs.target, tfjs.optimizer, batch, c.config);
    disposeUpdateBatch(batch);
    const got = updater.update(sampled);
    assert.ok(Math.abs(got.loss - expected.loss) <= 1e-5 * Math.max(1, Math.abs(expected.loss)), `${c.name}, update ${k}: loss ${got.loss} vs ${expected.loss}`);
    assert.ok(Math.abs(got.meanQ - expected.meanQ) <= 1e-5 * Math.max(1, Math.abs(expected.meanQ)), `${c.name}, update ${k}: mean Q ${got.meanQ} vs ${expected.meanQ}`);
    assert.ok(relErr(got.tdErrors, expected.tdErrors) < 1e-4, `${c.name}, update ${k}: TD errors differ by ${relErr(got.tdErrors, expected.tdErrors)}`);
  }
  const a = tfjs.q.getWeights();
  const b = native.q.getWeights();
  a.forEach((w, i) => {
    const e = relErr(b[i].dataSync(), w.dataSync());
    assert.ok(e < 1e-4, `${c.name}: weight ${i} ${JSON.stringify(w.shape)} after 3 updates differs by ${e}`);
  });
  updater.dispose();
  for (const p of [tfjs, native]) {
    p.optimizer.dispose();
    p.q.dispose();
    p.target.dispose();
  }
}

const rmsprop: OptimizerOptions = { name: 'rmsprop', learningRate: 2.5e-4, alpha: 0.95, epsilon: 0.01, centered: true };
const minatar = (actions: number) => (seed: number) => minatarQNetwork({ inputShape: [10, 10, 4], actions, seed });
const mlp = (seed: number) => mlpQNetwork({ inputSize: 4, actions: 2, hidden: [64, 64], seed });

if (!loadedAddon()) {
  test('skipped: no native addon loads here', () => console.log('NativeDqnUpdate tests skipped: no native addon loads on this machine'));
} else {
  test("MinAtar network, the reference update (Huber, centered RMSProp): equal to dqnUpdate's", () => {
    compare({ name: 'minatar', build: minatar(6), shape: [10, 10, 4], actions: 6, bytes: true, config: { gamma: 0.99, loss: 'huber', double: false }, optimizer: rmsprop, nStep: 1, weights: false });
  });

  test("MinAtar network, Double DQN, squared loss, 3-step discounts, importance weights, clipped Adam: equal to dqnUpdate's", () => {
    compare({
      name: 'minatar double', build: minatar(3), shape: [10, 10, 4], actions: 3, bytes: true, config: { gamma: 0.9, loss: 'mse', double: true },
      optimizer: { name: 'adam', learningRate: 1e-4, clipNorm: 1 }, nStep: 3, weights: true,
    });
  });

  test("MLP (CartPole's), Double DQN with Huber loss: equal to dqnUpdate's", () => {
    compare({ name: 'mlp', build: mlp, shape: [4], actions: 2, bytes: false, config: { gamma: 0.99, loss: 'huber', double: true }, optimizer: { name: 'adam', learningRate: 5e-4, clipNorm: 10 }, nStep: 3, weights: false });
  });

  test('no tensor leaks over 300 updates', () => {
    const q = minatar(6)(1);
    const target = minatar(6)(2);
    const optimizer = createOptimizer(rmsprop);
    const updater = new NativeDqnUpdate(q, target, optimizer, { gamma: 0.99, loss: 'huber', double: true }, 32);
    updater.update(randomBatch([10, 10, 4], 32, 6, 1, { bytes: true, nStep: 1, weights: false })); // creates the optimizer's slots
    const held = tf.memory().numTensors;
    for (let k = 0; k < 300; k++) {
      const result = updater.update(randomBatch([10, 10, 4], 32, 6, k, { bytes: true, nStep: 1, weights: false }));
      assert.ok(Number.isFinite(result.loss));
    }
    assert.is(tf.memory().numTensors, held);
    updater.dispose();
    optimizer.dispose();
    q.dispose();
    target.dispose();
  });

  test("the Nature DQN network (84×84×4 frames: strided 8×8, 4×4 and 3×3 convolutions, dense 512): equal to dqnUpdate's", () => {
    compare({
      name: 'nature', build: (seed) => natureQNetwork({ inputShape: [84, 84, 4], actions: 4, seed }), shape: [84, 84, 4], actions: 4, bytes: false,
      config: { gamma: 0.99, loss: 'huber', double: false }, optimizer: rmsprop, nStep: 1, weights: false,
    });
  });

  test("dueling heads (Wang et al. 2016): MinAtar's (a conv trunk), an MLP with a dense trunk and one without: equal to dqnUpdate's", () => {
    compare({
      name: 'minatar dueling', build: (seed) => minatarQNetwork({ inputShape: [10, 10, 4], actions: 6, dueling: true, seed }), shape: [10, 10, 4], actions: 6, bytes: true,
      config: { gamma: 0.99, loss: 'huber', double: true }, optimizer: rmsprop, nStep: 3, weights: true,
    });
    compare({
      name: 'mlp dueling, dense trunk', build: (seed) => mlpQNetwork({ inputSize: 4, actions: 3, hidden: [32, 16], dueling: true, seed }), shape: [4], actions: 3, bytes: false,
      config: { gamma: 0.99, loss: 'mse', double: false }, optimizer: { name: 'adam', learningRate: 1e-3 }, nStep: 1, weights: false,
    });
    compare({
      name: 'mlp dueling, no trunk', build: (seed) => mlpQNetwork({ inputSize: 4, actions: 2, hidden: [16], dueling: true, seed }), shape: [4], actions: 2, bytes: false,
      config: { gamma: 0.9, loss: 'huber', double: true }, optimizer: rmsprop, nStep: 2, weights: false,
    });
  });

  test("the engine: 'auto' picks native for chains and dueling networks, tfjs where a layer is not supported (saying why); 'native' there is an error", () => {
    const plain = minatar(6)(1);
    const dueling = minatarQNetwork({ inputShape: [10, 10, 4], actions: 6, dueling: true, seed: 1 });
    const sigmoid = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 2, activation: 'sigmoid' })] });
    assert.equal(chooseDqnEngine('auto', plain), { engine: 'native', reason: null });
    assert.equal(chooseDqnEngine('auto', dueling), { engine: 'native', reason: null });
    assert.equal(chooseDqnEngine('tfjs', plain), { engine: 'tfjs', reason: null });
    const fallback = chooseDqnEngine('auto', sigmoid);
    assert.is(fallback.engine, 'tfjs');
    assert.match(String(fallback.reason), /activation sigmoid/);
    assert.throws(() => chooseDqnEngine('native', sigmoid), (e: Error) => /engine/.test(e.message) && /activation sigmoid/.test(e.message));
    plain.dispose();
    dueling.dispose();
    sigmoid.dispose();
  });
}

test.run();
