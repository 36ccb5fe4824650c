/**
 * L-BFGS (Nocedal 1980; Nocedal & Wright, "Numerical Optimization", 2nd ed., Algorithm 7.4,
 * the two-loop recursion, and Algorithm 3.1, backtracking to the Armijo condition), the
 * optimiser Gatys et al. 2016 used for style transfer. It works on a flat Float64Array and a
 * function returning the value and gradient there, so it is independent of tensors.
 *
 *   d_k = −H_k ∇f(x_k)    (two-loop recursion over the last m pairs s = Δx, y = Δ∇f,
 *                          H_0 = (sᵀy / yᵀy) I)
 *   x_{k+1} = x_k + α d_k  (α from 1, halved until f decreases by ≥ c₁ α ∇fᵀd)
 * Pairs with sᵀy ≤ 0 are skipped, which keeps H positive definite.
 */
import { checkInteger, checkNumber, resolveConfig } from '@deeper/core';

export interface LbfgsConfig {
  /** Correction pairs kept; default 10 (Nocedal & Wright suggest 3–20). */
  history: number;
  /** Armijo constant c₁; default 1e-4 (Nocedal & Wright, §3.1). */
  c1: number;
  /** Halvings of the step before giving up on a direction; default 20. */
  maxBacktracks: number;
}

export const lbfgsDefaults: LbfgsConfig = { history: 10, c1: 1e-4, maxBacktracks: 20 };

export function resolveLbfgsConfig(partial: Partial<LbfgsConfig> = {}): LbfgsConfig {
  const c = resolveConfig('lbfgs', lbfgsDefaults, partial);
  checkInteger('lbfgs', 'history', c.history);
  checkNumber('lbfgs', 'c1', c.c1, 0, 1, true);
  checkInteger('lbfgs', 'maxBacktracks', c.maxBacktracks);
  return c;
}

/** The objective: value and gradient at x. */
export type Objective = (x: Float64Array) => { value: number; gradient: Float64Array };

const dot = (a: Float64Array, b: Float64Array) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** An L-BFGS minimiser; each `step()` takes one iteration from the current point. */
export class Lbfgs {
  readonly config: LbfgsConfig;
  x: Float64Array;
  value: number;
  gradient: Float64Array;
  /** Objective evaluations so far. */
  evaluations = 1;
  private readonly s: Float64Array[] = [];
  private readonly y: Float64Array[] = [];

  constructor(private readonly f: Objective, x0: Float64Array, config: Partial<LbfgsConfig> = {}) {
    this.config = resolveLbfgsConfig(config);
    this.x = Float64Array.from(x0);
    const first = f(this.x);
    this.value = first.value;
    this.gradient = first.gradient;
  }

  /** The search direction −H∇f (two-loop recursion). */
  private direction(): Float64Array {
    const q = Float64Array.from(this.gradient, (g) => g);
    const k = this.s.length;
    const alpha = new Float64Array(k);
    const rho = this.s.map((s, i) => 1 / dot(this.y[i], s));
    for (let i = k - 1; i >= 0; i--) {
      alpha[i] = rho[i] * dot(this.s[i], q);
      for (let j = 0; j < q.length; j++) q[j] -= alpha[i] * this.y[i][j];
    }
    const gamma = k === 0 ? 1 / Math.max(1e-12, Math.sqrt(dot(this.gradient, this.gradient))) : dot(this.s[k - 1], this.y[k - 1]) / dot(this.y[k - 1], this.y[k - 1]);
    for (let j = 0; j < q.length; j++) q[j] *= gamma;
    for (let i = 0; i < k; i++) {
      const beta = rho[i] * dot(this.y[i], q);
      for (let j = 0; j < q.length; j++) q[j] += this.s[i][j] * (alpha[i] - beta);
    }
    for (let j = 0; j < q.length; j++) q[j] = -q[j];
    return q;
  }

  /** One iteration; returns false when no step along the direction decreased f. */
  step(): boolean {
    let d = this.direction();
    let slope = dot(this.gradient, d);
    if (!(slope < 0)) {
      // Not a descent direction (curvature information gone stale): restart from steepest descent.
      this.s.length = 0;
      this.y.length = 0;
      d = this.direction();
      slope = dot(this.gradient, d);
    }
    let step = 1;
    for (let t = 0; t < this.config.maxBacktracks; t++, step /= 2) {
      const next = Float64Array.from(this.x, (v, i) => v + step * d[i]);
      const r = this.f(next);
      this.evaluations++;
      if (Number.isFinite(r.value) && r.value <= this.value + this.config.c1 * step * slope) {
        const s = Float64Array.from(next, (v, i) => v - this.x[i]);
        const y = Float64Array.from(r.gradient, (v, i) => v - this.gradient[i]);
        if (dot(s, y) > 1e-12) {
          this.s.push(s);
          this.y.push(y);
          if (this.s.length > this.config.history) {
            this.s.shift();
            this.y.shift();
          }
        }
        this.x = next;
        this.value = r.value;
        this.gradient = r.gradient;
        return true;
      }
    }
    return false;
  }
}
