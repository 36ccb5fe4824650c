/**
 * `RecordEpisodeStatistics`: adds `info.episode = { r, l, t }` at the step an episode ends
 * (r: return, l: length in steps, t: wall-clock seconds since the episode began), and keeps
 * the last `bufferLength` returns and lengths (Gymnasium's `RecordEpisodeStatistics`).
 */
import type { Env, ResetOptions, ResetResult, StepResult } from '../env';
import { checkEnvInteger, resolveEnvOptions } from '../registry/env-options';
import { Wrapper } from './wrapper';

export interface RecordEpisodeStatisticsConfig {
  /** How many recent episodes `returnQueue` and `lengthQueue` keep; default 100, as Gymnasium. */
  bufferLength: number;
}

export const recordEpisodeStatisticsDefaults: RecordEpisodeStatisticsConfig = { bufferLength: 100 };

export interface EpisodeStatistics {
  /** Sum of the episode's rewards. */
  r: number;
  /** Steps in the episode. */
  l: number;
  /** Seconds from reset to the last step. */
  t: number;
}

export class RecordEpisodeStatistics<Obs, Act> extends Wrapper<Obs, Act> {
  readonly bufferLength: number;
  /** Returns of the last `bufferLength` episodes, oldest first. */
  readonly returnQueue: number[] = [];
  /** Lengths of the last `bufferLength` episodes, oldest first. */
  readonly lengthQueue: number[] = [];
  /** Episodes finished since construction. */
  episodeCount = 0;
  private episodeReturn = 0;
  private episodeLength = 0;
  private episodeStart = 0;

  constructor(env: Env<Obs, Act>, config: Partial<RecordEpisodeStatisticsConfig> = {}) {
    super(env);
    const resolved = resolveEnvOptions('RecordEpisodeStatistics', recordEpisodeStatisticsDefaults, config);
    this.bufferLength = checkEnvInteger('RecordEpisodeStatistics', 'bufferLength', resolved.bufferLength, 1);
  }

  override reset(options?: ResetOptions): ResetResult<Obs> {
    const result = this.env.reset(options);
    this.episodeReturn = 0;
    this.episodeLength = 0;
    this.episodeStart = performance.now();
    return result;
  }

  override step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    this.episodeReturn += result.reward;
    this.episodeLength += 1;
    if (result.terminated || result.truncated) {
      const episode: EpisodeStatistics = {
        r: this.episodeReturn,
        l: this.episodeLength,
        t: Math.round(performance.now() - this.episodeStart) / 1000,
      };
      this.returnQueue.push(episode.r);
      this.lengthQueue.push(episode.l);
      if (this.returnQueue.length > this.bufferLength) this.returnQueue.shift();
      if (this.lengthQueue.length > this.bufferLength) this.lengthQueue.shift();
      this.episodeCount += 1;
      return { ...result, info: { ...result.info, episode } };
    }
    return result;
  }
}
