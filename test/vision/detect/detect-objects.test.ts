import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { encodeBox } from '../../../packages/vision/src/detect/box-coding';
import { detectObjects, resolveDetectObjectsConfig } from '../../../packages/vision/src/detect/detect-objects';

await selectBackend('wasm', { quiet: true, threads: 1 });

const DetectObjects = suite('detectObjects');

DetectObjects('decodes confident boxes, suppresses overlapping ones of the same class, keeps other classes, clips to the image', () => {
  // Three anchors; anchors 0 and 1 both predict class 0 (logit column 1) on nearly the same box, anchor 2 class 1.
  const anchors = Float32Array.from([10, 10, 10, 10, 11, 10, 10, 10, 28, 28, 10, 10]);
  const box0 = encodeBox([5, 5, 10, 10], anchors.subarray(0, 4));
  const box1 = encodeBox([6, 5, 10, 10], anchors.subarray(4, 8));
  const box2 = encodeBox([25, 25, 10, 10], anchors.subarray(8, 12)); // reaches past the 32-px image: clipped
  const outputs = tf.tensor3d([[[0, 6, 0, ...box0], [0, 5, 0, ...box1], [0, 0, 6, ...box2]]]);
  const tensors = tf.memory().numTensors;
  const [found] = detectObjects(outputs, anchors, 32, 32, { scoreThreshold: 0.5 });
  assert.is(tf.memory().numTensors, tensors);
  assert.is(found.length, 2);
  assert.is(found[0].classIndex, 0);
  found[0].bbox.forEach((v, i) => assert.ok(Math.abs(v - [5, 5, 10, 10][i]) < 1e-4));
  assert.is(found[1].classIndex, 1);
  found[1].bbox.forEach((v, i) => assert.ok(Math.abs(v - [25, 25, 7, 7][i]) < 1e-4, `${found[1].bbox}`));
  assert.ok(found[0].score > found[1].score - 1e-6);
  outputs.dispose();
});

DetectObjects('refuses out-of-range thresholds, naming the field', () => {
  assert.throws(() => resolveDetectObjectsConfig({ nmsIou: 2 }), /detectObjects expects nmsIou to be a finite number ≥ 0 and ≤ 1, but received 2/);
});

DetectObjects.run();
