/**
 * ε-greedy exploration with a linear schedule (Mnih et al. 2015, "Methods: training
 * details"): actions are uniform for the first `learningStarts` frames (the replay warm-up),
 * then ε falls linearly from `start` to `end` over `decayFrames` frames and stays at `end`.
 */
import { checkInteger, checkNumber, resolveConfig } from '@deeper/core';

export interface EpsilonScheduleConfig {
  /** ε at the end of warm-up. Default 1.0 (Mnih et al. 2015; MinAtar's reference). */
  start: number;
  /** Final ε. Default 0.1 (Mnih et al. 2015; MinAtar's reference). */
  end: number;
  /** Frames over which ε falls from `start` to `end`, counted from `learningStarts`. Default 100,000 (MinAtar's reference). */
  decayFrames: number;
  /** Frames of uniformly random actions before learning (ε = 1). Default 5,000 (MinAtar's reference replay start size). */
  learningStarts: number;
}

export const epsilonScheduleDefaults: EpsilonScheduleConfig = { start: 1, end: 0.1, decayFrames: 100_000, learningStarts: 5000 };

export function resolveEpsilonScheduleConfig(partial: Partial<EpsilonScheduleConfig>): EpsilonScheduleConfig {
  const who = 'epsilonSchedule';
  const c = resolveConfig(who, epsilonScheduleDefaults, partial);
  checkNumber(who, 'start', c.start, 0, 1);
  checkNumber(who, 'end', c.end, 0, 1);
  checkInteger(who, 'decayFrames', c.decayFrames, 0);
  checkInteger(who, 'learningStarts', c.learningStarts, 0);
  return c;
}

/** ε at frame `frame` (frames taken before this action, from 0). */
export function epsilonAt(c: EpsilonScheduleConfig, frame: number): number {
  if (frame < c.learningStarts) return 1;
  if (c.decayFrames === 0) return c.end;
  const progress = Math.min(1, (frame - c.learningStarts) / c.decayFrames);
  return c.start + (c.end - c.start) * progress;
}
