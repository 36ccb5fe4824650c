/**
 * `NormalizeObservation`: each observation element is standardised by a running mean and
 * variance, `(x − mean) / sqrt(var + epsilon)` (Gymnasium's `NormalizeObservation`). The
 * statistics are updated with each new observation before it is normalised, by Welford's
 * algorithm (Welford 1962), which stays accurate where the naive sum of squares cancels.
 * Observations come back as `Float64Array`s; set `updateRunningStats = false` to freeze the
 * statistics, e.g. for evaluation.
 */
import type { Env, ResetOptions, ResetResult, StepResult } from '../env';
import { Box, requireBox } from '../spaces/box';
import type { TypedArray } from '../spaces/typed-array';
import { checkEnvNumber, resolveEnvOptions } from '../registry/env-options';
import { Wrapper } from './wrapper';

export interface NormalizeObservationConfig {
  /** Added to the variance before the square root, to avoid dividing by zero; default 1e-8, as Gymnasium. */
  epsilon: number;
}

export const normalizeObservationDefaults: NormalizeObservationConfig = { epsilon: 1e-8 };

export class NormalizeObservation<Act> extends Wrapper<Float64Array, Act, TypedArray> {
  readonly epsilon: number;
  /** When false, observations are normalised with the statistics as they are. */
  updateRunningStats = true;
  /** Observations seen. */
  count = 0;
  readonly mean: Float64Array;
  /** Sum of squared deviations from the mean (Welford's M2). */
  private readonly m2: Float64Array;
  private readonly space: Box<'float64'>;

  constructor(env: Env<TypedArray, Act>, config: Partial<NormalizeObservationConfig> = {}) {
    super(env);
    const resolved = resolveEnvOptions('NormalizeObservation', normalizeObservationDefaults, config);
    this.epsilon = checkEnvNumber('NormalizeObservation', 'epsilon', resolved.epsilon, 0);
    const inner = requireBox(env.observationSpace, 'NormalizeObservation', 'an env');
    this.mean = new Float64Array(inner.size);
    this.m2 = new Float64Array(inner.size);
    this.space = new Box({ low: -Infinity, high: Infinity, shape: inner.shape, dtype: 'float64' });
  }

  override get observationSpace(): Box<'float64'> {
    return this.space;
  }

  /** The running (population) variance per element; 1 before any observation. */
  get variance(): Float64Array {
    return this.m2.map((m) => (this.count > 0 ? m / this.count : 1));
  }

  override reset(options?: ResetOptions): ResetResult<Float64Array> {
    const result = this.env.reset(options);
    return { ...result, observation: this.normalize(result.observation) };
  }

  override step(action: Act): StepResult<Float64Array> {
    const result = this.env.step(action);
    return { ...result, observation: this.normalize(result.observation) };
  }

  private normalize(observation: TypedArray): Float64Array {
    if (this.updateRunningStats) {
      this.count += 1;
      for (let i = 0; i < this.mean.length; i++) {
        const delta = observation[i] - this.mean[i];
        this.mean[i] += delta / this.count;
        this.m2[i] += delta * (observation[i] - this.mean[i]);
      }
    }
    const out = new Float64Array(this.mean.length);
    for (let i = 0; i < out.length; i++) {
      const variance = this.count > 0 ? this.m2[i] / this.count : 1;
      out[i] = (observation[i] - this.mean[i]) / Math.sqrt(variance + this.epsilon);
    }
    return out;
  }
}
