import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { buildQNetwork, networkKindFor } from '../../packages/dqn/src/build-q-network';

await tf.setBackend('cpu');

const KindFor = suite('networkKindFor');

KindFor("'auto' picks the MLP for vectors, MinAtar's network for small grids, Nature's for frames", () => {
  assert.is(networkKindFor('auto', [4]), 'mlp');
  assert.is(networkKindFor('auto', [10, 10, 7]), 'minatar');
  assert.is(networkKindFor('auto', [84, 84, 4]), 'nature');
  assert.throws(() => networkKindFor('mlp', [10, 10, 4]), /rank-3 observations.*Use 'minatar' or 'nature'/);
  assert.throws(() => networkKindFor('minatar', [4]), /rank-1.*Use 'mlp'/);
});

const Build = suite('buildQNetwork');

Build('builds the named kind', () => {
  const m = buildQNetwork({ kind: 'minatar', observationShape: [10, 10, 4], actions: 3, hidden: [], dueling: false, seed: 0 });
  assert.equal(m.outputs[0].shape, [null, 3]);
  const mlp = buildQNetwork({ kind: 'mlp', observationShape: [6], actions: 3, hidden: [8], dueling: true, seed: 0 });
  assert.equal(mlp.outputs[0].shape, [null, 3]);
});

KindFor.run();
Build.run();
