import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { bilinearKernel, bilinearWeights } from '../../../packages/vision/src/segment/bilinear-kernel';

await selectBackend('wasm', { quiet: true, threads: 1 });

const BilinearWeights = suite('bilinearWeights');

BilinearWeights('factor 2: the outer product of [1/4, 3/4, 3/4, 1/4] (FCN upsample_filt)', () => {
  const axis = [0.25, 0.75, 0.75, 0.25];
  const expected = axis.flatMap((a) => axis.map((b) => a * b));
  assert.equal(Array.from(bilinearWeights(2)), expected);
  assert.throws(() => bilinearWeights(0), /bilinearWeights expects factor to be a positive integer, but received 0/);
});

const BilinearKernel = suite('bilinearKernel');

BilinearKernel('a stride-f transposed convolution with it interpolates linearly between pixel centres, per channel', () => {
  for (const factor of [2, 8]) {
    const tensors = tf.memory().numTensors;
    // Channel 0 a ramp along x, channel 1 a constant: away from the border the output is the ramp
    // sampled at output pixel centres, and the constant.
    const n = 6;
    const input = tf.tensor4d(Array.from({ length: n * n }, (_, i) => [i % n, 5]).flat(), [1, n, n, 2]);
    const kernel = bilinearKernel(factor, 2);
    const out = tf.conv2dTranspose(input, kernel, [1, n * factor, n * factor, 2], factor, 'same');
    const values = out.arraySync()[0];
    for (let y = factor; y < (n - 1) * factor; y++) {
      for (let x = factor; x < (n - 1) * factor; x++) {
        const expected = (x + 0.5) / factor - 0.5;
        assert.ok(Math.abs(values[y][x][0] - expected) < 1e-5, `factor ${factor} (${x}, ${y}): ${values[y][x][0]} vs ${expected}`);
        assert.ok(Math.abs(values[y][x][1] - 5) < 1e-5);
      }
    }
    tf.dispose([input, kernel, out]);
    assert.is(tf.memory().numTensors, tensors);
  }
});

BilinearWeights.run();
BilinearKernel.run();
