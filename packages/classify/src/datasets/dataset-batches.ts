/**
 * Minibatches of a dataset as a generator of plain arrays, for evaluation and prediction
 * loops (training batches come from `fit`, which shuffles with its own checkpointed RNG).
 */
import { checkInteger, TrainRng } from '@deeper/core';
import { channelsOf, type ImageDataset } from './image-dataset';

export interface DatasetBatch {
  /** batch × height × width × channels pixels. */
  images: Float32Array;
  labels: Uint8Array;
  /** Positions of the batch's images in the dataset. */
  indices: Int32Array;
}

export interface DatasetBatchesConfig {
  /** Images per batch; the last batch may be smaller. Default 500. */
  batchSize: number;
  /** Seed of a random order; null (default): the dataset's order. */
  shuffleSeed: number | null;
}

export function* datasetBatches(data: ImageDataset, config: Partial<DatasetBatchesConfig> = {}): Generator<DatasetBatch> {
  const batchSize = checkInteger('datasetBatches', 'batchSize', config.batchSize ?? 500, 1);
  const seed = config.shuffleSeed ?? null;
  const order = seed === null ? Int32Array.from({ length: data.count }, (_, i) => i) : new TrainRng(checkInteger('datasetBatches', 'shuffleSeed', seed, 0)).permutation(data.count);
  const size = data.height * data.width * channelsOf(data);
  for (let start = 0; start < data.count; start += batchSize) {
    const indices = order.slice(start, Math.min(data.count, start + batchSize));
    const images = new Float32Array(indices.length * size);
    const labels = new Uint8Array(indices.length);
    indices.forEach((j, i) => {
      images.set(data.images.subarray(j * size, (j + 1) * size), i * size);
      labels[i] = data.labels[j];
    });
    yield { images, labels, indices };
  }
}
