import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../packages/core/src/backend/select-backend';
import { firstNonFiniteWeight } from '../../packages/dqn/src/first-non-finite-weight';

await selectBackend('wasm', { quiet: true, threads: 1 });

const Guard = suite('firstNonFiniteWeight');

Guard('null for finite weights; names the first NaN or infinite weight and its index', () => {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], name: 'hidden' }), tf.layers.dense({ units: 2, name: 'out' })] });
  try {
    assert.is(firstNonFiniteWeight(model), null);
    const kernel = model.getLayer('out').getWeights()[0];
    const values = kernel.dataSync().slice();
    values[4] = NaN;
    values[5] = Infinity;
    const bias = model.getLayer('out').getWeights()[1];
    const broken = tf.tensor(values, kernel.shape);
    model.getLayer('out').setWeights([broken, bias]);
    broken.dispose();
    assert.match(firstNonFiniteWeight(model)!, /^weight out\/kernel\S*\[4\] is NaN$/);
  } finally {
    model.dispose();
  }
});

Guard.run();
