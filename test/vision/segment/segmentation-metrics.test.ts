import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConfusionMatrix, segmentationMetrics } from '../../../packages/vision/src/segment/segmentation-metrics';

const SegmentationMetrics = suite('segmentationMetrics');

SegmentationMetrics('a hand-computed case: IoU per class, means with and without background, pixel accuracy', () => {
  // truth:     0 0 0 0 1 1 2 2      predicted: 0 0 0 1 1 2 2 2
  // class 0: TP 3, FN 1, FP 0 → 3/4; class 1: TP 1, FN 1, FP 1 → 1/3; class 2: TP 2, FN 0, FP 1 → 2/3.
  const m = segmentationMetrics(new ConfusionMatrix(3).add([0, 0, 0, 0, 1, 1, 2, 2], [0, 0, 0, 1, 1, 2, 2, 2]));
  assert.equal(m.iouPerClass, [3 / 4, 1 / 3, 2 / 3]);
  assert.ok(Math.abs(m.meanIou - (1 / 3 + 2 / 3) / 2) < 1e-12);
  assert.ok(Math.abs(m.meanIouWithBackground - (3 / 4 + 1 / 3 + 2 / 3) / 3) < 1e-12);
  assert.is(m.pixelAccuracy, 6 / 8);
});

SegmentationMetrics('a class absent from truth and prediction is left out of the means; a class only predicted scores 0', () => {
  const m = segmentationMetrics(new ConfusionMatrix(4).add([0, 0, 1, 1], [0, 3, 1, 1]));
  assert.equal(m.iouPerClass, [1 / 2, 1, null, 0]);
  assert.is(m.meanIou, 1 / 2);
  assert.is(m.meanIouWithBackground, 1.5 / 3);
  assert.is(m.pixelAccuracy, 3 / 4);
});

const ConfusionMatrixSuite = suite('ConfusionMatrix');

ConfusionMatrixSuite('counts row = truth, column = prediction, and refuses mismatched lengths', () => {
  const matrix = new ConfusionMatrix(2).add([0, 1, 1], [1, 1, 0]);
  assert.equal(Array.from(matrix.counts), [0, 1, 1, 1]);
  assert.throws(() => matrix.add([0, 1], [0]), /ConfusionMatrix\.add expects predictions for all 2 pixels, but received shape \[1\]/);
});

SegmentationMetrics.run();
ConfusionMatrixSuite.run();
