import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { fasterRcnn, fasterRcnnParts } from '../../../packages/vision/src/detect/faster-rcnn';

await selectBackend('wasm', { quiet: true, threads: 1 });

const FasterRcnn = suite('fasterRcnn');

FasterRcnn('default model: a 16×16×64 map, 9 anchors per cell, 7×7 RoIs into K + 1 scores and K × 4 deltas', () => {
  const { model, anchors, config } = fasterRcnn();
  assert.equal(model.outputs.map((o) => o.shape), [[null, 16, 16, 64], [null, 2304], [null, 2304, 4], [null, 11], [null, 10, 4]]);
  assert.is(anchors.length / 4, 2304);
  // Anchor 0: cell (0, 0), height 12, ratio 1; anchor 8: height 32, ratio 0.3.
  assert.equal(Array.from(anchors.subarray(0, 4)), [4, 4, 12, 12]);
  assert.ok(Math.abs(anchors[8 * 4 + 2] - 9.6) < 1e-5 && anchors[8 * 4 + 3] === 32);
  assert.equal(model.inputs[1].shape, [null, config.poolSize, config.poolSize, 64]);
  model.dispose();
});

FasterRcnn('the two parts share the model\'s weights and give its outputs', () => {
  const { model } = fasterRcnn({ inputShape: [32, 32, 1], filters: [4, 4, 8], convsPerStage: 1, rpnChannels: 8, fcUnits: 16, classes: 2, poolSize: 3 });
  const parts = fasterRcnnParts(model);
  assert.is(parts.backbone.trainableWeights.length + parts.head.trainableWeights.length, model.trainableWeights.length);
  tf.tidy(() => {
    const x = tf.randomUniform([2, 32, 32, 1], 0, 1, 'float32', 1);
    const pooled = tf.randomUniform([5, 3, 3, 8], 0, 1, 'float32', 2);
    const whole = model.apply([x, pooled], { training: false }) as tf.Tensor[];
    const halves = [...(parts.backbone.apply(x, { training: false }) as tf.Tensor[]), ...(parts.head.apply(pooled, { training: false }) as tf.Tensor[])];
    whole.forEach((t, i) => assert.equal(Array.from(t.dataSync()), Array.from(halves[i].dataSync()), `output ${i}`));
  });
  model.dispose();
});

FasterRcnn('refuses an input side that is not a multiple of 8, and a model that is not a Faster R-CNN', () => {
  assert.throws(() => fasterRcnn({ inputShape: [60, 64, 1] }), /fasterRcnn expects inputShape to be a height and width that are multiples of 8/);
  const other = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [2] })] });
  assert.throws(() => fasterRcnnParts(other), /fasterRcnnParts expects model to be a Faster R-CNN model/);
  other.dispose();
});

FasterRcnn.run();
