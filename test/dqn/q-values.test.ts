import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { minatarQNetwork } from '../../packages/dqn/src/minatar-q-network';
import { mlpQNetwork } from '../../packages/dqn/src/mlp-q-network';
import { natureQNetwork } from '../../packages/dqn/src/nature-q-network';
import { qValues } from '../../packages/dqn/src/q-values';

await tf.setBackend('cpu');

const QValues = suite('qValues');

/** The networks trainDqn builds, with a batch of random inputs for each. */
const chains = () => [
  { name: 'MLP 64-64', model: mlpQNetwork({ inputSize: 4, actions: 2, hidden: [64, 64], seed: 1 }), x: tf.randomUniform([32, 4], -1, 1, 'float32', 1) },
  { name: 'MinAtar', model: minatarQNetwork({ seed: 2 }), x: tf.randomUniform([32, 10, 10, 4], 0, 1, 'float32', 2) },
  { name: 'Nature (36×36)', model: natureQNetwork({ inputShape: [36, 36, 4], actions: 6, seed: 3 }), x: tf.randomUniform([3, 36, 36, 4], 0, 1, 'float32', 3) },
];

/** Runs `body` with `model.apply` counting its calls. */
function countingApply<T>(model: tf.LayersModel, body: () => T): { result: T; applyCalls: number } {
  const original = model.apply.bind(model);
  let applyCalls = 0;
  model.apply = ((...args: Parameters<typeof original>) => {
    applyCalls++;
    return original(...args);
  }) as typeof model.apply;
  try {
    return { result: body(), applyCalls };
  } finally {
    model.apply = original;
  }
}

QValues('equals model.apply on the MLP, MinAtar and Nature networks, at batch 1 and more, without calling apply', () => {
  for (const { name, model, x } of chains()) {
    for (const input of [x, tf.slice(x, 0, 1)]) {
      const expected = model.apply(input) as tf.Tensor;
      const { result, applyCalls } = countingApply(model, () => qValues(model, input));
      assert.is(applyCalls, 0, `${name}: went through apply`);
      assert.equal(result.shape, expected.shape, name);
      assert.equal(Array.from(result.dataSync()), Array.from(expected.dataSync()), `${name} at batch ${input.shape[0]}`);
      tf.dispose([expected, result, input]);
    }
    model.dispose();
  }
});

QValues('gives the gradients model.apply gives, for every variable', () => {
  for (const { name, model, x } of chains()) {
    const variables = model.trainableWeights.map((w) => w.read() as tf.Variable);
    const w = tf.randomNormal([x.shape[0], model.outputs[0].shape[1] as number], 0, 1, 'float32', 4);
    const loss = (q: () => tf.Tensor) => () => tf.sum(tf.mul(tf.square(q()), w)) as tf.Scalar;
    const ours = tf.variableGrads(loss(() => qValues(model, x, true)), variables);
    const theirs = tf.variableGrads(loss(() => model.apply(x, { training: true }) as tf.Tensor), variables);
    for (const v of variables) {
      const diff = tf.max(tf.abs(tf.sub(ours.grads[v.name], theirs.grads[v.name]))).dataSync()[0];
      const scale = tf.max(tf.abs(theirs.grads[v.name])).dataSync()[0];
      assert.ok(diff <= 1e-5 * Math.max(1, scale), `${name} ${v.name}: max |Δ| ${diff} (scale ${scale})`);
    }
    tf.dispose([w, ours.value, theirs.value, ...Object.values(ours.grads), ...Object.values(theirs.grads), x]);
    model.dispose();
  }
});

QValues('goes through apply for a dueling network, a bias-free layer, and an input of the wrong shape', () => {
  const dueling = minatarQNetwork({ dueling: true });
  const x = tf.randomUniform([2, 10, 10, 4]);
  const viaApply = countingApply(dueling, () => qValues(dueling, x));
  assert.is(viaApply.applyCalls, 1);
  const expected = dueling.apply(x) as tf.Tensor;
  assert.equal(Array.from(viaApply.result.dataSync()), Array.from(expected.dataSync()));
  const table = tf.sequential({ layers: [tf.layers.dense({ units: 2, useBias: false, inputShape: [2] })] });
  assert.is(countingApply(table, () => tf.dispose(qValues(table, tf.ones([1, 2])))).applyCalls, 1);
  const mlp = mlpQNetwork({ inputSize: 4, actions: 2, hidden: [8], seed: 0 });
  assert.throws(() => qValues(mlp, tf.ones([1, 5])), /expected .*shape|incompatible|4/i);
  tf.dispose([x, expected, viaApply.result]);
  [dueling, table, mlp].forEach((m) => m.dispose());
});

QValues('leaves no tensor behind', () => {
  const model = minatarQNetwork({ seed: 0 });
  const x = tf.randomUniform([32, 10, 10, 4]);
  tf.dispose(qValues(model, x));
  const before = tf.memory().numTensors;
  for (let i = 0; i < 10; i++) tf.dispose(qValues(model, x));
  assert.is(tf.memory().numTensors, before);
  tf.dispose(x);
  model.dispose();
});

QValues.run();
