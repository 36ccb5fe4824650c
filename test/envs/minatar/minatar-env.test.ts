import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { Rng } from '../../../envs/src/rng';
import { EnvOptionError, InvalidActionError, ResetNeededError } from '../../../envs/src/errors';
import { MinAtarEnv, minatarDefaults, resolveMinAtarConfig } from '../../../envs/src/minatar/minatar-env';
import type { MinAtarGame, MinAtarGameOptions } from '../../../envs/src/minatar/minatar-game';
import { Breakout } from '../../../envs/src/minatar/breakout';
import { Asterix } from '../../../envs/src/minatar/asterix';
import { Freeway } from '../../../envs/src/minatar/freeway';
import { checkEnv } from '../../../envs/src/check-env';
import { minatarPalettes, minatarBackground } from '../../../envs/src/minatar/colors';

/** A game that records the actions it receives and ends after `length` frames. */
class Recorder implements MinAtarGame {
  readonly name = 'Recorder';
  readonly channels = ['a', 'b'];
  readonly minimalActions = [0, 2, 5];
  terminal = false;
  actions: number[] = [];
  frames = 0;
  static length = 1_000_000;
  constructor(readonly rng: Rng, readonly options: MinAtarGameOptions) {}
  reset(): void {
    this.terminal = false;
    this.frames = 0;
  }
  act(action: number): number {
    this.actions.push(action);
    this.frames++;
    if (this.frames >= Recorder.length) this.terminal = true;
    return action === 5 ? 1 : 0;
  }
  writeObservation(obs: Uint8Array): void {
    obs[(this.frames % 100) * 2] = 1;
  }
}

const R = suite('resolveMinAtarConfig');

R('defaults are the paper’s: sticky 0.1, ramping on, full action set, reused buffer', () => {
  assert.equal(resolveMinAtarConfig({}), minatarDefaults);
  assert.is(minatarDefaults.stickyActionProb, 0.1);
  assert.is(minatarDefaults.difficultyRamping, true);
  assert.is(minatarDefaults.minimalActions, false);
  assert.is(minatarDefaults.copyObservation, false);
});

R('refuses bad values and unknown options with a clear message', () => {
  assert.throws(() => resolveMinAtarConfig({ stickyActionProb: 1.5 }), (e: Error) => e instanceof EnvOptionError && /stickyActionProb/.test(e.message) && /1\.5/.test(e.message));
  assert.throws(() => resolveMinAtarConfig({ minimalActions: 'yes' }), (e: Error) => e instanceof EnvOptionError && /minimalActions/.test(e.message));
  assert.throws(() => resolveMinAtarConfig({ sticky: 0.1 }), (e: Error) => e instanceof EnvOptionError && /unknown option "sticky"/.test(e.message));
  assert.throws(() => resolveMinAtarConfig({ seed: -1 }), (e: Error) => e instanceof EnvOptionError);
});

R.run();

const E = suite('MinAtarEnv');

E('spaces: Box(0, 1, [10, 10, C], uint8) and Discrete(6) or the minimal set', () => {
  const full = new MinAtarEnv(Freeway);
  assert.equal(full.observationSpace.shape, [10, 10, 7]);
  assert.is(full.observationSpace.dtype, 'uint8');
  assert.is(full.observationSpace.low[0], 0);
  assert.is(full.observationSpace.high[0], 1);
  assert.is(full.actionSpace.n, 6);
  const minimal = new MinAtarEnv(Freeway, { minimalActions: true });
  assert.is(minimal.actionSpace.n, 3);
  assert.equal(minimal.actionNames, ['noop', 'up', 'down']);
  const { observation } = minimal.reset({ seed: 0 });
  assert.ok(minimal.observationSpace.contains(observation));
});

E('maps minimal actions to the full set', () => {
  const env = new MinAtarEnv(Recorder, { minimalActions: true, stickyActionProb: 0 });
  env.reset();
  env.step(0); env.step(1); env.step(2);
  assert.equal((env.game as Recorder).actions, [0, 2, 5]);
});

E('sticky actions repeat the previous action with probability p, across episodes too', () => {
  const p = 0.25;
  const env = new MinAtarEnv(Recorder, { stickyActionProb: p, seed: 3 });
  const game = env.game as Recorder;
  env.reset();
  // The previous action starts at 0: the first step is 0 or the chosen action.
  env.step(4);
  assert.ok(game.actions[0] === 4 || game.actions[0] === 0);
  const chooser = new Rng(9);
  let sticky = 0, changes = 0;
  for (let t = 0; t < 20000; t++) {
    const prev = game.actions[game.actions.length - 1];
    let chosen = chooser.nextInt(6);
    if (chosen === prev) chosen = (chosen + 1) % 6;
    env.step(chosen);
    const got = game.actions[game.actions.length - 1];
    assert.ok(got === chosen || got === prev);
    if (got === prev) sticky++;
    changes++;
  }
  assert.ok(Math.abs(sticky / changes - p) < 0.015, `sticky rate ${sticky / changes}`);
  // Not reset between episodes: a new episode's first step may still repeat the last action.
  Recorder.length = 1;
  const env2 = new MinAtarEnv(Recorder, { stickyActionProb: 0.5, seed: 1 });
  const g2 = env2.game as Recorder;
  let carried = 0;
  for (let ep = 0; ep < 400; ep++) {
    env2.reset();
    const prev = g2.actions.length ? g2.actions[g2.actions.length - 1] : 0;
    env2.step(prev === 3 ? 4 : 3);
    if (g2.actions[g2.actions.length - 1] === prev && prev !== 0) carried++;
  }
  Recorder.length = 1_000_000;
  assert.ok(carried > 50, `previous action carried into new episodes ${carried} times`);
});

E('stickyActionProb 0 passes actions through unchanged', () => {
  const env = new MinAtarEnv(Recorder, { stickyActionProb: 0 });
  env.reset();
  for (const a of [5, 1, 3, 3, 0, 2]) env.step(a);
  assert.equal((env.game as Recorder).actions, [5, 1, 3, 3, 0, 2]);
});

E('the observation buffer and step result are reused unless copyObservation is set', () => {
  const env = new MinAtarEnv(Breakout);
  const first = env.reset({ seed: 1 }).observation;
  const a = env.step(0);
  const b = env.step(0);
  assert.ok(a === b, 'same result object');
  assert.ok(a.observation === first, 'same observation buffer');
  assert.is(a.info, b.info);
  const copying = new MinAtarEnv(Breakout, { copyObservation: true });
  const c0 = copying.reset({ seed: 1 }).observation;
  const c1 = copying.step(0).observation;
  assert.ok(c0 !== c1);
  const snapshot = c0.slice();
  copying.step(0);
  assert.equal(c0, snapshot, 'a copied observation is not overwritten later');
});

E('reset({ seed }) reseeds; no seed continues the stream; the constructor seed is the start', () => {
  const roll = (env: MinAtarEnv, seed?: number) => {
    const out: number[] = [...env.reset(seed === undefined ? {} : { seed }).observation];
    const actions = new Rng(2);
    for (let t = 0; t < 300; t++) {
      const r = env.step(actions.nextInt(6));
      out.push(r.reward, ...r.observation);
      if (r.terminated) out.push(...env.reset().observation);
    }
    return out;
  };
  const a = new MinAtarEnv(Asterix), b = new MinAtarEnv(Asterix);
  assert.equal(roll(a, 7), roll(b, 7));
  assert.not.equal(roll(new MinAtarEnv(Asterix), 7), roll(new MinAtarEnv(Asterix), 8), 'different seeds differ');
  assert.equal(roll(new MinAtarEnv(Asterix, { seed: 5 })), roll(new MinAtarEnv(Asterix), 5));
  const c = new MinAtarEnv(Asterix);
  const d = new MinAtarEnv(Asterix);
  roll(c, 1);
  roll(d, 1);
  assert.equal(roll(c), roll(d), 'both streams continue alike');
});

E('an invalid action is an InvalidActionError; a step after the end is a ResetNeededError', () => {
  const env = new MinAtarEnv(Breakout, { minimalActions: true });
  assert.throws(() => env.step(0), (e: Error) => e instanceof ResetNeededError);
  env.reset({ seed: 0 });
  for (const bad of [3, -1, 1.5, NaN, '1' as unknown as number]) {
    assert.throws(() => env.step(bad), (e: Error) => e instanceof InvalidActionError && /0 noop, 1 left, 2 right/.test(e.message));
  }
  let r = env.step(0);
  while (!r.terminated) r = env.step(0);
  assert.throws(() => env.step(0), (e: Error) => e instanceof ResetNeededError && /reset\(\)/.test(e.message));
  env.reset();
  env.step(0);
});

E('passes checkEnv with the reused buffer and with copies', () => {
  for (const Game of [Breakout, Asterix, Freeway]) {
    for (const copyObservation of [false, true]) {
      const problems = checkEnv(new MinAtarEnv(Game, { copyObservation }), { maxSteps: 3000 });
      assert.equal(problems, [], `${Game.name} copyObservation=${copyObservation}`);
    }
  }
});

E('render() paints each channel in its palette colour, 20 px per cell, with a grid', () => {
  const env = new MinAtarEnv(Breakout);
  env.reset({ seed: 0 });
  const frame = env.render();
  assert.is(frame.width, 200);
  assert.is(frame.height, 200);
  const pixel = (row: number, col: number) => {
    const i = ((row * 20 + 10) * 200 + col * 20 + 10) * 3;
    return [frame.data[i], frame.data[i + 1], frame.data[i + 2]];
  };
  const game = env.game as Breakout;
  assert.equal(pixel(9, game.paddle), [...minatarPalettes.Breakout[0]]);
  assert.equal(pixel(1, 5), [...minatarPalettes.Breakout[3]]);
  assert.equal(pixel(6, 5), [...minatarBackground]);
  const gridPixel = (0 * 200 + 20) * 3; // x = 20 is the first column of cell 1: a grid line
  assert.not.equal([frame.data[gridPixel], frame.data[gridPixel + 1], frame.data[gridPixel + 2]], [...minatarBackground]);
  const big = new MinAtarEnv(Breakout, { cellSize: 8 });
  big.reset();
  assert.is(big.render().width, 80);
});

E.run();
