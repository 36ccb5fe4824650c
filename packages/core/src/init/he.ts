/**
 * He initialization (He et al. 2015, "Delving Deep into Rectifiers", eq. 10): variance
 * 2 / fanIn keeps the forward signal's variance constant through ReLU layers.
 */
import { VarianceScaling } from './variance-scaling';

/** He normal: N(0, 2 / fanIn). `seed` fixes the draw (default: fresh). */
export function heNormal(seed: number | null = null): VarianceScaling {
  return new VarianceScaling({ mode: 'fanIn', distribution: 'normal', gain: Math.SQRT2, seed });
}

/** He uniform: U(-√(6 / fanIn), √(6 / fanIn)), the same variance 2 / fanIn. */
export function heUniform(seed: number | null = null): VarianceScaling {
  return new VarianceScaling({ mode: 'fanIn', distribution: 'uniform', gain: Math.SQRT2, seed });
}
