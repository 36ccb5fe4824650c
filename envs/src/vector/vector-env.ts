/**
 * What both vector envs return. A vector env steps `numEnvs` copies of an env in lockstep;
 * observations come batched in one typed array of shape `[numEnvs, ...single shape]`.
 *
 * Auto-reset is same-step, as Gymnasium 0.29's vector envs: when a sub-env's episode ends
 * at a step, it is reset within that same step; the returned observation row is the new
 * episode's first observation, and the last observation and info of the finished episode are
 * kept in `info.final_observation[i]` and `info.final_info[i]` (null for the sub-envs that
 * did not end). This keeps every returned row a valid input for the next action, and the
 * final observation is still there for bootstrapping a truncated episode.
 */
import type { Info } from '../env';
import { EnvOptionError, InvalidActionError } from '../errors';
import { describeValue } from '../registry/env-options';
import { Box, requireBox } from '../spaces/box';
import type { Space } from '../space';
import type { ArrayDtype, TypedArray } from '../spaces/typed-array';

export interface VectorInfo {
  /** Each sub-env's info of this step (for an auto-reset sub-env: its reset info). */
  envs: Info[];
  /** Per sub-env: the last observation of the episode that ended at this step, else null. */
  final_observation?: (TypedArray | null)[];
  /** Per sub-env: the last info of the episode that ended at this step, else null. */
  final_info?: (Info | null)[];
}

export interface VectorResetResult {
  /** `[numEnvs, ...shape]`, row-major. */
  observations: TypedArray;
  info: VectorInfo;
}

export interface VectorStepResult {
  observations: TypedArray;
  rewards: Float64Array;
  terminated: boolean[];
  truncated: boolean[];
  info: VectorInfo;
}

/** The batched observation space of `numEnvs` copies of `single`, which must be a Box. */
export function batchSpace(who: string, single: Space<unknown>, numEnvs: number): Box {
  const box = requireBox(single, who, 'sub-envs');
  const repeat = (b: Float64Array): Float64Array => {
    const out = new Float64Array(b.length * numEnvs);
    for (let i = 0; i < numEnvs; i++) out.set(b, i * b.length);
    return out;
  };
  return new Box({ low: repeat(box.low), high: repeat(box.high), shape: [numEnvs, ...box.shape], dtype: box.dtype as ArrayDtype });
}

/**
 * Checks that `actions` has one entry per sub-env, each in the action space, before any
 * sub-env steps: a bad action must not leave the sub-envs out of step with each other.
 */
export function checkActions<Act>(who: string, actions: ArrayLike<Act>, numEnvs: number, actionSpace: Space<Act>): void {
  if (actions === null || typeof actions !== 'object' || actions.length !== numEnvs) {
    throw new EnvOptionError(`${who}.step expects one action per sub-env (${numEnvs}), but received ${actions === null || typeof actions !== 'object' ? String(actions) : `${actions.length}`}`);
  }
  for (let i = 0; i < numEnvs; i++) {
    if (!actionSpace.contains(actions[i])) {
      throw new InvalidActionError(`${who}.step expects every action in ${actionSpace}, but received ${describeValue(actions[i])} for sub-env ${i}`);
    }
  }
}
