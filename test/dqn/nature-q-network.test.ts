import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { natureQNetwork } from '../../packages/dqn/src/nature-q-network';

await tf.setBackend('cpu');

const Nature = suite('natureQNetwork');

Nature('is Mnih et al. 2015: 32 8×8/4, 64 4×4/2, 64 3×3/1, dense 512 (1.69M parameters for 18 actions)', () => {
  const m = natureQNetwork({ seed: 2 });
  assert.equal(m.getLayer('conv3').outputShape, [null, 7, 7, 64]);
  assert.is(m.countParams(), 8224 + 32_832 + 36_928 + 3136 * 512 + 512 + 512 * 18 + 18);
});

Nature('refuses frames too small for its strides', () => {
  assert.throws(() => natureQNetwork({ inputShape: [20, 20, 4] }), /at least 36×36/);
});

Nature.run();
