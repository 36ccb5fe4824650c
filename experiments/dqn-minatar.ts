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
 * The summary and the plot are built from every run folder under `--out`, finished or not:
 * a run stopped early is reported at the frames it reached (never extrapolated), with its
 * training seconds (the time between its records, less every gap over a minute: stops,
 * resumes in a later session, SIGSTOP pauses) and its wall time from first to last record. `--report-only` skips training and only
 * rebuilds them, and `over-seeds.json` holds each game's mean and spread over its finished seeds; `--also DIR[,DIR]` adds other folders' runs to the report (e.g. a variant's
 * runs), which then also says how many frames each variant's last-100 mean needs to reach
 * plain DQN's final one (`frames-to-reach.json`). A killed run continues with `deeper dqn train --resume <its run folder>`.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { renderSvg, selectBackend, trainingChartSpec, writeFileAtomic, type CurvePoint } from '@deeper/core';
import { runDqnTrain } from './src/commands/dqn-train';
import { smallNetworkBackendOptions } from './src/use-backend';

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
    prioritized: { type: 'boolean', default: false }, 'report-only': { type: 'boolean', default: false },
    also: { type: 'string', default: '' },
  },
});
const games = args.games!.split(',');
for (const g of games) if (!(g in paper)) throw new Error(`dqn-minatar expects --games among ${Object.keys(paper).join(', ')}, but received ${JSON.stringify(g)}`);
const seeds = args.seeds!.split(',').map(Number);
const frames = Number(args.frames);

mkdirSync(args.out!, { recursive: true });
if (!args['report-only']) {
  await selectBackend(undefined, smallNetworkBackendOptions());
  // A signal stops the whole list, not just the run it interrupts (that run keeps its checkpoint).
  runs: for (const game of games) {
    for (const seed of seeds) {
      const trained = await runDqnTrain({
        env: paper[game].id, preset: 'minatar', out: args.out!, resume: null, progressEvery: 50,
        overrides: { frames, seed, double: args.double, dueling: args.dueling, nStep: Number(args['n-step']), prioritized: args.prioritized },
      });
      if (trained.interrupted) break runs;
    }
  }
}

/** A gap between two records longer than this (seconds) is a stop, not training. */
const MAX_RECORD_GAP_S = 60;

/** One run folder, read back from its config.json and metrics.jsonl. */
function readRun(dir: string) {
  const config = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8')) as { env: string; seed: number; frames: number; double: boolean; dueling: boolean; nStep: number; prioritized: boolean };
  const game = Object.keys(paper).find((g) => paper[g].id === config.env);
  const recent: number[] = [];
  const curve: { step: number; value: number }[] = [];
  let first = NaN;
  let last = NaN;
  // Training seconds: the sum of the gaps between consecutive records, leaving out gaps over
  // a minute (a run stopped and resumed later, or paused with SIGSTOP): records come every
  // second or so while a run trains.
  let active = 0;
  let step = 0;
  let episodes = 0;
  let lastEval: number | null = null;
  let finished = false;
  // Every 100,000 frames: the mean of the last 100 episodes then, and the evaluation there.
  const milestones: { frames: number; mean_return_last100: number | null; eval_mean_return: number | null }[] = [];
  const meanOfRecent = () => (recent.length ? Number((recent.reduce((a, r) => a + r, 0) / recent.length).toFixed(2)) : null);
  for (const line of readFileSync(join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n')) {
    if (!line) continue;
    const record = JSON.parse(line) as { time: number; type: string; step: number; 'charts/episodic_return'?: number; 'eval/mean_return'?: number };
    if (Number.isNaN(first)) first = record.time;
    else if (record.time - last <= MAX_RECORD_GAP_S) active += record.time - last;
    last = record.time;
    step = Math.max(step, record.step);
    if (record.type === 'done') finished = true;
    while (record.step >= (milestones.length + 1) * 100_000 && record.type !== 'eval') {
      milestones.push({ frames: (milestones.length + 1) * 100_000, mean_return_last100: meanOfRecent(), eval_mean_return: null });
    }
    if (record.type === 'eval') {
      lastEval = record['eval/mean_return'] ?? null;
      const at = milestones.find((m) => m.frames === record.step) ?? (record.step % 100_000 === 0 ? { frames: record.step, mean_return_last100: meanOfRecent(), eval_mean_return: null } : null);
      if (at !== null) {
        at.eval_mean_return = lastEval;
        if (!milestones.includes(at)) milestones.push(at);
      }
    }
    if (record.type !== 'episode-end') continue;
    episodes++;
    recent.push(record['charts/episodic_return'] ?? NaN);
    if (recent.length > 100) recent.shift();
    curve.push({ step: record.step, value: recent.reduce((a, r) => a + r, 0) / recent.length });
  }
  const variant = [config.double && 'double', config.dueling && 'dueling', config.nStep > 1 && `${config.nStep}-step`, config.prioritized && 'prioritized'].filter(Boolean).join('+') || 'dqn';
  return {
    game, seed: config.seed, variant, run: dir, frames_budget: config.frames, frames: step, finished, episodes, seconds: Math.round(active), wall_seconds: Math.round(last - first),
    mean_return_last100: recent.length ? Number((recent.reduce((a, r) => a + r, 0) / recent.length).toFixed(2)) : null, eval_mean_return: lastEval,
    paper_1M: game ? paper[game].at1M : null, paper_5M: game ? paper[game].at5M : null, milestones, curve,
  };
}

const folders = [args.out!, ...args.also!.split(',').filter(Boolean)];
const runs = folders.flatMap((f) => readdirSync(f).map((d) => join(f, d)))
  .filter((d) => existsSync(join(d, 'config.json')) && existsSync(join(d, 'metrics.jsonl'))).sort().map(readRun);
const curves: CurvePoint[] = [];
const shownGames = [...new Set(runs.map((r) => r.game).filter((g): g is string => g !== undefined))];
for (const r of runs) {
  if (r.game === undefined) continue;
  // Every 10th point keeps the SVG small; the last one is always drawn.
  r.curve.forEach((p, i) => {
    if (i % 10 === 0 || i === r.curve.length - 1) curves.push({ step: p.step, metric: r.game!, series: `${r.variant} seed ${r.seed}`, value: p.value });
  });
}
for (const game of shownGames) {
  const right = Math.max(...runs.filter((r) => r.game === game).map((r) => r.frames));
  for (const [series, value] of [['paper DQN at 1M', paper[game].at1M], ['paper DQN at 5M', paper[game].at5M]] as const) {
    if (value !== null) curves.push({ step: 0, metric: game, series, value }, { step: right, metric: game, series, value });
  }
}
const rows = runs.map(({ curve: _curve, ...row }) => row);
writeFileAtomic(join(args.out!, 'dqn-minatar.svg'), await renderSvg(trainingChartSpec(curves, 'DQN on MinAtar (mean return of the last 100 training episodes)', shownGames)));
writeFileAtomic(join(args.out!, 'summary.json'), `${JSON.stringify(rows, null, 1)}\n`);
for (const row of rows) console.log(JSON.stringify(row));
console.log('\ngame | variant | seed | frames (of budget) | last-100 return | last eval | paper 1M | paper 5M | seconds');
for (const r of rows) {
  console.log(`${r.game} | ${r.variant} | ${r.seed} | ${r.frames}${r.finished ? '' : ` (of ${r.frames_budget}, not finished)`} | ${r.mean_return_last100 ?? '—'} | ${r.eval_mean_return ?? '—'} | ` +
    `${r.paper_1M ?? '—'} | ${r.paper_5M ?? '—'} | ${r.seconds}`);
}
// Over seeds: each game and variant's finished runs, the mean and the sample standard
// deviation of their final last-100 returns (what the paper's curves average over its seeds).
const seedRows: { game: string; variant: string; seeds: number[]; mean_return_last100: number; std_return_last100: number | null; paper_1M: number | null }[] = [];
for (const game of shownGames) {
  for (const variant of [...new Set(runs.filter((r) => r.game === game).map((r) => r.variant))]) {
    const done = runs.filter((r) => r.game === game && r.variant === variant && r.finished && r.mean_return_last100 !== null);
    if (done.length === 0) continue;
    const values = done.map((r) => r.mean_return_last100!);
    const mean = values.reduce((a, v) => a + v, 0) / values.length;
    const std = values.length > 1 ? Math.sqrt(values.reduce((a, v) => a + (v - mean) ** 2, 0) / (values.length - 1)) : null;
    seedRows.push({ game, variant, seeds: done.map((r) => r.seed), mean_return_last100: Number(mean.toFixed(2)), std_return_last100: std === null ? null : Number(std.toFixed(2)), paper_1M: paper[game].at1M });
  }
}
console.log('\ngame | variant | finished seeds | last-100 return, mean ± std over seeds | paper 1M');
for (const r of seedRows) console.log(`${r.game} | ${r.variant} | ${r.seeds.join(',')} | ${r.mean_return_last100}${r.std_return_last100 === null ? '' : ` ± ${r.std_return_last100}`} | ${r.paper_1M ?? '—'}`);
writeFileAtomic(join(args.out!, 'over-seeds.json'), `${JSON.stringify(seedRows, null, 1)}\n`);
// How many frames each variant needs to reach plain DQN's final return (the mean of the last
// 100 episodes at the end of its finished runs, averaged over seeds): the first frame at which
// the variant's own last-100 mean reaches it, beside the frame at which DQN's first did.
const reach = (curve: { step: number; value: number }[], target: number) => curve.find((p) => p.value >= target)?.step ?? null;
const reachRows: { game: string; target: number; variant: string; seed: number; frames_to_reach: number | null; frames_run: number }[] = [];
for (const game of shownGames) {
  const plain = runs.filter((r) => r.game === game && r.variant === 'dqn' && r.finished && r.mean_return_last100 !== null);
  if (plain.length === 0) continue;
  const target = Number((plain.reduce((a, r) => a + r.mean_return_last100!, 0) / plain.length).toFixed(2));
  for (const r of runs.filter((x) => x.game === game)) {
    reachRows.push({ game, target, variant: r.variant, seed: r.seed, frames_to_reach: reach(r.curve, target), frames_run: r.frames });
  }
}
if (reachRows.length > 0) {
  console.log("\ngame | DQN's final last-100 return (mean over its finished runs) | variant | seed | first frame its last-100 mean reaches that | frames run");
  for (const r of reachRows) console.log(`${r.game} | ${r.target} | ${r.variant} | ${r.seed} | ${r.frames_to_reach ?? 'not reached'} | ${r.frames_run}`);
  writeFileAtomic(join(args.out!, 'frames-to-reach.json'), `${JSON.stringify(reachRows, null, 1)}\n`);
}
console.log('\ngame | variant | seed | frames | last-100 return | evaluation (10 episodes, ε 0.05)');
for (const r of rows) for (const m of r.milestones) console.log(`${r.game} | ${r.variant} | ${r.seed} | ${m.frames} | ${m.mean_return_last100 ?? '—'} | ${m.eval_mean_return ?? '—'}`);
