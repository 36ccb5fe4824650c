/**
 * How large NIC's image embedding is beside its word embeddings, and whether it varies
 * between images: for each caption run given, the last checkpoint's CNN map (cnn_pool) and
 * image embedding (the LSTM's first input x₋₁, after image_embedding_norm when the run has one)
 * on its data's test images, as mean |x|, max |x|, the standard deviation across images
 * averaged over units, and the units that do not vary (std < 1e-3); then the word embeddings'
 * mean |w|. Written to find why NIC named the quadrants of shapes but not their colours
 * (docs/results/vision.md, "Captioning"): an x₋₁ hundreds of times larger than the words
 * saturates the LSTM's gates.
 *
 *   DEEPER_WASM_THREADS=1 node --import tsx experiments/vision-caption-embedding-scale.ts RUN [RUN …]
 */
import * as tf from '@tensorflow/tfjs';
import { selectBackend } from '@deeper/core';
import { loadCaptionRun, readCaptionData } from './src/commands/vision-caption';

await selectBackend('wasm', { quiet: true });
const fmt = (x: number, digits: number) => x.toFixed(digits);
for (const run of process.argv.slice(2)) {
  const { model, config } = await loadCaptionRun(run);
  const test = readCaptionData(config.data, 'test');
  const names = ['cnn_pool', 'image_embedding', ...(model.layers.some((l) => l.name === 'image_embedding_norm') ? ['image_embedding_norm'] : [])];
  const probe = tf.model({ inputs: model.inputs[0], outputs: names.map((n) => model.getLayer(n).output as tf.SymbolicTensor) });
  tf.tidy(() => {
    const images = tf.div(tf.tensor4d(test.images, [test.count, test.height, test.width, test.channels], 'float32'), 255);
    const outputs = [probe.predict(images)].flat() as tf.Tensor2D[];
    outputs.forEach((x, k) => {
      const std = tf.sqrt(tf.moments(x, 0).variance);
      const still = tf.sum(tf.cast(tf.less(std, 1e-3), 'int32')).dataSync()[0];
      console.log(`${run} ${names[k]}: mean |x| ${fmt(tf.mean(tf.abs(x)).dataSync()[0], 3)}, max |x| ${fmt(tf.max(tf.abs(x)).dataSync()[0], 2)}, std across images ${fmt(tf.mean(std).dataSync()[0], 3)}, units that do not vary ${still} / ${x.shape[1]}`);
    });
    console.log(`${run} word_embedding: mean |w| ${fmt(tf.mean(tf.abs(model.getLayer('word_embedding').getWeights()[0])).dataSync()[0], 3)}`);
  });
  model.dispose();
}
