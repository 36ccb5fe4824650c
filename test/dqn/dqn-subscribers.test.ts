import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { dqnCurves, dqnMetricsOf, dqnProgressView } from '../../packages/dqn/src/dqn-subscribers';
import type { DqnEvent } from '../../packages/dqn/src/dqn-event';

const trainStep: DqnEvent = { type: 'train-step', step: 500, update: 100, loss: 0.5, meanQ: 3, epsilon: 0.2, learningRate: 1e-3, framesPerSecond: 250, engine: 'native', tensors: 42 };
const episodes: DqnEvent[] = [10, 20].map((r, i) => ({ type: 'episode-end', step: 100 * (i + 1), episode: i, return: r, length: r, truncated: false, epsilon: 1 }));
const evaluation: DqnEvent = { type: 'eval', step: 1000, episodes: 2, meanReturn: 7, stdReturn: 1, returns: [6, 8], epsilon: 0.05 };

const Metrics = suite('dqnMetricsOf');

Metrics("files events under CleanRL's namespaced keys", () => {
  assert.equal(dqnMetricsOf(trainStep), {
    'losses/td_loss': 0.5, 'losses/q_values': 3, 'charts/epsilon': 0.2, 'charts/learning_rate': 1e-3, 'charts/frames_per_s': 250, update: 100, engine: 'native', 'perf/tensors': 42,
  });
  assert.is(dqnMetricsOf(episodes[0])['charts/episodic_return'], 10);
  assert.equal(dqnMetricsOf(evaluation)['eval/returns'], '6 8');
});

const View = suite('dqnProgressView');

View('a bar over frames with the mean of the last 100 returns; lines for evaluations', () => {
  const view = dqnProgressView(10_000);
  for (const e of episodes) assert.is(view(e), null);
  const bar = view(trainStep);
  assert.ok(bar !== null && bar.kind === 'batch' && bar.batch === 499 && bar.batchesPerEpoch === 10_000);
  assert.match(bar!.text, /return\(100\) 15\.00/);
  const line = view(evaluation);
  assert.ok(line !== null && line.kind === 'line');
  assert.match(line!.text, /mean return 7\.00 ± 1\.00 over 2 episodes/);
});

const Curves = suite('dqnCurves');

Curves('return (last-100 mean, evaluation means) and TD loss, redrawn at evaluations', () => {
  const curves = dqnCurves();
  const points = [...episodes, evaluation, trainStep].flatMap((e) => curves.pointsOf(e));
  assert.equal(points.map((p) => [p.metric, p.series, p.value]), [
    ['return', 'train (mean of last 100)', 10], ['return', 'train (mean of last 100)', 15], ['return', 'eval (mean)', 7], ['td loss', 'train', 0.5],
  ]);
  assert.ok(curves.redrawOn.includes('eval'));
});

Metrics.run();
View.run();
Curves.run();
