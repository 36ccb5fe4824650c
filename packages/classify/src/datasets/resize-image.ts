/**
 * Bilinear resizing of one channels-last image, with half-pixel centres (OpenCV's
 * INTER_LINEAR and tf.image.resizeBilinear with halfPixelCenters): output pixel (y, x)
 * samples the input at ((y + ½)·H/h − ½, (x + ½)·W/w − ½), clamped to the border.
 */
import { checkInteger } from '@deeper/core';

export function resizeImage(pixels: Float32Array, height: number, width: number, channels: number, toHeight: number, toWidth: number): Float32Array {
  checkInteger('resizeImage', 'toHeight', toHeight, 1);
  checkInteger('resizeImage', 'toWidth', toWidth, 1);
  if (toHeight === height && toWidth === width) return pixels.slice();
  const out = new Float32Array(toHeight * toWidth * channels);
  const sy = height / toHeight;
  const sx = width / toWidth;
  for (let y = 0; y < toHeight; y++) {
    const fy = Math.min(Math.max((y + 0.5) * sy - 0.5, 0), height - 1);
    const y0 = Math.floor(fy);
    const y1 = Math.min(y0 + 1, height - 1);
    const wy = fy - y0;
    for (let x = 0; x < toWidth; x++) {
      const fx = Math.min(Math.max((x + 0.5) * sx - 0.5, 0), width - 1);
      const x0 = Math.floor(fx);
      const x1 = Math.min(x0 + 1, width - 1);
      const wx = fx - x0;
      for (let c = 0; c < channels; c++) {
        const at = (yy: number, xx: number) => pixels[(yy * width + xx) * channels + c];
        const top = at(y0, x0) * (1 - wx) + at(y0, x1) * wx;
        const bottom = at(y1, x0) * (1 - wx) + at(y1, x1) * wx;
        out[(y * toWidth + x) * channels + c] = top * (1 - wy) + bottom * wy;
      }
    }
  }
  return out;
}
