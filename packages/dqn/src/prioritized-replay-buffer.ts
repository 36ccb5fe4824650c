/**
 * Proportional prioritized experience replay (Schaul et al. 2016, "Prioritized Experience
 * Replay", §3.3): transition i is drawn with probability P(i) = pᵢ^α / Σₖ pₖ^α, its priority
 * pᵢ = |δᵢ| + ε the magnitude of its last TD error, and the bias this sampling introduces is
 * corrected by importance weights wᵢ = (N · P(i))^−β / maxⱼ wⱼ, with β annealed towards 1.
 * New transitions get the largest priority seen so far, so each is replayed at least once
 * soon. Sampling is stratified: the total mass is cut into `batchSize` equal segments and
 * one transition is drawn from each (the paper's appendix B.2.1).
 */
import { checkNumber, resolveConfig, ConfigError } from '@deeper/core';
import { ReplayBuffer, replayBufferDefaults, resolveReplayBufferConfig, type ReplayBatch, type ReplayBufferConfig } from './replay-buffer';
import { SumTree } from './sum-tree';

export interface PrioritizedReplayConfig extends ReplayBufferConfig {
  /** Priority exponent α: 0 is uniform sampling, 1 fully proportional. Default 0.6 (Schaul et al. 2016, Table 3, proportional variant). */
  alpha: number;
  /** Added to |δ| so that no transition's priority is 0. Default 1e-6 (a small constant; the paper leaves it unstated). */
  priorityEpsilon: number;
}

export const prioritizedReplayDefaults: PrioritizedReplayConfig = { ...replayBufferDefaults, alpha: 0.6, priorityEpsilon: 1e-6 };

export function resolvePrioritizedReplayConfig(partial: Partial<PrioritizedReplayConfig>): PrioritizedReplayConfig {
  const c = resolveConfig('PrioritizedReplayBuffer', prioritizedReplayDefaults, partial);
  const { alpha, priorityEpsilon, ...base } = c;
  resolveReplayBufferConfig(base);
  checkNumber('PrioritizedReplayBuffer', 'alpha', alpha, 0, 1);
  checkNumber('PrioritizedReplayBuffer', 'priorityEpsilon', priorityEpsilon, 0, Infinity, true);
  return c;
}

/** A prioritized minibatch: the uniform batch plus each sample's importance weight. */
export interface PrioritizedBatch extends ReplayBatch {
  /** wᵢ = (N · P(i))^−β / max w, in (0, 1]. */
  weights: Float32Array;
}

export class PrioritizedReplayBuffer extends ReplayBuffer {
  readonly alpha: number;
  readonly priorityEpsilon: number;
  private readonly tree: SumTree;
  /** Largest pᵢ^α given so far: the priority of new transitions. */
  private maxPriority = 1;
  private weights = new Float32Array(0);
  /** log pᵢ^α of each sampled row (scratch for `sample`). */
  private logPriorities = new Float64Array(0);

  constructor(config: Partial<PrioritizedReplayConfig>) {
    const c = resolvePrioritizedReplayConfig(config);
    const { alpha, priorityEpsilon, ...base } = c;
    super(base);
    this.alpha = alpha;
    this.priorityEpsilon = priorityEpsilon;
    this.tree = new SumTree(base.capacity);
  }

  override add(observation: ArrayLike<number>, action: number, reward: number, nextObservation: ArrayLike<number>, terminated: boolean, truncated = false, steps = 1): number {
    const i = super.add(observation, action, reward, nextObservation, terminated, truncated, steps);
    this.tree.set(i, this.maxPriority);
    return i;
  }

  protected override dropped(i: number): void {
    this.tree.set(i, 0);
  }

  /** Probability that one draw picks ring position `i`. */
  probability(i: number): number {
    return this.tree.get(i) / this.tree.total;
  }

  /** Draws `batchSize` transitions with P(i) ∝ pᵢ^α and their importance weights for exponent `beta` ∈ [0, 1]. */
  override sample(batchSize: number, beta = 1): PrioritizedBatch {
    checkNumber('PrioritizedReplayBuffer.sample', 'beta', beta, 0, 1);
    const batch = this.checkSample(batchSize) as PrioritizedBatch;
    if (this.weights.length !== batchSize) {
      this.weights = new Float32Array(batchSize);
      this.logPriorities = new Float64Array(batchSize);
    }
    batch.weights = this.weights;
    const total = this.tree.total;
    const segment = total / batchSize;
    let minLog = Infinity;
    for (let b = 0; b < batchSize; b++) {
      const i = this.tree.find(Math.min((b + this.nextFloat()) * segment, total * (1 - 1e-12)));
      batch.indices[b] = i;
      const logPriority = Math.log(this.tree.get(i));
      this.logPriorities[b] = logPriority;
      if (logPriority < minLog) minLog = logPriority;
    }
    // wᵢ / max w = (N · P(i))^−β / (N · P_min)^−β = (pᵢ / p_min)^−β, p_min the batch's smallest
    // priority: the max-normalisation of §3.4. As exp and log, which V8 runs faster than **.
    for (let b = 0; b < batchSize; b++) this.weights[b] = Math.exp(-beta * (this.logPriorities[b] - minLog));
    this.gather(batch);
    return batch;
  }

  /** Sets the priorities of ring positions `indices` from their new TD errors: pᵢ^α = (|δᵢ| + ε)^α. */
  updatePriorities(indices: ArrayLike<number>, tdErrors: ArrayLike<number>): void {
    if (indices.length !== tdErrors.length) {
      throw new ConfigError('PrioritizedReplayBuffer.updatePriorities', 'tdErrors', `${indices.length} values, one per index`, `${tdErrors.length}`);
    }
    for (let k = 0; k < indices.length; k++) {
      const delta = tdErrors[k];
      if (!Number.isFinite(delta)) throw new ConfigError('PrioritizedReplayBuffer.updatePriorities', `tdErrors[${k}]`, 'a finite number', delta);
      const priority = Math.exp(this.alpha * Math.log(Math.abs(delta) + this.priorityEpsilon)); // (|δ| + ε)^α, as exp and log (faster than ** in V8)
      this.tree.set(indices[k], priority);
      if (priority > this.maxPriority) this.maxPriority = priority;
    }
  }

  protected override storage(): [string, ArrayBufferView][] {
    return [...super.storage(), ['priorities', this.tree.leafPriorities()]];
  }

  protected override afterLoad(): void {
    this.tree.rebuild();
    // The largest stored priority stands in for the largest ever given (equal unless that one was overwritten).
    const leaves = this.tree.leafPriorities();
    this.maxPriority = 1e-12;
    for (let i = 0; i < leaves.length; i++) if (leaves[i] > this.maxPriority) this.maxPriority = leaves[i];
  }
}
