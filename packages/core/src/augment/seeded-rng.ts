/**
 * A small seeded generator for augmentation parameters, so that (batch, seed) fixes the output.
 * It is SplitMix32: a Weyl sequence (Steele, Lea & Flood 2014, "Fast splittable pseudorandom
 * number generators") finished by MurmurHash3's 32-bit mixer. Core keeps its own rather than
 * importing @deeper/envs' PCG32, because core must not depend on envs.
 */
import { ConfigError } from '../errors';

export class SeededRng {
  private state: number;

  /** `seed`: a non-negative safe integer; the same seed gives the same stream. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new ConfigError('SeededRng', 'seed', 'a non-negative safe integer', seed);
    }
    // Fold the high word in through the mixer, so seeds 2^32 apart differ.
    this.state = (seed >>> 0) ^ mix(Math.floor(seed / 0x100000000) >>> 0);
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) | 0;
    return mix(this.state);
  }

  /** A uniform float in [0, 1). */
  nextFloat(): number {
    return this.nextUint32() / 0x100000000;
  }

  /** A uniform float in [low, high); exactly `low` when low = high. */
  uniform(low: number, high: number): number {
    return low === high ? low : low + (high - low) * this.nextFloat();
  }

  /** A uniform integer in [low, high], both ends included. */
  integer(low: number, high: number): number {
    return low + Math.floor(this.nextFloat() * (high - low + 1));
  }
}

/** MurmurHash3's fmix32 finalizer. */
function mix(x: number): number {
  let z = x;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}
