import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { contentLoss, gramMatrix, styleLayerLoss, totalVariation } from '../../../packages/vision/src/style/gram-matrix';

await selectBackend('wasm', { quiet: true, threads: 1 });

const GramMatrix = suite('gramMatrix');

GramMatrix('G_ij = Σ_k F_ik F_jk over positions (hand-computed), refusing other ranks', () => {
  // 1 × 2 × 1 positions, 2 filters: F = [[1, 2], [3, 4]] → G = [[10, 14], [14, 20]].
  const f = tf.tensor4d([1, 2, 3, 4], [1, 2, 1, 2]);
  assert.equal(gramMatrix(f).arraySync(), [[10, 14], [14, 20]]);
  assert.throws(() => gramMatrix(tf.zeros([2, 2])), /gramMatrix expects a feature map \[1, h, w, n\] or \[h, w, n\], but received shape \[2, 2\]/);
  f.dispose();
});

const StyleLayerLoss = suite('styleLayerLoss');

StyleLayerLoss('Σ (G − A)² / (4 N² M²) (Gatys eq. 4), hand-computed', () => {
  const f = tf.tensor4d([1, 2, 3, 4], [1, 2, 1, 2]);
  const a = tf.tensor2d([[10, 14], [14, 18]]);
  // Only G_22 differs, by 2: 4 / (4 · 2² · 2²) = 1/16.
  assert.ok(Math.abs(styleLayerLoss(f, a).dataSync()[0] - 1 / 16) < 1e-7);
  tf.dispose([f, a]);
});

const ContentLoss = suite('contentLoss');

ContentLoss('½ Σ (F − P)²', () => {
  assert.is(contentLoss(tf.tensor1d([1, 2, 3]), tf.tensor1d([1, 0, 0])).dataSync()[0], 0.5 * (4 + 9));
});

const TotalVariation = suite('totalVariation');

TotalVariation('squared differences of vertical and horizontal neighbours (hand-computed)', () => {
  // [[0, 1], [2, 4]]: vertical (2 − 0)² + (4 − 1)² = 13; horizontal (1 − 0)² + (4 − 2)² = 5.
  assert.is(totalVariation(tf.tensor4d([0, 1, 2, 4], [1, 2, 2, 1])).dataSync()[0], 18);
});

GramMatrix.run();
StyleLayerLoss.run();
ContentLoss.run();
TotalVariation.run();
