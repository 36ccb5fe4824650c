import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Box } from '../../../envs/src/spaces/box';
import { EnvOptionError } from '../../../envs/src/errors';

const BoxSuite = suite('Box');

BoxSuite('broadcasts scalar bounds and takes the shape from array bounds', () => {
  const a = new Box({ low: 0, high: 1, shape: [2, 3] });
  assert.equal(a.shape, [2, 3]);
  assert.is(a.size, 6);
  assert.is(a.dtype, 'float32');
  assert.is(a.toString(), 'Box(0, 1, [2, 3], float32)');
  const b = new Box({ low: [-1, -2], high: [1, 2], dtype: 'float64' });
  assert.equal(b.shape, [2]);
  assert.is(b.toString(), 'Box([-1, -2], [1, 2], [2], float64)');
});

BoxSuite('contains checks the typed array class, length and every bound', () => {
  const box = new Box({ low: [0, -1], high: [1, 1], dtype: 'float32' });
  assert.ok(box.contains(Float32Array.of(0, 1)));
  assert.ok(box.contains(Float32Array.of(1, -1)));
  assert.not.ok(box.contains(Float64Array.of(0.5, 0)), 'wrong dtype');
  assert.not.ok(box.contains(Float32Array.of(0.5)), 'wrong length');
  assert.not.ok(box.contains(Float32Array.of(1.5, 0)), 'above high');
  assert.not.ok(box.contains(Float32Array.of(NaN, 0)), 'NaN');
  assert.not.ok(box.contains([0.5, 0]), 'plain array');
  assert.match(box.explain(Float32Array.of(1.5, 0)) ?? '', /element 0 is 1.5, outside \[0, 1\]/);
});

BoxSuite('samples uniformly on bounded, normally on unbounded, exponentially on half-bounded elements', () => {
  const box = new Box({ low: [2, -Infinity, 1, -Infinity], high: [4, Infinity, Infinity, -1], dtype: 'float64' });
  box.seed(3);
  const n = 20000;
  const sums = [0, 0, 0, 0], squares = [0, 0, 0, 0];
  for (let i = 0; i < n; i++) {
    const x = box.sample();
    assert.ok(box.contains(x));
    for (let j = 0; j < 4; j++) {
      sums[j] += x[j];
      squares[j] += x[j] * x[j];
    }
  }
  const mean = sums.map((s) => s / n);
  const variance = squares.map((s, j) => s / n - mean[j] ** 2);
  // Uniform(2, 4): mean 3, var 1/3. Normal(0, 1): mean 0, var 1. 1 + Exp(1): mean 2, var 1.
  // −1 − Exp(1): mean −2, var 1. Standard errors of the means are below 0.01.
  assert.ok(Math.abs(mean[0] - 3) < 0.03 && Math.abs(variance[0] - 1 / 3) < 0.02, `uniform ${mean[0]} ${variance[0]}`);
  assert.ok(Math.abs(mean[1]) < 0.05 && Math.abs(variance[1] - 1) < 0.06, `normal ${mean[1]} ${variance[1]}`);
  assert.ok(Math.abs(mean[2] - 2) < 0.05 && Math.abs(variance[2] - 1) < 0.1, `exponential ${mean[2]} ${variance[2]}`);
  assert.ok(Math.abs(mean[3] + 2) < 0.05 && Math.abs(variance[3] - 1) < 0.1, `mirrored exponential ${mean[3]} ${variance[3]}`);
});

BoxSuite('integer dtypes sample every integer of [low, high], and seeding repeats the draws', () => {
  const box = new Box({ low: 3, high: 5, shape: [1], dtype: 'uint8' });
  box.seed(11);
  const seen = new Set<number>();
  const first: number[] = [];
  for (let i = 0; i < 300; i++) {
    const v = box.sample();
    assert.instance(v, Uint8Array);
    seen.add(v[0]);
    if (i < 10) first.push(v[0]);
  }
  assert.equal([...seen].sort(), [3, 4, 5]);
  box.seed(11);
  assert.equal(Array.from({ length: 10 }, () => box.sample()[0]), first);
});

BoxSuite('rejects inconsistent construction arguments', () => {
  assert.throws(() => new Box({ low: 0, high: 1 }), (e: Error) => e instanceof EnvOptionError && /shape/.test(e.message));
  assert.throws(() => new Box({ low: [0, 0], high: [1, 1, 1] }), /high to have 2 elements/);
  assert.throws(() => new Box({ low: 1, high: 0, shape: [1] }), /low ≤ high/);
  assert.throws(() => new Box({ low: 0, high: Infinity, shape: [1], dtype: 'int32' }), /finite bounds/);
  assert.throws(() => new Box({ low: 0, high: 1, shape: [1], dtype: 'int64' as never }), /dtype to be one of/);
  assert.throws(() => new Box({ low: 0, high: 1, shape: [0] }), /shape/);
});

BoxSuite.run();
