/** The backend area of @deeper/core: backend selection and deeper's wasm training kernels. */
export {
  selectBackend,
  releaseBackend,
  resolveSelectBackendOptions,
  selectBackendDefaults,
  backendNames,
  wasmBinaryFolder,
  type BackendName,
  type BackendReport,
  type SelectBackendOptions,
} from './select-backend';
export { registerWasmTrainingKernels, wasmTrainingKernels } from './wasm-kernels/index';
export { registerAddonKernels, setAddonKernelsEnabled, loadedAddon, addonKernels, setAddonPath } from './addon-kernels/index';
export type { DeeperAddon, AddonPath } from './addon-kernels/load-addon';
export { enableHeapCheck, disableHeapCheck, heapCheckDefaults, type HeapCheck, type HeapCheckConfig, type HeapCheckStats } from './heap-check';
export { startWakeNoise } from './wasm-kernels/native-threads';
