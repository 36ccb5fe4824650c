/**
 * ## Description
 * A pole is attached by an un-actuated joint to a cart that moves along a frictionless
 * track. The pole starts upright; the goal is to keep it upright by pushing the cart left
 * or right (Barto, Sutton & Anderson 1983, "Neuronlike adaptive elements that can solve
 * difficult learning control problems"). Dynamics, constants and limits follow Gymnasium's
 * `gymnasium/envs/classic_control/cartpole.py` (v1); the equations of motion are Florian
 * 2007, "Correct equations for the dynamics of the cart-pole system", as used there.
 *
 * ## Action Space
 * `Discrete(2)`: 0 pushes the cart to the left, 1 to the right, with a force of 10 N.
 *
 * ## Observation Space
 * `Box([4], float32)`: cart position (±4.8 m), cart velocity (unbounded), pole angle
 * (±0.419 rad, 24°), pole angular velocity (unbounded). The episode ends well before the
 * position and angle bounds are reached (see Episode End).
 *
 * ## Rewards
 * +1 for every step taken, including the terminating one.
 *
 * ## Starting State
 * Every observation element uniform in [-0.05, 0.05] (`reset({ options: { low, high } })`
 * changes the interval).
 *
 * ## Episode End
 * Terminated when |pole angle| > 12° or |cart position| > 2.4 (the centre leaves the
 * display). Truncated after 500 steps by the registry's TimeLimit (`CartPole-v1`).
 * Stepping after termination throws `ResetNeededError` (Gymnasium only warns).
 *
 * ## Version History
 * - v1: 500-step limit, reward threshold 475 (Gymnasium's current version).
 * - v0 (Gymnasium, not registered here): 200 steps, threshold 195.
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

/** CartPole has no construction options; the physics constants are Gymnasium's. */
export type CartPoleConfig = Record<string, never>;

export const cartPoleDefaults: CartPoleConfig = {};

const F32_MAX = 3.4028234663852886e38;

export class CartPole implements Env<Float32Array, number> {
  /** Gravity, m/s² (cartpole.py). */
  static readonly gravity = 9.8;
  /** Cart mass, kg. */
  static readonly massCart = 1.0;
  /** Pole mass, kg. */
  static readonly massPole = 0.1;
  /** Half the pole's length, m (cartpole.py calls it `length`). */
  static readonly length = 0.5;
  /** Force of a push, N. */
  static readonly forceMag = 10.0;
  /** Seconds between state updates. */
  static readonly tau = 0.02;
  /** Angle at which the episode terminates: 12° in radians. */
  static readonly thetaThresholdRadians = (12 * 2 * Math.PI) / 360;
  /** Cart position at which the episode terminates, m. */
  static readonly xThreshold = 2.4;

  readonly actionSpace = new Discrete(2);
  readonly observationSpace = new Box({
    low: [-CartPole.xThreshold * 2, -F32_MAX, -CartPole.thetaThresholdRadians * 2, -F32_MAX],
    high: [CartPole.xThreshold * 2, F32_MAX, CartPole.thetaThresholdRadians * 2, F32_MAX],
    dtype: 'float32',
  });
  readonly metadata: EnvMetadata = { renderFps: 50 };
  spec?: EnvSpec;

  /** [x, xDot, theta, thetaDot] in float64; the observation is its float32 copy. */
  private state = new Float64Array(4);
  private rng = new Rng(0);
  private started = false;
  private terminated = false;

  constructor(options: Partial<CartPoleConfig> = {}) {
    resolveEnvOptions('CartPole', cartPoleDefaults, options);
  }

  reset({ seed, options }: ResetOptions = {}): ResetResult<Float32Array> {
    if (seed !== undefined) this.rng.seed(checkSeed('CartPole.reset', seed));
    const { low, high } = resetBounds('CartPole.reset', options, -0.05, 0.05);
    for (let i = 0; i < 4; i++) this.state[i] = this.rng.uniform(low, high);
    this.started = true;
    this.terminated = false;
    return { observation: Float32Array.from(this.state), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (!this.actionSpace.contains(action)) {
      throw new InvalidActionError(`CartPole.step expects an action in ${this.actionSpace} (0 = push left, 1 = push right), but received ${describeValue(action)}`);
    }
    if (!this.started || this.terminated) {
      throw new ResetNeededError(`CartPole.step expects a running episode, but received a step ${this.started ? 'after the episode terminated' : 'before the first reset'}; call reset() first`);
    }
    const { gravity, massCart, massPole, length, forceMag, tau } = CartPole;
    const totalMass = massPole + massCart;
    const poleMassLength = massPole * length;
    const [x, xDot, theta, thetaDot] = this.state;
    const force = action === 1 ? forceMag : -forceMag;
    const cosTheta = Math.cos(theta);
    const sinTheta = Math.sin(theta);
    // Florian 2007, eqs. 23–24 with friction set to zero.
    const temp = (force + poleMassLength * thetaDot * thetaDot * sinTheta) / totalMass;
    const thetaAcc = (gravity * sinTheta - cosTheta * temp) / (length * (4 / 3 - (massPole * cosTheta * cosTheta) / totalMass));
    const xAcc = temp - (poleMassLength * thetaAcc * cosTheta) / totalMass;
    // Explicit Euler, Gymnasium's default `kinematics_integrator = "euler"`: positions move
    // with the old velocities.
    this.state[0] = x + tau * xDot;
    this.state[1] = xDot + tau * xAcc;
    this.state[2] = theta + tau * thetaDot;
    this.state[3] = thetaDot + tau * thetaAcc;
    const nx = this.state[0], nTheta = this.state[2];
    this.terminated =
      nx < -CartPole.xThreshold || nx > CartPole.xThreshold ||
      nTheta < -CartPole.thetaThresholdRadians || nTheta > CartPole.thetaThresholdRadians;
    return { observation: Float32Array.from(this.state), reward: 1, terminated: this.terminated, truncated: false, info: {} };
  }

  /** A 600 × 400 picture: track, cart and pole, as Gymnasium's pygame renderer lays them out. */
  render(): RgbFrame {
    const width = 600, height = 400;
    const frame = createFrame(width, height);
    const scale = width / (CartPole.xThreshold * 2);
    const poleWidth = 10, poleLength = scale * 2 * CartPole.length;
    const cartWidth = 50, cartHeight = 30;
    // Gymnasium draws with y up and flips the image; here y grows downwards from the top.
    const trackY = height - 100;
    const cartX = this.state[0] * scale + width / 2;
    drawLine(frame, 0, trackY, width, trackY, [0, 0, 0]);
    const l = cartX - cartWidth / 2, r = cartX + cartWidth / 2, t = trackY - cartHeight / 2, b = trackY + cartHeight / 2;
    fillPolygon(frame, [[l, t], [r, t], [r, b], [l, b]], [0, 0, 0]);
    const axleY = trackY - cartHeight / 4;
    const theta = this.state[2];
    // The pole is a rectangle rotated by theta about the axle (theta > 0 leans right).
    const corner = (along: number, across: number): [number, number] => [
      cartX + along * Math.sin(theta) + across * Math.cos(theta),
      axleY - along * Math.cos(theta) + across * Math.sin(theta),
    ];
    fillPolygon(frame, [corner(-poleWidth / 2, -poleWidth / 2), corner(-poleWidth / 2, poleWidth / 2), corner(poleLength - poleWidth / 2, poleWidth / 2), corner(poleLength - poleWidth / 2, -poleWidth / 2)], [202, 152, 101]);
    fillCircle(frame, cartX, axleY, poleWidth / 2, [129, 132, 203]);
    return frame;
  }

  close(): void {
    this.started = false;
  }
}
