import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { affineResample } from '../../../packages/core/src/augment/affine-resample';

function median(f: () => void, n = 7): number {
  const t: number[] = [];
  for (let i = 0; i < n; i++) { const t0 = performance.now(); f(); t.push(performance.now() - t0); }
  return t.sort((a, b) => a - b)[(n - 1) / 2];
}
for (const backend of ['cpu', 'wasm']) {
  if (backend === 'cpu') await tf.setBackend('cpu'); else await selectBackend('wasm', { quiet: true });
  const batch = tf.randomUniform([32, 28, 28, 1], 0, 1, 'float32', 1) as tf.Tensor4D;
  const m = Array.from({ length: 32 }, (_, i) => [0.9, -0.3 + i * 0.01, 1.2, 0.25, 1.1, -0.7] as const);
  const ours = median(() => affineResample(batch, m, 'bilinear').dispose());
  const oursNearest = median(() => affineResample(batch, m, 'nearest').dispose());
  const perImage = median(() => tf.tidy(() => tf.concat(tf.unstack(batch).map((img, i) => tf.image.transform(img.expandDims(0) as tf.Tensor4D, tf.tensor2d([[...m[i], 0, 0]]), 'bilinear'))) ).dispose());
  const batched = tf.tidy(() => tf.image.transform(batch, tf.tensor2d(m.map((r) => [...r, 0, 0])), 'bilinear'));
  const ref = affineResample(batch, m, 'bilinear');
  const diff = tf.max(tf.abs(tf.sub(batched, ref))).dataSync()[0];
  const batchedMs = median(() => tf.tidy(() => tf.image.transform(batch, tf.tensor2d(m.map((r) => [...r, 0, 0])), 'bilinear')).dispose());
  console.log(JSON.stringify({ backend, oursBilinearMs: ours, oursNearestMs: oursNearest, perImageTransformMs: perImage, batchedTransformMs: batchedMs, batchedVsOursMaxDiff: diff }));
  tf.dispose([batch, batched, ref]);
}
