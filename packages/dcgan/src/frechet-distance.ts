/**
 * The Fréchet distance between two Gaussians fitted to feature vectors (Dowson & Landau
 * 1982; Heusel et al. 2017 use it on Inception features as FID):
 *
 *   d² = ‖μ₁ − μ₂‖² + tr(Σ₁ + Σ₂ − 2 (Σ₁ Σ₂)^½)
 *
 * tr((Σ₁ Σ₂)^½) is computed as Σ √λᵢ over the eigenvalues of the symmetric PSD matrix
 * Σ₁^½ Σ₂ Σ₁^½ (similar to Σ₁ Σ₂), so only symmetric eigendecompositions are needed
 * (ml-matrix's EigenvalueDecomposition); round-off's tiny negative eigenvalues count as 0.
 */
import { EigenvalueDecomposition, Matrix } from 'ml-matrix';
import { ShapeError } from '@deeper/core';

/** Mean and covariance of a set of feature vectors. */
export interface GaussianStats {
  mean: Float64Array;
  /** d × d, row-major, the unbiased (n − 1) estimate. */
  covariance: Float64Array;
  dim: number;
  count: number;
}

/** Mean and covariance of `count` rows of `dim` features (row-major). */
export function gaussianStats(features: ArrayLike<number>, count: number, dim: number): GaussianStats {
  if (features.length !== count * dim || count < 2) {
    throw new ShapeError('gaussianStats', `at least 2 rows of ${dim} features (${count}·${dim} values)`, `${features.length} values`);
  }
  const mean = new Float64Array(dim);
  for (let i = 0; i < count; i++) for (let j = 0; j < dim; j++) mean[j] += features[i * dim + j];
  for (let j = 0; j < dim; j++) mean[j] /= count;
  const covariance = new Float64Array(dim * dim);
  const centred = new Float64Array(dim);
  for (let i = 0; i < count; i++) {
    for (let j = 0; j < dim; j++) centred[j] = features[i * dim + j] - mean[j];
    for (let j = 0; j < dim; j++) {
      const cj = centred[j];
      if (cj === 0) continue;
      for (let k = j; k < dim; k++) covariance[j * dim + k] += cj * centred[k];
    }
  }
  for (let j = 0; j < dim; j++) {
    for (let k = j; k < dim; k++) {
      const v = covariance[j * dim + k] / (count - 1);
      covariance[j * dim + k] = v;
      covariance[k * dim + j] = v;
    }
  }
  return { mean, covariance, dim, count };
}

const toMatrix = (values: Float64Array, dim: number) => new Matrix(Array.from({ length: dim }, (_, i) => Array.from(values.subarray(i * dim, (i + 1) * dim))));

/** Σ^½ of a symmetric PSD matrix: V diag(√max(λ, 0)) Vᵀ. */
function sqrtPsd(m: Matrix): Matrix {
  const e = new EigenvalueDecomposition(m, { assumeSymmetric: true });
  const v = e.eigenvectorMatrix;
  const roots = e.realEigenvalues.map((l) => Math.sqrt(Math.max(l, 0)));
  return v.mmul(Matrix.diag(roots)).mmul(v.transpose());
}

/** The Fréchet distance d² between the Gaussians `a` and `b` (same dimension). */
export function frechetDistance(a: GaussianStats, b: GaussianStats): number {
  if (a.dim !== b.dim) throw new ShapeError('frechetDistance', `two statistics of one dimension (${a.dim})`, [b.dim]);
  const d = a.dim;
  let meanTerm = 0;
  for (let j = 0; j < d; j++) meanTerm += (a.mean[j] - b.mean[j]) ** 2;
  let traces = 0;
  for (let j = 0; j < d; j++) traces += a.covariance[j * d + j] + b.covariance[j * d + j];
  const s1 = sqrtPsd(toMatrix(a.covariance, d));
  const inner = s1.mmul(toMatrix(b.covariance, d)).mmul(s1);
  // Symmetrize against round-off before the symmetric solver.
  const sym = inner.add(inner.transpose()).div(2);
  const crossTrace = new EigenvalueDecomposition(sym, { assumeSymmetric: true }).realEigenvalues.reduce((s, l) => s + Math.sqrt(Math.max(l, 0)), 0);
  return Math.max(0, meanTerm + traces - 2 * crossTrace);
}
