/** A tiny segmentation problem for the learning tests: shape scenes, one class per colour (blobs, learnable in seconds). */
import { colourRgb, colours, generateShapeCaptions } from '../../../packages/vision/src/datasets/shape-captions';
import type { SegmentationData } from '../../../packages/vision/src/datasets/segmentation-data';

export function shapeMasks(count: number, seed: number): SegmentationData {
  const g = generateShapeCaptions({ count, seed });
  const masks = new Uint8Array(count * 64 * 64);
  for (let p = 0; p < masks.length; p++) {
    const rgb = g.images.subarray(p * 3, p * 3 + 3);
    masks[p] = 1 + colours.findIndex((c) => colourRgb[c].every((v, i) => v === rgb[i]));
  }
  return { images: g.images, masks, count, height: 64, width: 64, channels: 3, classNames: ['background', ...colours], names: g.fileNames };
}
