/**
 * The target network (Mnih et al. 2015, "Methods: training algorithm"): a copy θ⁻ of the
 * online parameters θ that the TD target reads, held fixed between syncs so that the
 * regression target does not move with every update. Two ways to follow θ:
 * - hard: θ⁻ ← θ every `syncEvery` updates (Mnih et al. 2015: every C = 10,000 updates;
 *   MinAtar's reference: every 1,000);
 * - polyak: θ⁻ ← τ θ + (1 − τ) θ⁻ after every `syncEvery` updates (Lillicrap et al. 2016).
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, checkOneOf, resolveConfig, ShapeError } from '@deeper/core';

export interface TargetNetworkConfig {
  /** 'hard' copies θ outright; 'polyak' averages. Default 'hard' (Mnih et al. 2015). */
  mode: 'hard' | 'polyak';
  /** Updates between syncs. Default 1,000 (MinAtar's reference DQN, Young & Tian 2019). */
  syncEvery: number;
  /** Polyak's τ ∈ (0, 1]: the weight of θ in each average; 1 makes it a hard copy. Default 0.005 (Lillicrap et al. 2016 use 0.001; SB3's 0.005). Only read in 'polyak' mode. */
  tau: number;
}

export const targetNetworkDefaults: TargetNetworkConfig = { mode: 'hard', syncEvery: 1000, tau: 0.005 };

export function resolveTargetNetworkConfig(partial: Partial<TargetNetworkConfig>): TargetNetworkConfig {
  const who = 'TargetNetwork';
  const c = resolveConfig(who, targetNetworkDefaults, partial);
  checkOneOf(who, 'mode', c.mode, ['hard', 'polyak'] as const);
  checkInteger(who, 'syncEvery', c.syncEvery);
  checkNumber(who, 'tau', c.tau, 0, 1);
  if (c.tau === 0) checkNumber(who, 'tau', c.tau, 0, 1, true);
  return c;
}

export class TargetNetwork {
  readonly config: TargetNetworkConfig;

  /** `target` must have the architecture of `online`; it is set to θ at once. */
  constructor(readonly online: tf.LayersModel, readonly target: tf.LayersModel, config: Partial<TargetNetworkConfig> = {}) {
    this.config = resolveTargetNetworkConfig(config);
    const a = online.weights.map((w) => w.shape.join('×'));
    const b = target.weights.map((w) => w.shape.join('×'));
    if (a.join() !== b.join()) throw new ShapeError('TargetNetwork', `a target with the online network's weight shapes [${a.join(', ')}]`, `[${b.join(', ')}]`);
    target.trainable = false;
    this.copy(1);
  }

  /**
   * Called after update number `updates` (from 1): syncs when one is due and says whether
   * it did.
   */
  afterUpdate(updates: number): boolean {
    if (updates % this.config.syncEvery !== 0) return false;
    this.copy(this.config.mode === 'hard' ? 1 : this.config.tau);
    return true;
  }

  /** θ⁻ ← τ θ + (1 − τ) θ⁻ (τ = 1: a copy). */
  copy(tau: number): void {
    const online = this.online.weights;
    const target = this.target.weights;
    tf.tidy(() => {
      online.forEach((w, i) => {
        const theta = w.read();
        target[i].write(tau === 1 ? theta : tf.add(tf.mul(theta, tau), tf.mul(target[i].read(), 1 - tau)));
      });
    });
  }
}
