/**
 * RoIAlign (He et al. 2017, "Mask R-CNN", §3 "RoIAlign"): each region of interest, in input
 * pixels, is mapped onto the feature map without rounding, divided into P×P bins, and each
 * bin's value is the mean of S×S regularly spaced samples, each the bilinear interpolation of
 * the four feature cells around it:
 *
 *   y(r, i, j, c) = (1/S²) Σ_{samples (u, v) of bin (i, j)} Σ_{4 cells (p, q) around (u, v)} w_pq(u, v) · F(b_r, p, q, c)
 *
 * The map from F to y is linear, y = A F, with a sparse A that depends only on the boxes
 * (`roiAlignSampling`: at most (S + 1)² cells per bin once the samples' weights are merged
 * per cell). The forward pass applies A and the gradient, written here with `tf.customGrad`,
 * applies its adjoint: ∂L/∂F(cell) = Σ_{terms m reading cell} A_m · ∂L/∂y(bin_m). Both are
 * loops over A's terms, O(terms × C). This replaces `tf.image.cropAndResize`, which has no
 * gradient in tfjs (issue 11), and composing it from `gather`, whose gradient is a segment
 * sum that core's wasm backend runs as a dense one-hot product (rows × segments: gigabytes
 * for a minibatch of RoIs). The boxes themselves get no gradient: in Faster R-CNN's
 * approximate joint training the proposals are constants (Ren et al. 2015, §3.2, "ignores
 * the derivative w.r.t. the proposal boxes' coordinates").
 *
 * Coordinates: feature cell (p, q) covers input pixels [q·stride, (q+1)·stride) and its value
 * sits at the cell's centre, so an input x maps to x/stride − 0.5 in cell units (Detectron2's
 * `aligned=True`, the half-pixel correction). Samples outside the map are clamped to its edge.
 */
import * as tf from '@tensorflow/tfjs';
import { checkInteger, checkNumber, ConfigError, resolveConfig, ShapeError } from '@deeper/core';
import type { Box } from '../datasets/box';

export interface RoiAlignConfig {
  /** Output bins per side, P; default 7 (Fast R-CNN's 7×7 RoI pooling for VGG-16). */
  poolSize: number;
  /** Samples per bin side, S; default 2 (Mask R-CNN's sampling ratio). */
  samplingRatio: number;
  /** Input pixels per feature cell; default 8 (the detector's three-stage backbone). */
  stride: number;
}

export const roiAlignDefaults: RoiAlignConfig = { poolSize: 7, samplingRatio: 2, stride: 8 };

export function resolveRoiAlignConfig(partial: Partial<RoiAlignConfig> = {}): RoiAlignConfig {
  const who = 'roiAlign';
  const c = resolveConfig(who, roiAlignDefaults, partial);
  checkInteger(who, 'poolSize', c.poolSize);
  checkInteger(who, 'samplingRatio', c.samplingRatio);
  checkNumber(who, 'stride', c.stride, 0, Infinity, true);
  return c;
}

/** The linear map of RoIAlign: output row `bins[m]` gets weights[m] × feature row `cells[m]`. */
export interface RoiAlignSampling {
  /** Row of the flattened features [n·H·W, C] each term reads. */
  cells: Int32Array;
  /** Its weight (bilinear weight ÷ S², merged where one bin reads a cell twice). */
  weights: Float32Array;
  /** The output row [R·P·P] each term adds to. */
  bins: Int32Array;
  /** R·P·P. */
  outputRows: number;
}

/**
 * The sampling of `rois` (COCO boxes in input pixels) on features of `height` × `width`
 * cells; `imageOf[r]` is the batch index of RoI r.
 */
export function roiAlignSampling(rois: readonly Box[], imageOf: ArrayLike<number>, height: number, width: number, config: Partial<RoiAlignConfig> = {}): RoiAlignSampling {
  const c = resolveRoiAlignConfig(config);
  if (imageOf.length !== rois.length) throw new ShapeError('roiAlignSampling', `one batch index per RoI (${rois.length})`, [imageOf.length]);
  const { poolSize: P, samplingRatio: S, stride } = c;
  const cells: number[] = [];
  const weights: number[] = [];
  const bins: number[] = [];
  const binTerms = new Map<number, number>();
  rois.forEach((box, r) => {
    if (!(box[2] >= 0 && box[3] >= 0)) throw new ConfigError('roiAlignSampling', `rois[${r}]`, 'a box [x, y, w, h] with w, h ≥ 0', box);
    const base = imageOf[r] * height * width;
    // The box in cell units; the half-cell shift puts cell centres at integers.
    const x0 = box[0] / stride - 0.5;
    const y0 = box[1] / stride - 0.5;
    const binW = box[2] / stride / P;
    const binH = box[3] / stride / P;
    for (let i = 0; i < P; i++) {
      for (let j = 0; j < P; j++) {
        const bin = (r * P + i) * P + j;
        binTerms.clear();
        for (let su = 0; su < S; su++) {
          const y = Math.min(Math.max(y0 + (i + (su + 0.5) / S) * binH, 0), height - 1);
          for (let sv = 0; sv < S; sv++) {
            const x = Math.min(Math.max(x0 + (j + (sv + 0.5) / S) * binW, 0), width - 1);
            const top = Math.floor(y);
            const left = Math.floor(x);
            const bottom = Math.min(top + 1, height - 1);
            const right = Math.min(left + 1, width - 1);
            const dy = y - top;
            const dx = x - left;
            // Bilinear weights of the four neighbours, each shared by the S² samples' mean.
            const terms: [number, number][] = [
              [top * width + left, (1 - dy) * (1 - dx)], [top * width + right, (1 - dy) * dx],
              [bottom * width + left, dy * (1 - dx)], [bottom * width + right, dy * dx],
            ];
            for (const [cell, w] of terms) if (w > 0) binTerms.set(base + cell, (binTerms.get(base + cell) ?? 0) + w / (S * S));
          }
        }
        for (const [cell, w] of binTerms) {
          cells.push(cell);
          weights.push(w);
          bins.push(bin);
        }
      }
    }
  });
  return { cells: Int32Array.from(cells), weights: Float32Array.from(weights), bins: Int32Array.from(bins), outputRows: rois.length * P * P };
}

/**
 * RoIAlign of `features` [n, H, W, C] over `rois` (input pixels; RoI r from image
 * `imageOf[r]`): [R, P, P, C], differentiable with respect to `features`.
 */
export function roiAlign(features: tf.Tensor4D, rois: readonly Box[], imageOf: ArrayLike<number>, config: Partial<RoiAlignConfig> = {}): tf.Tensor4D {
  const c = resolveRoiAlignConfig(config);
  const [n, height, width, channels] = features.shape;
  for (let r = 0; r < imageOf.length; r++) {
    if (!Number.isInteger(imageOf[r]) || imageOf[r] < 0 || imageOf[r] >= n) throw new ShapeError('roiAlign', `batch indices in [0, ${n})`, `imageOf[${r}] = ${imageOf[r]}`);
  }
  const s = roiAlignSampling(rois, imageOf, height, width, c);
  const shape: [number, number, number, number] = [rois.length, c.poolSize, c.poolSize, channels];
  const align = tf.customGrad((...inputs) => {
    // y = A F: each term adds weight × a feature row to a bin's row.
    const source = (inputs[0] as tf.Tensor).dataSync();
    const y = new Float32Array(s.outputRows * channels);
    for (let m = 0; m < s.cells.length; m++) {
      const from = s.cells[m] * channels;
      const to = s.bins[m] * channels;
      const w = s.weights[m];
      for (let k = 0; k < channels; k++) y[to + k] += w * source[from + k];
    }
    return {
      value: tf.tensor4d(y, shape),
      // ∂L/∂F = Aᵀ ∂L/∂y: each term sends weight × its bin's gradient row back to its cell.
      gradFunc: (dy: tf.Tensor) => {
        const upstream = dy.dataSync();
        const dF = new Float32Array(n * height * width * channels);
        for (let m = 0; m < s.cells.length; m++) {
          const to = s.cells[m] * channels;
          const from = s.bins[m] * channels;
          const w = s.weights[m];
          for (let k = 0; k < channels; k++) dF[to + k] += w * upstream[from + k];
        }
        return tf.tensor4d(dF, [n, height, width, channels]);
      },
    };
  });
  return align(features) as tf.Tensor4D;
}
