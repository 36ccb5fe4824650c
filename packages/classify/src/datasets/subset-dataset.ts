/** The images of a dataset at given indices, in that order (a copy). */
import { DatasetError } from './dataset-error';
import { channelsOf, type ImageDataset } from './image-dataset';

export function subsetDataset(data: ImageDataset, indices: ArrayLike<number>): ImageDataset {
  const size = data.height * data.width * channelsOf(data);
  const images = new Float32Array(indices.length * size);
  const labels = new Uint8Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const j = indices[i];
    if (!Number.isInteger(j) || j < 0 || j >= data.count) {
      throw new DatasetError('subsetDataset', `indices in 0…${data.count - 1}`, `${j} at position ${i}`);
    }
    images.set(data.images.subarray(j * size, (j + 1) * size), i * size);
    labels[i] = data.labels[j];
  }
  return { ...data, images, labels, count: indices.length };
}
