/**
 * ## Description
 * Two links hang from a fixed pivot, joined by an actuated joint. Starting hanging down,
 * the goal is to swing the free end above a line one link length over the pivot by applying
 * torque to the middle joint only (Sutton 1996, "Generalization in Reinforcement Learning:
 * Successful Examples Using Sparse Coarse Coding"; Sutton & Barto 1998, ch. 11). Dynamics and
 * constants follow Gymnasium's `gymnasium/envs/classic_control/acrobot.py` (v1): the
 * `book` equations, RK4 integration over one 0.2 s step, no torque noise.
 *
 * ## Action Space
 * `Discrete(3)`: torque −1, 0 or +1 N·m on the joint between the links.
 *
 * ## Observation Space
 * `Box([6], float32)`: cos θ₁, sin θ₁, cos θ₂, sin θ₂ (each in [-1, 1]), θ̇₁ (±4π rad/s),
 * θ̇₂ (±9π rad/s). θ₁ is the first link's angle from straight down, θ₂ the second's
 * relative to the first.
 *
 * ## Rewards
 * −1 for every step that does not reach the goal, 0 for the step that does.
 *
 * ## Starting State
 * θ₁, θ₂, θ̇₁, θ̇₂ each uniform in [-0.1, 0.1] (`reset({ options: { low, high } })`
 * changes the interval).
 *
 * ## Episode End
 * Terminated when −cos θ₁ − cos(θ₁ + θ₂) > 1 (the free end is above the line). Truncated
 * after 500 steps by the registry's TimeLimit. Stepping after termination throws
 * `ResetNeededError`.
 *
 * ## Version History
 * - v1: observation as cos/sin of the angles (Gymnasium's current version), 500 steps,
 *   reward threshold −100.
 */
import type { Env, EnvMetadata, ResetOptions, ResetResult, RgbFrame, StepResult } from '../env';
import type { EnvSpec } from '../registry/env-spec';
import { Discrete } from '../spaces/discrete';
import { Box } from '../spaces/box';
import { Rng, checkSeed } from '../rng';
import { InvalidActionError, ResetNeededError } from '../errors';
import { describeValue, resolveEnvOptions } from '../registry/env-options';
import { createFrame, drawLine, fillCircle, fillPolygon } from '../render/draw';
import { resetBounds } from './reset-bounds';

/** Acrobot has no construction options; the constants are Gymnasium's. */
export type AcrobotConfig = Record<string, never>;

export const acrobotDefaults: AcrobotConfig = {};

export class Acrobot implements Env<Float32Array, number> {
  /** Seconds integrated per step. */
  static readonly dt = 0.2;
  /** Link lengths, m. */
  static readonly linkLength1 = 1.0;
  static readonly linkLength2 = 1.0;
  /** Link masses, kg. */
  static readonly linkMass1 = 1.0;
  static readonly linkMass2 = 1.0;
  /** Positions of the links' centres of mass along them, m. */
  static readonly linkComPos1 = 0.5;
  static readonly linkComPos2 = 0.5;
  /** Moments of inertia of both links, kg·m². */
  static readonly linkMoi = 1.0;
  static readonly maxVel1 = 4 * Math.PI;
  static readonly maxVel2 = 9 * Math.PI;
  static readonly availableTorque = [-1, 0, 1] as const;
  static readonly gravity = 9.8;

  readonly actionSpace = new Discrete(3);
  readonly observationSpace = new Box({
    low: [-1, -1, -1, -1, -Acrobot.maxVel1, -Acrobot.maxVel2],
    high: [1, 1, 1, 1, Acrobot.maxVel1, Acrobot.maxVel2],
    dtype: 'float32',
  });
  readonly metadata: EnvMetadata = { renderFps: 15 };
  spec?: EnvSpec;

  /** [θ₁, θ₂, θ̇₁, θ̇₂], float64. */
  private state = new Float64Array(4);
  private rng = new Rng(0);
  private started = false;
  private terminated = false;

  constructor(options: Partial<AcrobotConfig> = {}) {
    resolveEnvOptions('Acrobot', acrobotDefaults, options);
  }

  reset({ seed, options }: ResetOptions = {}): ResetResult<Float32Array> {
    if (seed !== undefined) this.rng.seed(checkSeed('Acrobot.reset', seed));
    const { low, high } = resetBounds('Acrobot.reset', options, -0.1, 0.1);
    for (let i = 0; i < 4; i++) this.state[i] = this.rng.uniform(low, high);
    this.started = true;
    this.terminated = false;
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (!this.actionSpace.contains(action)) {
      throw new InvalidActionError(`Acrobot.step expects an action in ${this.actionSpace} (torque −1, 0, +1), but received ${describeValue(action)}`);
    }
    if (!this.started || this.terminated) {
      throw new ResetNeededError(`Acrobot.step expects a running episode, but received a step ${this.started ? 'after the episode terminated' : 'before the first reset'}; call reset() first`);
    }
    const torque = Acrobot.availableTorque[action];
    const next = rk4Step((s) => acrobotDerivatives(s, torque), Array.from(this.state), Acrobot.dt);
    this.state[0] = wrap(next[0], -Math.PI, Math.PI);
    this.state[1] = wrap(next[1], -Math.PI, Math.PI);
    this.state[2] = Math.min(Math.max(next[2], -Acrobot.maxVel1), Acrobot.maxVel1);
    this.state[3] = Math.min(Math.max(next[3], -Acrobot.maxVel2), Acrobot.maxVel2);
    this.terminated = -Math.cos(this.state[0]) - Math.cos(this.state[1] + this.state[0]) > 1.0;
    return { observation: this.observe(), reward: this.terminated ? 0 : -1, terminated: this.terminated, truncated: false, info: {} };
  }

  private observe(): Float32Array {
    const [t1, t2, d1, d2] = this.state;
    return Float32Array.of(Math.cos(t1), Math.sin(t1), Math.cos(t2), Math.sin(t2), d1, d2);
  }

  /** A 500 × 500 picture: the goal line, both links and the joints. */
  render(): RgbFrame {
    const size = 500;
    const frame = createFrame(size, size);
    const bound = Acrobot.linkLength1 + Acrobot.linkLength2 + 0.2;
    const scale = size / (bound * 2);
    const offset = size / 2;
    const screen = (x: number, y: number): [number, number] => [x * scale + offset, offset - y * scale];
    drawLine(frame, ...screen(-2.2, 1), ...screen(2.2, 1), [0, 0, 0]);
    const [t1, t2] = this.state;
    // World coordinates with y up: the first link hangs straight down at θ₁ = 0.
    const p1: [number, number] = [Acrobot.linkLength1 * Math.sin(t1), -Acrobot.linkLength1 * Math.cos(t1)];
    const p2: [number, number] = [p1[0] + Acrobot.linkLength2 * Math.sin(t1 + t2), p1[1] - Acrobot.linkLength2 * Math.cos(t1 + t2)];
    const links: [[number, number], [number, number]][] = [[[0, 0], p1], [p1, p2]];
    const half = 0.1 * scale;
    for (const [a, b] of links) {
      const [ax, ay] = screen(...a), [bx, by] = screen(...b);
      const len = Math.hypot(bx - ax, by - ay) || 1;
      const nx = (-(by - ay) / len) * half, ny = ((bx - ax) / len) * half;
      fillPolygon(frame, [[ax + nx, ay + ny], [bx + nx, by + ny], [bx - nx, by - ny], [ax - nx, ay - ny]], [0, 204, 204]);
      fillCircle(frame, ax, ay, half, [204, 204, 0]);
    }
    return frame;
  }

  close(): void {
    this.started = false;
  }
}

/**
 * d/dt of [θ₁, θ₂, θ̇₁, θ̇₂] under `torque`, the "book" form of the equations (Sutton &
 * Barto 1998), which acrobot.py uses by default.
 */
export function acrobotDerivatives(s: readonly number[], torque: number): number[] {
  const m1 = Acrobot.linkMass1, m2 = Acrobot.linkMass2;
  const l1 = Acrobot.linkLength1;
  const lc1 = Acrobot.linkComPos1, lc2 = Acrobot.linkComPos2;
  const i1 = Acrobot.linkMoi, i2 = Acrobot.linkMoi;
  const g = Acrobot.gravity;
  const [theta1, theta2, dtheta1, dtheta2] = s;
  const d1 = m1 * lc1 ** 2 + m2 * (l1 ** 2 + lc2 ** 2 + 2 * l1 * lc2 * Math.cos(theta2)) + i1 + i2;
  const d2 = m2 * (lc2 ** 2 + l1 * lc2 * Math.cos(theta2)) + i2;
  const phi2 = m2 * lc2 * g * Math.cos(theta1 + theta2 - Math.PI / 2);
  const phi1 =
    -m2 * l1 * lc2 * dtheta2 ** 2 * Math.sin(theta2) -
    2 * m2 * l1 * lc2 * dtheta2 * dtheta1 * Math.sin(theta2) +
    (m1 * lc1 + m2 * l1) * g * Math.cos(theta1 - Math.PI / 2) +
    phi2;
  const ddtheta2 = (torque + (d2 / d1) * phi1 - m2 * l1 * lc2 * dtheta1 ** 2 * Math.sin(theta2) - phi2) / (m2 * lc2 ** 2 + i2 - d2 ** 2 / d1);
  const ddtheta1 = -(d2 * ddtheta2 + phi1) / d1;
  return [dtheta1, dtheta2, ddtheta1, ddtheta2];
}

/** One classical Runge–Kutta (RK4) step of size `dt` from `y0`. */
export function rk4Step(derivs: (y: readonly number[]) => number[], y0: readonly number[], dt: number): number[] {
  const add = (y: readonly number[], k: readonly number[], h: number): number[] => y.map((v, i) => v + h * k[i]);
  const k1 = derivs(y0);
  const k2 = derivs(add(y0, k1, dt / 2));
  const k3 = derivs(add(y0, k2, dt / 2));
  const k4 = derivs(add(y0, k3, dt));
  return y0.map((v, i) => v + (dt / 6) * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]));
}

/** Wraps `x` into [m, M] by adding or subtracting the interval's length (acrobot.py's `wrap`). */
export function wrap(x: number, m: number, M: number): number {
  const diff = M - m;
  while (x > M) x -= diff;
  while (x < m) x += diff;
  return x;
}
