import * as tf from '@tensorflow/tfjs';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lastValueFrom, toArray } from 'rxjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { selectBackend } from '../../packages/core/src/backend/select-backend';
import { latestCheckpoint } from '../../packages/core/src/train/train-checkpoint';
import { loadModel } from '../../packages/core/src/io/save-model';
import { resolveTransferClassifierConfig, transferClassifier, withNewHead, type TransferEvent } from '../../packages/classify/src/transfer-classifier';
import { rejects } from '../helpers/rejects';

await selectBackend('wasm', { quiet: true, threads: 1 });
const dir = mkdtempSync(join(tmpdir(), 'deeper-transfer-'));

/**
 * A small conv net saved the way the TensorFlow.js converter writes a Keras model:
 * model.json with format "layers-model" and the weights split over two shards.
 */
async function saveKerasStyle(path: string): Promise<Map<string, Float32Array>> {
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 4, kernelSize: 3, activation: 'relu', name: 'conv', kernelInitializer: tf.initializers.glorotUniform({ seed: 1 }) }),
      tf.layers.maxPooling2d({ poolSize: 4, name: 'pool' }),
      tf.layers.flatten({ name: 'flat' }),
      tf.layers.dense({ units: 16, activation: 'relu', name: 'hidden', kernelInitializer: tf.initializers.glorotUniform({ seed: 2 }) }),
      tf.layers.dense({ units: 3, activation: 'softmax', name: 'out', kernelInitializer: tf.initializers.glorotUniform({ seed: 3 }) }),
    ],
  });
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const bytes = new Uint8Array(artifacts.weightData as ArrayBuffer);
    const cut = 4 * 40;
    mkdirSync(path, { recursive: true });
    writeFileSync(join(path, 'group1-shard1of2.bin'), bytes.subarray(0, cut));
    writeFileSync(join(path, 'group1-shard2of2.bin'), bytes.subarray(cut));
    writeFileSync(join(path, 'model.json'), JSON.stringify({
      format: 'layers-model', generatedBy: 'keras v2.15.0', convertedBy: 'TensorFlow.js Converter v4.22.0', modelTopology: artifacts.modelTopology,
      weightsManifest: [{ paths: ['group1-shard1of2.bin', 'group1-shard2of2.bin'], weights: artifacts.weightSpecs }],
    }));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  const weights = new Map(model.weights.map((w) => [w.originalName, Float32Array.from(w.read().dataSync())]));
  model.dispose();
  return weights;
}

const external = join(dir, 'keras-model');
const original = await saveKerasStyle(external);

const Head = suite('withNewHead');
Head('cuts the base below its closing dense layers and adds a softmax head for the new classes', async () => {
  const base = await loadModel(external);
  const { model, baseLayers } = withNewHead(base, 10, 0);
  assert.equal(model.outputs[0].shape, [null, 10]);
  assert.equal(baseLayers.map((l) => l.name), ['conv', 'pool', 'flat']);
  assert.ok(model.layers.some((l) => l.name === 'transfer_head_dense'));
  model.dispose();
  const dense = tf.sequential({ layers: [tf.layers.dense({ inputShape: [3], units: 2 })] });
  assert.throws(() => withNewHead(tf.sequential({ layers: [tf.layers.flatten({ inputShape: [2, 2] })] }), 3, 0), /ending in dense layers/);
  dense.dispose();
});
Head.run();

const Transfer = suite('transferClassifier');

const run = async (name: string, extra: Record<string, unknown>) => {
  const runDir = join(dir, name);
  mkdirSync(runDir, { recursive: true });
  const events: TransferEvent[] = await lastValueFrom(transferClassifier({
    from: external, dataset: 'mnist', labels: 40, testLimit: 50, epochs: 2, fineTuneEpochs: 2, batchSize: 10, seed: 1, runDir, ...extra,
  }).pipe(toArray()));
  return { runDir, events };
};

Transfer('frozen base: the base weights of an external Keras-style model stay bit-identical while the head learns', async () => {
  const tensors = tf.memory().numTensors;
  const { runDir, events } = await run('frozen', { freeze: 'base' });
  assert.is(tf.memory().numTensors, tensors, 'no tensor left behind');
  assert.ok(events.some((e) => e.type === 'batch' && 'phase' in e && e.phase === 'head'));
  assert.is(events[events.length - 1].type, 'evaluation');
  const trained = await loadModel(latestCheckpoint(runDir));
  for (const w of trained.weights) {
    const before = original.get(w.originalName);
    if (w.originalName.startsWith('conv/')) assert.equal(Array.from(w.read().dataSync()), Array.from(before!), `${w.originalName} unchanged`);
  }
  const head = trained.weights.find((w) => w.originalName.startsWith('transfer_head_dense/kernel'))!;
  assert.is(head.shape[1], 10);
  trained.dispose();
});

Transfer('freeze none: the head phase, then fine-tuning moves the base; scratch starts elsewhere', async () => {
  const fine = await run('fine', { freeze: 'none' });
  assert.ok(existsSync(join(fine.runDir, 'head', 'checkpoints')));
  assert.ok(fine.events.some((e) => e.type === 'batch' && 'phase' in e && e.phase === 'fine-tune'));
  const tuned = await loadModel(latestCheckpoint(fine.runDir));
  const conv = tuned.weights.find((w) => w.originalName === 'conv/kernel')!;
  assert.not.equal(Array.from(conv.read().dataSync()), Array.from(original.get('conv/kernel')!));
  tuned.dispose();
  const scratch = await run('scratch', { scratch: true });
  assert.ok(scratch.events.every((e) => e.type === 'evaluation' || ('phase' in e && e.phase === 'scratch')));
});

Transfer('more labels than the dataset has, a wrong input shape, a missing base: clear errors', async () => {
  await rejects(lastValueFrom(transferClassifier({ from: external, dataset: 'mnist', labels: 20000 })), /at most the 9000 labelled images.*20000/);
  const rgb = join(dir, 'rgb');
  const { writeImageFolder } = await import('./datasets/fixtures');
  writeImageFolder(rgb, ['x', 'y'], 3, 28, true);
  await rejects(lastValueFrom(transferClassifier({ from: external, dataset: rgb, labels: 4 })), /input shape \[28, 28, 1\].*\[28, 28, 3\]/);
  await rejects(lastValueFrom(transferClassifier({ from: join(dir, 'nothing'), dataset: 'mnist' })), /model directory.*run folder/);
  assert.throws(() => resolveTransferClassifierConfig({ from: external, dataset: 'mnist', freeze: 'head' as never }), /freeze/);
});

Transfer.after(() => rmSync(dir, { recursive: true, force: true }));
Transfer.run();
