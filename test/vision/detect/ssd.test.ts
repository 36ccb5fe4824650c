import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { resolveSsdConfig, ssd } from '../../../packages/vision/src/detect/ssd';

await selectBackend('wasm', { quiet: true, threads: 1 });

const Ssd = suite('ssd');

Ssd('one output row per default box: K + 1 logits and 4 offsets; the same seed gives the same weights', () => {
  const a = ssd({ filters: [4, 4, 8, 8], convsPerStage: 1, seed: 2 });
  // 16×16 cells × 2 heights × 3 ratios + 8×8 × 2 × 3.
  assert.is(a.anchors.length / 4, 16 * 16 * 6 + 8 * 8 * 6);
  assert.equal(a.model.outputs[0].shape, [null, 1920, 15]);
  const y = a.model.predict(tf.zeros([2, 128, 128, 1])) as tf.Tensor;
  assert.equal(y.shape, [2, 1920, 15]);
  const b = ssd({ filters: [4, 4, 8, 8], convsPerStage: 1, seed: 2 });
  assert.equal(a.model.getWeights().map((w) => Array.from(w.dataSync())), b.model.getWeights().map((w) => Array.from(w.dataSync())));
  tf.dispose(y);
  a.model.dispose();
  b.model.dispose();
});

Ssd('refuses sizes that four poolings cannot divide and bad anchor lists, naming the field', () => {
  assert.throws(() => resolveSsdConfig({ inputShape: [100, 128, 1] }), /ssd expects inputShape to be a height and width that are multiples of 16 and at least 48/);
  assert.throws(() => resolveSsdConfig({ anchorHeights: [[12], []] }), /anchorHeights to be two non-empty lists of positive heights/);
  assert.throws(() => resolveSsdConfig({ classes: 0 }), /ssd expects classes to be a positive integer, but received 0/);
});

Ssd.run();
