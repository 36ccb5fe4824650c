import type { Box } from './box';

/** One object of a detection scene. */
export interface DetectionObject {
  /** [x, y, w, h] in pixels. */
  bbox: Box;
  /** The category's id (its `categories` entry). */
  categoryId: number;
}

/** A detection dataset in memory: images and their objects, COCO's categories. */
export interface DetectionData {
  /** count × height × width × channels bytes (all images share one size). */
  images: Uint8Array;
  objects: DetectionObject[][];
  count: number;
  height: number;
  width: number;
  channels: 1 | 3;
  categories: { id: number; name: string }[];
  /** File name of each image, relative to DIR/images. */
  fileNames: string[];
}
