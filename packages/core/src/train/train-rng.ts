/**
 * The training loop's own random stream (minibatch order, augmentation seeds). Its whole
 * state is one 32-bit word, so a checkpoint can store it and a resumed run draws exactly
 * the numbers the uninterrupted run would have drawn. Generator: Mulberry32 (Tommy
 * Ettinger, 2017), small and fast; statistical quality is ample for shuffling.
 */
import { checkInteger } from '../config';

export class TrainRng {
  private s: number;

  /** `seed`: a non-negative safe integer; the same seed gives the same stream. */
  constructor(seed: number) {
    checkInteger('TrainRng', 'seed', seed, 0);
    // Fold the high bits in so that seeds differing above bit 32 give different streams.
    this.s = (seed ^ Math.floor(seed / 0x100000000) * 0x9e3779b9) >>> 0;
  }

  /** The generator's state, for a checkpoint. */
  get state(): number {
    return this.s;
  }

  set state(value: number) {
    checkInteger('TrainRng', 'state', value, 0, 0xffffffff);
    this.s = value;
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** A uniform integer in [0, n), without modulo bias. */
  nextInt(n: number): number {
    const limit = 0x100000000 - (0x100000000 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** A uniformly random permutation of 0…n−1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.nextInt(i + 1);
      const t = order[i];
      order[i] = order[j];
      order[j] = t;
    }
    return order;
  }
}
