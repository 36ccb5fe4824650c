/**
 * The seeded random number generator every env, space and wrapper uses: one instance per
 * owner, never `Math.random`. It is PCG32 (O'Neill 2014, "PCG: A Family of Simple Fast
 * Space-Efficient Statistically Good Algorithms"): 64-bit state, 32-bit output, fast in
 * JavaScript with BigInt-free 32-bit halves.
 */
import { EnvError } from './errors';

const MULT_HI = 0x5851f42d;
const MULT_LO = 0x4c957f2d;

export class Rng {
  private hi = 0;
  private lo = 0;
  private incHi = 0;
  private incLo = 0;

  /** `seed` must be a non-negative safe integer; the same seed gives the same stream. */
  constructor(seed: number) {
    this.seed(seed);
  }

  /** Restarts the stream from `seed`. */
  seed(seed: number): void {
    checkSeed('Rng', seed);
    // Split the seed into two 32-bit words; the stream (increment) is derived from it too,
    // so nearby seeds give unrelated streams.
    const seedLo = seed >>> 0;
    const seedHi = Math.floor(seed / 0x100000000) >>> 0;
    this.incHi = (seedHi ^ 0xda3e39cb) >>> 0;
    this.incLo = ((seedLo ^ 0x94d049bb) << 1 | 1) >>> 0;
    this.hi = 0;
    this.lo = 0;
    this.step();
    this.addToState(seedHi, seedLo);
    this.step();
  }

  /** A uniform 32-bit unsigned integer. */
  nextUint32(): number {
    const oldHi = this.hi;
    const oldLo = this.lo;
    this.step();
    // XSH RR output: xorshifted = uint32(((old >> 18) ^ old) >> 27), rotated by old >> 59.
    const uHi = (oldHi >>> 18) ^ oldHi;
    const uLo = ((oldLo >>> 18) | (oldHi << 14)) ^ oldLo;
    const x = ((uLo >>> 27) | (uHi << 5)) >>> 0;
    const rot = oldHi >>> 27;
    return ((x >>> rot) | (x << ((32 - rot) & 31))) >>> 0;
  }

  /** A uniform float in [0, 1) with 32 bits of randomness. */
  nextFloat(): number {
    return this.nextUint32() / 0x100000000;
  }

  /** A uniform integer in [0, n), without modulo bias. */
  nextInt(n: number): number {
    if (!Number.isInteger(n) || n <= 0 || n > 0x100000000) {
      throw new EnvError(`Rng.nextInt expects n to be an integer in [1, 2^32], but received ${n}`);
    }
    const limit = 0x100000000 - (0x100000000 % n);
    let r = this.nextUint32();
    while (r >= limit) r = this.nextUint32();
    return r % n;
  }

  /** A uniform float in [low, high). */
  uniform(low: number, high: number): number {
    return low + (high - low) * this.nextFloat();
  }

  /** A standard normal draw (Box–Muller). */
  normal(): number {
    let u = 0;
    while (u === 0) u = this.nextFloat();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.nextFloat());
  }

  /** A new seed drawn from this stream, for child generators (spaces, sub-envs). */
  spawnSeed(): number {
    return this.nextUint32() * 0x200000 + (this.nextUint32() >>> 11);
  }

  /** state = state * MULT + inc (mod 2^64), done in 32-bit halves. */
  private step(): void {
    const aHi = this.hi, aLo = this.lo;
    // 64-bit multiply low part: (aHi*2^32 + aLo) * (MULT_HI*2^32 + MULT_LO) mod 2^64
    const loLo = mul32(aLo, MULT_LO);
    const hi = (loLo.hi + Math.imul(aHi, MULT_LO) + Math.imul(aLo, MULT_HI)) >>> 0;
    this.lo = loLo.lo;
    this.hi = hi;
    this.addToState(this.incHi, this.incLo);
  }

  private addToState(hi: number, lo: number): void {
    const sumLo = this.lo + lo;
    const carry = sumLo > 0xffffffff ? 1 : 0;
    this.lo = sumLo >>> 0;
    this.hi = (this.hi + hi + carry) >>> 0;
  }
}

/** Full 32×32→64-bit unsigned multiply. */
function mul32(a: number, b: number): { hi: number; lo: number } {
  const a16 = a >>> 16, a00 = a & 0xffff;
  const b16 = b >>> 16, b00 = b & 0xffff;
  const lolo = a00 * b00;
  const mid1 = a16 * b00;
  const mid2 = a00 * b16;
  const hihi = a16 * b16;
  const midSum = mid1 + mid2 + (lolo >>> 16);
  const lo = ((midSum & 0xffff) << 16 | (lolo & 0xffff)) >>> 0;
  const hi = (hihi + Math.floor(midSum / 0x10000)) >>> 0;
  return { hi, lo };
}

/** Seeds must be non-negative safe integers (Gymnasium's rule, too). */
export function checkSeed(who: string, seed: unknown): number {
  if (typeof seed !== 'number' || !Number.isSafeInteger(seed) || seed < 0) {
    throw new EnvError(`${who} expects seed to be a non-negative integer, but received ${typeof seed === 'string' ? JSON.stringify(seed) : String(seed)}`);
  }
  return seed;
}

/**
 * A seed for an independent stream named `stream`, derived from `seed`. Spaces seed their
 * generators through it: Gymnasium's idiom seeds the env and its action space with the same
 * number, and two PCG32 generators with equal seeds would draw equal numbers, so a "random"
 * policy would be correlated with the env's own spawns.
 */
export function deriveSeed(seed: number, stream: string): number {
  checkSeed('deriveSeed', seed);
  let h = 0x811c9dc5;
  for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x01000193) >>> 0;
  const mixer = new Rng(seed);
  for (let i = 0; i < (h & 7) + 1; i++) mixer.nextUint32();
  return ((mixer.nextUint32() ^ h) >>> 0) * 0x200000 + (mixer.nextUint32() >>> 11);
}
