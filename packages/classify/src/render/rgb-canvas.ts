/**
 * A plain RGB pixel buffer to draw figures into (confusion matrices, image grids) and write
 * as PNG, with text in the "Seven plus" pixel font of js-pixel-fonts (7 pixels high, ASCII),
 * so figures need neither a native canvas nor system fonts.
 */
import pixelFonts from 'js-pixel-fonts';
import { writePngImage } from '../datasets/write-png-image';

export type Rgb = [number, number, number];

export class RgbCanvas {
  /** height × width × 3 bytes. */
  readonly data: Uint8Array;

  constructor(readonly width: number, readonly height: number, background: Rgb = [255, 255, 255]) {
    this.data = new Uint8Array(width * height * 3);
    for (let p = 0; p < width * height; p++) this.data.set(background, p * 3);
  }

  /** Fills the rectangle [x, x + w) × [y, y + h), clipped to the canvas. */
  fillRect(x: number, y: number, w: number, h: number, color: Rgb): void {
    [x, y, w, h] = [Math.round(x), Math.round(y), Math.round(w), Math.round(h)];
    for (let yy = Math.max(0, y); yy < Math.min(this.height, y + h); yy++) {
      for (let xx = Math.max(0, x); xx < Math.min(this.width, x + w); xx++) this.data.set(color, (yy * this.width + xx) * 3);
    }
  }

  /** Draws an image of pixels in [0, 1] (grey or RGB, channels last), each pixel a `scale`×`scale` block. */
  drawImage(pixels: Float32Array, height: number, width: number, channels: number, x: number, y: number, scale = 1): void {
    for (let r = 0; r < height * scale; r++) {
      for (let c = 0; c < width * scale; c++) {
        const p = (Math.floor(r / scale) * width + Math.floor(c / scale)) * channels;
        const v = (k: number) => Math.round(255 * Math.min(1, Math.max(0, pixels[p + (channels === 1 ? 0 : k)])));
        this.fillRect(x + c, y + r, 1, 1, [v(0), v(1), v(2)]);
      }
    }
  }

  /** Draws `text` with its top-left corner at (x, y); returns the width drawn, in canvas pixels. */
  drawText(text: string, x: number, y: number, color: Rgb = [0, 0, 0], scale = 1): number {
    const rows = textPixels(text);
    rows.forEach((row, r) => row.forEach((on, c) => {
      if (on) this.fillRect(x + c * scale, y + r * scale, scale, scale, color);
    }));
    return (rows[0]?.length ?? 0) * scale;
  }

  writePng(path: string): void {
    writePngImage(path, this.data, this.height, this.width, 3);
  }
}

/** Rows of 0/1 pixels of `text` (characters outside the font become '?'). */
export function textPixels(text: string): number[][] {
  const font = pixelFonts.fonts.sevenPlus;
  const safe = Array.from(text, (ch) => (font.glyphs[ch] ? ch : '?')).join('');
  return safe === '' ? Array.from({ length: font.lineHeight }, () => []) : pixelFonts.renderPixels(safe, font);
}

/** Width in pixels of `text` at scale 1. */
export function textWidth(text: string): number {
  return textPixels(text)[0]?.length ?? 0;
}
