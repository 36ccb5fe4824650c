/**
 * SSD's default boxes (Liu et al. 2016, "SSD: Single Shot MultiBox Detector", §2.2 "Choosing
 * scales and aspect ratios for default boxes"): on each feature map, at the centre of every
 * cell, one box per (height, aspect ratio) pair, w = h·r. Heights are given per feature map in
 * pixels (the paper spaces scales linearly between 0.2 and 0.9 of the image; our digits span
 * 16–48 px of 128, so the heights are chosen to cover those sizes, see ssd.ts).
 */
import { checkInteger, ConfigError } from '@deeper/core';

/** The default boxes of one feature map. */
export interface AnchorGrid {
  /** Feature-map rows and columns. */
  rows: number;
  cols: number;
  /** Input pixels per feature-map cell. */
  stride: number;
  /** Box heights, pixels. */
  heights: number[];
  /** Width ÷ height of the boxes. */
  aspectRatios: number[];
}

/** Boxes per cell of `grid`. */
export const anchorsPerCell = (grid: AnchorGrid) => grid.heights.length * grid.aspectRatios.length;

/**
 * All default boxes, feature map by feature map, row-major over cells, then heights, then
 * ratios, as (cx, cy, w, h) in pixels: the order the detection head's outputs follow.
 */
export function ssdAnchors(grids: readonly AnchorGrid[]): Float32Array {
  const who = 'ssdAnchors';
  const total = grids.reduce((n, g) => n + g.rows * g.cols * anchorsPerCell(g), 0);
  const out = new Float32Array(total * 4);
  let k = 0;
  grids.forEach((g, i) => {
    checkInteger(who, `grids[${i}].rows`, g.rows);
    checkInteger(who, `grids[${i}].cols`, g.cols);
    if (!(g.stride > 0) || g.heights.length === 0 || g.aspectRatios.length === 0 || [...g.heights, ...g.aspectRatios].some((v) => !(v > 0))) {
      throw new ConfigError(who, `grids[${i}]`, 'a positive stride and non-empty lists of positive heights and aspect ratios', g);
    }
    for (let y = 0; y < g.rows; y++) {
      for (let x = 0; x < g.cols; x++) {
        for (const h of g.heights) {
          for (const r of g.aspectRatios) {
            out.set([(x + 0.5) * g.stride, (y + 0.5) * g.stride, h * r, h], k);
            k += 4;
          }
        }
      }
    }
  });
  return out;
}
