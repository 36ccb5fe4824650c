/**
 * The base of every wrapper (Gymnasium's `Wrapper`): forwards everything to the wrapped env,
 * so a subclass overrides only what it changes. `spec` reads and writes through to the
 * innermost env, so `make` can set it on the outermost wrapper.
 */
import type { Env, EnvMetadata, ResetOptions, ResetResult, RgbFrame, StepResult } from '../env';
import type { Space } from '../space';
import type { EnvSpec } from '../registry/env-spec';

export class Wrapper<Obs = unknown, Act = unknown, InnerObs = Obs, InnerAct = Act> implements Env<Obs, Act> {
  constructor(readonly env: Env<InnerObs, InnerAct>) {}

  get observationSpace(): Space<Obs> {
    return this.env.observationSpace as unknown as Space<Obs>;
  }

  get actionSpace(): Space<Act> {
    return this.env.actionSpace as unknown as Space<Act>;
  }

  get metadata(): EnvMetadata {
    return this.env.metadata;
  }

  get spec(): EnvSpec | undefined {
    return this.env.spec;
  }

  set spec(spec: EnvSpec | undefined) {
    this.env.spec = spec;
  }

  /** The env under all wrappers. */
  get unwrapped(): Env {
    let env: Env = this.env as Env;
    while (env instanceof Wrapper) env = env.env as Env;
    return env;
  }

  reset(options?: ResetOptions): ResetResult<Obs> {
    return this.env.reset(options) as unknown as ResetResult<Obs>;
  }

  step(action: Act): StepResult<Obs> {
    return this.env.step(action as unknown as InnerAct) as unknown as StepResult<Obs>;
  }

  render(): RgbFrame {
    return this.env.render();
  }

  close(): void {
    this.env.close();
  }
}
