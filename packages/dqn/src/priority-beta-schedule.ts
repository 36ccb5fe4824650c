/**
 * The importance-sampling exponent β of prioritized replay (Schaul et al. 2016, §3.4):
 * "we linearly anneal β from its initial value β₀ to 1" over training, so that the bias of
 * prioritized sampling is fully corrected by the end, when the updates matter most for
 * convergence, and only partly early on, when the targets move anyway.
 *
 *   β(frame) = β₀ + (1 − β₀) · min(1, frame / frames)
 */
import { checkInteger, checkNumber } from '@deeper/core';

/** β after `frame` of `frames` frames, annealed linearly from `start` (β₀ ∈ [0, 1]) to 1 and held there. */
export function priorityBetaAt(start: number, frame: number, frames: number): number {
  checkNumber('priorityBetaAt', 'start', start, 0, 1);
  checkInteger('priorityBetaAt', 'frame', frame, 0);
  checkInteger('priorityBetaAt', 'frames', frames, 1);
  return start + (1 - start) * Math.min(1, frame / frames);
}
