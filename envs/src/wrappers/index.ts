/** The wrappers, one per file (RecordVideo lives in ./record-video.ts). */
export { Wrapper } from './wrapper';
export { TimeLimit, type TimeLimitConfig } from './time-limit';
export { RecordEpisodeStatistics, recordEpisodeStatisticsDefaults, type RecordEpisodeStatisticsConfig, type EpisodeStatistics } from './record-episode-statistics';
export { FrameStack, frameStackDefaults, type FrameStackConfig } from './frame-stack';
export { StickyAction, stickyActionDefaults, type StickyActionConfig } from './sticky-action';
export { ClipReward, clipRewardDefaults, type ClipRewardConfig } from './clip-reward';
export { NormalizeObservation, normalizeObservationDefaults, type NormalizeObservationConfig } from './normalize-observation';
