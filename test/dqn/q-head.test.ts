import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DuelingAggregation, qHead } from '../../packages/dqn/src/q-head';

await tf.setBackend('cpu');

const Aggregation = suite('DuelingAggregation');

Aggregation('computes Q = V + A − mean A', () => {
  const layer = new DuelingAggregation({});
  const q = layer.apply([tf.tensor2d([[1], [10]]), tf.tensor2d([[1, 2, 3], [0, 0, 3]])]) as tf.Tensor;
  assert.equal(q.arraySync(), [[0, 1, 2], [9, 9, 12]]);
});

const QHead = suite('qHead');

QHead('dueling: the mean of Q over actions is V, and the model serializes', async () => {
  const input = tf.input({ shape: [3] });
  const model = tf.model({ inputs: input, outputs: qHead(input, { actions: 4, hidden: 8, dueling: true, seed: 1 }) });
  const x = tf.tensor2d([[0.1, -0.2, 0.3]]);
  const q = model.predict(x) as tf.Tensor;
  const value = tf.model({ inputs: input, outputs: model.getLayer('value').output as tf.SymbolicTensor }).predict(x) as tf.Tensor;
  assert.ok(Math.abs(tf.mean(q).dataSync()[0] - value.dataSync()[0]) < 1e-5);
  const copy = await tf.models.modelFromJSON({ modelTopology: model.toJSON(null, false) as tf.serialization.ConfigDict });
  copy.setWeights(model.getWeights());
  assert.ok(Math.abs((copy.predict(x) as tf.Tensor).sub(q).abs().max().dataSync()[0]) < 1e-6);
});

QHead('plain: one hidden ReLU layer and one linear output per action', () => {
  const input = tf.input({ shape: [3] });
  const model = tf.model({ inputs: input, outputs: qHead(input, { actions: 2, hidden: 5, dueling: false, seed: 1 }) });
  assert.equal(model.outputs[0].shape, [null, 2]);
  assert.is(model.countParams(), 3 * 5 + 5 + 5 * 2 + 2);
});

Aggregation.run();
QHead.run();
