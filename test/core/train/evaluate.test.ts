import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { lastValueFrom, toArray } from 'rxjs';
import { evaluate } from '../../../packages/core/src/train/evaluate';
import { fit } from '../../../packages/core/src/train/fit';
import { useAsyncReadsOnlyBackend } from '../../helpers/async-reads-only-backend';
import { rejects } from '../../helpers/rejects';

await tf.setBackend('cpu');

/** A 2 → 2 model with fixed weights: outputs are x·W + b, by hand. */
function fixedModel(activation: 'softmax' | 'linear'): tf.Sequential {
  const model = tf.sequential({ layers: [tf.layers.dense({ units: 2, inputShape: [2], activation })] });
  model.setWeights([tf.tensor2d([[1, 0], [0, 1]]), tf.tensor1d([0, 0])]);
  return model;
}

const Evaluate = suite('evaluate');

Evaluate('hand-computed cross-entropy and accuracy, independent of the batch size', async () => {
  // Logits equal the inputs: [2, 0] → p = [e²/(e²+1), 1/(e²+1)]; [0, 1] → p = [1/(1+e), e/(1+e)].
  const x = new Float32Array([2, 0, 0, 1, 3, 0]);
  const y = new Uint8Array([0, 1, 1]);
  const e = Math.E;
  const losses = [-Math.log(e ** 2 / (e ** 2 + 1)), -Math.log(e / (1 + e)), -Math.log(1 / (e ** 3 + 1))];
  const expected = losses.reduce((a, b) => a + b) / 3;
  for (const [activation, fromLogits] of [['softmax', false], ['linear', true]] as const) {
    const model = fixedModel(activation);
    const tensors = tf.memory().numTensors;
    for (const batchSize of [1, 2, 500]) {
      const r = await evaluate(model, { x, y, sampleShape: [2] }, { batchSize, fromLogits });
      assert.ok(Math.abs(r.loss - expected) < 1e-5, `${activation} batch ${batchSize}: ${r.loss} vs ${expected}`);
      assert.ok(Math.abs(r.accuracy - 2 / 3) < 1e-9);
      assert.is(r.count, 3);
    }
    assert.is(tf.memory().numTensors, tensors);
    model.dispose();
  }
});

Evaluate('refuses mismatched data with the shapes named', async () => {
  const model = fixedModel('softmax');
  await rejects(evaluate(model, { x: new Float32Array(5), y: [0], sampleShape: [2] }), /whole samples of shape \[2\]/);
  await rejects(evaluate(model, { x: new Float32Array(4), y: [0], sampleShape: [2] }), /one label per sample \(2\)/);
  await rejects(evaluate(model, { x: new Float32Array(3), y: [0], sampleShape: [3] }), /model's input shape \[2\]/);
  await rejects(evaluate(model, { x: new Float32Array(2), y: [0] }, { batchSize: 0 }), /batchSize/);
  model.dispose();
});

Evaluate('fit and evaluate read only asynchronously, so they run on WebGPU under Node: on a backend that refuses dataSync, the cpu backend\'s events and numbers', async () => {
  const run = async () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], activation: 'softmax', kernelInitializer: tf.initializers.glorotUniform({ seed: 4 }) })] });
    // Tensor inputs, read by fit and evaluate themselves.
    const x = tf.tensor2d([[1, 0], [0, 1], [1, 1], [-1, 0], [0, -1], [2, 1]]);
    const y = tf.tensor1d([0, 1, 2, 0, 1, 2], 'int32');
    const events = await lastValueFrom(fit(model, { x, y, validation: { x, y } }, { epochs: 2, batchSize: 4, seed: 1 }).pipe(toArray()));
    const evaluated = await evaluate(model, { x, y: tf.oneHot(y, 3) }, { batchSize: 4 });
    tf.dispose([x, y]);
    model.dispose();
    return { events: events.map((e) => ({ ...e, ...('seconds' in e ? { seconds: 0 } : {}), ...('samplesPerSecond' in e ? { samplesPerSecond: 0 } : {}) })), evaluated };
  };
  const onCpu = await run();
  await useAsyncReadsOnlyBackend();
  try {
    assert.throws(() => tf.scalar(1).dataSync(), /synchronous read/);
    const onAsync = await run();
    assert.is(onAsync.events.filter((e) => e.type === 'batch').length, 4);
    assert.equal(onAsync, onCpu);
  } finally {
    await tf.setBackend('cpu');
  }
});

Evaluate.run();
