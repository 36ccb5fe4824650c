/**
 * Experience replay (Mnih et al. 2015, "Human-level control through deep reinforcement
 * learning"): a fixed-capacity ring of transitions (s, a, r, s', terminated) from which
 * minibatches are drawn uniformly, breaking the correlation between consecutive updates.
 *
 * Observations are stored once per transition in typed arrays of the env's own dtype
 * (MinAtar's 0/1 `Uint8Array` costs 1 byte a cell instead of 4), and `sample` fills
 * batch buffers that are reused between calls.
 */
import * as os from 'node:os';
import { checkInteger, resolveConfig, ConfigError } from '@deeper/core';

export type ObservationArray = Uint8Array | Float32Array;

export interface ReplayBufferConfig {
  /** Transitions kept; the oldest is overwritten when full. Default 100,000 (MinAtar's reference DQN, Young & Tian 2019). */
  capacity: number;
  /** Shape of one observation, e.g. [10, 10, 4] for MinAtar Breakout. Required. */
  observationShape: number[];
  /** Storage type of observations: 'uint8' for 0/1 or pixel grids, 'float32' otherwise. Default 'float32'. */
  observationDtype: 'uint8' | 'float32';
  /** Seed of the sampling generator (a non-negative integer). Default 0. */
  seed: number;
}

export const replayBufferDefaults: ReplayBufferConfig = {
  capacity: 100_000,
  observationShape: [],
  observationDtype: 'float32',
  seed: 0,
};

export function resolveReplayBufferConfig(partial: Partial<ReplayBufferConfig>): ReplayBufferConfig {
  const config = resolveConfig('ReplayBuffer', replayBufferDefaults, partial);
  checkInteger('ReplayBuffer', 'capacity', config.capacity);
  if (!Array.isArray(config.observationShape) || config.observationShape.length === 0 ||
      !config.observationShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ConfigError('ReplayBuffer', 'observationShape', 'a non-empty array of positive integers', config.observationShape);
  }
  if (config.observationDtype !== 'uint8' && config.observationDtype !== 'float32') {
    throw new ConfigError('ReplayBuffer', 'observationDtype', '"uint8" or "float32"', config.observationDtype);
  }
  checkInteger('ReplayBuffer', 'seed', config.seed, 0);
  return config;
}

/** A minibatch; its arrays are owned by the buffer and overwritten by the next `sample`. */
export interface ReplayBatch {
  size: number;
  observations: ObservationArray;
  actions: Int32Array;
  rewards: Float32Array;
  nextObservations: ObservationArray;
  /** 1 where the episode terminated after the transition (no bootstrap), else 0. */
  terminated: Float32Array;
}

export class ReplayBuffer {
  readonly config: ReplayBufferConfig;
  /** Elements in one observation. */
  readonly observationSize: number;
  private readonly observations: ObservationArray;
  private readonly nextObservations: ObservationArray;
  private readonly actions: Int32Array;
  private readonly rewards: Float32Array;
  private readonly terminated: Uint8Array;
  private next = 0;
  private count = 0;
  private rngState: number;
  private batch: ReplayBatch | undefined;

  constructor(config: Partial<ReplayBufferConfig>) {
    this.config = resolveReplayBufferConfig(config);
    const { capacity, observationShape, observationDtype, seed } = this.config;
    this.observationSize = observationShape.reduce((a, b) => a * b, 1);
    const Store = observationDtype === 'uint8' ? Uint8Array : Float32Array;
    const bytes = 2 * capacity * this.observationSize * Store.BYTES_PER_ELEMENT;
    if (bytes > os.freemem()) {
      console.warn(`ReplayBuffer: capacity ${capacity} × ${this.observationSize} ${observationDtype} needs ${(bytes / 2 ** 30).toFixed(1)} GiB, more than the ${(os.freemem() / 2 ** 30).toFixed(1)} GiB free`);
    }
    this.observations = new Store(capacity * this.observationSize);
    this.nextObservations = new Store(capacity * this.observationSize);
    this.actions = new Int32Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.terminated = new Uint8Array(capacity);
    this.rngState = seed >>> 0;
  }

  /** Transitions stored so far (at most `capacity`). */
  get size(): number {
    return this.count;
  }

  /** Stores one transition, overwriting the oldest when full. */
  add(observation: ArrayLike<number>, action: number, reward: number, nextObservation: ArrayLike<number>, terminated: boolean): void {
    if (observation.length !== this.observationSize || nextObservation.length !== this.observationSize) {
      throw new ConfigError('ReplayBuffer.add', 'observation', `${this.observationSize} elements (shape [${this.config.observationShape.join(', ')}])`,
        `${observation.length} and ${nextObservation.length} elements`);
    }
    if (!Number.isInteger(action)) throw new ConfigError('ReplayBuffer.add', 'action', 'an integer', action);
    if (!Number.isFinite(reward)) throw new ConfigError('ReplayBuffer.add', 'reward', 'a finite number', reward);
    const i = this.next;
    this.observations.set(observation, i * this.observationSize);
    this.nextObservations.set(nextObservation, i * this.observationSize);
    this.actions[i] = action;
    this.rewards[i] = reward;
    this.terminated[i] = terminated ? 1 : 0;
    this.next = (i + 1) % this.config.capacity;
    this.count = Math.min(this.count + 1, this.config.capacity);
  }

  /** Draws `batchSize` transitions uniformly with replacement into reused batch arrays. */
  sample(batchSize: number): ReplayBatch {
    checkInteger('ReplayBuffer.sample', 'batchSize', batchSize);
    if (this.count === 0) {
      throw new ConfigError('ReplayBuffer.sample', 'the buffer', 'at least one stored transition', 'an empty buffer', 'Call add() before sample().');
    }
    const batch = this.batchOfSize(batchSize);
    const n = this.observationSize;
    for (let b = 0; b < batchSize; b++) {
      const i = this.nextIndex(this.count);
      batch.observations.set(this.observations.subarray(i * n, (i + 1) * n), b * n);
      batch.nextObservations.set(this.nextObservations.subarray(i * n, (i + 1) * n), b * n);
      batch.actions[b] = this.actions[i];
      batch.rewards[b] = this.rewards[i];
      batch.terminated[b] = this.terminated[i];
    }
    return batch;
  }

  private batchOfSize(size: number): ReplayBatch {
    if (this.batch?.size !== size) {
      const Store = this.config.observationDtype === 'uint8' ? Uint8Array : Float32Array;
      this.batch = {
        size,
        observations: new Store(size * this.observationSize),
        actions: new Int32Array(size),
        rewards: new Float32Array(size),
        nextObservations: new Store(size * this.observationSize),
        terminated: new Float32Array(size),
      };
    }
    return this.batch;
  }

  /** A uniform index in [0, n) from mulberry32, a small seeded 32-bit generator. */
  private nextIndex(n: number): number {
    this.rngState = (this.rngState + 0x6d2b79f5) >>> 0;
    let t = this.rngState;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const u = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(u * n);
  }
}
