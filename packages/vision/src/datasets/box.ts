/** Axis-aligned boxes in COCO's convention, [x, y, w, h] in pixels, and their IoU. */

/** [x, y, width, height]: left and top edges, then extent, in pixels. */
export type Box = [number, number, number, number];

/** Intersection over union of two boxes (0 when either is empty). */
export function boxIou(a: Box, b: Box): number {
  const w = Math.min(a[0] + a[2], b[0] + b[2]) - Math.max(a[0], b[0]);
  const h = Math.min(a[1] + a[3], b[1] + b[3]) - Math.max(a[1], b[1]);
  if (w <= 0 || h <= 0) return 0;
  const intersection = w * h;
  const union = a[2] * a[3] + b[2] * b[3] - intersection;
  return union > 0 ? intersection / union : 0;
}
