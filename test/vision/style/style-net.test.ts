import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { normaliseActivations, resolveStyleNetConfig, styleNet, styleNetLayers } from '../../../packages/vision/src/style/style-net';

await selectBackend('wasm', { quiet: true, threads: 1 });

const StyleNet = suite('styleNet');

StyleNet('one ReLU output per convolution, any image size, average pooling between stages', () => {
  const net = styleNet({ filters: [4, 8], convsPerStage: 2 });
  assert.equal(net.outputNames, styleNetLayers(resolveStyleNetConfig({ filters: [4, 8], convsPerStage: 2 })));
  const outputs = net.predict(tf.zeros([1, 12, 20, 3])) as tf.Tensor[];
  assert.equal(outputs.map((o) => o.shape), [[1, 12, 20, 4], [1, 12, 20, 4], [1, 6, 10, 8], [1, 6, 10, 8]]);
  assert.ok(net.layers.some((l) => l.getClassName() === 'AveragePooling2D'));
  tf.dispose(outputs);
  net.dispose();
});

const NormaliseActivations = suite('normaliseActivations');

NormaliseActivations('every filter that fires has mean activation one over the images', () => {
  const net = styleNet({ filters: [4, 8], convsPerStage: 2, seed: 3 });
  const images = [tf.randomUniform([1, 16, 16, 3], 0, 1, 'float32', 1) as tf.Tensor4D, tf.randomUniform([1, 16, 16, 3], 0, 1, 'float32', 2) as tf.Tensor4D];
  normaliseActivations(net, images);
  const outputs = images.map((image) => net.predict(image) as tf.Tensor[]);
  for (let k = 0; k < 4; k++) {
    const means = tf.tidy(() => tf.div(tf.add(tf.mean(outputs[0][k], [0, 1, 2]), tf.mean(outputs[1][k], [0, 1, 2])), 2).dataSync());
    for (const m of means) assert.ok(m === 0 || Math.abs(m - 1) < 1e-4, `layer ${k}: mean ${m}`);
  }
  tf.dispose([...images, ...outputs.flat()]);
  net.dispose();
});

StyleNet.run();
NormaliseActivations.run();
