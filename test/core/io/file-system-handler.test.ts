import * as tf from '@tensorflow/tfjs';
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync, appendFileSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { CheckpointError } from '../../../packages/core/src/errors';
import { roundToHalfPrecision } from '../../../packages/core/src/fp16/half-float';
import { fileSystemHandler, resolveFileSystemHandlerConfig } from '../../../packages/core/src/io/file-system-handler';

await tf.setBackend('cpu');

function makeModel(): tf.LayersModel {
  const model = tf.sequential({ layers: [
    tf.layers.dense({ units: 32, inputShape: [16], activation: 'relu', kernelInitializer: tf.initializers.randomNormal({ seed: 1 }) }),
    tf.layers.dense({ units: 4, kernelInitializer: tf.initializers.randomNormal({ seed: 2 }), biasInitializer: tf.initializers.randomNormal({ seed: 3 }) }),
  ] });
  return model;
}

async function expectCheckpointError(dir: string, pattern: RegExp): Promise<void> {
  try {
    await fileSystemHandler(dir).load();
    assert.unreachable('load should have thrown');
  } catch (e) {
    assert.instance(e, CheckpointError);
    assert.match((e as Error).message, pattern);
  }
}

const resolveSuite = suite('resolveFileSystemHandlerConfig');
resolveSuite('refuses an unknown weights dtype', () => {
  assert.throws(() => resolveFileSystemHandlerConfig({ weightsDtype: 'int8' as 'float32' }), /weightsDtype.*"int8"/);
});
resolveSuite.run();

const handlerSuite = suite('fileSystemHandler');
let dir = '';
handlerSuite.before.each(() => {
  dir = mkdtempSync(join(tmpdir(), 'deeper-fs-'));
});
handlerSuite.after.each(() => rmSync(dir, { recursive: true, force: true }));

handlerSuite('model.save + tf.loadLayersModel round trip through model.json and weights.bin', async () => {
  const model = makeModel();
  const result = await model.save(fileSystemHandler(dir));
  const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  assert.equal(manifest.weightsManifest[0].paths, ['weights.bin']);
  assert.is(statSync(join(dir, 'weights.bin')).size, (16 * 32 + 32 + 32 * 4 + 4) * 4);
  assert.is(result.modelArtifactsInfo.weightDataBytes, (16 * 32 + 32 + 32 * 4 + 4) * 4);
  const loaded = await tf.loadLayersModel(fileSystemHandler(dir));
  const x = tf.randomNormal([3, 16], 0, 1, 'float32', 4);
  const a = model.predict(x) as tf.Tensor;
  const b = loaded.predict(x) as tf.Tensor;
  assert.equal(Array.from(b.dataSync()), Array.from(a.dataSync()));
  tf.dispose([x, a, b]);
  model.dispose();
  loaded.dispose();
});
handlerSuite('float16: half the bytes, tfjs\'s own loader dequantizes to the rounded values', async () => {
  const model = makeModel();
  await model.save(fileSystemHandler(dir, { weightsDtype: 'float16' }));
  assert.is(statSync(join(dir, 'weights.bin')).size, (16 * 32 + 32 + 32 * 4 + 4) * 2);
  const manifest = JSON.parse(readFileSync(join(dir, 'model.json'), 'utf8'));
  assert.equal(manifest.weightsManifest[0].weights[0].quantization, { dtype: 'float16' });
  const loaded = await tf.loadLayersModel(fileSystemHandler(dir));
  model.weights.forEach((w, i) => {
    const expected = Array.from(roundToHalfPrecision(w.read().dataSync()));
    assert.equal(Array.from(loaded.weights[i].read().dataSync()), expected, w.originalName);
  });
  model.dispose();
  loaded.dispose();
});
handlerSuite('a missing directory names the directory', async () => {
  await expectCheckpointError(join(dir, 'nope'), /nope expects a complete checkpoint.*directory does not exist/);
});
handlerSuite('a missing model.json names the file', async () => {
  await expectCheckpointError(dir, /model\.json.*does not exist/);
});
handlerSuite('corrupt JSON names the file', async () => {
  writeFileSync(join(dir, 'model.json'), '{"modelTopology": {');
  await expectCheckpointError(dir, /model\.json.*not valid JSON/);
});
handlerSuite('JSON without a topology is refused', async () => {
  writeFileSync(join(dir, 'model.json'), '{"weightsManifest": []}');
  await expectCheckpointError(dir, /no "modelTopology"/);
});
handlerSuite('a missing weights file names it', async () => {
  await makeModel().save(fileSystemHandler(dir));
  unlinkSync(join(dir, 'weights.bin'));
  await expectCheckpointError(dir, /weights\.bin.*does not exist/);
});
handlerSuite('a truncated weights file: both sizes in the message', async () => {
  await makeModel().save(fileSystemHandler(dir));
  truncateSync(join(dir, 'weights.bin'), 100);
  await expectCheckpointError(dir, /weights\.bin.*holds 100 bytes while the manifest.*describes 2704 bytes \(4 weights\).*truncated/);
});
handlerSuite('a weights file longer than its manifest', async () => {
  await makeModel().save(fileSystemHandler(dir));
  appendFileSync(join(dir, 'weights.bin'), Buffer.alloc(8));
  await expectCheckpointError(dir, /holds 2712 bytes.*describes 2704 bytes.*longer than its manifest/);
});
handlerSuite.run();
