import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { glorotNormal, glorotUniform } from '../../../packages/core/src/init/glorot';

await tf.setBackend('cpu');

function variance(t: tf.Tensor): number {
  const v = t.dataSync();
  let s = 0;
  let s2 = 0;
  for (const x of v) {
    s += x;
    s2 += x * x;
  }
  return s2 / v.length - (s / v.length) ** 2;
}

// Dense [300, 200]: 60000 draws; Glorot variance 2 / (300 + 200) = 0.004.
const shape = [300, 200];
const target = 2 / 500;

const uniformSuite = suite('glorotUniform');
uniformSuite('variance 2 / (fanIn + fanOut), bounded by √(6 / (fanIn + fanOut))', () => {
  const t = glorotUniform(3).apply(shape);
  assert.ok(Math.abs(variance(t) / target - 1) < 0.03, `variance ${variance(t)} vs ${target}`);
  const maxAbs = Math.max(...Array.from(t.dataSync(), Math.abs));
  assert.ok(maxAbs <= Math.sqrt(6 / 500));
  t.dispose();
});
uniformSuite.run();

const normalSuite = suite('glorotNormal');
normalSuite('variance 2 / (fanIn + fanOut)', () => {
  const t = glorotNormal(4).apply(shape);
  assert.ok(Math.abs(variance(t) / target - 1) < 0.03, `variance ${variance(t)} vs ${target}`);
  t.dispose();
});
normalSuite.run();
