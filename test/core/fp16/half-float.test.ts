import * as tf from '@tensorflow/tfjs';
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  float16ToFloat32, float32ToFloat16, fromHalfBits, roundHalf, roundToHalfPrecision, toHalfBits,
} from '../../../packages/core/src/fp16/half-float';

await tf.setBackend('cpu');

// Hand-computed conversions: value → float16 bits.
const cases: [string, number, number][] = [
  ['one', 1, 0x3c00],
  ['minus two', -2, 0xc000],
  ['zero', 0, 0x0000],
  ['negative zero', -0, 0x8000],
  ['largest finite 65504', 65504, 0x7bff],
  ['65519 rounds down to 65504', 65519, 0x7bff],
  ['65520 is the tie between 65504 and 2^16: to even, which overflows to Infinity', 65520, 0x7c00],
  ['1e6 overflows to +Infinity', 1e6, 0x7c00],
  ['-1e6 overflows to -Infinity', -1e6, 0xfc00],
  ['+Infinity', Infinity, 0x7c00],
  ['0.1 → 0.0999755859375 (mantissa 0x266)', 0.1, 0x2e66],
  ['1/3 → 0.333251953125 (mantissa 0x155)', 1 / 3, 0x3555],
  ['smallest normal 2^-14', 2 ** -14, 0x0400],
  ['smallest subnormal 2^-24', 2 ** -24, 0x0001],
  ['largest subnormal 1023·2^-24', 1023 * 2 ** -24, 0x03ff],
  ['2^-25 is the tie between 0 and 2^-24: to even 0', 2 ** -25, 0x0000],
  ['1.5·2^-25 rounds up to 2^-24', 1.5 * 2 ** -25, 0x0001],
  ['3·2^-25 = 1.5·2^-24 ties to even 2·2^-24', 3 * 2 ** -25, 0x0002],
  ['1 + 2^-11 ties to even 1', 1 + 2 ** -11, 0x3c00],
  ['1 + 3·2^-11 ties to even 1 + 2^-9', 1 + 3 * 2 ** -11, 0x3c02],
  ['2049 ties to even 2048', 2049, 0x6800],
  ['2051 ties to even 2052', 2051, 0x6802],
  ['2047·2^-25 = 1023.5·2^-24 ties to even 1024·2^-24, the smallest normal', 2047 * 2 ** -25, 0x0400],
];

const toHalfBitsSuite = suite('toHalfBits');
for (const [label, value, bits] of cases) {
  toHalfBitsSuite(label, () => {
    assert.is(toHalfBits(value), bits, `${value} → 0x${toHalfBits(value).toString(16)}, expected 0x${bits.toString(16)}`);
  });
}
toHalfBitsSuite('NaN stays NaN', () => {
  const bits = toHalfBits(NaN);
  assert.is((bits & 0x7c00) === 0x7c00 && (bits & 0x3ff) !== 0, true);
});
toHalfBitsSuite('every float16 round-trips, and every midpoint ties to the even neighbour', () => {
  for (let h = 0; h < 0x7c00; h++) {
    const v = fromHalfBits(h);
    assert.is(toHalfBits(v), h);
    assert.is(toHalfBits(-v), h | 0x8000);
    if (h + 1 < 0x7c00) {
      const mid = (v + fromHalfBits(h + 1)) / 2;
      assert.is(toHalfBits(mid), h % 2 === 0 ? h : h + 1, `midpoint above 0x${h.toString(16)}`);
    }
  }
});
toHalfBitsSuite.run();

const fromHalfBitsSuite = suite('fromHalfBits');
fromHalfBitsSuite('hand-computed values', () => {
  assert.is(fromHalfBits(0x3555), 0.333251953125);
  assert.is(fromHalfBits(0x2e66), 0.0999755859375);
  assert.is(fromHalfBits(0x7bff), 65504);
  assert.is(fromHalfBits(0x0001), 2 ** -24);
  assert.is(fromHalfBits(0x8000), -0);
  assert.is(fromHalfBits(0xfc00), -Infinity);
  assert.ok(Number.isNaN(fromHalfBits(0x7e00)));
});
fromHalfBitsSuite('agrees with tfjs\'s float16 weight decoder on all 65536 patterns', () => {
  const all = new Uint16Array(65536).map((_, i) => i);
  const decoded = tf.io.decodeWeights(all.buffer, [{ name: 'h', shape: [65536], dtype: 'float32', quantization: { dtype: 'float16' } }]);
  const tfValues = decoded.h.dataSync();
  decoded.h.dispose();
  for (let i = 0; i < 65536; i++) {
    const ours = fromHalfBits(i);
    if (Number.isNaN(ours)) assert.ok(Number.isNaN(tfValues[i]), `0x${i.toString(16)}`);
    else assert.is(Object.is(tfValues[i], ours), true, `0x${i.toString(16)}: tfjs ${tfValues[i]}, ours ${ours}`);
  }
});
fromHalfBitsSuite.run();

const roundHalfSuite = suite('roundHalf');
roundHalfSuite('rounds to the nearest float16 value', () => {
  assert.is(roundHalf(0.1), 0.0999755859375);
  assert.is(roundHalf(65519), 65504);
  assert.is(roundHalf(70000), Infinity);
  assert.is(roundHalf(2 ** -26), 0);
});
roundHalfSuite.run();

const packSuite = suite('float32ToFloat16');
packSuite('packs values into bits, and float16ToFloat32 unpacks them', () => {
  const bits = float32ToFloat16([1, -2, 0.1, 65504]);
  assert.equal(Array.from(bits), [0x3c00, 0xc000, 0x2e66, 0x7bff]);
  assert.equal(Array.from(float16ToFloat32(bits)), [1, -2, 0.0999755859375, 65504]);
});
packSuite.run();

const unpackSuite = suite('float16ToFloat32');
unpackSuite('returns float32 storage of the exact values', () => {
  const out = float16ToFloat32(new Uint16Array([0x0001, 0x3555]));
  assert.ok(out instanceof Float32Array);
  assert.equal(Array.from(out), [2 ** -24, 0.333251953125]);
});
unpackSuite.run();

const roundArraySuite = suite('roundToHalfPrecision');
roundArraySuite('rounds element-wise', () => {
  assert.equal(Array.from(roundToHalfPrecision(new Float32Array([1 / 3, 2049, 1e-9]))), [0.333251953125, 2048, 0]);
});
roundArraySuite.run();
