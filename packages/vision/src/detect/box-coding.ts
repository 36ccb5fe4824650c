/**
 * SSD's box regression targets (Liu et al. 2016, eq. 2, the Faster R-CNN parametrisation),
 * with the variances (0.1, 0.2) of the reference implementation, which scale the targets to
 * about unit size:
 *   tx = (gx − ax) / (aw·0.1),  ty = (gy − ay) / (ah·0.1),
 *   tw = log(gw / aw) / 0.2,    th = log(gh / ah) / 0.2,
 * for a ground-truth box g and a default box a, both as (centre x, centre y, w, h).
 */
import type { Box } from '../datasets/box';

export const centreVariance = 0.1;
export const sizeVariance = 0.2;

/** The targets of COCO box `g` ([x, y, w, h]) against anchor `a` (cx, cy, w, h). */
export function encodeBox(g: Box, a: ArrayLike<number>): [number, number, number, number] {
  const gx = g[0] + g[2] / 2;
  const gy = g[1] + g[3] / 2;
  return [(gx - a[0]) / (a[2] * centreVariance), (gy - a[1]) / (a[3] * centreVariance), Math.log(g[2] / a[2]) / sizeVariance, Math.log(g[3] / a[3]) / sizeVariance];
}

/** The COCO box [x, y, w, h] that offsets `t` give on anchor `a`: the inverse of encodeBox. */
export function decodeBox(t: ArrayLike<number>, a: ArrayLike<number>): Box {
  const cx = a[0] + t[0] * centreVariance * a[2];
  const cy = a[1] + t[1] * centreVariance * a[3];
  const w = a[2] * Math.exp(t[2] * sizeVariance);
  const h = a[3] * Math.exp(t[3] * sizeVariance);
  return [cx - w / 2, cy - h / 2, w, h];
}
