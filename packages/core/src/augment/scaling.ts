/** Random zoom about the image centre: factors above 1 enlarge the content, below 1 shrink it with a zero border. */
import type * as tf from '@tensorflow/tfjs';
import { checkOneOf, resolveConfig } from '../config';
import { ConfigError } from '../errors';
import { affineResample, identityAffine, type Interpolation } from './affine-resample';
import type { Augmentation } from './augmentation';
import { checkBatch, checkProbability, checkRange } from './check-augment-input';
import { SeededRng } from './seeded-rng';

export interface ScalingConfig {
  /** Chance that each image is scaled; default 1 (Keras' RandomZoom always applies). */
  probability: number;
  /** Zoom factor range, drawn uniformly per image, both axes alike; default [0.9, 1.1] (torchvision RandomAffine(scale=(0.9, 1.1)) in the usual recipes). */
  zoom: [number, number];
  /** How pixels between grid points are read; default 'bilinear'. */
  interpolation: Interpolation;
}

export const scalingDefaults: ScalingConfig = { probability: 1, zoom: [0.9, 1.1], interpolation: 'bilinear' };

export function resolveScalingConfig(partial: Partial<ScalingConfig> = {}): ScalingConfig {
  const config = resolveConfig('scaling', scalingDefaults, partial);
  checkProbability('scaling', config.probability);
  const [low] = checkRange('scaling', 'zoom', config.zoom, 0, 10);
  if (low === 0) throw new ConfigError('scaling', 'zoom', 'a [low, high] pair of factors > 0', config.zoom, 'A zoom of 0 would map the whole image to its centre');
  checkOneOf('scaling', 'interpolation', config.interpolation, ['nearest', 'bilinear'] as const);
  return config;
}

export function scaling(partial: Partial<ScalingConfig> = {}): Augmentation {
  const config = resolveScalingConfig(partial);
  return (batch: tf.Tensor4D, seed: number) => {
    checkBatch('scaling', batch);
    const [n, h, w] = batch.shape;
    const cx = (w - 1) / 2;
    const cy = (h - 1) / 2;
    const rng = new SeededRng(seed);
    const matrices = Array.from({ length: n }, () => {
      const apply = rng.nextFloat() < config.probability;
      const inverse = 1 / rng.uniform(...config.zoom);
      // The output pixel reads the input at c + (p − c)/zoom.
      return apply ? ([inverse, 0, cx * (1 - inverse), 0, inverse, cy * (1 - inverse)] as const) : identityAffine;
    });
    return affineResample(batch, matrices, config.interpolation);
  };
}
