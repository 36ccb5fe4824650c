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
