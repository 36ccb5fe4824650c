/**
 * The confusion matrix as a picture: row = true class, column = predicted class, each cell
 * shaded by the fraction of its row (white 0 → dark blue 1) and labelled with its count;
 * the diagonal holds the correct predictions.
 */
import { RgbCanvas, textWidth, type Rgb } from './rgb-canvas';

export function confusionMatrixImage(confusion: number[][], classNames: readonly string[], title = ''): RgbCanvas {
  const k = classNames.length;
  const cell = Math.max(26, Math.max(...confusion.flat().map((n) => textWidth(String(n)))) + 6);
  const labelWidth = Math.max(...classNames.map(textWidth)) + 8;
  const top = 12 + (title ? 12 : 0) + labelWidth;
  const left = labelWidth + 12;
  const canvas = new RgbCanvas(left + k * cell + 10, top + k * cell + 24);
  if (title) canvas.drawText(title, 4, 4);
  canvas.drawText('predicted ->', left, top - labelWidth - 10);
  canvas.drawText('true', 2, top - 10);
  for (let i = 0; i < k; i++) {
    const rowTotal = confusion[i].reduce((a, b) => a + b, 0);
    canvas.drawText(classNames[i], 4, top + i * cell + (cell - 7) / 2);
    // Column labels, written upwards one character per line would be unreadable: number them and list below.
    canvas.drawText(String(i), left + i * cell + (cell - textWidth(String(i))) / 2, top - 10);
    for (let j = 0; j < k; j++) {
      const share = rowTotal > 0 ? confusion[i][j] / rowTotal : 0;
      const color: Rgb = [Math.round(255 - 222 * share), Math.round(255 - 180 * share), Math.round(255 - 80 * share)];
      canvas.fillRect(left + j * cell, top + i * cell, cell - 1, cell - 1, color);
      const text = String(confusion[i][j]);
      canvas.drawText(text, left + j * cell + Math.floor((cell - textWidth(text)) / 2), top + i * cell + Math.floor((cell - 7) / 2), share > 0.5 ? [255, 255, 255] : [0, 0, 0]);
    }
  }
  // Columns are numbered in the rows' order; say so unless the names are those numbers.
  if (classNames.some((n, i) => n !== String(i))) canvas.drawText('column i: the class of row i', 4, top + k * cell + 8);
  return canvas;
}
