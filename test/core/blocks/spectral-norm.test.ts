import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { SpectralConv2D, SpectralDense, spectralConv2d, spectralDense, spectralNormalize } from '../../../packages/core/src/blocks/spectral-norm';
import { selectBackend } from '../../../packages/core/src/backend/select-backend';
import { assertRoundTripExact, catchError, modelOf } from './round-trip';

await selectBackend('wasm', { quiet: true, threads: 1 });

/** A [rows, cols] matrix in float64, row-major. */
interface Matrix { rows: number; cols: number; a: Float64Array }

/** The largest singular value of m and its right singular vector (cols entries), by 2,000 power iterations in float64. */
function topSingular(m: Matrix): { sigma: number; right: Float64Array } {
  let r = Float64Array.from({ length: m.cols }, (_, j) => 1 + j / 7);
  let sigma = 0;
  for (let it = 0; it < 2000; it++) {
    const left = new Float64Array(m.rows);
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) left[i] += m.a[i * m.cols + j] * r[j];
    const next = new Float64Array(m.cols);
    for (let i = 0; i < m.rows; i++) for (let j = 0; j < m.cols; j++) next[j] += m.a[i * m.cols + j] * left[i];
    const norm = Math.hypot(...next);
    sigma = Math.sqrt(norm);
    r = next.map((x) => x / norm);
  }
  return { sigma, right: r };
}

/** Deterministic values in (−1, 1). */
const values = (n: number, seed: number) => Float64Array.from({ length: n }, (_, i) => Math.sin(1.7 * (i + 1) * (seed + 1) + seed));

/** An orthogonal n×n matrix: the Householder reflection I − 2hhᵀ/hᵀh. */
function householder(n: number, seed: number): Matrix {
  const h = values(n, seed);
  const hh = h.reduce((s, x) => s + x * x, 0);
  const a = new Float64Array(n * n);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] = (i === j ? 1 : 0) - (2 * h[i] * h[j]) / hh;
  return { rows: n, cols: n, a };
}

function multiply(x: Matrix, y: Matrix): Matrix {
  const a = new Float64Array(x.rows * y.cols);
  for (let i = 0; i < x.rows; i++) for (let k = 0; k < x.cols; k++) for (let j = 0; j < y.cols; j++) a[i * y.cols + j] += x.a[i * x.cols + k] * y.a[k * y.cols + j];
  return { rows: x.rows, cols: y.cols, a };
}

const tensorOf = (m: Matrix) => tf.tensor2d(Float32Array.from(m.a), [m.rows, m.cols]);

const normalize = suite('spectralNormalize');

normalize('power iteration from a random ũ finds σ of a matrix with known singular values (3, 2, 0.5), and W / σ has σ 1', () => {
  // M = P · diag(3, 2, 0.5) (5×3, zero rows below) · Q, P and Q orthogonal.
  const diag: Matrix = { rows: 5, cols: 3, a: new Float64Array(15) };
  [3, 2, 0.5].forEach((s, i) => { diag.a[i * 3 + i] = s; });
  const m = multiply(multiply(householder(5, 1), diag), householder(3, 2));
  const before = tf.memory().numTensors;
  const w = tensorOf(m);
  let u = tf.tensor1d([0.3, -1.2, 0.8]);
  let sigma = 0;
  for (let step = 0; step < 40; step++) {
    const r = spectralNormalize(w, u, 1);
    sigma = r.sigma.dataSync()[0];
    tf.dispose([u, r.kernel, r.sigma]);
    u = r.u;
  }
  assert.ok(Math.abs(sigma - 3) < 1e-4, `σ ${sigma}`);
  const r = spectralNormalize(w, u, 1);
  const normalized = { rows: 5, cols: 3, a: Float64Array.from(r.kernel.dataSync()) };
  assert.ok(Math.abs(topSingular(normalized).sigma - 1) < 1e-4);
  // Without iterations (inference), σ = ‖Mũ‖ and ũ is returned as it was (a unit vector after the iterations above).
  const inference = spectralNormalize(w, u, 0);
  assert.ok(Math.abs(inference.sigma.dataSync()[0] - 3) < 1e-4);
  inference.u.dataSync().forEach((x, i) => assert.ok(Math.abs(x - u.dataSync()[i]) < 1e-6));
  // ũ is normalized first: a ũ that is not a unit vector (a layer's initial draw) gives ‖M ũ / ‖ũ‖‖, whatever its length.
  const long = tf.tensor1d([3, 0, 4]);
  const fromLong = spectralNormalize(w, long, 0);
  const mu = Array.from({ length: 5 }, (_, i) => (3 * m.a[i * 3] + 4 * m.a[i * 3 + 2]) / 5);
  assert.ok(Math.abs(fromLong.sigma.dataSync()[0] - Math.hypot(...mu)) < 1e-5, `${fromLong.sigma.dataSync()[0]} vs ${Math.hypot(...mu)}`);
  tf.dispose([w, u, r.kernel, r.sigma, r.u, inference.kernel, inference.sigma, inference.u, long, fromLong.kernel, fromLong.sigma, fromLong.u]);
  assert.is(tf.memory().numTensors, before);
});

normalize('at the converged ũ its gradient is that of W / σ(W), σ the true largest singular value (finite differences in float64), on wasm and cpu', () => {
  const rows = 6;
  const cols = 4;
  const m: Matrix = { rows, cols, a: values(rows * cols, 3) };
  const c = values(rows * cols, 4);
  // L(W) = Σ c ⊙ W / σ(W).
  const loss = (a: Float64Array) => {
    const { sigma } = topSingular({ rows, cols, a });
    return a.reduce((s, x, i) => s + (c[i] * x) / sigma, 0);
  };
  const h = 1e-5;
  const numeric = m.a.map((_, i) => {
    const plus = Float64Array.from(m.a);
    const minus = Float64Array.from(m.a);
    plus[i] += h;
    minus[i] -= h;
    return (loss(plus) - loss(minus)) / (2 * h);
  });
  const u = tf.tensor1d(Float32Array.from(topSingular(m).right));
  const w = tensorOf(m);
  const weights = tf.tensor2d(Float32Array.from(c), [rows, cols]);
  for (const backend of ['wasm', 'cpu']) {
    tf.setBackend(backend);
    const before = tf.memory().numTensors;
    const grad = tf.grad((x: tf.Tensor) => {
      const r = spectralNormalize(x, u, 1);
      tf.dispose(r.u);
      return tf.sum(tf.mul(weights, r.kernel));
    })(w);
    const analytic = grad.dataSync();
    const scale = Math.max(...numeric.map(Math.abs));
    numeric.forEach((g, i) => assert.ok(Math.abs(analytic[i] - g) < 1e-3 * scale, `${backend} entry ${i}: ${analytic[i]} vs ${g}`));
    grad.dispose();
    assert.is(tf.memory().numTensors, before, backend);
  }
  tf.setBackend('wasm');
  tf.dispose([u, w, weights]);
});

normalize('refuses a ũ of the wrong length by name', () => {
  const w = tf.zeros([3, 2]);
  const u = tf.ones([3]) as tf.Tensor1D;
  assert.match(catchError(() => spectralNormalize(w, u, 1)).message, /spectralNormalize expects u to be a vector of the kernel's 2 output units, but received \[3\]/);
  tf.dispose([w, u]);
});

const layers = suite('SpectralDense and SpectralConv2D');

/** Builds `layer` for inputs of `shape` by applying it to a symbolic input (so that it may be disposed later). */
function built<L extends tf.layers.Layer>(layer: L, shape: number[]): L {
  layer.apply(tf.input({ batchShape: shape }));
  return layer;
}

layers('compute as Dense and Conv2D with W / σ: inference with the stored ũ, training after one more power iteration', () => {
  const cases: [tf.layers.Layer, tf.layers.Layer, number[]][] = [
    [spectralDense({ units: 3, seed: 1 }), tf.layers.dense({ units: 3 }), [4, 5]],
    [spectralConv2d({ filters: 3, kernelSize: 3, padding: 'same', seed: 1 }), tf.layers.conv2d({ filters: 3, kernelSize: 3, padding: 'same' }), [2, 5, 5, 2]],
  ];
  for (const [spectral, plain, shape] of cases) {
    built(spectral, shape);
    built(plain, shape);
    const [kernel, bias, u] = spectral.getWeights();
    assert.equal(spectral.weights.map((w) => w.trainable), [true, true, false]);
    const x = tf.randomNormal(shape, 0, 1, 'float32', 5);
    for (const training of [false, true]) {
      const expected = spectralNormalize(kernel, u as tf.Tensor1D, training ? 1 : 0);
      plain.setWeights([expected.kernel, bias]);
      const ours = spectral.apply(x, { training }) as tf.Tensor;
      const theirs = plain.apply(x) as tf.Tensor;
      const a = ours.dataSync();
      const b = theirs.dataSync();
      a.forEach((v, i) => assert.ok(Math.abs(v - b[i]) < 1e-5, `${spectral.getClassName()} training ${training}: ${v} vs ${b[i]}`));
      // Only a training pass stores the new ũ.
      const stored = spectral.getWeights()[2];
      assert.equal(Array.from(stored.dataSync()), Array.from((training ? expected.u : u).dataSync()));
      tf.dispose([expected.kernel, expected.u, expected.sigma, ours, theirs]);
    }
    tf.dispose(x); // getWeights gives the layer's own variables
    spectral.dispose();
    plain.dispose();
  }
});

layers('training passes drive σ of the kernel to its largest singular value, with no leaked tensor; the gradient flows to the kernel', () => {
  const layer = spectralDense({ units: 4, seed: 2, kernelInitializer: tf.initializers.randomNormal({ stddev: 1, seed: 3 }) });
  built(layer, [3, 6]);
  const x = tf.randomNormal([3, 6], 0, 1, 'float32', 4);
  const before = tf.memory().numTensors;
  for (let step = 0; step < 30; step++) tf.dispose(layer.apply(x, { training: true }) as tf.Tensor);
  assert.is(tf.memory().numTensors, before);
  const [kernel, , u] = layer.getWeights();
  const truth = topSingular({ rows: 6, cols: 4, a: Float64Array.from(kernel.dataSync()) }).sigma;
  const estimate = spectralNormalize(kernel, u as tf.Tensor1D, 0);
  assert.ok(Math.abs(estimate.sigma.dataSync()[0] - truth) < 1e-4 * truth, `${estimate.sigma.dataSync()[0]} vs ${truth}`);
  const { grads, value } = tf.variableGrads(() => tf.sum(tf.square(layer.apply(x, { training: true }) as tf.Tensor)) as tf.Scalar, [layer.trainableWeights[0].read() as tf.Variable]);
  assert.ok(Object.values(grads).every((g) => g.dataSync().some((v) => v !== 0)));
  tf.dispose([estimate.kernel, estimate.u, estimate.sigma, x, value, ...Object.values(grads)]);
  layer.dispose();
});

layers('serialize under their own names and round-trip through saveModel and loadModel exactly (ũ included)', async () => {
  assert.is(spectralDense({ units: 2 }).getClassName(), 'SpectralDense');
  const map = tf.serialization.SerializationMap.getMap().classNameMap;
  assert.is(map.SpectralDense[0], SpectralDense);
  assert.is(map.SpectralConv2D[0], SpectralConv2D);
  const config = spectralConv2d({ filters: 2, kernelSize: 3, powerIterations: 2, seed: 7 }).getConfig();
  assert.is(config.powerIterations, 2);
  assert.is(config.seed, 7);
  await assertRoundTripExact(modelOf([6, 6, 2], (x) => {
    const y = spectralConv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', seed: 1 }).apply(x) as tf.SymbolicTensor;
    return spectralDense({ units: 2, seed: 2 }).apply(tf.layers.flatten().apply(y)) as tf.SymbolicTensor;
  }), 11, [2, 6, 6, 2], 12);
});

layers('the same seed draws the same ũ; bad arguments are refused by name', () => {
  const draw = () => {
    const layer = spectralDense({ units: 5, seed: 9 });
    built(layer, [1, 3]);
    const u = Array.from(layer.getWeights()[2].dataSync());
    layer.dispose();
    return u;
  };
  assert.equal(draw(), draw());
  assert.match(catchError(() => spectralDense({ units: 2, powerIterations: 0 })).message, /spectralDense expects powerIterations to be a positive integer, but received 0/);
  assert.match(catchError(() => spectralConv2d({ filters: 2, kernelSize: 3, seed: -1 })).message, /spectralConv2d expects seed to be an integer ≥ 0, but received -1/);
});

normalize.run();
layers.run();
