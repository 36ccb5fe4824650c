export { toHalfBits, fromHalfBits, roundHalf, float32ToFloat16, float16ToFloat32, roundToHalfPrecision } from './half-float';
export { roundToHalf, evaluateInHalfPrecision } from './round-to-half';
