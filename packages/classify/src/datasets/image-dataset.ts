/** What every dataset loader returns: images in [0, 1] and their class labels. */
export interface ImageDataset {
  /** count × height × width × channels pixels, row-major (channels last), values in [0, 1]. */
  images: Float32Array;
  /** The class index of each image. */
  labels: Uint8Array;
  /** Number of images. */
  count: number;
  /** Image height in pixels. */
  height: number;
  /** Image width in pixels. */
  width: number;
  /** Channels per pixel: 1 (grey) or 3 (RGB); absent means 1 (the MNIST loaders predate colour). */
  channels?: number;
  /** Class names, indexed by label. */
  classNames: readonly string[];
}

/** Channels per pixel of `data` (1 when the loader did not say). */
export function channelsOf(data: ImageDataset): number {
  return data.channels ?? 1;
}

/** The shape of one image, [height, width, channels], as a model's input takes it. */
export function imageShapeOf(data: ImageDataset): [number, number, number] {
  return [data.height, data.width, channelsOf(data)];
}
