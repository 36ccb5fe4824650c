/**
 * @deeper/envs: Gymnasium-style environments. Each area keeps its own barrel; this file
 * re-exports them.
 */
export type { Env, ResetOptions, ResetResult, StepResult, Info, RgbFrame, EnvMetadata } from './env';
export type { Space, Dtype } from './space';
export { Rng, checkSeed } from './rng';
export { EnvError, InvalidActionError, ResetNeededError, UnknownEnvError, EnvOptionError } from './errors';
export * from './spaces/index';
export * from './registry/index';
export * from './classic-control/index';
export * from './wrappers/index';
export * from './vector/index';
export { checkEnv, checkEnvDefaults, sameValue, type CheckEnvConfig } from './check-env';
export { createFrame, fillRect, fillCircle, fillPolygon, drawLine, type Rgb } from './render/draw';
