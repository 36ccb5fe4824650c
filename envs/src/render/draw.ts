/**
 * Drawing on an `RgbFrame` for the envs' `render()`: filled rectangles, thick lines, filled
 * circles and filled convex polygons, all clipped to the frame. Coordinates are pixels with
 * the origin at the top-left corner, x to the right and y down.
 */
import type { RgbFrame } from '../env';
import { EnvOptionError } from '../errors';

export type Rgb = readonly [number, number, number];

/** A `width × height` frame filled with `color` (default white). */
export function createFrame(width: number, height: number, color: Rgb = [255, 255, 255]): RgbFrame {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new EnvOptionError(`createFrame expects positive integer width and height, but received ${width} × ${height}`);
  }
  const frame = { width, height, data: new Uint8Array(width * height * 3) };
  fillRect(frame, 0, 0, width, height, color);
  return frame;
}

function setPixel(frame: RgbFrame, x: number, y: number, color: Rgb): void {
  if (x < 0 || y < 0 || x >= frame.width || y >= frame.height) return;
  const i = (y * frame.width + x) * 3;
  frame.data[i] = color[0];
  frame.data[i + 1] = color[1];
  frame.data[i + 2] = color[2];
}

/** Fills the pixels with x in [x, x + w) and y in [y, y + h), rounded to whole pixels. */
export function fillRect(frame: RgbFrame, x: number, y: number, w: number, h: number, color: Rgb): void {
  const x0 = Math.max(0, Math.round(x)), x1 = Math.min(frame.width, Math.round(x + w));
  const y0 = Math.max(0, Math.round(y)), y1 = Math.min(frame.height, Math.round(y + h));
  for (let py = y0; py < y1; py++) for (let px = x0; px < x1; px++) setPixel(frame, px, py, color);
}

/** Fills the pixels whose centres lie within `radius` of (cx, cy). */
export function fillCircle(frame: RgbFrame, cx: number, cy: number, radius: number, color: Rgb): void {
  const r2 = radius * radius;
  for (let py = Math.floor(cy - radius); py <= Math.ceil(cy + radius); py++) {
    for (let px = Math.floor(cx - radius); px <= Math.ceil(cx + radius); px++) {
      const dx = px + 0.5 - cx, dy = py + 0.5 - cy;
      if (dx * dx + dy * dy <= r2) setPixel(frame, px, py, color);
    }
  }
}

/**
 * Fills a convex polygon given by its corners in order (either winding): a pixel is filled
 * when its centre is on the inner side of every edge.
 */
export function fillPolygon(frame: RgbFrame, points: readonly (readonly [number, number])[], color: Rgb): void {
  if (points.length < 3) return;
  const xs = points.map((p) => p[0]), ys = points.map((p) => p[1]);
  let area = 0;
  for (let i = 0; i < points.length; i++) {
    const [ax, ay] = points[i], [bx, by] = points[(i + 1) % points.length];
    area += ax * by - bx * ay;
  }
  const sign = area >= 0 ? 1 : -1;
  for (let py = Math.max(0, Math.floor(Math.min(...ys))); py <= Math.min(frame.height - 1, Math.ceil(Math.max(...ys))); py++) {
    for (let px = Math.max(0, Math.floor(Math.min(...xs))); px <= Math.min(frame.width - 1, Math.ceil(Math.max(...xs))); px++) {
      const cx = px + 0.5, cy = py + 0.5;
      let inside = true;
      for (let i = 0; i < points.length && inside; i++) {
        const [ax, ay] = points[i], [bx, by] = points[(i + 1) % points.length];
        if (sign * ((bx - ax) * (cy - ay) - (by - ay) * (cx - ax)) < 0) inside = false;
      }
      if (inside) setPixel(frame, px, py, color);
    }
  }
}

/** Draws a line from (x0, y0) to (x1, y1) of the given `thickness` in pixels (default 1). */
export function drawLine(frame: RgbFrame, x0: number, y0: number, x1: number, y1: number, color: Rgb, thickness = 1): void {
  const dx = x1 - x0, dy = y1 - y0;
  const length = Math.hypot(dx, dy);
  if (length === 0) {
    fillCircle(frame, x0, y0, thickness / 2, color);
    return;
  }
  // A thick line is the rectangle around the segment, offset by half the thickness.
  const nx = (-dy / length) * Math.max(thickness, 1) / 2, ny = (dx / length) * Math.max(thickness, 1) / 2;
  fillPolygon(frame, [[x0 + nx, y0 + ny], [x1 + nx, y1 + ny], [x1 - nx, y1 - ny], [x0 - nx, y0 - ny]], color);
}
