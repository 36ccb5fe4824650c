import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { frechetDistance, gaussianStats, type GaussianStats } from '../../packages/dcgan/src/frechet-distance';
import { SeededRng } from '../../packages/core/src/augment/seeded-rng';

const stats = (mean: number[], covariance: number[][]): GaussianStats => ({
  mean: Float64Array.from(mean), covariance: Float64Array.from(covariance.flat()), dim: mean.length, count: 1000,
});

const FrechetDistance = suite('frechetDistance');

FrechetDistance('matches the closed form for diagonal covariances: ‖μ₁ − μ₂‖² + Σ (σ₁ − σ₂)²', () => {
  const a = stats([0, 1, 2], [[1, 0, 0], [0, 4, 0], [0, 0, 9]]);
  const b = stats([1, 1, 0], [[4, 0, 0], [0, 4, 0], [0, 0, 1]]);
  const expected = (1 + 0 + 4) + ((1 - 2) ** 2 + 0 + (3 - 1) ** 2);
  assert.ok(Math.abs(frechetDistance(a, b) - expected) < 1e-9, `${frechetDistance(a, b)} vs ${expected}`);
  assert.ok(Math.abs(frechetDistance(a, a)) < 1e-9);
});

FrechetDistance('matches the closed form for commuting full covariances (same eigenvectors)', () => {
  // Σ = R diag(λ) Rᵀ with one rotation R: tr(Σ₁ + Σ₂ − 2(Σ₁Σ₂)^½) = Σ (√λ₁ − √λ₂)².
  const c = Math.cos(0.7);
  const s = Math.sin(0.7);
  const cov = (l1: number, l2: number) => [[c * c * l1 + s * s * l2, c * s * (l1 - l2)], [c * s * (l1 - l2), s * s * l1 + c * c * l2]];
  const d = frechetDistance(stats([0, 0], cov(4, 1)), stats([3, 4], cov(1, 9)));
  const expected = 25 + (2 - 1) ** 2 + (1 - 3) ** 2;
  assert.ok(Math.abs(d - expected) < 1e-9, `${d} vs ${expected}`);
});

FrechetDistance('from samples, approaches the closed form as the sample grows', () => {
  const rng = new SeededRng(3);
  const next = () => rng.nextFloat();
  const gaussian = () => {
    const u = 1 - next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * next());
  };
  const n = 20000;
  const draw = (mu: number[], sigma: number[]) => Float64Array.from({ length: n * 2 }, (_, i) => mu[i % 2] + sigma[i % 2] * gaussian());
  const d = frechetDistance(gaussianStats(draw([0, 0], [1, 2]), n, 2), gaussianStats(draw([1, 0], [2, 2]), n, 2));
  assert.ok(Math.abs(d - 2) < 0.1, `${d} vs 2`);
});

FrechetDistance('refuses statistics of different dimensions, and too few rows', () => {
  assert.throws(() => frechetDistance(stats([0], [[1]]), stats([0, 0], [[1, 0], [0, 1]])), /frechetDistance expects two statistics of one dimension \(1\), but received shape \[2\]/);
  assert.throws(() => gaussianStats([1, 2], 1, 2), /gaussianStats expects at least 2 rows/);
});

FrechetDistance.run();
