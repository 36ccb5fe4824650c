import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { mlpQNetwork } from '../../packages/dqn/src/mlp-q-network';

await tf.setBackend('cpu');

const Mlp = suite('mlpQNetwork');

Mlp('CartPole: 4 → 256 → 256 → 2, seeded', () => {
  const a = mlpQNetwork({ inputSize: 4, actions: 2, seed: 3 });
  const b = mlpQNetwork({ inputSize: 4, actions: 2, seed: 3 });
  const c = mlpQNetwork({ inputSize: 4, actions: 2, seed: 4 });
  assert.is(a.countParams(), 4 * 256 + 256 + 256 * 256 + 256 + 256 * 2 + 2);
  assert.equal(a.outputs[0].shape, [null, 2]);
  const first = (m: tf.LayersModel) => Array.from(m.getWeights()[0].dataSync().slice(0, 8));
  assert.equal(first(a), first(b));
  assert.not.equal(first(a), first(c));
});

Mlp('dueling splits the last hidden layer into value and advantage streams', () => {
  const m = mlpQNetwork({ inputSize: 4, actions: 3, hidden: [16, 8], dueling: true });
  assert.ok(m.getLayer('value') !== undefined && m.getLayer('advantage') !== undefined);
  assert.is(m.countParams(), 4 * 16 + 16 + 2 * (16 * 8 + 8) + 8 + 1 + 8 * 3 + 3);
});

Mlp('refuses bad sizes naming the field', () => {
  assert.throws(() => mlpQNetwork({ inputSize: 0, actions: 2 }), /inputSize to be a positive integer, but received 0/);
  assert.throws(() => mlpQNetwork({ inputSize: 4, actions: 2, hidden: [] }), /hidden/);
  assert.throws(() => mlpQNetwork({ inputSize: 4, actions: 2, hidden: [3.5] }), /hidden\[0\]/);
});

Mlp.run();
