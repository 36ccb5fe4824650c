/**
 * @deeper/envs: Gymnasium-style environments. Each area keeps its own barrel; this file
 * re-exports them.
 */
export type { Env, ResetOptions, ResetResult, StepResult, Info, RgbFrame, EnvMetadata } from './env';
export type { Space, Dtype } from './space';
export { Rng, checkSeed, deriveSeed } from './rng';
export { EnvError, InvalidActionError, ResetNeededError, UnknownEnvError, EnvOptionError } from './errors';
export * from './spaces/index';
export * from './registry/index';
export * from './classic-control/index';
export * from './wrappers/index';
export * from './vector/index';
export { checkEnv, checkEnvDefaults, sameValue, type CheckEnvConfig } from './check-env';
export { createFrame, fillRect, fillCircle, fillPolygon, drawLine, type Rgb } from './render/draw';
export { MinAtarEnv, minatarDefaults, resolveMinAtarConfig, type MinAtarConfig } from './minatar/minatar-env';
export { Breakout } from './minatar/breakout';
export { Asterix } from './minatar/asterix';
export { Freeway } from './minatar/freeway';
export { Seaquest, type SeaquestEntityKind } from './minatar/seaquest';
export { SpaceInvaders } from './minatar/space-invaders';
export { MINATAR_ACTIONS, type MinAtarGame, type MinAtarGameConstructor, type MinAtarGameOptions } from './minatar/minatar-game';
export { minatarPalettes, minatarPalette, minatarDrawOrder, minatarBackground, minatarGrid } from './minatar/colors';
export { minatarEnvIds } from './minatar/registrations';
export { gridFrame, gridFrameDefaults, type GridFrameConfig } from './render/grid-frame';
export { encodePng, decodePng, writePng, checkFrame } from './render/png';
export { GifWriter, encodeGif, writeGif, gifDefaults, resolveGifConfig, type GifConfig } from './render/gif';
export { gifInfo, type GifInfo } from './render/gif-info';
export { RecordVideo, recordVideoDefaults, cappedCubicVideoSchedule, everyEpisode, type RecordVideoConfig } from './wrappers/record-video';
