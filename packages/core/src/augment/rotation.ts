/** Random rotation about the image centre, counter-clockwise for positive angles (as torchvision). */
import type * as tf from '@tensorflow/tfjs';
import { checkOneOf, resolveConfig } from '../config';
import { affineResample, identityAffine, type AffineMatrix, type Interpolation } from './affine-resample';
import type { Augmentation } from './augmentation';
import { checkBatch, checkProbability, checkRange } from './check-augment-input';
import { SeededRng } from './seeded-rng';

export interface RotationConfig {
  /** Chance that each image is rotated; default 1 (as Keras' RandomRotation, which always applies). */
  probability: number;
  /** Angle range in degrees, drawn uniformly per image; default [−15, 15] (a usual choice for digits; Simard et al. 2003 use small rotations). */
  degrees: [number, number];
  /** How pixels between grid points are read; default 'bilinear' (torchvision's and Keras' default). */
  interpolation: Interpolation;
}

export const rotationDefaults: RotationConfig = { probability: 1, degrees: [-15, 15], interpolation: 'bilinear' };

export function resolveRotationConfig(partial: Partial<RotationConfig> = {}): RotationConfig {
  const config = resolveConfig('rotation', rotationDefaults, partial);
  checkProbability('rotation', config.probability);
  checkRange('rotation', 'degrees', config.degrees, -360, 360);
  checkOneOf('rotation', 'interpolation', config.interpolation, ['nearest', 'bilinear'] as const);
  return config;
}

/**
 * The output pixel (x, y) reads the input at the centre plus R(−θ)·(x − cx, y − cy); with y
 * pointing down, this turns the content counter-clockwise on screen.
 */
export function rotationMatrix(degrees: number, width: number, height: number): AffineMatrix {
  const theta = (degrees * Math.PI) / 180;
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  const cx = (width - 1) / 2;
  const cy = (height - 1) / 2;
  return [c, -s, cx - c * cx + s * cy, s, c, cy - s * cx - c * cy];
}

export function rotation(partial: Partial<RotationConfig> = {}): Augmentation {
  const config = resolveRotationConfig(partial);
  return (batch: tf.Tensor4D, seed: number) => {
    checkBatch('rotation', batch);
    const [n, h, w] = batch.shape;
    const rng = new SeededRng(seed);
    const matrices = Array.from({ length: n }, () => {
      const apply = rng.nextFloat() < config.probability;
      const degrees = rng.uniform(...config.degrees);
      return apply ? rotationMatrix(degrees, w, h) : identityAffine;
    });
    return affineResample(batch, matrices, config.interpolation);
  };
}
