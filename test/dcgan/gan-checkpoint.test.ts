import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CheckpointError } from '@deeper/core';
import { buildDcgan } from '../../packages/dcgan/src/dcgan-config';
import { ganStep, type GanPair } from '../../packages/dcgan/src/gan-step';
import { GeneratorEma } from '../../packages/dcgan/src/generator-ema';
import { generatorEmaDir, latestGanCheckpoint, loadGanCheckpoint, loadGeneratorEma, saveGanCheckpoint, type GanLoopState } from '../../packages/dcgan/src/gan-checkpoint';
import { disposePair, pairOf, tiny } from './helpers/tiny-pair';

const run = { seed: 3, batchSize: 4, trainCount: 32 };
const stateAt = (step: number): GanLoopState => ({ epoch: 0, batch: step, step, rngState: 7, run });

const emaOf = (pair: GanPair) => {
  const twin = buildDcgan(tiny);
  twin.discriminator.dispose();
  return new GeneratorEma(pair.generator, twin.generator, 0.9);
};
/** One GAN step on fixed random data, so that both optimizers hold Adam slots. */
const step = (pair: GanPair, k: number) => tf.tidy(() => {
  const real = tf.randomUniform([4, 28, 28, 1], -1, 1, 'float32', 100 + k);
  const z = tf.randomUniform([4, 8], -1, 1, 'float32', 200 + k);
  const labels = tf.oneHot(tf.tensor1d([0, 1, 2, k % 3], 'int32'), 3).toFloat();
  ganStep(pair, real, z, labels);
});
const bytesOf = (set: string) => Object.fromEntries(['generator', 'discriminator', 'generator-ema']
  .map((part) => [part, createHash('sha256').update(readFileSync(join(set, part, 'weights.bin'))).digest('hex')]));
const tempDir = () => mkdtempSync(join(tmpdir(), 'gan-checkpoint-'));
/** The pid of a process that has exited. */
const deadPid = () => spawnSync(process.execPath, ['-e', '']).pid!;

const Save = suite('saveGanCheckpoint');
Save.before(async () => {
  await tf.setBackend('cpu');
});

Save('writes the whole set under step-<n> and nothing else; gan-state.json records the average\'s files; no tensors leak', async () => {
  const dir = tempDir();
  const pair = pairOf();
  const ema = emaOf(pair);
  try {
    step(pair, 0);
    ema.update();
    const before = tf.memory().numTensors;
    const set = await saveGanCheckpoint(join(dir, 'checkpoints'), pair, stateAt(2), ema);
    assert.is(tf.memory().numTensors, before);
    assert.is(set, join(dir, 'checkpoints', 'step-00000002'));
    assert.equal(readdirSync(join(dir, 'checkpoints')), ['step-00000002'], 'no temporary folder is left');
    assert.equal(readdirSync(set).sort(), ['discriminator', 'gan-state.json', 'generator', 'generator-ema']);
    const state = JSON.parse(readFileSync(join(set, 'gan-state.json'), 'utf8'));
    assert.equal(state.ema, { decay: 0.9, updates: 1 });
    assert.equal(Object.keys(state.files).sort(), ['generator-ema/model.json', 'generator-ema/weights.bin']);
    const weights = readFileSync(join(set, 'generator-ema', 'weights.bin'));
    assert.equal(state.files['generator-ema/weights.bin'], { bytes: weights.byteLength, sha256: createHash('sha256').update(weights).digest('hex') });
    assert.is(latestGanCheckpoint(dir), set);
  } finally {
    ema.dispose();
    disposePair(pair);
    rmSync(dir, { recursive: true, force: true });
  }
});

Save('a write that fails part-way (D\'s optimizer, after G was written) leaves the earlier set loadable and no temporary folder', async () => {
  const dir = tempDir();
  const pair = pairOf();
  const ema = emaOf(pair);
  const fresh = pairOf();
  try {
    step(pair, 0);
    const checkpoints = join(dir, 'checkpoints');
    const set = await saveGanCheckpoint(checkpoints, pair, stateAt(2), ema);
    const saved = bytesOf(set);
    step(pair, 1);
    const getState = pair.discriminatorOptimizer.getState.bind(pair.discriminatorOptimizer);
    pair.discriminatorOptimizer.getState = async () => {
      throw new Error('ENOSPC: no space left on device');
    };
    for (const at of [4, 2]) {
      // A new step, then the same step again (the existing set must survive a failed rewrite).
      try {
        await saveGanCheckpoint(checkpoints, pair, stateAt(at), ema);
        assert.unreachable('the write should have failed');
      } catch (error) {
        assert.match(String(error), /ENOSPC/);
      }
      assert.equal(readdirSync(checkpoints), ['step-00000002']);
      assert.equal(bytesOf(set), saved);
    }
    pair.discriminatorOptimizer.getState = getState;
    assert.is(latestGanCheckpoint(dir), set);
    const loaded = await loadGanCheckpoint(set, fresh, run);
    assert.is(loaded.step, 2);
    assert.equal(loaded.ema, { decay: 0.9, updates: 0 });
  } finally {
    ema.dispose();
    disposePair(pair);
    disposePair(fresh);
    rmSync(dir, { recursive: true, force: true });
  }
});

Save('rewriting a step replaces the set whole, leaving no set-aside copy', async () => {
  const dir = tempDir();
  const pair = pairOf();
  const ema = emaOf(pair);
  try {
    const checkpoints = join(dir, 'checkpoints');
    const set = await saveGanCheckpoint(checkpoints, pair, stateAt(2), ema);
    const first = bytesOf(set);
    step(pair, 0);
    ema.update();
    await saveGanCheckpoint(checkpoints, pair, stateAt(2), ema);
    assert.equal(readdirSync(checkpoints), ['step-00000002']);
    const second = bytesOf(set);
    for (const part of ['generator', 'discriminator', 'generator-ema']) assert.is.not(second[part], first[part], part);
    assert.equal(JSON.parse(readFileSync(join(set, 'gan-state.json'), 'utf8')).ema, { decay: 0.9, updates: 1 });
  } finally {
    ema.dispose();
    disposePair(pair);
    rmSync(dir, { recursive: true, force: true });
  }
});

Save('the folders a killed writer left are ignored by the loader and removed by the next save; a live writer\'s are kept', async () => {
  const dir = tempDir();
  const pair = pairOf();
  try {
    const checkpoints = join(dir, 'checkpoints');
    const set = await saveGanCheckpoint(checkpoints, pair, stateAt(2), null);
    const dead = deadPid();
    // What a SIGKILL leaves: a half-written set (with a gan-state.json of its own) and a set moved aside.
    for (const name of [`.step-00000004.${dead}.tmp`, `.step-00000002.${dead}.old`, `.step-00000006.${process.ppid}.tmp`]) {
      mkdirSync(join(checkpoints, name, 'generator'), { recursive: true });
      writeFileSync(join(checkpoints, name, 'gan-state.json'), '{}');
    }
    assert.is(latestGanCheckpoint(dir), set);
    await saveGanCheckpoint(checkpoints, pair, stateAt(8), null);
    assert.equal(readdirSync(checkpoints).sort(), [`.step-00000006.${process.ppid}.tmp`, 'step-00000002', 'step-00000008']);
  } finally {
    disposePair(pair);
    rmSync(dir, { recursive: true, force: true });
  }
});

Save('a process SIGKILLed in the middle of writing a set leaves the previous set loadable', async () => {
  const dir = tempDir();
  const fresh = pairOf();
  try {
    const checkpoints = join(dir, 'checkpoints');
    // The child writes step 2, then kills itself with SIGKILL while writing step 4 (after G, before D).
    const child = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/killed-checkpoint-writer.ts', import.meta.url)), checkpoints], { encoding: 'utf8', timeout: 120_000 });
    assert.is(child.signal, 'SIGKILL', child.stderr);
    const left = readdirSync(checkpoints).sort();
    assert.equal(left, [`.step-00000004.${child.pid}.tmp`, 'step-00000002']);
    assert.ok(existsSync(join(checkpoints, left[0], 'generator')), 'the kill came after G was written');
    assert.is(latestGanCheckpoint(dir), join(checkpoints, 'step-00000002'));
    const loaded = await loadGanCheckpoint(join(checkpoints, 'step-00000002'), fresh, run);
    assert.is(loaded.step, 2);
  } finally {
    disposePair(fresh);
    rmSync(dir, { recursive: true, force: true });
  }
});

Save.run();

const Load = suite('loadGeneratorEma');
Load.before(async () => {
  await tf.setBackend('cpu');
});

Load('refuses an average whose file changed or shrank after it was written, naming the file; a set without the record loads', async () => {
  const dir = tempDir();
  const pair = pairOf();
  const ema = emaOf(pair);
  const other = emaOf(pair);
  try {
    step(pair, 0);
    ema.update();
    const set = await saveGanCheckpoint(join(dir, 'checkpoints'), pair, stateAt(2), ema);
    const path = join(set, 'generator-ema', 'weights.bin');
    const good = readFileSync(path);
    const flipped = Buffer.from(good);
    flipped[10] ^= 0xff;
    writeFileSync(path, flipped);
    for (const attempt of [() => loadGeneratorEma(set, other), async () => generatorEmaDir(set)]) {
      try {
        await attempt();
        assert.unreachable('a changed file should be refused');
      } catch (error) {
        assert.instance(error, CheckpointError);
        assert.match(String(error), /generator-ema\/weights\.bin.*SHA-256.*gan-state\.json/);
      }
    }
    writeFileSync(path, good.subarray(0, 100));
    try {
      await loadGeneratorEma(set, other);
      assert.unreachable('a truncated file should be refused');
    } catch (error) {
      assert.match(String(error), /holds 100 bytes .* truncated/);
    }
    writeFileSync(path, good);
    assert.ok(await loadGeneratorEma(set, other));
    assert.is(other.updates, 1);
    // Sets written before gan-state.json recorded the files load unchecked.
    const state = JSON.parse(readFileSync(join(set, 'gan-state.json'), 'utf8'));
    delete state.files;
    writeFileSync(join(set, 'gan-state.json'), JSON.stringify(state));
    assert.ok(await loadGeneratorEma(set, other));
  } finally {
    ema.dispose();
    other.dispose();
    disposePair(pair);
    rmSync(dir, { recursive: true, force: true });
  }
});

Load.run();
