/**
 * `gridFrame`: draws a boolean HWC grid observation (the MinAtar kind) as an RGB picture,
 * one coloured square per cell, scaled up, with thin grid lines between cells.
 */
import type { RgbFrame } from '../env';
import { EnvOptionError } from '../errors';
import type { Rgb } from './draw';

export interface GridFrameConfig {
  /** Side of one cell in pixels, grid line included; default 20. */
  cellSize: number;
  /** Width of the grid lines in pixels (0 for none); default 1. */
  gridWidth: number;
  /** Colour of a cell where no channel is set; default near-black. */
  background: Rgb;
  /** Colour of the grid lines; default dark grey. */
  grid: Rgb;
  /** Channels in drawing priority, first wins where several are set; default (empty) = channel order. */
  priority: readonly number[];
}

export const gridFrameDefaults: GridFrameConfig = {
  cellSize: 20,
  gridWidth: 1,
  background: [12, 12, 20],
  grid: [40, 40, 52],
  priority: [],
};

/**
 * A `cols·cellSize × rows·cellSize` frame of `obs` (`rows × cols × channels`, HWC, nonzero
 * = set). Where several channels are set in a cell the first in `priority` wins (by default
 * the lowest channel index, so the player, channel 0 in every MinAtar game, is never hidden).
 */
export function gridFrame(
  obs: ArrayLike<number>,
  rows: number,
  cols: number,
  palette: readonly Rgb[],
  config: Partial<GridFrameConfig> = {},
): RgbFrame {
  const { cellSize, gridWidth, background, grid, priority } = { ...gridFrameDefaults, ...config };
  const channels = palette.length;
  const order = priority.length > 0 ? priority : palette.map((_, ch) => ch);
  if (order.length !== channels || !order.every((ch) => Number.isInteger(ch) && ch >= 0 && ch < channels) || new Set(order).size !== channels) {
    throw new EnvOptionError(`gridFrame expects priority to list each of the ${channels} channels once, but received [${priority.join(', ')}]`);
  }
  if (!Number.isInteger(cellSize) || cellSize < 1 || !Number.isInteger(gridWidth) || gridWidth < 0 || gridWidth >= cellSize) {
    throw new EnvOptionError(`gridFrame expects an integer cellSize ≥ 1 and an integer gridWidth in [0, cellSize), but received cellSize ${cellSize}, gridWidth ${gridWidth}`);
  }
  if (obs.length !== rows * cols * channels) {
    throw new EnvOptionError(`gridFrame expects ${rows}×${cols}×${channels} = ${rows * cols * channels} values (one palette colour per channel), but received ${obs.length}`);
  }
  const width = cols * cellSize, height = rows * cellSize;
  const data = new Uint8Array(width * height * 3);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      let color = background;
      const base = (r * cols + c) * channels;
      for (const ch of order) {
        if (obs[base + ch]) {
          color = palette[ch];
          break;
        }
      }
      for (let py = 0; py < cellSize; py++) {
        const y = r * cellSize + py;
        for (let px = 0; px < cellSize; px++) {
          const onLine = py < gridWidth || px < gridWidth;
          const col = onLine ? grid : color;
          const i = (y * width + c * cellSize + px) * 3;
          data[i] = col[0];
          data[i + 1] = col[1];
          data[i + 2] = col[2];
        }
      }
    }
  }
  return { width, height, data };
}
