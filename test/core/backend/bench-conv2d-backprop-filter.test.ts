import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { benchConv2dBackpropFilter, textbookConvLayers } from '../../../packages/core/src/backend/bench-conv2d-backprop-filter';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';

await selectBackend('wasm', { quiet: true, threads: 1 });

const bench = suite('benchConv2dBackpropFilter');

bench('times both ways on every textbook layer and leaves no tensor or wasm data behind', () => {
  const backend = tf.backend() as unknown as { numDataIds(): number };
  const before = { tensors: tf.memory().numTensors, ids: backend.numDataIds() };
  const lines = benchConv2dBackpropFilter(1, 2);
  assert.is(lines.length, 2 * textbookConvLayers.length);
  assert.equal([...new Set(lines.map((l) => l.way))], ['native', 'xnnpack-composition']);
  for (const line of lines) assert.ok(line.ms > 0 && line.gflops > 0, JSON.stringify(line));
  assert.equal({ tensors: tf.memory().numTensors, ids: backend.numDataIds() }, before);
});

bench.run();
