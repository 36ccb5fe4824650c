/**
 * How a DQN run keeps an env's observations in replay (`ReplayBuffer`'s `observationDtype`
 * and `framesPerObservation`), read off the env:
 * - 'bit' when the observation space is a uint8 Box bounded by 0 and 1 (MinAtar's grids:
 *   eight cells to a byte), 'uint8' for other uint8 Boxes, 'float32' otherwise;
 * - k frames per observation when the env's outermost observation-changing wrapper is a
 *   `FrameStack` of k (each frame then stored once, not 2k times), else 1.
 */
import { Box, FrameStack, Wrapper, type Env } from '@deeper/envs';
import type { ReplayBufferConfig } from './replay-buffer';

export function replayStorageFor(env: Env<unknown, unknown>): Pick<ReplayBufferConfig, 'observationDtype' | 'framesPerObservation'> {
  const space = env.observationSpace;
  let observationDtype: ReplayBufferConfig['observationDtype'] = 'float32';
  if (space instanceof Box && space.dtype === 'uint8') {
    const binary = space.low.every((v) => v >= 0) && space.high.every((v) => v <= 1);
    observationDtype = binary ? 'bit' : 'uint8';
  }
  // Wrappers that keep the observation space pass it through; the first that stacks decides.
  let framesPerObservation = 1;
  for (let e: Env<unknown, unknown> = env; e instanceof Wrapper; e = e.env as Env<unknown, unknown>) {
    if (e instanceof FrameStack) {
      framesPerObservation = e.stackSize;
      break;
    }
    if (e.observationSpace !== e.env.observationSpace) break;
  }
  return { observationDtype, framesPerObservation };
}
