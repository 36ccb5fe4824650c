import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { BatchNormalization, batchNormalization, batchNormTraining } from '../../../packages/core/src/blocks/batch-norm';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { relativeDifference, values } from '../backend/wasm-kernels/compare-with-cpu';

await selectBackend('wasm', { quiet: true, threads: 1 });

const maxRelativeDifference = relativeDifference;

/** Two layers, ours and tfjs-layers', built on `shape` with the same γ, β and moving statistics. */
function twinLayers(shape: number[]): [tf.layers.Layer, tf.layers.Layer] {
  const channels = shape[shape.length - 1];
  const ours = batchNormalization({ momentum: 0.9 });
  const theirs = tf.layers.batchNormalization({ momentum: 0.9 });
  for (const layer of [ours, theirs]) layer.build(shape);
  const weights = [values(channels, 1).map((v) => 1 + v / 2), values(channels, 2), values(channels, 3), values(channels, 4).map((v) => 1 + Math.abs(v))];
  for (const layer of [ours, theirs]) layer.setWeights(weights.map((w) => tf.tensor1d(w)));
  return [ours, theirs];
}

const layer = suite('BatchNormalization');

layer('is tfjs-layers\' class underneath, named BatchNormalization, and registered for that name', () => {
  const bn = batchNormalization();
  assert.ok(bn instanceof Object.getPrototypeOf(tf.layers.batchNormalization({})).constructor);
  assert.is(bn.getClassName(), 'BatchNormalization');
  assert.is(tf.serialization.SerializationMap.getMap().classNameMap.BatchNormalization[0], BatchNormalization);
});

layer('a training pass gives tfjs-layers\' output and moving statistics, on wasm and cpu, rank 4 and rank 2', () => {
  for (const backend of ['wasm', 'cpu']) {
    tf.setBackend(backend);
    for (const shape of [[4, 3, 3, 8], [6, 5], [2, 4, 4, 3]]) {
      const [ours, theirs] = twinLayers(shape);
      const x = tf.tensor(values(tf.util.sizeFromShape(shape), 7).map((v, i) => 2 * v + (i % 3)), shape);
      for (let step = 0; step < 3; step++) {
        const a = ours.apply(x, { training: true }) as tf.Tensor;
        const b = theirs.apply(x, { training: true }) as tf.Tensor;
        assert.ok(maxRelativeDifference(a.dataSync(), b.dataSync()) <= 1e-5, `${backend} ${shape} output, step ${step}`);
        tf.dispose([a, b]);
      }
      ours.getWeights().forEach((w, k) => {
        assert.ok(maxRelativeDifference(w.dataSync(), theirs.getWeights()[k].dataSync()) <= 1e-5, `${backend} ${shape} weight ${k}`);
      });
      const inferOurs = ours.apply(x, { training: false }) as tf.Tensor;
      const inferTheirs = theirs.apply(x, { training: false }) as tf.Tensor;
      assert.ok(maxRelativeDifference(inferOurs.dataSync(), inferTheirs.dataSync()) <= 1e-6, `${backend} ${shape} inference`);
      tf.dispose([x, inferOurs, inferTheirs, ...ours.weights.map((w) => w.read()), ...theirs.weights.map((w) => w.read())]);
    }
  }
  tf.setBackend('wasm');
});

layer('its gradients in x, γ and β are tfjs-layers\' (through moments and batchNorm), on wasm and cpu', () => {
  for (const backend of ['wasm', 'cpu']) {
    tf.setBackend(backend);
    for (const shape of [[4, 3, 3, 8], [6, 5]]) {
      const [ours, theirs] = twinLayers(shape);
      const size = tf.util.sizeFromShape(shape);
      const x = tf.tensor(values(size, 9).map((v, i) => 3 * v + (i % 5)), shape);
      const weights = tf.tensor(values(size, 11), shape);
      const gradients = (bn: tf.layers.Layer) => {
        const vars = bn.trainableWeights.map((w) => w.read() as tf.Variable);
        const { grads } = tf.variableGrads(() => tf.sum(tf.mul(weights, bn.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, vars);
        const dx = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(weights, bn.apply(t, { training: true }) as tf.Tensor)))(x);
        const out = [dx, ...vars.map((v) => grads[v.name])].map((t) => Float32Array.from(t.dataSync()));
        tf.dispose([dx, ...Object.values(grads)]);
        return out;
      };
      const a = gradients(ours);
      const b = gradients(theirs);
      ['x', 'γ', 'β'].forEach((name, k) => assert.ok(maxRelativeDifference(a[k], b[k]) <= 1e-4, `${backend} ${shape} d/d${name}: ${maxRelativeDifference(a[k], b[k])}`));
      tf.dispose([x, weights, ...ours.weights.map((w) => w.read()), ...theirs.weights.map((w) => w.read())]);
    }
  }
  tf.setBackend('wasm');
});

layer('saves and loads as BatchNormalization with the same predictions', async () => {
  const input = tf.input({ shape: [4, 4, 3] });
  const output = batchNormalization({ name: 'bn' }).apply(input) as tf.SymbolicTensor;
  const model = tf.model({ inputs: input, outputs: output });
  const x = tf.tensor4d(values(2 * 4 * 4 * 3, 5), [2, 4, 4, 3]);
  tf.dispose(model.apply(x, { training: true }) as tf.Tensor); // moves the moving statistics
  let artifacts: tf.io.ModelArtifacts | undefined;
  await model.save(tf.io.withSaveHandler(async (a) => {
    artifacts = a;
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  assert.match(JSON.stringify(artifacts!.modelTopology), /"class_name":"BatchNormalization"/);
  const loaded = await tf.loadLayersModel(tf.io.fromMemory(artifacts!));
  assert.ok(loaded.layers[1] instanceof BatchNormalization);
  const a = model.predict(x) as tf.Tensor;
  const b = loaded.predict(x) as tf.Tensor;
  assert.equal(Array.from(a.dataSync()), Array.from(b.dataSync()));
  tf.dispose([x, a, b]);
  model.dispose();
  loaded.dispose();
});

layer('a training pass, and a gradient through batchNormTraining, leak no tensors', () => {
  const bn = batchNormalization();
  bn.build([3, 2, 2, 4]);
  const x = tf.tensor4d(values(48, 3), [3, 2, 2, 4]);
  const forward = () => tf.dispose(bn.apply(x, { training: true }) as tf.Tensor);
  const gamma = tf.ones([4]);
  const beta = tf.zeros([4]);
  const gradient = () => tf.dispose(tf.grads((t: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const { y, mean, variance } = batchNormTraining(t, g, b, 1e-3);
    tf.dispose([mean, variance]);
    return tf.sum(tf.square(y));
  })([x, gamma, beta]));
  for (const step of [forward, gradient]) {
    step();
    const before = tf.memory().numTensors;
    for (let i = 0; i < 3; i++) step();
    assert.is(tf.memory().numTensors, before, step.name);
  }
  tf.dispose([x, gamma, beta]);
});

layer.run();

const training = suite('batchNormTraining');

training('its gradient matches central differences of the loss (cpu, float32)', () => {
  tf.setBackend('cpu');
  const shape = [3, 2, 2, 3];
  const size = tf.util.sizeFromShape(shape);
  const inputs = [values(size, 1).map((v, i) => v * (1 + (i % 3))), values(3, 2).map((v) => 1 + v / 2), values(3, 3)];
  const weights = values(size, 4);
  const loss = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => {
    const { y, mean, variance } = batchNormTraining(x, g, b, 1e-3);
    tf.dispose([mean, variance]);
    return tf.sum(tf.mul(tf.tensor(weights, shape), y)) as tf.Scalar;
  };
  const analytic = tf.tidy(() => tf.grads((x: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => loss(x, g, b))([tf.tensor(inputs[0], shape), tf.tensor1d(inputs[1]), tf.tensor1d(inputs[2])]).map((t) => Float32Array.from(t.dataSync())));
  const evaluate = (ins: Float32Array[]) => tf.tidy(() => loss(tf.tensor(ins[0], shape), tf.tensor1d(ins[1]), tf.tensor1d(ins[2])).dataSync()[0]);
  const h = 1e-2;
  inputs.forEach((input, which) => {
    const numeric = new Float32Array(input.length);
    for (let i = 0; i < input.length; i++) {
      const plus = inputs.map((t) => Float32Array.from(t));
      const minus = inputs.map((t) => Float32Array.from(t));
      plus[which][i] += h;
      minus[which][i] -= h;
      numeric[i] = (evaluate(plus) - evaluate(minus)) / (2 * h);
    }
    assert.ok(maxRelativeDifference(analytic[which], numeric) <= 2e-2, `input ${which}: ${maxRelativeDifference(analytic[which], numeric)}`);
  });
  tf.setBackend('wasm');
});

training.run();
