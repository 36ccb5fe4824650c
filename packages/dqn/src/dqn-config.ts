/**
 * The config of `trainDqn`. Defaults are MinAtar's reference DQN (Young & Tian 2019,
 * examples/dqn.py; ../../shared/minatar-rules.md), the configuration the paper's curves come
 * from. `dqnPresets.classic` is one documented set for the classic-control tasks, tuned on
 * CartPole and left alone for the others.
 */
import { checkInteger, checkNumber, checkOneOf, resolveConfig, resolveOptimizerConfig, ConfigError, type OptimizerOptions } from '@deeper/core';

export interface DqnConfig {
  /** Registered env id, e.g. 'MinAtar/Breakout-v0' or 'CartPole-v1'. Default 'MinAtar/Breakout-v0'. */
  env: string;
  /** Options passed to `make` (e.g. { stickyActionProb: 0.1 }); default {} (the registry's defaults). */
  envOptions: Record<string, unknown>;
  /** Q-network: 'mlp' for vector observations, 'minatar' (conv 16 3×3 → dense 128), 'nature' (Mnih et al. 2015), or 'auto' (mlp for rank-1 observations, minatar for grids up to 32×32, nature above). Default 'auto'. */
  network: 'auto' | 'mlp' | 'minatar' | 'nature';
  /** Hidden layer sizes of the 'mlp' network. Default [256, 256] (RL Baselines3 Zoo, CartPole-v1). */
  hidden: number[];
  /** Env steps (frames) to train for. Default 5,000,000 (MinAtar's reference). */
  frames: number;
  /** Replay capacity in transitions. Default 100,000 (MinAtar's reference). */
  replayCapacity: number;
  /** Transitions per update. Default 32 (MinAtar's reference; Mnih et al. 2015). */
  batchSize: number;
  /** Frames of uniformly random actions before the first update (replay start size). Default 5,000 (MinAtar's reference). */
  learningStarts: number;
  /** Frames between rounds of updates (k). Default 1: an update every frame (MinAtar's reference). */
  updateEvery: number;
  /** Updates per round. Default 1 (MinAtar's reference). */
  gradientSteps: number;
  /** Discount γ. Default 0.99 (MinAtar's reference; Mnih et al. 2015). */
  gamma: number;
  /** Target network following: 'hard' copies every `targetSyncEvery` updates, 'polyak' averages with `tau`. Default 'hard'. */
  targetMode: 'hard' | 'polyak';
  /** Updates between target syncs. Default 1,000 (MinAtar's reference). */
  targetSyncEvery: number;
  /** Polyak τ (only with targetMode 'polyak'). Default 0.005 (SB3). */
  tau: number;
  /** ε after warm-up. Default 1.0 (MinAtar's reference). */
  epsilonStart: number;
  /** Final ε. Default 0.1 (MinAtar's reference). */
  epsilonEnd: number;
  /** Frames over which ε falls, from learningStarts. Default 100,000 (MinAtar's reference). */
  epsilonDecayFrames: number;
  /** TD loss: 'huber' (κ = 1, PyTorch's smooth_l1_loss) or 'mse'. Default 'huber' (MinAtar's reference). */
  loss: 'huber' | 'mse';
  /** Optimizer (createOptimizer options; clipNorm is the gradient-norm clip). Default centered RMSProp with PyTorch semantics, lr 2.5e-4, α 0.95, ε 0.01 outside the root, no clipping (MinAtar's reference). */
  optimizer: OptimizerOptions;
  /** Double DQN targets (van Hasselt et al. 2016). Default false. */
  double: boolean;
  /** Dueling heads (Wang et al. 2016). Default false. */
  dueling: boolean;
  /** Rewards per transition (n-step returns; 1 is plain DQN). Default 1. */
  nStep: number;
  /** Proportional prioritized replay (Schaul et al. 2016). Default false. */
  prioritized: boolean;
  /** Prioritized replay's α. Default 0.6 (Schaul et al. 2016). */
  priorityAlpha: number;
  /** Prioritized replay's β at the first update; annealed linearly to 1 at the last frame. Default 0.4 (Schaul et al. 2016). */
  priorityBeta: number;
  /**
   * Who runs the networks' passes: 'native' (core's NativeChain: the addon on the wasm heap,
   * a dozen calls an update), 'tfjs' (tfjs kernels and autodiff), or 'auto' (default: native
   * where the addon loads and the Q-network is a chain or a dueling network of chains, which
   * every network here is; else tfjs).
   * Both compute the same update (test/dqn/native-dqn-update.test.ts).
   */
  engine: 'auto' | 'native' | 'tfjs';
  /** Multiplies every observation element before the network (1/255 for byte frames). Default 1. */
  observationScale: number;
  /** Frames between evaluations; 0: none. Default 100,000. */
  evalEvery: number;
  /** Episodes per evaluation. Default 10. */
  evalEpisodes: number;
  /** ε during evaluation. Default 0.05 (Mnih et al. 2015, Machado et al. 2018). */
  evalEpsilon: number;
  /** Seed of weights, ε draws, replay sampling and episode resets; evaluation uses a stream derived from it. Default 0. */
  seed: number;
  /** Updates per `train-step` event (its loss and mean Q are averages over them). Default 100. */
  logEvery: number;
  /** Frames between checkpoints (a checkpoint is always written at the end when runDir is set); 0: only at the end. Default 100,000. */
  checkpointEvery: number;
  /** Newest checkpoints kept; older ones are deleted after a new one is complete. Default 2. */
  keepCheckpoints: number;
  /** Also keep the network of the best evaluation so far in the run's `best/` folder (as SB3's EvalCallback keeps best_model). Default false. */
  keepBest: boolean;
  /** Also checkpoint the replay buffer (its frames, each once, and transitions: 10.8 MB for 100,000 MinAtar Breakout transitions). Default false. */
  saveReplay: boolean;
  /** Run folder: checkpoints go to its `checkpoints/`. Default null (no checkpoints). */
  runDir: string | null;
  /** Run folder (or checkpoint directory) to continue from. Default null. */
  resume: string | null;
}

export const dqnDefaults: DqnConfig = {
  env: 'MinAtar/Breakout-v0',
  envOptions: {},
  network: 'auto',
  hidden: [256, 256],
  frames: 5_000_000,
  replayCapacity: 100_000,
  batchSize: 32,
  learningStarts: 5000,
  updateEvery: 1,
  gradientSteps: 1,
  gamma: 0.99,
  targetMode: 'hard',
  targetSyncEvery: 1000,
  tau: 0.005,
  epsilonStart: 1,
  epsilonEnd: 0.1,
  epsilonDecayFrames: 100_000,
  loss: 'huber',
  optimizer: { name: 'rmsprop', learningRate: 2.5e-4, alpha: 0.95, epsilon: 0.01, centered: true },
  double: false,
  dueling: false,
  nStep: 1,
  prioritized: false,
  priorityAlpha: 0.6,
  priorityBeta: 0.4,
  engine: 'auto',
  observationScale: 1,
  evalEvery: 100_000,
  evalEpisodes: 10,
  evalEpsilon: 0.05,
  seed: 0,
  logEvery: 100,
  checkpointEvery: 100_000,
  keepCheckpoints: 2,
  keepBest: false,
  saveReplay: false,
  runDir: null,
  resume: null,
};

/** The two documented configurations `deeper dqn train --preset` offers. */
export const dqnPresets = {
  /** MinAtar's reference DQN (Young & Tian 2019): the defaults. */
  minatar: {} as Partial<DqnConfig>,
  /**
   * Classic control (CartPole-v1, Acrobot-v1, MountainCar-v0), tuned on CartPole-v1 here
   * (docs/results/dqn.md): MLP 128-128, Double DQN with 3-step returns, Adam 5e-4 with the
   * gradient norm clipped at 10 (SB3's default), batch 64, replay 50,000, 1,000 warm-up
   * frames, one update per frame, the target copied every 500 updates (CleanRL's CartPole
   * interval), ε 1 → 0.05 over 10,000 frames, Huber, γ 0.99; 100,000 frames, evaluated every
   * 5,000 over 10 episodes, keeping the best evaluation's network (DQN's CartPole curve
   * collapses and recovers; SB3's EvalCallback keeps best_model for the same reason). The
   * earlier preset (plain DQN, Adam 1e-3, evaluation every 10,000) reached the 475 target on
   * one seed of three.
   */
  classic: {
    network: 'mlp', hidden: [128, 128], frames: 100_000, replayCapacity: 50_000, batchSize: 64, learningStarts: 1000,
    updateEvery: 1, gradientSteps: 1, gamma: 0.99, targetSyncEvery: 500, epsilonStart: 1, epsilonEnd: 0.05, epsilonDecayFrames: 10_000,
    double: true, nStep: 3,
    optimizer: { name: 'adam', learningRate: 5e-4, clipNorm: 10 }, evalEvery: 5000, evalEpisodes: 10, checkpointEvery: 10_000, logEvery: 500, keepBest: true,
  } as Partial<DqnConfig>,
} as const;

export type DqnPresetName = keyof typeof dqnPresets;

const who = 'trainDqn';

/** Merges `partial` over `dqnDefaults` and validates every field once. */
export function resolveDqnConfig(partial: Partial<DqnConfig> = {}): DqnConfig {
  const c = resolveConfig(who, dqnDefaults, partial);
  if (typeof c.env !== 'string' || c.env === '') throw new ConfigError(who, 'env', 'a registered env id such as "CartPole-v1"', c.env);
  if (c.envOptions === null || typeof c.envOptions !== 'object') throw new ConfigError(who, 'envOptions', 'an object', c.envOptions);
  checkOneOf(who, 'network', c.network, ['auto', 'mlp', 'minatar', 'nature'] as const);
  if (!Array.isArray(c.hidden) || c.hidden.length === 0) throw new ConfigError(who, 'hidden', 'a non-empty array of positive integers', c.hidden);
  c.hidden.forEach((u, i) => checkInteger(who, `hidden[${i}]`, u));
  checkInteger(who, 'frames', c.frames);
  checkInteger(who, 'replayCapacity', c.replayCapacity);
  checkInteger(who, 'batchSize', c.batchSize);
  checkInteger(who, 'learningStarts', c.learningStarts, 0);
  if (c.learningStarts < c.batchSize) {
    throw new ConfigError(who, 'learningStarts', `at least batchSize (${c.batchSize}): the first update samples a full minibatch from replay`, c.learningStarts,
      'Raise learningStarts or lower batchSize');
  }
  if (c.replayCapacity < c.learningStarts) throw new ConfigError(who, 'replayCapacity', `at least learningStarts (${c.learningStarts})`, c.replayCapacity);
  checkInteger(who, 'updateEvery', c.updateEvery);
  checkInteger(who, 'gradientSteps', c.gradientSteps);
  checkNumber(who, 'gamma', c.gamma, 0, 1);
  checkOneOf(who, 'targetMode', c.targetMode, ['hard', 'polyak'] as const);
  checkInteger(who, 'targetSyncEvery', c.targetSyncEvery);
  checkNumber(who, 'tau', c.tau, 0, 1);
  if (c.tau === 0) throw new ConfigError(who, 'tau', 'a number in (0, 1]', c.tau);
  checkNumber(who, 'epsilonStart', c.epsilonStart, 0, 1);
  checkNumber(who, 'epsilonEnd', c.epsilonEnd, 0, 1);
  checkInteger(who, 'epsilonDecayFrames', c.epsilonDecayFrames, 0);
  checkOneOf(who, 'loss', c.loss, ['huber', 'mse'] as const);
  checkOneOf(who, 'engine', c.engine, ['auto', 'native', 'tfjs'] as const);
  resolveOptimizerConfig(c.optimizer);
  for (const field of ['double', 'dueling', 'prioritized', 'saveReplay', 'keepBest'] as const) {
    if (typeof c[field] !== 'boolean') throw new ConfigError(who, field, 'a boolean', c[field]);
  }
  checkInteger(who, 'nStep', c.nStep, 1, 255);
  checkNumber(who, 'priorityAlpha', c.priorityAlpha, 0, 1);
  checkNumber(who, 'priorityBeta', c.priorityBeta, 0, 1);
  checkNumber(who, 'observationScale', c.observationScale, 0, Infinity, true);
  checkInteger(who, 'evalEvery', c.evalEvery, 0);
  checkInteger(who, 'evalEpisodes', c.evalEpisodes);
  checkNumber(who, 'evalEpsilon', c.evalEpsilon, 0, 1);
  checkInteger(who, 'seed', c.seed, 0);
  checkInteger(who, 'logEvery', c.logEvery);
  checkInteger(who, 'checkpointEvery', c.checkpointEvery, 0);
  checkInteger(who, 'keepCheckpoints', c.keepCheckpoints);
  for (const field of ['runDir', 'resume'] as const) {
    const value = c[field];
    if (value !== null && (typeof value !== 'string' || value === '')) throw new ConfigError(who, field, 'null or a non-empty path', value);
  }
  if (c.resume !== null && c.runDir === null) throw new ConfigError(who, 'runDir', 'a run folder when resume is set', c.runDir, 'Pass runDir: the same folder as resume, usually');
  return c;
}
