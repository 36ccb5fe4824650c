/** @deeper/dqn: Deep Q-Networks (Mnih et al. 2015). */
export { ReplayBuffer, replayBufferDefaults, resolveReplayBufferConfig } from './replay-buffer';
export type { ReplayBufferConfig, ReplayBatch, ObservationArray } from './replay-buffer';
