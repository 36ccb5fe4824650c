import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { minatarQNetwork } from '../../packages/dqn/src/minatar-q-network';

await tf.setBackend('cpu');

const Minatar = suite('minatarQNetwork');

Minatar('is the reference network: conv 16 3×3 valid → dense 128 → |A| (≈133k parameters on Breakout)', () => {
  const m = minatarQNetwork({ inputShape: [10, 10, 4], actions: 6, seed: 1 });
  // conv 3·3·4·16 + 16, dense 8·8·16·128 + 128, output 128·6 + 6
  assert.is(m.countParams(), 592 + 131_200 + 774);
  assert.equal(m.getLayer('conv').outputShape, [null, 8, 8, 16]);
  const q = m.predict(tf.zeros([2, 10, 10, 4])) as tf.Tensor;
  assert.equal(q.shape, [2, 6]);
});

Minatar('follows the channel count of the game and refuses grids too small', () => {
  assert.is(minatarQNetwork({ inputShape: [10, 10, 10], actions: 6 }).countParams(), 3 * 3 * 10 * 16 + 16 + 131_200 + 774);
  assert.throws(() => minatarQNetwork({ inputShape: [2, 10, 4] }), /at least 3×3/);
  assert.throws(() => minatarQNetwork({ inputShape: [10, 10] }), /inputShape to be \[height, width, channels\]/);
});

Minatar.run();
