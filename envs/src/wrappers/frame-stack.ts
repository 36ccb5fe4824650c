/**
 * `FrameStack`: the observation becomes the last `stackSize` observations, stacked along a
 * new leading axis (Gymnasium 1.x's `FrameStackObservation`): shape `[k, ...inner]`, oldest
 * first. At reset the stack is filled with copies of the first observation (Gymnasium's
 * `padding_type="reset"`). Each returned observation is a fresh array.
 */
import type { Env, ResetOptions, ResetResult, StepResult } from '../env';
import { Box, requireBox } from '../spaces/box';
import { allocate, type ArrayDtype, type TypedArray } from '../spaces/typed-array';
import { checkEnvInteger, resolveEnvOptions } from '../registry/env-options';
import { Wrapper } from './wrapper';

export interface FrameStackConfig {
  /** Observations stacked, k; default 4, as Mnih et al. 2015 (DQN on Atari). */
  stackSize: number;
}

export const frameStackDefaults: FrameStackConfig = { stackSize: 4 };

export class FrameStack<Act> extends Wrapper<TypedArray, Act> {
  readonly stackSize: number;
  private readonly stackedSpace: Box;
  private readonly frameSize: number;
  private readonly stack: TypedArray;

  constructor(env: Env<TypedArray, Act>, config: Partial<FrameStackConfig> = {}) {
    super(env);
    const resolved = resolveEnvOptions('FrameStack', frameStackDefaults, config);
    this.stackSize = checkEnvInteger('FrameStack', 'stackSize', resolved.stackSize, 1);
    const inner = requireBox(env.observationSpace, 'FrameStack', 'an env');
    const k = this.stackSize;
    this.frameSize = inner.size;
    const repeat = (b: Float64Array): Float64Array => {
      const out = new Float64Array(b.length * k);
      for (let i = 0; i < k; i++) out.set(b, i * b.length);
      return out;
    };
    this.stackedSpace = new Box({ low: repeat(inner.low), high: repeat(inner.high), shape: [k, ...inner.shape], dtype: inner.dtype as ArrayDtype });
    this.stack = allocate(inner.dtype as ArrayDtype, this.frameSize * k);
  }

  override get observationSpace(): Box {
    return this.stackedSpace;
  }

  override reset(options?: ResetOptions): ResetResult<TypedArray> {
    const result = this.env.reset(options);
    for (let i = 0; i < this.stackSize; i++) this.stack.set(result.observation, i * this.frameSize);
    return { ...result, observation: this.stack.slice() };
  }

  override step(action: Act): StepResult<TypedArray> {
    const result = this.env.step(action);
    this.stack.copyWithin(0, this.frameSize);
    this.stack.set(result.observation, (this.stackSize - 1) * this.frameSize);
    return { ...result, observation: this.stack.slice() };
  }
}
