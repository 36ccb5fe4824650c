/** What every dataset loader returns: grey images in [0, 1] and their class labels. */
export interface ImageDataset {
  /** count × height × width pixels, row-major, values in [0, 1]. */
  images: Float32Array;
  /** The class index of each image. */
  labels: Uint8Array;
  /** Number of images. */
  count: number;
  /** Image height in pixels. */
  height: number;
  /** Image width in pixels. */
  width: number;
  /** Class names, indexed by label. */
  classNames: readonly string[];
}
