/**
 * n-step returns (Sutton 1988; used in Rainbow, Hessel et al. 2018): instead of (s₀, a₀, r₀, s₁),
 * store (s₀, a₀, r₀ + γ r₁ + … + γⁿ⁻¹ rₙ₋₁, sₙ), whose bootstrap the update discounts by γⁿ.
 * The accumulator holds the last n one-step transitions of the running episode and releases
 * an n-step transition once it has n of them. At an episode's end it releases the shorter
 * ones too: after a termination they bootstrap from nothing, after a truncation from the
 * last observation with γᵏ for their k rewards. No transition ever spans two episodes.
 */
import { checkInteger, checkNumber } from '@deeper/core';
import type { StoredTransition } from './replay-buffer';

/** One env step, as the actor emits it. */
export interface OneStep {
  observation: ArrayLike<number>;
  action: number;
  reward: number;
  nextObservation: ArrayLike<number>;
  terminated: boolean;
  truncated: boolean;
}

const copyOf = (a: ArrayLike<number>): ArrayLike<number> =>
  (a instanceof Uint8Array || a instanceof Float32Array || a instanceof Float64Array || a instanceof Int32Array ? a.slice() : Array.from(a));

export class NStepAccumulator {
  readonly n: number;
  readonly gamma: number;
  private readonly pending: OneStep[] = [];

  /** `n` ≥ 1 rewards per transition (1 passes transitions through), discount `gamma` ∈ [0, 1]. */
  constructor(n: number, gamma: number) {
    this.n = checkInteger('NStepAccumulator', 'n', n, 1, 255);
    this.gamma = checkNumber('NStepAccumulator', 'gamma', gamma, 0, 1);
  }

  /** Takes one env step; returns the n-step transitions it completes (0, 1, or all pending at an episode's end). */
  push(step: OneStep): StoredTransition[] {
    // Env arrays may be reused by the env after the call: keep copies.
    this.pending.push({ ...step, observation: copyOf(step.observation), nextObservation: copyOf(step.nextObservation) });
    const out: StoredTransition[] = [];
    const ended = step.terminated || step.truncated;
    if (this.pending.length === this.n) out.push(this.release());
    if (ended) {
      while (this.pending.length > 0) out.push(this.release());
    }
    return out;
  }

  /** Drops what is pending (a run stopped mid-episode). */
  clear(): void {
    this.pending.length = 0;
  }

  /** The n-step transition from the oldest pending step to the newest; removes the oldest. */
  private release(): StoredTransition {
    const first = this.pending[0];
    const last = this.pending[this.pending.length - 1];
    let reward = 0;
    for (let k = this.pending.length - 1; k >= 0; k--) reward = this.pending[k].reward + this.gamma * reward; // Σₖ γᵏ rₖ
    const transition: StoredTransition = {
      observation: first.observation,
      action: first.action,
      reward,
      nextObservation: last.nextObservation,
      terminated: last.terminated,
      truncated: last.truncated,
      steps: this.pending.length,
    };
    this.pending.shift();
    return transition;
  }
}
