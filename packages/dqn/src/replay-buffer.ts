/**
 * Experience replay (Mnih et al. 2015, "Human-level control through deep reinforcement
 * learning"): a fixed-capacity ring of transitions (s, a, r, s', terminated, truncated) from
 * which minibatches are drawn uniformly, breaking the correlation between consecutive updates.
 *
 * `terminated` and `truncated` are stored apart (Gymnasium ≥ 0.26): only a terminal state
 * stops the bootstrap, a time-out (`truncated`) still bootstraps from s'. Each transition
 * also records how many rewards its `reward` sums (`steps`, 1 unless an n-step accumulator
 * built it), so that the update discounts its bootstrap by γ^steps.
 *
 * Observations live in a `FrameStore`: each distinct frame once (s′ of one transition is s
 * of the next; a stack of k frames shares k − 1 with the previous stack), in the env's own
 * dtype or, for 0/1 grids such as MinAtar's, packed eight cells to a byte ('bit'). A
 * transition keeps the ring slots of its frames. 100,000 MinAtar Seaquest transitions
 * (10×10×10 cells) take 22.9 MB this way instead of 200 MB (`bytes`; `deeper bench dqn`).
 * If episodes were so short that the frame ring ran out (under two steps per episode on
 * average with the default `frameCapacity`), the oldest transitions are dropped and `size`
 * stays below `capacity`.
 *
 * `sample` fills batch buffers that are reused between calls. `save`/`load` write the whole
 * ring to one file, atomically.
 */
import * as os from 'node:os';
import { readFileSync } from 'node:fs';
import { checkInteger, resolveConfig, writeFileAtomic, CheckpointError, ConfigError } from '@deeper/core';
import { FrameStore } from './frame-store';

export type ObservationArray = Uint8Array | Float32Array;

export interface ReplayBufferConfig {
  /** Transitions kept; the oldest is overwritten when full. Default 100,000 (MinAtar's reference DQN, Young & Tian 2019). */
  capacity: number;
  /** Shape of one observation, e.g. [10, 10, 4] for MinAtar Breakout. Required. */
  observationShape: number[];
  /**
   * Storage type of observations: 'bit' for elements that are all 0 or 1 (MinAtar's grids:
   * eight to a byte, sampled as 0/1 bytes), 'uint8' for pixel frames, 'float32' otherwise.
   * Default 'float32'.
   */
  observationDtype: 'uint8' | 'float32' | 'bit';
  /**
   * Observations are stacks of this many frames along their first axis (`FrameStack`'s
   * layout, `[k, ...frame]`); each distinct frame is stored once. Default 1 (an observation is one frame).
   */
  framesPerObservation: number;
  /**
   * Frames the ring keeps; 0 for capacity · 1.5 + lookback + 2 · framesPerObservation, enough
   * for episodes of two steps on average (an episode of L steps has L + 1 distinct frames,
   * stacked or not). Default 0.
   */
  frameCapacity: number;
  /** Newest frames searched for an equal one before a frame is written (n-step stacks reach n + k back). Default 32. */
  frameLookback: number;
  /** Seed of the sampling generator (a non-negative integer). Default 0. */
  seed: number;
}

export const replayBufferDefaults: ReplayBufferConfig = {
  capacity: 100_000,
  observationShape: [],
  observationDtype: 'float32',
  framesPerObservation: 1,
  frameCapacity: 0,
  frameLookback: 32,
  seed: 0,
};

/** The frame ring's size for `config` (its `frameCapacity`, or the default that 0 stands for). */
export function frameCapacityOf(config: ReplayBufferConfig): number {
  return config.frameCapacity > 0
    ? config.frameCapacity
    : config.capacity + Math.ceil(config.capacity / 2) + config.frameLookback + 2 * config.framesPerObservation;
}

export function resolveReplayBufferConfig(partial: Partial<ReplayBufferConfig>): ReplayBufferConfig {
  const config = resolveConfig('ReplayBuffer', replayBufferDefaults, partial);
  checkInteger('ReplayBuffer', 'capacity', config.capacity);
  if (!Array.isArray(config.observationShape) || config.observationShape.length === 0 ||
      !config.observationShape.every((d) => Number.isInteger(d) && d > 0)) {
    throw new ConfigError('ReplayBuffer', 'observationShape', 'a non-empty array of positive integers', config.observationShape);
  }
  if (config.observationDtype !== 'uint8' && config.observationDtype !== 'float32' && config.observationDtype !== 'bit') {
    throw new ConfigError('ReplayBuffer', 'observationDtype', '"bit", "uint8" or "float32"', config.observationDtype);
  }
  const k = checkInteger('ReplayBuffer', 'framesPerObservation', config.framesPerObservation);
  if (k > 1 && config.observationShape[0] !== k) {
    throw new ConfigError('ReplayBuffer', 'framesPerObservation', `the first axis of observationShape [${config.observationShape.join(', ')}] (FrameStack's [k, ...frame])`, k);
  }
  checkInteger('ReplayBuffer', 'frameLookback', config.frameLookback, 0);
  checkInteger('ReplayBuffer', 'frameCapacity', config.frameCapacity, 0);
  // One add writes up to 2k frames and looks back frameLookback: the ring must hold the newest transition's frames.
  const least = 2 * k + config.frameLookback + 1;
  if (config.frameCapacity !== 0 && config.frameCapacity < least) {
    throw new ConfigError('ReplayBuffer', 'frameCapacity', `0 (automatic) or at least 2 · framesPerObservation + frameLookback + 1 = ${least}`, config.frameCapacity);
  }
  checkInteger('ReplayBuffer', 'seed', config.seed, 0);
  return config;
}

/** One transition as the buffer stores it. */
export interface StoredTransition {
  observation: ArrayLike<number>;
  action: number;
  /** The reward, or for an n-step transition the discounted sum r₀ + γ r₁ + … of `steps` rewards. */
  reward: number;
  /** The observation `steps` steps later, bootstrapped from unless `terminated`. */
  nextObservation: ArrayLike<number>;
  /** The MDP reached a terminal state: no bootstrap. */
  terminated: boolean;
  /** A limit outside the MDP (a time-out) ended the episode: bootstrap as usual. Default false. */
  truncated?: boolean;
  /** Rewards summed in `reward`; the bootstrap is discounted by γ^steps. Default 1. */
  steps?: number;
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
  /** 1 where a time limit cut the episode after the transition (it still bootstraps), else 0. */
  truncated: Float32Array;
  /** Rewards summed in each `rewards` entry (1 for one-step transitions). */
  steps: Float32Array;
  /** Ring positions of the sampled transitions (for prioritized replay's priority updates). */
  indices: Int32Array;
}

const fileFormat = 'deeper-replay-buffer';

export class ReplayBuffer {
  readonly config: ReplayBufferConfig;
  /** Elements in one observation. */
  readonly observationSize: number;
  /** The frames of every stored observation, each distinct one once. */
  protected readonly frames: FrameStore;
  /** Frames per observation (k) and elements per frame. */
  private readonly k: number;
  private readonly frameSize: number;
  /** Ring slots of each transition's k observation frames and k next-observation frames. */
  protected readonly observationFrames: Int32Array;
  protected readonly nextObservationFrames: Int32Array;
  /** A lower bound of each transition's frame numbers: once the ring overwrites it, the transition is dropped. */
  protected readonly frameFloors: Float64Array;
  protected readonly actions: Int32Array;
  protected readonly rewards: Float32Array;
  protected readonly terminatedFlags: Uint8Array;
  protected readonly truncatedFlags: Uint8Array;
  protected readonly stepCounts: Uint8Array;
  /** Ring position the next `add` writes. */
  protected next = 0;
  protected count = 0;
  private rng: number;
  private batch: ReplayBatch | undefined;
  private readonly refScratch: Int32Array;
  private slotScratch = new Int32Array(0);

  constructor(config: Partial<ReplayBufferConfig>) {
    this.config = resolveReplayBufferConfig(config);
    const { capacity, observationShape, observationDtype, framesPerObservation: k, frameLookback, seed } = this.config;
    this.observationSize = observationShape.reduce((a, b) => a * b, 1);
    this.k = k;
    this.frameSize = this.observationSize / k;
    const frameCapacity = frameCapacityOf(this.config);
    const frameBytes = observationDtype === 'bit' ? Math.ceil(this.frameSize / 8) : observationDtype === 'uint8' ? this.frameSize : 4 * this.frameSize;
    const bytes = frameCapacity * (frameBytes + 4) + capacity * (8 * k + 19);
    if (bytes > os.freemem()) {
      console.warn(`ReplayBuffer: capacity ${capacity} of ${k} × ${this.frameSize} ${observationDtype} frames needs ${(bytes / 2 ** 30).toFixed(1)} GiB, more than the ${(os.freemem() / 2 ** 30).toFixed(1)} GiB free`);
    }
    this.frames = new FrameStore(this.frameSize, frameCapacity, observationDtype, frameLookback);
    this.observationFrames = new Int32Array(capacity * k);
    this.nextObservationFrames = new Int32Array(capacity * k);
    this.frameFloors = new Float64Array(capacity);
    this.actions = new Int32Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.terminatedFlags = new Uint8Array(capacity);
    this.truncatedFlags = new Uint8Array(capacity);
    this.stepCounts = new Uint8Array(capacity);
    this.refScratch = new Int32Array(2 * k);
    this.rng = seed >>> 0;
  }

  /** Transitions stored so far (at most `capacity`). */
  get size(): number {
    return this.count;
  }

  /** Bytes of everything the buffer stores (frames, frame numbers, actions, rewards, flags; and priorities when prioritized). */
  get bytes(): number {
    return this.storage().reduce((sum, [, a]) => sum + a.byteLength, 0);
  }

  /** Distinct frames written so far. */
  get framesWritten(): number {
    return this.frames.count;
  }

  /** The sampling generator's state (one 32-bit word), for checkpoints. */
  get rngState(): number {
    return this.rng;
  }

  set rngState(value: number) {
    checkInteger('ReplayBuffer', 'rngState', value, 0, 0xffffffff);
    this.rng = value;
  }

  /**
   * Stores one transition, overwriting the oldest when full, and returns its ring position.
   * `truncated` and `steps` may be omitted (false and 1).
   */
  add(observation: ArrayLike<number>, action: number, reward: number, nextObservation: ArrayLike<number>, terminated: boolean, truncated = false, steps = 1): number {
    if (observation.length !== this.observationSize || nextObservation.length !== this.observationSize) {
      throw new ConfigError('ReplayBuffer.add', 'observation', `${this.observationSize} elements (shape [${this.config.observationShape.join(', ')}])`,
        `${observation.length} and ${nextObservation.length} elements`);
    }
    if (!Number.isInteger(action)) throw new ConfigError('ReplayBuffer.add', 'action', 'an integer', action);
    if (!Number.isFinite(reward)) throw new ConfigError('ReplayBuffer.add', 'reward', 'a finite number', reward);
    if (!Number.isInteger(steps) || steps < 1 || steps > 255) throw new ConfigError('ReplayBuffer.add', 'steps', 'an integer in [1, 255]', steps);
    const { capacity } = this.config;
    const k = this.k;
    const i = this.next;
    // Frames found by the lookback are at most frameLookback behind; new ones are newer.
    const floor = Math.max(0, this.frames.count - this.frames.lookback);
    // Frame numbers go to a scratch first: a refused observation must leave the ring's transitions as they were.
    const refs = this.refScratch;
    const slots = this.frames.capacity;
    for (let j = 0; j < k; j++) refs[j] = this.frames.put(observation, j * this.frameSize) % slots;
    for (let j = 0; j < k; j++) refs[k + j] = this.frames.put(nextObservation, j * this.frameSize) % slots;
    this.observationFrames.set(refs.subarray(0, k), i * k);
    this.nextObservationFrames.set(refs.subarray(k), i * k);
    this.frameFloors[i] = floor;
    this.actions[i] = action;
    this.rewards[i] = reward;
    this.terminatedFlags[i] = terminated ? 1 : 0;
    this.truncatedFlags[i] = truncated ? 1 : 0;
    this.stepCounts[i] = steps;
    this.next = (i + 1) % capacity;
    this.count = Math.min(this.count + 1, capacity);
    // Drop the oldest transitions whose frames the ring may have overwritten.
    const overwritten = this.frames.count - this.frames.capacity;
    while (this.count > 1) {
      const oldest = (this.next - this.count + capacity) % capacity;
      if (this.frameFloors[oldest] >= overwritten) break;
      this.dropped(oldest);
      this.count--;
    }
    return i;
  }

  /** Ring position `i` stopped holding a transition (the prioritized buffer zeroes its priority). */
  protected dropped(_i: number): void {}

  /** Stores a transition given as an object (see `StoredTransition`). */
  addTransition(t: StoredTransition): number {
    return this.add(t.observation, t.action, t.reward, t.nextObservation, t.terminated, t.truncated ?? false, t.steps ?? 1);
  }

  /** Draws `batchSize` transitions uniformly with replacement into reused batch arrays. */
  sample(batchSize: number): ReplayBatch {
    const batch = this.checkSample(batchSize);
    const { capacity } = this.config;
    // Live transitions are the `count` ring positions before `next` (all of them when full).
    const oldest = this.count === capacity ? 0 : (this.next - this.count + capacity) % capacity;
    for (let b = 0; b < batchSize; b++) batch.indices[b] = (oldest + this.nextIndex(this.count)) % capacity;
    this.gather(batch);
    return batch;
  }

  protected checkSample(batchSize: number): ReplayBatch {
    checkInteger(`${this.constructor.name}.sample`, 'batchSize', batchSize);
    if (this.count === 0) {
      throw new ConfigError(`${this.constructor.name}.sample`, 'the buffer', 'at least one stored transition', 'an empty buffer', 'Call add() before sample().');
    }
    return this.batchOfSize(batchSize);
  }

  /** Fills every row of `batch` from the ring positions in `batch.indices`: the scalars, then the frames in two sweeps. */
  protected gather(batch: ReplayBatch): void {
    const { size, indices } = batch;
    const k = this.k;
    for (let b = 0; b < size; b++) {
      const i = indices[b];
      batch.actions[b] = this.actions[i];
      batch.rewards[b] = this.rewards[i];
      batch.terminated[b] = this.terminatedFlags[i];
      batch.truncated[b] = this.truncatedFlags[i];
      batch.steps[b] = this.stepCounts[i];
    }
    // Frame j of row b goes to element (b·k + j) · frameSize of the batch array.
    const slots = this.slotScratch.length === size * k ? this.slotScratch : (this.slotScratch = new Int32Array(size * k));
    this.gatherFrames(this.observationFrames, indices, slots, batch.observations);
    this.gatherFrames(this.nextObservationFrames, indices, slots, batch.nextObservations);
  }

  /** Copies the frames that `frames` names for the transitions at `indices` into `into`, row after row. */
  private gatherFrames(frames: Int32Array, indices: Int32Array, slots: Int32Array, into: ObservationArray): void {
    const k = this.k;
    if (k === 1) for (let b = 0; b < slots.length; b++) slots[b] = frames[indices[b]];
    else for (let b = 0; b < indices.length; b++) for (let j = 0; j < k; j++) slots[b * k + j] = frames[indices[b] * k + j];
    this.frames.readMany(slots, into);
  }

  private batchOfSize(size: number): ReplayBatch {
    if (this.batch?.size !== size) {
      const Store = this.config.observationDtype === 'float32' ? Float32Array : Uint8Array;
      this.batch = {
        size,
        observations: new Store(size * this.observationSize),
        actions: new Int32Array(size),
        rewards: new Float32Array(size),
        nextObservations: new Store(size * this.observationSize),
        terminated: new Float32Array(size),
        truncated: new Float32Array(size),
        steps: new Float32Array(size),
        indices: new Int32Array(size),
      };
    }
    return this.batch;
  }

  /** A uniform float in [0, 1) from mulberry32, a small seeded 32-bit generator. */
  protected nextFloat(): number {
    this.rng = (this.rng + 0x6d2b79f5) >>> 0;
    let t = this.rng;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A uniform index in [0, n). */
  protected nextIndex(n: number): number {
    return Math.floor(this.nextFloat() * n);
  }

  /** The typed arrays that make up the ring, in file order. */
  protected storage(): [string, ArrayBufferView][] {
    return [
      ['frames', this.frames.data], ['frameHashes', this.frames.hashes], ['observationFrames', this.observationFrames],
      ['nextObservationFrames', this.nextObservationFrames], ['frameFloors', this.frameFloors], ['actions', this.actions], ['rewards', this.rewards],
      ['terminated', this.terminatedFlags], ['truncated', this.truncatedFlags], ['steps', this.stepCounts],
    ];
  }

  /**
   * Writes the buffer (config, position, count, sampler state and every stored array) to
   * `path` in one atomic write: a crash leaves the old file or the whole new one.
   */
  save(path: string): void {
    const arrays = this.storage();
    const header = Buffer.from(JSON.stringify({
      format: fileFormat, version: 2, kind: this.constructor.name, config: this.config, next: this.next, count: this.count, rngState: this.rng,
      framesWritten: this.frames.count,
      arrays: arrays.map(([name, a]) => ({ name, bytes: a.byteLength })),
    }), 'utf8');
    const length = new Uint8Array(4);
    new DataView(length.buffer).setUint32(0, header.byteLength, true);
    writeFileAtomic(path, [length, header, ...arrays.map(([, a]) => new Uint8Array(a.buffer, a.byteOffset, a.byteLength))]);
  }

  /**
   * Restores what `save` wrote into this buffer, which must have the same capacity,
   * observation shape and dtype; refuses anything else with the mismatch named.
   */
  load(path: string): void {
    let bytes: Buffer;
    try {
      bytes = readFileSync(path);
    } catch (error) {
      throw new CheckpointError(path, `the replay file cannot be read (${(error as Error).message})`);
    }
    const headerLength = bytes.byteLength >= 4 ? bytes.readUInt32LE(0) : -1;
    let header: {
      format?: string; version?: number; kind?: string; config?: ReplayBufferConfig; next?: number; count?: number; rngState?: number; framesWritten?: number;
      arrays?: { name: string; bytes: number }[];
    };
    try {
      header = JSON.parse(bytes.subarray(4, 4 + headerLength).toString('utf8'));
    } catch {
      throw new CheckpointError(path, 'its header is not the JSON a ReplayBuffer writes; the file is corrupt or of another kind');
    }
    if (header.format !== fileFormat || header.version !== 2) {
      throw new CheckpointError(path, `its format is ${JSON.stringify(header.format)} version ${header.version}, not ${fileFormat} version 2 (version 1 stored every observation twice; it cannot be read)`);
    }
    if (header.kind !== this.constructor.name) throw new CheckpointError(path, `it holds a ${String(header.kind)}, and the buffer to fill is a ${this.constructor.name}`);
    const c = header.config;
    const mine = this.config;
    if (c === undefined || c.capacity !== mine.capacity || c.observationDtype !== mine.observationDtype || c.observationShape.join(',') !== mine.observationShape.join(',')) {
      throw new CheckpointError(path, `it holds ${c?.capacity} ${c?.observationDtype} observations of shape [${c?.observationShape?.join(', ')}], ` +
        `and this buffer keeps ${mine.capacity} ${mine.observationDtype} of shape [${mine.observationShape.join(', ')}]`);
    }
    if (c.framesPerObservation !== mine.framesPerObservation || frameCapacityOf(c) !== frameCapacityOf(mine) || c.frameLookback !== mine.frameLookback) {
      throw new CheckpointError(path, `it holds stacks of ${c.framesPerObservation} frames in a ring of ${frameCapacityOf(c)} (lookback ${c.frameLookback}), ` +
        `and this buffer keeps stacks of ${mine.framesPerObservation} in a ring of ${frameCapacityOf(mine)} (lookback ${mine.frameLookback})`);
    }
    const arrays = this.storage();
    let offset = 4 + headerLength;
    const expected = arrays.reduce((s, [, a]) => s + a.byteLength, offset);
    if (bytes.byteLength !== expected) throw new CheckpointError(path, `it has ${bytes.byteLength} bytes, and its header describes ${expected}: the file is truncated or damaged`);
    for (const [, a] of arrays) {
      new Uint8Array(a.buffer, a.byteOffset, a.byteLength).set(bytes.subarray(offset, offset + a.byteLength));
      offset += a.byteLength;
    }
    this.next = header.next ?? 0;
    this.count = header.count ?? 0;
    this.rng = header.rngState ?? 0;
    this.frames.count = header.framesWritten ?? 0;
    this.afterLoad();
  }

  /** Rebuilds derived structures after `load` (the prioritized buffer's sum tree). */
  protected afterLoad(): void {}
}
