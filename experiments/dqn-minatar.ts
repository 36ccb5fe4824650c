/**
 * DQN on the MinAtar games with the paper's configuration (preset minatar: Young & Tian
 * 2019, examples/dqn.py), several games and seeds one after the other. Each run is a
 * `deeper dqn train` run folder; the script ends with a summary table (mean return of the
 * last 100 training episodes, the paper's figure, and the last evaluation), one JSON line per
 * run, `summary.json`, and `dqn-minatar.svg`: every run's curve (mean of the last 100
 * episodes) per game, with the paper's DQN returns at 1M and 5M frames drawn in.
 *
 *   DEEPER_WASM_THREADS=1 node --import tsx experiments/dqn-minatar.ts [--games breakout,freeway]
 *     [--seeds 0,1,2] [--frames 1000000] [--out runs/dqn-minatar] [--double --dueling --n-step 3]
 *
 * A killed run continues with `deeper dqn train --resume <its run folder>`.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderSvg, selectBackend, trainingChartSpec, writeFileAtomic, type CurvePoint } from '@deeper/core';
import { runDqnTrain } from './src/commands/dqn-train';

/** The paper's DQN returns, read off its curves (../shared/minatar-rules.md); Seaquest's predate the v1.0.11 oxygen fix. */
const paper: Record<string, { id: string; at1M: number | null; at5M: number }> = {
  breakout: { id: 'MinAtar/Breakout-v0', at1M: 9, at5M: 10 },
  asterix: { id: 'MinAtar/Asterix-v0', at1M: 12, at5M: 17 },
  freeway: { id: 'MinAtar/Freeway-v0', at1M: 45, at5M: 50 },
  'space-invaders': { id: 'MinAtar/SpaceInvaders-v0', at1M: 30, at5M: 43 },
  seaquest: { id: 'MinAtar/Seaquest-v0', at1M: null, at5M: 20 },
};

const { values: args } = parseArgs({
  options: {
    games: { type: 'string', default: 'breakout,asterix,freeway,space-invaders,seaquest' }, seeds: { type: 'string', default: '0' },
    frames: { type: 'string', default: '1000000' }, out: { type: 'string', default: 'runs/dqn-minatar' },
    double: { type: 'boolean', default: false }, dueling: { type: 'boolean', default: false }, 'n-step': { type: 'string', default: '1' },
    prioritized: { type: 'boolean', default: false },
  },
});
const games = args.games!.split(',');
for (const g of games) if (!(g in paper)) throw new Error(`dqn-minatar expects --games among ${Object.keys(paper).join(', ')}, but received ${JSON.stringify(g)}`);
const seeds = args.seeds!.split(',').map(Number);
const frames = Number(args.frames);

await selectBackend();
mkdirSync(args.out!, { recursive: true });
const rows: Record<string, unknown>[] = [];
const curves: CurvePoint[] = [];
for (const game of games) {
  for (const seed of seeds) {
    const trained = await runDqnTrain({
      env: paper[game].id, preset: 'minatar', out: args.out!, resume: null, progressEvery: 50,
      overrides: { frames, seed, double: args.double, dueling: args.dueling, nStep: Number(args['n-step']), prioritized: args.prioritized },
    });
    if (trained.interrupted) process.exit(130);
    const recent: number[] = [];
    for (const line of readFileSync(join(trained.runDir, 'metrics.jsonl'), 'utf8').trim().split('\n')) {
      const record = JSON.parse(line) as { type: string; step: number; 'charts/episodic_return'?: number };
      if (record.type !== 'episode-end') continue;
      recent.push(record['charts/episodic_return'] ?? NaN);
      if (recent.length > 100) recent.shift();
      curves.push({ step: record.step, metric: game, series: `seed ${seed}`, value: recent.reduce((s, r) => s + r, 0) / recent.length });
    }
    const row = {
      game, seed, run: trained.runDir, frames: trained.done?.step ?? null, seconds: Number(trained.seconds.toFixed(1)),
      mean_return_last100: trained.done?.meanReturnLast100 ?? null, eval_mean_return: trained.lastEval?.meanReturn ?? null,
      paper_1M: paper[game].at1M, paper_5M: paper[game].at5M,
    };
    rows.push(row);
    console.log(JSON.stringify(row));
  }
  for (const [series, value] of [['paper DQN at 1M', paper[game].at1M], ['paper DQN at 5M', paper[game].at5M]] as const) {
    if (value !== null) curves.push({ step: 0, metric: game, series, value }, { step: frames, metric: game, series, value });
  }
}
writeFileAtomic(join(args.out!, 'dqn-minatar.svg'), await renderSvg(trainingChartSpec(curves, 'DQN on MinAtar (mean return of the last 100 episodes)', games)));
writeFileAtomic(join(args.out!, 'summary.json'), `${JSON.stringify(rows, null, 1)}\n`);
console.log('\ngame | seed | frames | last-100 return | last eval | paper 1M | paper 5M | seconds');
for (const r of rows) console.log(`${r.game} | ${r.seed} | ${r.frames} | ${Number(r.mean_return_last100).toFixed(2)} | ${r.eval_mean_return ?? '—'} | ${r.paper_1M ?? '—'} | ${r.paper_5M} | ${r.seconds}`);
