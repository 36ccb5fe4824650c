/**
 * Detections drawn onto a copy of an image, as `deeper vision detect predict` writes them: a
 * 2-px frame per box in its class's colour and, above the box's top-left corner (inside it
 * when the box touches the top edge), its label in a 3×5-pixel font drawn at 2× on a black
 * strip. The font has digits, lower-case letters (upper case is drawn lower case), '-', '_',
 * '.', ' ', and '?' for anything else, which is all a label of class name and score needs.
 */
import type { PixelImage } from '../datasets/png-io';
import type { Box } from '../datasets/box';

/** Each glyph: five rows of three pixels, '1' lit. */
const glyphs: Record<string, string> = {
  0: '111101101101111', 1: '010110010010111', 2: '111001111100111', 3: '111001111001111', 4: '101101111001001',
  5: '111100111001111', 6: '111100111101111', 7: '111001010010010', 8: '111101111101111', 9: '111101111001111',
  a: '010101111101101', b: '110101110101110', c: '011100100100011', d: '110101101101110', e: '111100110100111',
  f: '111100110100100', g: '011100101101011', h: '101101111101101', i: '111010010010111', j: '001001001101010',
  k: '101101110101101', l: '100100100100111', m: '101111111101101', n: '110101101101101', o: '010101101101010',
  p: '110101110100100', q: '010101101110011', r: '110101110101101', s: '011100010001110', t: '111010010010010',
  u: '101101101101111', v: '101101101101010', w: '101101111111101', x: '101101010101101', y: '101101010010010',
  z: '111001010100111', '-': '000000111000000', _: '000000000000111', '.': '000000000000010', ' ': '000000000000000',
  '?': '111001010000010',
};

/** Pixels per font pixel. */
const scale = 2;
/** A glyph's advance and the label strip's height, in image pixels. */
const advance = 4 * scale;
const lineHeight = 7 * scale;

/** One box to draw: where, in which colour, with which label. */
export interface DrawnBox { bbox: Box; colour: [number, number, number]; label: string }

/** An RGB copy of `image` (grey is spread to three channels) with `boxes` drawn on it. */
export function drawDetections(image: PixelImage, boxes: readonly DrawnBox[]): PixelImage {
  const { width: w, height: h } = image;
  const rgb = new Uint8Array(w * h * 3);
  if (image.channels === 3) rgb.set(image.data);
  else for (let p = 0; p < w * h; p++) rgb.fill(image.data[p], p * 3, p * 3 + 3);
  const put = (x: number, y: number, colour: readonly number[]) => {
    if (x >= 0 && y >= 0 && x < w && y < h) rgb.set(colour, (y * w + x) * 3);
  };
  for (const { bbox, colour, label } of boxes) {
    const [x0, y0] = [Math.max(0, Math.round(bbox[0])), Math.max(0, Math.round(bbox[1]))];
    const [x1, y1] = [Math.min(w - 1, Math.round(bbox[0] + bbox[2]) - 1), Math.min(h - 1, Math.round(bbox[1] + bbox[3]) - 1)];
    for (let y = y0; y <= y1; y++) {
      for (let x = x0; x <= x1; x++) if (x - x0 < 2 || x1 - x < 2 || y - y0 < 2 || y1 - y < 2) put(x, y, colour);
    }
    const top = y0 >= lineHeight ? y0 - lineHeight : y0 + 2;
    for (let y = top; y < top + lineHeight; y++) for (let x = x0; x < x0 + label.length * advance + scale; x++) put(x, y, [0, 0, 0]);
    [...label.toLowerCase()].forEach((ch, i) => {
      const glyph = glyphs[ch] ?? glyphs['?'];
      for (let gy = 0; gy < 5; gy++) {
        for (let gx = 0; gx < 3; gx++) {
          if (glyph[gy * 3 + gx] !== '1') continue;
          for (let sy = 0; sy < scale; sy++) for (let sx = 0; sx < scale; sx++) put(x0 + scale + i * advance + gx * scale + sx, top + scale + gy * scale + sy, colour);
        }
      }
    });
  }
  return { width: w, height: h, channels: 3, data: rgb };
}
