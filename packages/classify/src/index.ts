/**
 * @deeper/classify: the public entry. Each area keeps its own barrel (`./<area>/index`);
 * this file re-exports them.
 */
export { DatasetError, readIdx, readIdxFile, loadFashionMnist, loadFashionMnistDefaults, resolveLoadFashionMnistConfig, fashionMnistClassNames, loadMnist, loadMnistDefaults, resolveLoadMnistConfig, mnistClassNames, loadDataset, datasetNames, type IdxArray, type IdxData, type ImageDataset, type LoadFashionMnistConfig, type LoadMnistConfig, type DatasetName, type LoadDatasetOptions } from './datasets/index';
