import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { loadDataset } from '../../../packages/classify/src/datasets/load-dataset';

const test = suite('loadDataset');

test('dispatches by name', () => {
  const mnist = loadDataset('mnist', { limit: 3 });
  assert.is(mnist.count, 3);
  assert.is(mnist.classNames[2], '2');
});

test('an unknown name lists the valid ones', () => {
  assert.throws(() => loadDataset('cifar10' as never), /"mnist", "fashion-mnist".*"cifar10"/);
});

test('refuses fashion-mnist options for mnist', () => {
  assert.throws(() => loadDataset('mnist', { split: 'test' }), /only limit/);
});

test.run();
