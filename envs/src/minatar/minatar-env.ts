/**
 * `MinAtarEnv`: one MinAtar game (Young & Tian 2019, arXiv:1903.03176) as an
 * `Env<Uint8Array, number>`. The game implements the rules; this class owns what the five
 * games share: the action set (full `-v0` or minimal `-v1`), sticky actions, the seeded
 * generator and the observation buffer.
 *
 * Buffers are reused for speed (the games run at millions of steps per second, and a fresh
 * array or object per step would dominate): unless `copyObservation` is set, `reset` and
 * `step` return the SAME `Uint8Array` every time, overwritten by the next call, and `step`
 * returns the same result object (and the same empty `info` object) every time. Copy what
 * you keep (a replay buffer copies into its own storage anyway), or set
 * `copyObservation: true` to get a fresh observation per call.
 */
import type { Env, EnvMetadata, Info, ResetOptions, ResetResult, RgbFrame, StepResult } from '../env';
import type { EnvSpec } from '../registry/env-spec';
import { Box } from '../spaces/box';
import { Discrete } from '../spaces/discrete';
import { Rng, checkSeed } from '../rng';
import { EnvOptionError, InvalidActionError, ResetNeededError } from '../errors';
import { checkEnvBoolean, checkEnvInteger, checkEnvNumber, describeValue, resolveEnvOptions } from '../registry/env-options';
import { gridFrame } from '../render/grid-frame';
import { minatarBackground, minatarDrawOrder, minatarGrid, minatarPalette } from './colors';
import { MINATAR_ACTIONS, type MinAtarGame, type MinAtarGameConstructor } from './minatar-game';

export interface MinAtarConfig {
  /** Probability that the previous action is repeated instead of the chosen one; default 0.1 (the paper). */
  stickyActionProb: number;
  /** Difficulty ramping (spawn and move intervals shrink over time); default true (the paper). */
  difficultyRamping: boolean;
  /** Use the game's minimal action set (`-v1`) instead of the full 6 actions (`-v0`); default false. */
  minimalActions: boolean;
  /** Return a fresh observation array per call instead of the reused buffer; default false (speed). */
  copyObservation: boolean;
  /** Initial seed of the env's generator, used until `reset({ seed })`; default 0. */
  seed: number;
  /** Side of one grid cell in `render()` pixels; default 20. */
  cellSize: number;
}

export const minatarDefaults: MinAtarConfig = {
  stickyActionProb: 0.1,
  difficultyRamping: true,
  minimalActions: false,
  copyObservation: false,
  seed: 0,
  cellSize: 20,
};

/** Merges `partial` over `minatarDefaults` and validates every field. */
export function resolveMinAtarConfig(partial: Partial<MinAtarConfig> | Record<string, unknown> = {}): MinAtarConfig {
  const config = resolveEnvOptions('MinAtarEnv', minatarDefaults, partial);
  checkEnvNumber('MinAtarEnv', 'stickyActionProb', config.stickyActionProb, 0, 1);
  checkEnvBoolean('MinAtarEnv', 'difficultyRamping', config.difficultyRamping);
  checkEnvBoolean('MinAtarEnv', 'minimalActions', config.minimalActions);
  checkEnvBoolean('MinAtarEnv', 'copyObservation', config.copyObservation);
  checkEnvInteger('MinAtarEnv', 'seed', config.seed, 0);
  checkEnvInteger('MinAtarEnv', 'cellSize', config.cellSize, 2, 200);
  return config;
}

const EMPTY_INFO: Info = Object.freeze({}) as Info;

export class MinAtarEnv implements Env<Uint8Array, number> {
  readonly observationSpace: Box<'uint8'>;
  readonly actionSpace: Discrete;
  readonly metadata: EnvMetadata;
  spec?: EnvSpec;
  readonly config: MinAtarConfig;
  /** The game, public for renderers and tests; play goes through `step`. */
  readonly game: MinAtarGame;
  /** Number of observation channels. */
  readonly channels: number;
  /** The full-set action (0..5) behind each action index of `actionSpace`. */
  readonly actionMap: readonly number[];
  /** The one generator the sticky draws and the game's spawns share. */
  private readonly rng: Rng;
  private readonly obs: Uint8Array;
  /** Previous full-set action: 0 at first, kept across episodes (the reference's rule). */
  private lastAction = 0;
  private started = false;
  private readonly result: StepResult<Uint8Array>;

  constructor(Game: MinAtarGameConstructor, config: Partial<MinAtarConfig> | Record<string, unknown> = {}) {
    if (typeof Game !== 'function') {
      throw new EnvOptionError(`MinAtarEnv expects a MinAtar game class (Breakout, Asterix, …), but received ${describeValue(Game)}`);
    }
    this.config = resolveMinAtarConfig(config);
    this.rng = new Rng(this.config.seed);
    this.game = new Game(this.rng, { ramping: this.config.difficultyRamping });
    this.channels = this.game.channels.length;
    this.actionMap = this.config.minimalActions ? [...this.game.minimalActions] : MINATAR_ACTIONS.map((_, i) => i);
    this.actionSpace = new Discrete(this.actionMap.length);
    this.observationSpace = new Box({ low: 0, high: 1, shape: [10, 10, this.channels], dtype: 'uint8' });
    this.metadata = { renderFps: 10, gameName: this.game.name, channelNames: [...this.game.channels] };
    this.obs = new Uint8Array(100 * this.channels);
    this.result = { observation: this.obs, reward: 0, terminated: false, truncated: false, info: EMPTY_INFO };
  }

  /** Names of the actions of `actionSpace`, in order (e.g. `['noop', 'left', 'right']`). */
  get actionNames(): string[] {
    return this.actionMap.map((a) => MINATAR_ACTIONS[a]);
  }

  /** The buffer of the last observation (read-only use: the terminal player draws from it). */
  get lastObservation(): Uint8Array {
    return this.obs;
  }

  reset({ seed, options }: ResetOptions = {}): ResetResult<Uint8Array> {
    if (seed !== undefined) this.rng.seed(checkSeed(`MinAtar/${this.game.name}.reset`, seed));
    if (options !== undefined && Object.keys(options).length > 0) {
      throw new EnvOptionError(`MinAtar/${this.game.name}.reset expects no options, but received ${describeValue(options)}; pass construction options to make() instead`);
    }
    this.game.reset();
    this.started = true;
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<Uint8Array> {
    if (!(action >= 0 && action < this.actionMap.length && (action | 0) === action)) {
      throw new InvalidActionError(
        `MinAtar/${this.game.name}.step expects an action in ${this.actionSpace} (${this.actionNames.map((n, i) => `${i} ${n}`).join(', ')}), but received ${describeValue(action)}`,
      );
    }
    if (!this.started || this.game.terminal) {
      throw new ResetNeededError(`MinAtar/${this.game.name}.step expects a running episode, but received a step ${this.started ? 'after the episode terminated' : 'before the first reset'}; call reset() first`);
    }
    let a = this.actionMap[action];
    // Sticky actions (Machado et al. 2018, as the MinAtar paper uses them): with
    // probability p the environment repeats the previous action instead.
    if (this.config.stickyActionProb > 0 && this.rng.nextFloat() < this.config.stickyActionProb) a = this.lastAction;
    this.lastAction = a;
    const result = this.result;
    result.reward = this.game.act(a);
    result.terminated = this.game.terminal;
    result.observation = this.observe();
    return result;
  }

  private observe(): Uint8Array {
    this.obs.fill(0);
    this.game.writeObservation(this.obs);
    return this.config.copyObservation ? this.obs.slice() : this.obs;
  }

  /** The last observation, one colour per channel (colors.ts), `cellSize` px per cell, with a thin grid. */
  render(): RgbFrame {
    return gridFrame(this.obs, 10, 10, minatarPalette(this.game.name, this.channels), {
      cellSize: this.config.cellSize,
      background: minatarBackground,
      grid: minatarGrid,
      priority: minatarDrawOrder[this.game.name] ?? [],
    });
  }

  close(): void {}
}
