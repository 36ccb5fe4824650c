/**
 * DQN on CartPole-v1 with the classic preset (packages/dqn/src/dqn-config.ts): for each
 * seed, a 100,000-frame training run (`deeper dqn train` underneath: run folder, metrics,
 * plot, checkpoints), then the final network evaluated over 100 episodes on a fresh env,
 * with ε 0.05 (the evaluation protocol) and greedily (ε 0), and the network of the best
 * periodic evaluation (kept in the run's best/ folder) over 100 episodes with ε 0.05. Ends with a summary table, one
 * JSON line per seed, and `dqn-cartpole.svg` (evaluation curves of all seeds, with the 475
 * target and CleanRL's 488.69 drawn in) in the output folder.
 *
 *   DEEPER_WASM_THREADS=1 node --import tsx experiments/dqn-cartpole.ts [--seeds 0,1,2] [--frames 100000] [--out runs/dqn-cartpole]
 *
 * `--config '{"hidden":[64,64]}'` overrides fields of the preset (recorded in each run's
 * config.json), for tuning; results in docs/results/dqn.md use the preset as it is.
 */
import { readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderSvg, selectBackend, trainingChartSpec, writeFileAtomic, type CurvePoint } from '@deeper/core';
import type { DqnConfig } from '@deeper/dqn';
import { runDqnEval } from './src/commands/dqn-eval';
import { runDqnTrain } from './src/commands/dqn-train';
import { smallNetworkBackendOptions } from './src/use-backend';

const { values: args } = parseArgs({
  options: {
    seeds: { type: 'string', default: '0' }, frames: { type: 'string', default: '100000' }, out: { type: 'string', default: 'runs/dqn-cartpole' },
    'eval-episodes': { type: 'string', default: '100' }, config: { type: 'string', default: '{}' },
  },
});
const seeds = args.seeds!.split(',').map(Number);
const frames = Number(args.frames);
const evalEpisodes = Number(args['eval-episodes']);
const overrides = JSON.parse(args.config!) as Partial<DqnConfig>;

await selectBackend(undefined, smallNetworkBackendOptions());
mkdirSync(args.out!, { recursive: true });
const rows: Record<string, unknown>[] = [];
const curves: CurvePoint[] = [];
for (const seed of seeds) {
  const trained = await runDqnTrain({ env: 'CartPole-v1', preset: 'classic', overrides: { ...overrides, frames, seed }, out: args.out!, resume: null, progressEvery: 10 });
  if (trained.interrupted) break;
  const greedy = await runDqnEval({ run: trained.runDir, episodes: evalEpisodes, epsilon: 0, seed: 1000, gif: null });
  const protocol = await runDqnEval({ run: trained.runDir, episodes: evalEpisodes, epsilon: 0.05, seed: 1000, gif: null });
  const best = await runDqnEval({ run: trained.runDir, episodes: evalEpisodes, epsilon: 0.05, seed: 1000, gif: null, checkpoint: 'best' });
  for (const line of readFileSync(join(trained.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n')) {
    const record = JSON.parse(line) as { type: string; step: number; 'eval/mean_return'?: number };
    if (record.type === 'eval') curves.push({ step: record.step, metric: 'eval return', series: `seed ${seed}`, value: record['eval/mean_return'] ?? NaN });
  }
  const row = {
    seed, run: trained.runDir, frames: trained.done?.step ?? null, train_seconds: Number(trained.seconds.toFixed(1)),
    mean_return_last100: trained.done?.meanReturnLast100 ?? null,
    eval_episodes: evalEpisodes, eval_mean_return_eps005: protocol.mean_return, eval_std_return_eps005: protocol.std_return,
    eval_mean_return_greedy: greedy.mean_return, eval_std_return_greedy: greedy.std_return,
    best_eval_mean_return_eps005: best.mean_return, best_eval_std_return_eps005: best.std_return,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}
for (const [series, value] of [['target 475', 475], ['CleanRL 488.69 (500k frames)', 488.69]] as const) {
  curves.push({ step: 0, metric: 'eval return', series, value }, { step: frames, metric: 'eval return', series, value });
}
writeFileAtomic(join(args.out!, 'dqn-cartpole.svg'), await renderSvg(trainingChartSpec(curves, 'DQN on CartPole-v1 (classic preset)', ['eval return'])));
writeFileAtomic(join(args.out!, 'summary.json'), `${JSON.stringify(rows, null, 1)}\n`);
console.log('\nseed | train s | last-100 train return | final: eval ε 0.05 (100 ep.) | final: eval ε 0 | best network: eval ε 0.05');
for (const r of rows) {
  const f = (x: unknown) => (typeof x === 'number' ? x.toFixed(1) : String(x));
  console.log(`${r.seed} | ${f(r.train_seconds)} | ${f(r.mean_return_last100)} | ${f(r.eval_mean_return_eps005)} ± ${f(r.eval_std_return_eps005)} | ${f(r.eval_mean_return_greedy)} ± ${f(r.eval_std_return_greedy)} | ${f(r.best_eval_mean_return_eps005)} ± ${f(r.best_eval_std_return_eps005)}`);
}
