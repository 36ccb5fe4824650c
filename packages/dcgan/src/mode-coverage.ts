/**
 * Mode coverage of generated samples, measured with a classifier: the histogram of its
 * predicted classes. A GAN that collapsed onto a few modes leaves classes (nearly) empty.
 * A class counts as covered when it gets at least `threshold` of the samples; the default
 * is a quarter of the uniform share 1/K (2.5 % for 10 classes), our choice: low enough that
 * a class the generator renders poorly still counts, high enough that stray
 * misclassifications (≈ 1 % of real images per class for a 90 %-accurate classifier) do not.
 */
import { ConfigError } from '@deeper/core';

export interface ModeCoverage {
  /** Fraction of samples predicted as each class. */
  classFractions: number[];
  /** Classes with at least `threshold` of the samples. */
  modesCovered: number;
  threshold: number;
}

/** The histogram of `predicted` classes (0 … classes − 1) and how many classes it covers. */
export function modeCoverage(predicted: ArrayLike<number>, classes: number, threshold = 0.25 / classes): ModeCoverage {
  if (!Number.isInteger(classes) || classes < 2) throw new ConfigError('modeCoverage', 'classes', 'an integer ≥ 2', classes);
  if (predicted.length === 0) throw new ConfigError('modeCoverage', 'predicted', 'at least one predicted class', '[]');
  const counts = new Array<number>(classes).fill(0);
  for (let i = 0; i < predicted.length; i++) {
    const k = predicted[i];
    if (!Number.isInteger(k) || k < 0 || k >= classes) throw new ConfigError('modeCoverage', `predicted[${i}]`, `a class in [0, ${classes - 1}]`, k);
    counts[k]++;
  }
  const classFractions = counts.map((n) => n / predicted.length);
  return { classFractions, modesCovered: classFractions.filter((f) => f >= threshold).length, threshold };
}
