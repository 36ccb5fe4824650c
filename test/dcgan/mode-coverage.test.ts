import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { modeCoverage } from '../../packages/dcgan/src/mode-coverage';

const ModeCoverage = suite('modeCoverage');

ModeCoverage('counts the classes that get at least a quarter of the uniform share', () => {
  const predicted = [...Array(50).fill(0), ...Array(48).fill(1), 2, 2];
  const c = modeCoverage(predicted, 4);
  assert.equal(c.classFractions, [0.5, 0.48, 0.02, 0]);
  assert.is(c.threshold, 0.0625);
  assert.is(c.modesCovered, 2);
  assert.is(modeCoverage(predicted, 4, 0.01).modesCovered, 3);
});

ModeCoverage('refuses classes out of range', () => {
  assert.throws(() => modeCoverage([0, 5], 3), /modeCoverage expects predicted\[1\] to be a class in \[0, 2\], but received 5/);
  assert.throws(() => modeCoverage([], 3), /at least one predicted class/);
});

ModeCoverage.run();
