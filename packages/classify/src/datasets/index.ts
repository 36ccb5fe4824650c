export { DatasetError } from './dataset-error';
export { readIdx, type IdxArray, type IdxData } from './read-idx';
export { readIdxFile } from './read-idx-file';
export type { ImageDataset } from './image-dataset';
export { loadFashionMnist, loadFashionMnistDefaults, resolveLoadFashionMnistConfig, fashionMnistClassNames, type LoadFashionMnistConfig } from './load-fashion-mnist';
export { loadMnist, loadMnistDefaults, resolveLoadMnistConfig, mnistClassNames, type LoadMnistConfig } from './load-mnist';
export { loadDataset, datasetNames, type DatasetName, type LoadDatasetOptions } from './load-dataset';
