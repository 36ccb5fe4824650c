import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { CheckpointError } from '../../../packages/core/src/errors';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createOptimizer } from '../../../packages/core/src/optim/create-optimizer';
import { completeCheckpoints, latestCheckpoint, loadTrainCheckpoint, readLoopState, saveTrainCheckpoint, trainableVariables, weightShapes, type LoopState } from '../../../packages/core/src/train/train-checkpoint';

await tf.setBackend('cpu');

const model = (seed: number) => tf.sequential({ layers: [tf.layers.dense({ units: 3, inputShape: [2], kernelInitializer: tf.initializers.glorotUniform({ seed }) })] });

function stateFor(m: tf.LayersModel, step: number): LoopState {
  return { epoch: 1, batch: 2, step, rngState: 12345, layerRandomStates: {}, bestValidationAccuracy: 0.5, run: { seed: 0, batchSize: 4, trainCount: 10, optimizer: 'adam', weightShapes: weightShapes(m) } };
}

const Save = suite('saveTrainCheckpoint / loadTrainCheckpoint');

Save('round-trips weights, Adam state and loop state into a freshly built model', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-ckpt-'));
  try {
    const a = model(1);
    const optA = createOptimizer({ learningRate: 0.1 });
    const x = tf.ones([4, 2]);
    for (let i = 0; i < 3; i++) optA.step(() => tf.mean(tf.square(a.apply(x) as tf.Tensor)) as tf.Scalar, trainableVariables(a)).dispose();
    const path = await saveTrainCheckpoint(join(dir, 'checkpoints'), a, optA, stateFor(a, 3));
    assert.is(path, join(dir, 'checkpoints', 'step-00000003'));
    const b = model(2);
    const optB = createOptimizer({ learningRate: 0.1 });
    const tensors = tf.memory().numTensors;
    const state = await loadTrainCheckpoint(latestCheckpoint(dir), b, optB, stateFor(b, 3).run);
    assert.equal([state.epoch, state.batch, state.step, state.rngState, state.bestValidationAccuracy], [1, 2, 3, 12345, 0.5]);
    assert.equal(b.getWeights().map((w) => Array.from(w.dataSync())), a.getWeights().map((w) => Array.from(w.dataSync())));
    assert.is(optB.iteration, 3);
    assert.ok(tf.memory().numTensors <= tensors + 5, 'only the new Adam slots (2 per variable) and the counter remain');
    // The next step from the restored state equals the next step of the original.
    optA.step(() => tf.mean(tf.square(a.apply(x) as tf.Tensor)) as tf.Scalar, trainableVariables(a)).dispose();
    optB.step(() => tf.mean(tf.square(b.apply(x) as tf.Tensor)) as tf.Scalar, trainableVariables(b)).dispose();
    assert.equal(b.getWeights().map((w) => Array.from(w.dataSync())), a.getWeights().map((w) => Array.from(w.dataSync())));
    tf.dispose(x);
    [optA, optB].forEach((o) => o.dispose());
    [a, b].forEach((m) => m.dispose());
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Save('refuses another optimizer, naming optimizer.json', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-ckpt-'));
  try {
    const a = model(1);
    const opt = createOptimizer({ name: 'sgd' });
    const sgdRun = { ...stateFor(a, 1).run, optimizer: 'sgd' };
    opt.step(() => tf.sum(a.apply(tf.ones([1, 2])) as tf.Tensor) as tf.Scalar, trainableVariables(a)).dispose();
    const path = await saveTrainCheckpoint(dir, a, opt, { ...stateFor(a, 1), run: sgdRun });
    const adam = createOptimizer();
    await loadTrainCheckpoint(path, a, adam, { ...stateFor(a, 1).run, optimizer: 'adam' }).then(() => assert.unreachable(), (e: Error) => {
      assert.match(e.message, /step-00000001\/state\.json.*optimizer "sgd", and this run has optimizer "adam"/);
    });
    await loadTrainCheckpoint(path, a, adam, sgdRun).then(() => assert.unreachable(), (e: Error) => {
      assert.match(e.message, /step-00000001\/optimizer\.json.*state of a SGD|step-00000001\/optimizer\.json.*state of a \w+ optimizer, but this run trains with \w+/);
    });
    [opt, adam].forEach((o) => o.dispose());
    a.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** A checkpoint of a trained 2 → 3 model with Adam state, in a fresh folder; returns its path and what resumes it. */
async function savedCheckpoint(): Promise<{ dir: string; path: string; run: LoopState['run'] }> {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-ckpt-'));
  const a = model(1);
  const opt = createOptimizer({ learningRate: 0.1 });
  opt.step(() => tf.mean(tf.square(a.apply(tf.ones([4, 2])) as tf.Tensor)) as tf.Scalar, trainableVariables(a)).dispose();
  const path = await saveTrainCheckpoint(join(dir, 'checkpoints'), a, opt, stateFor(a, 1));
  opt.dispose();
  a.dispose();
  return { dir, path, run: stateFor(model(1), 1).run };
}

async function loadError(path: string, run: LoopState['run']): Promise<Error> {
  const b = model(2);
  const opt = createOptimizer({ learningRate: 0.1 });
  try {
    await loadTrainCheckpoint(path, b, opt, run);
  } catch (error) {
    return error as Error;
  } finally {
    opt.dispose();
    b.dispose();
  }
  throw new Error('the damaged checkpoint loaded');
}

const damages: [string, string, (bytes: Buffer) => Buffer | string, RegExp][] = [
  ['a truncated weights file', 'weights.bin', (b) => b.subarray(0, b.length - 7), /weights\.bin.*holds 29 bytes where .*state\.json records 36: the file is truncated/],
  ['a weights file with one byte changed (same length)', 'weights.bin', (b) => { const c = Buffer.from(b); c[5] ^= 0x40; return c; }, /weights\.bin.*SHA-256 .* the file is corrupt/],
  ['an optimizer file with one byte changed', 'optimizer.bin', (b) => { const c = Buffer.from(b); c[c.length - 1] ^= 1; return c; }, /optimizer\.bin.*the file is corrupt/],
  ['a model.json cut short', 'model.json', (b) => b.subarray(0, 40), /model\.json.*the file is truncated/],
  ['a model.json with a changed character', 'model.json', (b) => Buffer.from(b.toString('utf8').replace('"dense', '"Dense')), /model\.json.*the file is corrupt/],
  ['a state.json cut short', 'state.json', (b) => b.subarray(0, 60), /state\.json.*not valid JSON/],
  ['a state.json whose file record was damaged', 'state.json', (b) => b.toString('utf8').replace(/"sha256": "[0-9a-f]{3}/, '"sha256": "xyz'), /state\.json.*"files" record .* is malformed/],
];

for (const [what, file, damage, expected] of damages) {
  Save(`refuses ${what}, naming the file and what is wrong`, async () => {
    const { dir, path, run } = await savedCheckpoint();
    try {
      const target = join(path, file);
      writeFileSync(target, damage(readFileSync(target)));
      const error = await loadError(path, run);
      assert.instance(error, CheckpointError);
      assert.match(error.message, expected);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}

Save('a missing weights file is refused by name', async () => {
  const { dir, path, run } = await savedCheckpoint();
  try {
    rmSync(join(path, 'weights.bin'));
    assert.match((await loadError(path, run)).message, /weights\.bin.*does not exist, and .*state\.json records it/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Save('removes temporary checkpoint folders of processes that no longer run, and keeps its own', async () => {
  const { dir, path } = await savedCheckpoint();
  try {
    const checkpoints = join(path, '..');
    // A pid far above any the kernel hands out (pid_max is at most 2^22).
    mkdirSync(join(checkpoints, '.step-00000009.99999999.tmp'));
    const a = model(1);
    const opt = createOptimizer({ learningRate: 0.1 });
    await saveTrainCheckpoint(checkpoints, a, opt, stateFor(a, 2));
    assert.equal(readdirSync(checkpoints).sort(), ['step-00000001', 'step-00000002']);
    opt.dispose();
    a.dispose();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Save.run();

const Latest = suite('latestCheckpoint / readLoopState');

Latest('picks the highest complete step, ignoring temporaries and folders without state.json', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-ckpt-'));
  try {
    const ck = join(dir, 'checkpoints');
    for (const name of ['step-00000002', 'step-00000010', 'step-00000011', '.step-00000012.1.tmp']) mkdirSync(join(ck, name), { recursive: true });
    const state = JSON.stringify({ format: 'deeper-fit-state', version: 1, ...stateFor(model(1), 2) });
    for (const name of ['step-00000002', 'step-00000010', '.step-00000012.1.tmp']) writeFileSync(join(ck, name, 'state.json'), state);
    assert.is(latestCheckpoint(dir), join(ck, 'step-00000010'));
    assert.is(latestCheckpoint(join(ck, 'step-00000002')), join(ck, 'step-00000002'));
    assert.equal(completeCheckpoints(dir), [join(ck, 'step-00000002'), join(ck, 'step-00000010')]);
    assert.equal(completeCheckpoints(ck), completeCheckpoints(dir));
    writeFileSync(join(ck, 'step-00000010', 'state.json'), state.replace('"step":2', '"step":-1'));
    assert.throws(() => readLoopState(join(ck, 'step-00000010')), /step-00000010\/state\.json.*"step" is -1/);
    writeFileSync(join(ck, 'step-00000010', 'state.json'), JSON.parse(JSON.stringify(readFileSync(join(ck, 'step-00000002', 'state.json'), 'utf8'))).replace('deeper-fit-state', 'other'));
    assert.throws(() => readLoopState(join(ck, 'step-00000010')), /format is "other"/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Latest('completeCheckpoints is empty for a run without checkpoints; latestCheckpoint refuses it by folder', () => {
  const dir = mkdtempSync(join(tmpdir(), 'deeper-ckpt-'));
  try {
    assert.equal(completeCheckpoints(dir), []);
    assert.throws(() => latestCheckpoint(dir), /checkpoints.*holds no complete checkpoint/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

Latest.run();
