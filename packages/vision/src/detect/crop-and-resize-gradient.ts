/**
 * The gradient of `tf.image.cropAndResize`, which tfjs 4.22 does not register (issue 11),
 * as TensorFlow's CropAndResizeGradImage and CropAndResizeGradBoxes compute it
 * (tensorflow/core/kernels/image/crop_and_resize_op.cc). Each output pixel (b, y, x, c) of box
 * (y1, x1, y2, x2) on image i samples
 *
 *   in_y = y1 (H − 1) + y (y2 − y1)(H − 1)/(cropH − 1)   (the box's centre row when cropH = 1)
 *   in_x = x1 (W − 1) + x (x2 − x1)(W − 1)/(cropW − 1)
 *
 * bilinearly from the four pixels around it (or, for method 'nearest', the nearest pixel),
 * and rows or columns outside [0, H − 1] × [0, W − 1] take the extrapolation value. Hence
 *   ∂L/∂image: each sample sends its upstream gradient to its four pixels with the bilinear
 *              weights (to its one pixel for 'nearest');
 *   ∂L/∂boxes: (bilinear only) through in_y and in_x, whose derivatives in the box corners
 *              are the factors above, times the interpolated image's slope along y and x;
 *              zero for 'nearest' and for samples outside the image, as in TensorFlow.
 * `boxInd` is an index and gets no gradient.
 *
 * Registering a gradient changes tfjs for the whole process, so this is opt-in: call
 * `registerCropAndResizeGradient()` once. Faster R-CNN here does not need it (its RoIAlign
 * carries its own gradient, roi-align.ts).
 */
import * as tf from '@tensorflow/tfjs';

interface CropAndResizeAttrs { cropSize: [number, number]; method: 'bilinear' | 'nearest'; extrapolationValue: number }

/** ∂L/∂image and ∂L/∂boxes of cropAndResize(image, boxes, boxInd) for upstream gradient `dy`. */
export function cropAndResizeGradients(dy: tf.Tensor4D, image: tf.Tensor4D, boxes: tf.Tensor2D, boxInd: tf.Tensor1D, method: 'bilinear' | 'nearest' = 'bilinear'): { image: tf.Tensor4D; boxes: tf.Tensor2D } {
  const [, height, width, channels] = image.shape;
  const [count, cropH, cropW] = dy.shape;
  const g = dy.dataSync();
  const pixels = image.dataSync();
  const corners = boxes.dataSync();
  const which = boxInd.dataSync();
  const dImage = new Float32Array(image.size);
  const dBoxes = new Float32Array(boxes.size);
  for (let b = 0; b < count; b++) {
    const [y1, x1, y2, x2] = corners.subarray(b * 4, b * 4 + 4);
    const base = which[b] * height * width;
    const scaleY = cropH > 1 ? (y2 - y1) * (height - 1) / (cropH - 1) : 0;
    const scaleX = cropW > 1 ? (x2 - x1) * (width - 1) / (cropW - 1) : 0;
    for (let y = 0; y < cropH; y++) {
      const inY = cropH > 1 ? y1 * (height - 1) + y * scaleY : 0.5 * (y1 + y2) * (height - 1);
      if (inY < 0 || inY > height - 1) continue;
      // ∂in_y/∂y1 and ∂in_y/∂y2.
      const dY1 = cropH > 1 ? (height - 1) * (1 - y / (cropH - 1)) : 0.5 * (height - 1);
      const dY2 = cropH > 1 ? (height - 1) * (y / (cropH - 1)) : 0.5 * (height - 1);
      for (let x = 0; x < cropW; x++) {
        const inX = cropW > 1 ? x1 * (width - 1) + x * scaleX : 0.5 * (x1 + x2) * (width - 1);
        if (inX < 0 || inX > width - 1) continue;
        const out = ((b * cropH + y) * cropW + x) * channels;
        if (method === 'nearest') {
          const at = (base + Math.round(inY) * width + Math.round(inX)) * channels;
          for (let c = 0; c < channels; c++) dImage[at + c] += g[out + c];
          continue;
        }
        const dX1 = cropW > 1 ? (width - 1) * (1 - x / (cropW - 1)) : 0.5 * (width - 1);
        const dX2 = cropW > 1 ? (width - 1) * (x / (cropW - 1)) : 0.5 * (width - 1);
        const top = Math.floor(inY);
        const bottom = Math.ceil(inY);
        const left = Math.floor(inX);
        const right = Math.ceil(inX);
        const yLerp = inY - top;
        const xLerp = inX - left;
        const tl = (base + top * width + left) * channels;
        const tr = (base + top * width + right) * channels;
        const bl = (base + bottom * width + left) * channels;
        const br = (base + bottom * width + right) * channels;
        let slopeY = 0;
        let slopeX = 0;
        for (let c = 0; c < channels; c++) {
          const up = g[out + c];
          dImage[tl + c] += (1 - yLerp) * (1 - xLerp) * up;
          dImage[tr + c] += (1 - yLerp) * xLerp * up;
          dImage[bl + c] += yLerp * (1 - xLerp) * up;
          dImage[br + c] += yLerp * xLerp * up;
          const topRow = pixels[tl + c] + (pixels[tr + c] - pixels[tl + c]) * xLerp;
          const bottomRow = pixels[bl + c] + (pixels[br + c] - pixels[bl + c]) * xLerp;
          slopeY += up * (bottomRow - topRow);
          slopeX += up * ((pixels[tr + c] - pixels[tl + c]) * (1 - yLerp) + (pixels[br + c] - pixels[bl + c]) * yLerp);
        }
        dBoxes[b * 4] += slopeY * dY1;
        dBoxes[b * 4 + 1] += slopeX * dX1;
        dBoxes[b * 4 + 2] += slopeY * dY2;
        dBoxes[b * 4 + 3] += slopeX * dX2;
      }
    }
  }
  return { image: tf.tensor4d(dImage, image.shape), boxes: tf.tensor2d(dBoxes, boxes.shape) };
}

/** Registers the gradient of `CropAndResize` with tfjs, once; later calls do nothing. */
export function registerCropAndResizeGradient(): void {
  if (tf.getGradient(tf.CropAndResize) !== undefined) return;
  tf.registerGradient({
    kernelName: tf.CropAndResize,
    inputsToSave: ['image', 'boxes', 'boxInd'],
    gradFunc: (dy, saved, attrs) => {
      const [image, boxes, boxInd] = saved as [tf.Tensor4D, tf.Tensor2D, tf.Tensor1D];
      const { method } = attrs as unknown as CropAndResizeAttrs;
      // Both at once, here rather than in the closures: tfjs runs each closure in its own tidy,
      // which would dispose a tensor made for the other. An unused one is disposed with the
      // rest of the backward pass.
      const grads = cropAndResizeGradients(dy as tf.Tensor4D, image, boxes, boxInd, method);
      return { image: () => grads.image, boxes: () => grads.boxes };
    },
  });
}
