export { writeFileAtomic, fsyncDirectory } from './atomic-write';
export { fileRecord, verifyFileRecords, type FileRecord } from './file-record';
export { processAlive, removeAbandonedWorkFolders } from './abandoned-work-folders';
export type { FileContents } from './atomic-write';
export { fileSystemHandler, fileSystemHandlerDefaults, resolveFileSystemHandlerConfig, modelFiles } from './file-system-handler';
export type { FileSystemHandlerConfig, FileSystemIOHandler } from './file-system-handler';
export { saveModel, loadModel, loadWeightsInto, saveModelDefaults, loadModelDefaults, loadWeightsDefaults } from './save-model';
export type { SaveModelConfig, LoadModelConfig, LoadWeightsConfig } from './save-model';
export { saveOptimizer, loadOptimizer, optimizerFiles } from './optimizer-checkpoint';
