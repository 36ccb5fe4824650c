import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import { AdagradOptimizer } from '../../../packages/core/src/optim/adagrad-optimizer';
import { close, trajectory } from './quadratic';

await tf.setBackend('cpu');


const test = suite('AdagradOptimizer');

test('three steps on θ² match the hand computation (ε outside the root)', () => {
  const [t1, t2, t3] = trajectory(new AdagradOptimizer({ learningRate: 0.1, epsilon: 1e-10, initialAccumulatorValue: 0, weightDecay: 0 }), 3);
  close(t1, 1 - 0.1 * 2 / Math.sqrt(4)); // s = 4 → 0.9
  const s2 = 4 + 1.8 ** 2; // 7.24
  close(t2, 0.9 - 0.1 * 1.8 / Math.sqrt(s2));
  const g3 = 2 * t2;
  close(t3, t2 - 0.1 * g3 / Math.sqrt(s2 + g3 * g3));
});

test('initialAccumulatorValue starts the sum', () => {
  const [t1] = trajectory(new AdagradOptimizer({ learningRate: 0.1, epsilon: 0, initialAccumulatorValue: 5, weightDecay: 0 }), 1);
  close(t1, 1 - 0.1 * 2 / Math.sqrt(5 + 4)); // 1 − 0.2/3
});

test.run();
