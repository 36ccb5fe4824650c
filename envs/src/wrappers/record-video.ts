/**
 * `RecordVideo`: records the frames (`render()`) of selected episodes to animated GIF files
 * in a folder (Gymnasium's `RecordVideo`, which writes MP4; GIF needs no codec here). An
 * episode is recorded when `episodeTrigger(episodeId)` is true, episode ids counting resets
 * from 0; by default Gymnasium's `capped_cubic_video_schedule` (episodes 0, 1, 8, 27, …, 729,
 * then every 1000th). A recording holds the reset frame and one frame per step, so a file has
 * `steps + 1` frames; it is written when the episode terminates or is truncated, when `reset`
 * cuts it short, or at `close`. Frames are encoded as they come (./render/gif.ts), so long
 * episodes do not pile up in memory.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Env, ResetOptions, ResetResult, StepResult } from '../env';
import { EnvOptionError } from '../errors';
import { checkEnvNumber, describeValue, resolveEnvOptions } from '../registry/env-options';
import { GifWriter } from '../render/gif';
import { Wrapper } from './wrapper';

export interface RecordVideoConfig {
  /** Folder the GIF files go to, created if missing; required. */
  videoFolder: string;
  /** Whether to record episode `id` (0-based); default `cappedCubicVideoSchedule`, as Gymnasium. */
  episodeTrigger: (episodeId: number) => boolean;
  /** File names are `<namePrefix>-episode-<id>.gif`; default `rl-video`, as Gymnasium. */
  namePrefix: string;
  /** Playback speed in frames per second; default (0) the env's `metadata.renderFps`. */
  fps: number;
}

/** Gymnasium's default schedule: perfect cubes below 1000 (0, 1, 8, 27, …, 729), then every 1000th. */
export function cappedCubicVideoSchedule(episodeId: number): boolean {
  if (episodeId < 1000) return Math.round(Math.cbrt(episodeId)) ** 3 === episodeId;
  return episodeId % 1000 === 0;
}

/** Records every episode. */
export function everyEpisode(): boolean {
  return true;
}

export const recordVideoDefaults: RecordVideoConfig = {
  videoFolder: '',
  episodeTrigger: cappedCubicVideoSchedule,
  namePrefix: 'rl-video',
  fps: 0,
};

export class RecordVideo<Obs, Act> extends Wrapper<Obs, Act> {
  readonly config: RecordVideoConfig;
  /** Paths of the files written so far, in order. */
  readonly videoPaths: string[] = [];
  /** Id of the current episode (−1 before the first reset). */
  episodeId = -1;
  private writer: GifWriter | undefined;
  private closed = false;

  constructor(env: Env<Obs, Act>, config: Partial<RecordVideoConfig> & Pick<RecordVideoConfig, 'videoFolder'>) {
    super(env);
    const resolved = resolveEnvOptions('RecordVideo', recordVideoDefaults, config);
    if (typeof resolved.videoFolder !== 'string' || resolved.videoFolder === '') {
      throw new EnvOptionError(`RecordVideo expects videoFolder to be a folder path, but received ${describeValue(resolved.videoFolder)}; pass { videoFolder: 'videos' }`);
    }
    if (typeof resolved.episodeTrigger !== 'function') {
      throw new EnvOptionError(`RecordVideo expects episodeTrigger to be a function of the episode id, but received ${describeValue(resolved.episodeTrigger)}`);
    }
    if (typeof resolved.namePrefix !== 'string' || !/^[\w.-]+$/.test(resolved.namePrefix)) {
      throw new EnvOptionError(`RecordVideo expects namePrefix to be a file-name-safe string (letters, digits, _ . -), but received ${describeValue(resolved.namePrefix)}`);
    }
    checkEnvNumber('RecordVideo', 'fps', resolved.fps, 0, 100);
    this.config = resolved;
  }

  /** True while the current episode is being recorded. */
  get recording(): boolean {
    return this.writer !== undefined;
  }

  override reset(options?: ResetOptions): ResetResult<Obs> {
    this.flush();
    const result = this.env.reset(options);
    this.episodeId++;
    if (this.config.episodeTrigger(this.episodeId)) {
      this.writer = new GifWriter({ fps: this.config.fps || this.env.metadata.renderFps || 30 });
      this.writer.addFrame(this.env.render());
    }
    return result;
  }

  override step(action: Act): StepResult<Obs> {
    const result = this.env.step(action);
    if (this.writer) {
      this.writer.addFrame(this.env.render());
      if (result.terminated || result.truncated) this.flush();
    }
    return result;
  }

  /** Writes any unfinished recording, then closes the env. Idempotent. */
  override close(): void {
    if (this.closed) return;
    this.closed = true;
    this.flush();
    this.env.close();
  }

  private flush(): void {
    if (!this.writer) return;
    const bytes = this.writer.finish();
    this.writer = undefined;
    mkdirSync(this.config.videoFolder, { recursive: true });
    const path = join(this.config.videoFolder, `${this.config.namePrefix}-episode-${this.episodeId}.gif`);
    writeFileSync(path, bytes);
    this.videoPaths.push(path);
  }
}
