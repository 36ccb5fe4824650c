/** A segmentation dataset in memory: images and their index masks. */
export interface SegmentationData {
  /** count × height × width × channels bytes. */
  images: Uint8Array;
  /** count × height × width class indices (0 the background). */
  masks: Uint8Array;
  count: number;
  height: number;
  width: number;
  channels: 1 | 3;
  /** Class names, index 0 the background. */
  classNames: string[];
  /** File stem of each image (`00042` for `00042.png`). */
  names: string[];
}
