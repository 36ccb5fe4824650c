/** Vector envs: many copies of an env stepped in lockstep, with batched observations. */
export { SyncVectorEnv } from './sync-vector-env';
export { AsyncVectorEnv, asyncVectorEnvDefaults, type AsyncVectorEnvConfig } from './async-vector-env';
export { batchSpace, type VectorInfo, type VectorResetResult, type VectorStepResult } from './vector-env';
