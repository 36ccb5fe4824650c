/**
 * The generators' random draws, all from core's `TrainRng` (Mulberry32): one 32-bit state,
 * so a seed fixes every scene, and the same seed gives the same bytes on any machine.
 */
import { TrainRng } from '@deeper/core';

export class SceneRandom {
  private readonly rng: TrainRng;

  constructor(seed: number) {
    this.rng = new TrainRng(seed);
  }

  /** An integer in [lo, hi], both included. */
  int(lo: number, hi: number): number {
    return lo + this.rng.nextInt(hi - lo + 1);
  }

  /** A float in [0, 1). */
  uniform(): number {
    return this.rng.nextUint32() / 0x100000000;
  }

  /** One element of `items`. */
  pick<T>(items: readonly T[]): T {
    return items[this.rng.nextInt(items.length)];
  }
}
