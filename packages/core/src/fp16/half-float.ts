/**
 * IEEE 754 binary16 ("half", float16) conversion, done on the bits so that it is exact:
 * round-to-nearest-even, gradual underflow to subnormals, overflow to ±Infinity, NaN kept
 * NaN. tfjs 4.22 can *decode* float16 weights (its weight manifest's
 * `quantization: { dtype: 'float16' }`) but has no encoder, so saving in half precision
 * needs this one.
 */

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** The float16 bit pattern (0…0xffff) nearest to `value`, ties to even. */
export function toHalfBits(value: number): number {
  f32[0] = value;
  const bits = u32[0];
  const sign = (bits >>> 16) & 0x8000;
  const exponent = (bits >>> 23) & 0xff;
  const mantissa = bits & 0x7fffff;
  if (exponent === 0xff) return sign | (mantissa !== 0 ? 0x7e00 : 0x7c00);
  // Re-bias the exponent from float32's 127 to float16's 15.
  const halfExponent = exponent - 127 + 15;
  if (halfExponent >= 0x1f) return sign | 0x7c00;
  if (halfExponent <= 0) {
    // Below 2^-25 (half the smallest subnormal, 2^-24) everything rounds to ±0.
    if (halfExponent < -10) return sign;
    // Subnormal: value = significand · 2^(exponent-150) = halfMantissa · 2^-24.
    const significand = mantissa | 0x800000;
    const shift = 14 - halfExponent;
    let halfMantissa = significand >>> shift;
    const remainder = significand & ((1 << shift) - 1);
    const halfway = 1 << (shift - 1);
    if (remainder > halfway || (remainder === halfway && (halfMantissa & 1) === 1)) halfMantissa += 1;
    // A carry out of the mantissa lands in the exponent field: the smallest normal, as it should.
    return sign | halfMantissa;
  }
  let half = sign | (halfExponent << 10) | (mantissa >>> 13);
  const remainder = mantissa & 0x1fff;
  // A carry here may ripple into the exponent, up to 0x7c00 (Infinity): also correct.
  if (remainder > 0x1000 || (remainder === 0x1000 && (half & 1) === 1)) half += 1;
  return half;
}

/** The number a float16 bit pattern stands for. */
export function fromHalfBits(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa !== 0 ? NaN : sign * Infinity;
  return sign * (1 + mantissa / 1024) * 2 ** (exponent - 15);
}

/** `value` rounded to the nearest float16, as a number: `Math.fround`, but to half precision. */
export function roundHalf(value: number): number {
  return fromHalfBits(toHalfBits(value));
}

/** Packs float32 values into float16 bit patterns, two bytes each. */
export function float32ToFloat16(values: ArrayLike<number>): Uint16Array {
  const out = new Uint16Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = toHalfBits(values[i]);
  return out;
}

/** Unpacks float16 bit patterns into float32 values (exact: every half is a float32). */
export function float16ToFloat32(bits: ArrayLike<number>): Float32Array {
  const out = new Float32Array(bits.length);
  for (let i = 0; i < bits.length; i++) out[i] = fromHalfBits(bits[i]);
  return out;
}

/** Rounds every value to half precision, returning float32 storage. */
export function roundToHalfPrecision(values: ArrayLike<number>): Float32Array {
  const out = new Float32Array(values.length);
  for (let i = 0; i < values.length; i++) out[i] = roundHalf(values[i]);
  return out;
}
