import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { benchTextbookCnn, textbookCnn } from '../../../packages/core/src/backend/bench-textbook-cnn';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { ConfigError } from '../../../packages/core/src/errors';

await selectBackend('wasm', { quiet: true, threads: 1 });

const model = suite('textbookCnn');

model('has the textbook shape: 28×28×1 in, 10 logits out, conv 16-16-32-32-64-64, dense 50', () => {
  const net = textbookCnn();
  assert.equal(net.outputs[0].shape, [null, 10]);
  const convs = net.layers.filter((l) => l.getClassName() === 'Conv2D').map((l) => (l.getConfig() as { filters: number }).filters);
  assert.equal(convs, [16, 16, 32, 32, 64, 64]);
  const dense = net.layers.filter((l) => l.getClassName() === 'Dense').map((l) => (l.getConfig() as { units: number }).units);
  assert.equal(dense, [50, 10]);
  // The book's padding: 28 → 28 → pool 14 → 14 → pad 2, 16 → pool 8 → 8 → 8 → pool 4: 1,024 into the dense layer.
  const flat = net.layers.find((l) => l.getClassName() === 'Flatten');
  assert.equal(flat?.outputShape, [null, 1024]);
  assert.is(net.countParams(), 123_552);
  net.dispose();
});

model.run();

const bench = suite('benchTextbookCnn');

bench('times steps on wasm with a constant tensor count and no leak after it is done', () => {
  const before = tf.memory().numTensors;
  const result = benchTextbookCnn({ batchSize: 4, steps: 2, warmupSteps: 1 });
  assert.is(result.backend, 'wasm');
  assert.is(result.stepSeconds.length, 2);
  assert.ok(result.samplesPerSecond > 0 && Number.isFinite(result.samplesPerSecond));
  assert.is(new Set(result.numTensorsPerStep).size, 1);
  assert.is(tf.memory().numTensors, before);
});

bench('refuses a bad config', () => {
  assert.throws(() => benchTextbookCnn({ steps: 0 }), (e: Error) => e instanceof ConfigError);
});

bench.run();
