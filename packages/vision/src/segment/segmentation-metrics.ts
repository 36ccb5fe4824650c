/**
 * The segmentation metrics of FCN (Long et al. 2015, §5, after the PASCAL VOC protocol), from a
 * confusion matrix n_ij = pixels of class i predicted as class j, t_i = Σ_j n_ij:
 *   pixel accuracy = Σ_i n_ii / Σ_i t_i
 *   IoU_i          = n_ii / (t_i + Σ_j n_ji − n_ii)
 *   mean IoU       = the mean of IoU_i over the classes that occur (in truth or prediction).
 * `meanIou` averages the foreground classes (1…K−1: the digits), `meanIouWithBackground` all
 * of them, as M2NIST results are quoted both ways.
 */
import { ShapeError } from '@deeper/core';

/** A K × K confusion matrix, row = true class, column = predicted class. */
export class ConfusionMatrix {
  readonly counts: Float64Array;

  constructor(readonly classes: number) {
    this.counts = new Float64Array(classes * classes);
  }

  /** Adds every pixel of `truth` and `predicted` (class indices, same length). */
  add(truth: ArrayLike<number>, predicted: ArrayLike<number>): this {
    if (truth.length !== predicted.length) throw new ShapeError('ConfusionMatrix.add', `predictions for all ${truth.length} pixels`, [predicted.length]);
    const k = this.classes;
    for (let p = 0; p < truth.length; p++) this.counts[truth[p] * k + predicted[p]]++;
    return this;
  }
}

export interface SegmentationMetrics {
  /** IoU of each class (null where the class is in neither truth nor prediction). */
  iouPerClass: (number | null)[];
  /** Mean IoU over the foreground classes 1…K−1 that occur. */
  meanIou: number;
  /** Mean IoU over all classes that occur, the background included. */
  meanIouWithBackground: number;
  pixelAccuracy: number;
}

const mean = (values: (number | null)[]) => {
  const present = values.filter((v): v is number => v !== null);
  return present.length === 0 ? NaN : present.reduce((a, b) => a + b, 0) / present.length;
};

/** The metrics of a confusion matrix. */
export function segmentationMetrics(matrix: ConfusionMatrix): SegmentationMetrics {
  const k = matrix.classes;
  const n = (i: number, j: number) => matrix.counts[i * k + j];
  let correct = 0;
  let total = 0;
  const iouPerClass: (number | null)[] = [];
  for (let i = 0; i < k; i++) {
    let truth = 0;
    let predicted = 0;
    for (let j = 0; j < k; j++) {
      truth += n(i, j);
      predicted += n(j, i);
    }
    const union = truth + predicted - n(i, i);
    iouPerClass.push(union === 0 ? null : n(i, i) / union);
    correct += n(i, i);
    total += truth;
  }
  return { iouPerClass, meanIou: mean(iouPerClass.slice(1)), meanIouWithBackground: mean(iouPerClass), pixelAccuracy: total === 0 ? NaN : correct / total };
}
