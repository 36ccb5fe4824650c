import * as tf from '@tensorflow/tfjs';
import { lastValueFrom, toArray } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { normaliseActivations, styleNet } from '../../../packages/vision/src/style/style-net';
import { resolveStyleTransferConfig, styleTransfer, type StyleEvent } from '../../../packages/vision/src/style/style-transfer';

await selectBackend('wasm', { quiet: true, threads: 1 });

const content = tf.tidy(() => tf.concat([tf.zeros([1, 16, 8, 3]), tf.ones([1, 16, 8, 3])], 2)) as tf.Tensor4D;
const style = tf.tidy(() => tf.tile(tf.tensor4d([1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0], [1, 2, 2, 3]), [1, 8, 8, 1])) as tf.Tensor4D;

function network(seed: number) {
  const net = styleNet({ filters: [4, 8], convsPerStage: 1, seed });
  normaliseActivations(net, [content, style]);
  return net;
}

const StyleTransfer = suite('styleTransfer');

for (const optimizer of ['adam', 'lbfgs'] as const) {
  StyleTransfer(`${optimizer}: the weighted loss falls and the style loss with it; images come every imageEvery steps; no tensor leaks`, async () => {
    const net = network(1);
    const tensors = tf.memory().numTensors;
    const events: StyleEvent[] = await lastValueFrom(styleTransfer(net, content, style, { steps: 12, optimizer, imageEvery: 5, learningRate: 0.05 }).pipe(toArray()));
    assert.is(tf.memory().numTensors, tensors);
    const steps = events.filter((e) => e.type === 'style-step');
    assert.is(steps.length, 12);
    const first = steps[0];
    const last = steps[11];
    assert.ok(first.type === 'style-step' && last.type === 'style-step' && last.loss < first.loss && last.style < first.style, `${JSON.stringify(first)} → ${JSON.stringify(last)}`);
    assert.equal(events.filter((e) => e.type === 'style-image').map((e) => e.step), [5, 10, 12]);
    net.dispose();
  });
}

StyleTransfer('the same seed gives the same bytes; another seed of the noise start another image', async () => {
  const run = async (seed: number) => {
    const net = network(1);
    const events = await lastValueFrom(styleTransfer(net, content, style, { steps: 3, init: 'noise', seed, imageEvery: 3 }).pipe(toArray()));
    net.dispose();
    const image = events.find((e) => e.type === 'style-image');
    return image?.type === 'style-image' ? Array.from(image.data) : [];
  };
  const a = await run(4);
  assert.equal(await run(4), a);
  assert.not.equal(await run(5), a);
});

StyleTransfer('refuses a style image of another channel count and bad config, naming them', () => {
  const net = network(1);
  const grey = tf.zeros([1, 16, 16, 1]) as tf.Tensor4D;
  assert.throws(() => styleTransfer(net, content, grey), /styleTransfer expects a style image with the content image's 3 channel\(s\), but received shape \[1, 16, 16, 1\]/);
  assert.throws(() => resolveStyleTransferConfig({ steps: 0 }), /styleTransfer expects steps to be a positive integer, but received 0/);
  assert.throws(() => styleTransfer(net, content, style, { contentLayer: 'nope' }), /outputs of the feature network/);
  tf.dispose(grey);
  net.dispose();
});

StyleTransfer.run();
