import * as tf from '@tensorflow/tfjs';
import { lastValueFrom, toArray } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { deepCnn, resolveDeepCnnConfig } from '../../packages/classify/src/deep-cnn';
import { fit } from '../../packages/core/src/train/fit';
import { ConfigError } from '../../packages/core/src/errors';

await tf.setBackend('cpu');

const DeepCnn = suite('deepCnn');

DeepCnn('layer output shapes follow the textbook table (14 → pad 18 → valid 16 → pool 8 → 4)', () => {
  const model = deepCnn();
  const shapes = model.layers.map((l) => [l.getClassName(), (l.outputShape as number[]).slice(1)]);
  assert.equal(shapes, [
    ['Conv2D', [28, 28, 16]], ['Conv2D', [28, 28, 16]], ['MaxPooling2D', [14, 14, 16]],
    ['Conv2D', [14, 14, 32]], ['ZeroPadding2D', [18, 18, 32]], ['Conv2D', [16, 16, 32]], ['MaxPooling2D', [8, 8, 32]],
    ['Conv2D', [8, 8, 64]], ['Conv2D', [8, 8, 64]], ['MaxPooling2D', [4, 4, 64]],
    ['Flatten', [1024]], ['Dense', [50]], ['SeededDropout', [50]], ['Dense', [10]], ['SeededDropout', [10]], ['Softmax', [10]],
  ]);
  model.dispose();
});

DeepCnn('parameter count matches the hand count', () => {
  const model = deepCnn();
  // conv: 3·3·in·out + out; dense: in·out + out.
  const conv = (i: number, o: number) => 9 * i * o + o;
  const expected = conv(1, 16) + conv(16, 16) + conv(16, 32) + conv(32, 32) + conv(32, 64) + conv(64, 64) + (1024 * 50 + 50) + (50 * 10 + 10);
  assert.is(expected, 123552);
  assert.is(model.countParams(), 123552);
  model.dispose();
  const small = deepCnn({ filters: [2, 3, 4, 5, 6, 7], denseUnits: 8, classes: 3, softmax: false });
  assert.is(small.countParams(), conv(1, 2) + conv(2, 3) + conv(3, 4) + conv(4, 5) + conv(5, 6) + conv(6, 7) + (4 * 4 * 7 * 8 + 8) + (8 * 3 + 3));
  assert.is(small.layers[small.layers.length - 1].getClassName(), 'SeededDropout');
  small.dispose();
});

DeepCnn('He initialization: conv kernel variance ≈ 2 / fan-in, biases zero, seeded', () => {
  const a = deepCnn({ seed: 3 });
  const b = deepCnn({ seed: 3 });
  const c = deepCnn({ seed: 4 });
  const kernel = a.layers[7].getWeights()[0]; // conv 64 on 32 channels: fan-in 288
  const values = kernel.dataSync();
  const variance = Array.from(values).reduce((s, v) => s + v * v, 0) / values.length;
  assert.ok(Math.abs(variance / (2 / 288) - 1) < 0.1, `variance ${variance}`);
  assert.ok(a.layers[7].getWeights()[1].dataSync().every((v) => v === 0));
  assert.equal(Array.from(b.layers[7].getWeights()[0].dataSync()), Array.from(values));
  assert.not.equal(Array.from(c.layers[7].getWeights()[0].dataSync()), Array.from(values));
  [a, b, c].forEach((m) => m.dispose());
});

DeepCnn('every weight is seeded, seed 0 (the default) included', () => {
  const weights = (m: tf.LayersModel) => m.getWeights().map((w) => Array.from(w.dataSync()));
  const a = deepCnn({ seed: 0 });
  const b = deepCnn({ seed: 0 });
  assert.equal(weights(a), weights(b));
  [a, b].forEach((m) => m.dispose());
});

DeepCnn('outputs are probabilities, and inference is deterministic (dropout off)', () => {
  const model = deepCnn({ filters: [2, 2, 2, 2, 2, 2], denseUnits: 8 });
  const x = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 1);
  const p1 = model.predict(x) as tf.Tensor;
  const p2 = model.predict(x) as tf.Tensor;
  assert.equal(p1.shape, [3, 10]);
  assert.ok(Array.from(p1.sum(-1).dataSync()).every((s) => Math.abs(s - 1) < 1e-5));
  assert.equal(Array.from(p1.dataSync()), Array.from(p2.dataSync()));
  tf.dispose([x, p1, p2]);
  model.dispose();
});

DeepCnn('same seed → same loss sequence on the cpu backend; another seed differs', async () => {
  const images = tf.randomUniform([8, 28, 28, 1], 0, 1, 'float32', 2);
  const labels = new Uint8Array([0, 1, 2, 3, 4, 5, 6, 7]);
  const losses = async (seed: number) => {
    const model = deepCnn({ filters: [2, 2, 2, 2, 2, 2], denseUnits: 8, seed });
    const events = await lastValueFrom(fit(model, { x: images, y: labels }, { epochs: 2, batchSize: 4, seed }).pipe(toArray()));
    model.dispose();
    return events.flatMap((e) => (e.type === 'batch' ? [e.loss] : []));
  };
  const a = await losses(1);
  assert.is(a.length, 4);
  assert.equal(await losses(1), a);
  assert.not.equal(await losses(2), a);
  images.dispose();
});

DeepCnn('refuses bad configs with the field named', () => {
  assert.throws(() => deepCnn({ filters: [16, 16, 32] as never }), (e: Error) => e instanceof ConfigError && /filters/.test(e.message));
  assert.throws(() => deepCnn({ dropout: 1 }), /dropout/);
  assert.throws(() => deepCnn({ inputShape: [3, 3, 1] }), /at least 4×4/);
  const smallest = deepCnn({ inputShape: [4, 4, 1], filters: [1, 1, 1, 1, 1, 1] });
  assert.equal(smallest.layers[9].outputShape, [null, 1, 1, 1]);
  smallest.dispose();
  assert.throws(() => resolveDeepCnnConfig({ classes: 1 }), /classes/);
});

DeepCnn('logitDropout sets the rate on the logits alone; null keeps the book\'s (dropout); a rate of 1 is refused by name', () => {
  const rates = (m: tf.Sequential) => m.layers.filter((l) => l.getClassName() === 'SeededDropout').map((l) => (l as unknown as { rate: number }).rate);
  const book = deepCnn();
  assert.equal(rates(book), [0.5, 0.5]);
  const noLogitDropout = deepCnn({ logitDropout: 0 });
  assert.equal(rates(noLogitDropout), [0.5, 0]);
  const both = deepCnn({ dropout: 0.3 });
  assert.equal(rates(both), [0.3, 0.3]);
  tf.dispose([book, noLogitDropout, both].flatMap((m) => m.weights.map((w) => w.read())));
  assert.throws(() => resolveDeepCnnConfig({ logitDropout: 1 }), (e: Error) => e instanceof ConfigError && /logitDropout/.test(e.message));
});

DeepCnn.run();
