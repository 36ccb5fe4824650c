import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { evaluateSegmentation, predictMasks } from '../../../packages/vision/src/segment/evaluate-segmentation';
import { fcn8s } from '../../../packages/vision/src/segment/fcn8s';
import { segmentationBatch } from '../../../packages/vision/src/segment/segmentation-batches';
import { ConfusionMatrix, segmentationMetrics } from '../../../packages/vision/src/segment/segmentation-metrics';
import { shapeMasks } from './shape-masks';

await selectBackend('wasm', { quiet: true, threads: 1 });

const small = { classes: 5, inputShape: [64, 64, 3] as [number, number, number], filters: [4, 4, 8, 8, 8] as [number, number, number, number, number], fcFilters: 8, convsPerStage: 1, seed: 3 };

const EvaluateSegmentation = suite('evaluateSegmentation');

EvaluateSegmentation('in any batch size, the metrics of predictMasks against the masks, without leaking tensors', () => {
  const data = shapeMasks(5, 2);
  const model = fcn8s(small);
  const tensors = tf.memory().numTensors;
  const a = evaluateSegmentation(model, data, 2);
  const b = evaluateSegmentation(model, data, 5);
  assert.is(tf.memory().numTensors, tensors);
  const { x, mask } = segmentationBatch(data, [0, 1, 2, 3, 4]);
  const predicted = predictMasks(model, x);
  const expected = segmentationMetrics(new ConfusionMatrix(5).add(mask.dataSync(), predicted));
  tf.dispose([x, mask]);
  for (const e of [a, b]) {
    assert.equal(e.iouPerClass, expected.iouPerClass);
    assert.is(e.pixelAccuracy, expected.pixelAccuracy);
    assert.is(e.count, 5);
  }
  assert.ok(Math.abs(a.loss - b.loss) < 1e-5);
  model.dispose();
});

EvaluateSegmentation('refuses images of another size or channel count than the model takes', () => {
  const model = fcn8s({ ...small, inputShape: [64, 84, 1] });
  assert.throws(() => evaluateSegmentation(model, shapeMasks(1, 0)), /evaluateSegmentation expects images of the model's input shape \[64, 84, 1\], but received shape \[64, 64, 3\]/);
  model.dispose();
});

EvaluateSegmentation.run();
