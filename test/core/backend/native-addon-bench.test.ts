import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { benchAddonConv } from '../../../packages/core/src/backend/bench-addon-conv';
import { benchAddonDqn } from '../../../packages/core/src/backend/bench-addon-dqn-step';
import { textbookConvLayers } from '../../../packages/core/src/backend/bench-conv2d-backprop-filter';
import { loadedAddon } from '../../../packages/core/src/backend/addon-kernels/index';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';

delete process.env.DEEPER_NATIVE;
await selectBackend('wasm', { quiet: true, threads: 1 });
const bench = suite('benchAddonConv');

bench('times every pass of every textbook layer three ways, with totals, and leaves no tensor behind', () => {
  if (!loadedAddon()) return; // no addon here: nothing to time
  const before = tf.memory().numTensors;
  const lines = benchAddonConv(1, 1, 2);
  assert.is(lines.length, 3 * 3 * (textbookConvLayers.length + 1));
  for (const line of lines) assert.ok(line.ms > 0 && line.gflops > 0, JSON.stringify(line));
  assert.equal([...new Set(lines.map((l) => l.way))], ['addon-indirect', 'addon-im2col', 'wasm']);
  assert.is(tf.memory().numTensors, before);
});

bench('times the DQN step and action choice with the addon on and off, each round, and leaves no tensor behind', () => {
  if (!loadedAddon()) return;
  const before = tf.memory().numTensors;
  const lines = benchAddonDqn(2, 2);
  assert.equal(lines.map((l) => `${l.name} ${l.way}`), ['dqn-train-step wasm+native', 'dqn-train-step wasm', 'dqn-act wasm+native', 'dqn-act wasm']);
  for (const line of lines) assert.ok(line.ms > 0 && line.perRound.length === 2, JSON.stringify(line));
  assert.is(tf.memory().numTensors, before);
});

bench.run();
