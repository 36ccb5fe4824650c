/**
 * A grid of misclassified test images, each with its predicted and true labels beneath it
 * ("pred / true"), like Saito's figure of the digits his deep CNN gets wrong (ch. 8, Fig. 8-2).
 */
import { channelsOf, type ImageDataset } from '../datasets/image-dataset';
import { RgbCanvas, textWidth } from './rgb-canvas';

export interface MisclassifiedGridConfig {
  /** Images per row; default 10. */
  columns: number;
  /** At most this many images, the first wrong ones in test order; default 40. */
  limit: number;
  /** Screen pixels per image pixel; default 3. */
  scale: number;
}

export const misclassifiedGridDefaults: MisclassifiedGridConfig = { columns: 10, limit: 40, scale: 3 };

export function misclassifiedGridImage(test: ImageDataset, predicted: ArrayLike<number>, config: Partial<MisclassifiedGridConfig> = {}, title = ''): RgbCanvas {
  const c = { ...misclassifiedGridDefaults, ...config };
  const wrong: number[] = [];
  for (let i = 0; i < test.count && wrong.length < c.limit; i++) if (predicted[i] !== test.labels[i]) wrong.push(i);
  const label = (i: number) => `${test.classNames[predicted[i]]} / ${test.classNames[test.labels[i]]}`;
  const imageWidth = test.width * c.scale;
  const cellWidth = Math.max(imageWidth, ...wrong.map((i) => textWidth(label(i)))) + 8;
  const cellHeight = test.height * c.scale + 20;
  const rows = Math.max(1, Math.ceil(wrong.length / c.columns));
  const header = 24 + (title ? 12 : 0);
  const canvas = new RgbCanvas(Math.min(wrong.length || 1, c.columns) * cellWidth + 8, header + rows * cellHeight + 4);
  if (title) canvas.drawText(title, 4, 4);
  canvas.drawText(wrong.length === 0 ? 'no misclassified images' : `predicted / true, the first ${wrong.length} wrong`, 4, header - 14);
  const channels = channelsOf(test);
  const size = test.height * test.width * channels;
  wrong.forEach((index, k) => {
    const x = 4 + (k % c.columns) * cellWidth;
    const y = header + Math.floor(k / c.columns) * cellHeight;
    canvas.drawImage(test.images.subarray(index * size, (index + 1) * size), test.height, test.width, channels, x + (cellWidth - 8 - imageWidth) / 2, y, c.scale);
    canvas.drawText(label(index), x, y + test.height * c.scale + 5, [200, 0, 0]);
  });
  return canvas;
}
