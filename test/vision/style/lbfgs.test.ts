import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Lbfgs, resolveLbfgsConfig } from '../../../packages/vision/src/style/lbfgs';

const LbfgsSuite = suite('Lbfgs');

LbfgsSuite('minimises an ill-conditioned quadratic to its known optimum in a few dozen iterations', () => {
  // f(x) = Σ_i c_i (x_i − i)², condition number 1000; optimum x_i = i, f = 0.
  const c = [1, 10, 100, 1000, 3, 30];
  const f = (x: Float64Array) => ({
    value: x.reduce((s, v, i) => s + c[i] * (v - i) ** 2, 0),
    gradient: x.map((v, i) => 2 * c[i] * (v - i)),
  });
  const lbfgs = new Lbfgs(f, new Float64Array(6));
  for (let k = 0; k < 40 && lbfgs.value > 1e-12; k++) lbfgs.step();
  assert.ok(lbfgs.value < 1e-10, `f = ${lbfgs.value}`);
  lbfgs.x.forEach((v, i) => assert.ok(Math.abs(v - i) < 1e-5));
});

LbfgsSuite('reaches the minimum of the Rosenbrock function (1, 1), each accepted step decreasing f', () => {
  const f = (x: Float64Array) => ({
    value: (1 - x[0]) ** 2 + 100 * (x[1] - x[0] ** 2) ** 2,
    gradient: Float64Array.from([-2 * (1 - x[0]) - 400 * x[0] * (x[1] - x[0] ** 2), 200 * (x[1] - x[0] ** 2)]),
  });
  const lbfgs = new Lbfgs(f, Float64Array.from([-1.2, 1]));
  let previous = lbfgs.value;
  for (let k = 0; k < 200 && lbfgs.value > 1e-14; k++) {
    if (!lbfgs.step()) break;
    assert.ok(lbfgs.value <= previous);
    previous = lbfgs.value;
  }
  assert.ok(Math.abs(lbfgs.x[0] - 1) < 1e-4 && Math.abs(lbfgs.x[1] - 1) < 1e-4, `${lbfgs.x}`);
});

LbfgsSuite('refuses bad config, naming the field', () => {
  assert.throws(() => resolveLbfgsConfig({ history: 0 }), /lbfgs expects history to be a positive integer, but received 0/);
  assert.throws(() => resolveLbfgsConfig({ c1: 1 }), /lbfgs expects c1 to be a finite number > 0 and < 1/);
});

LbfgsSuite.run();
