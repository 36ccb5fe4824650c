/**
 * ## Description
 * A car sits at the bottom of a sinusoidal valley and must reach the flag on the right hill.
 * Its engine is too weak to climb directly: it has to rock back and forth to build momentum
 * (Moore 1990, "Efficient Memory-based Learning for Robot Control"). Dynamics and constants
 * follow Gymnasium's `gymnasium/envs/classic_control/mountain_car.py` (v0).
 *
 * ## Action Space
 * `Discrete(3)`: 0 accelerates left, 1 does nothing, 2 accelerates right.
 *
 * ## Observation Space
 * `Box([-1.2, -0.07], [0.6, 0.07], [2], float32)`: position along the x-axis and velocity.
 *
 * ## Rewards
 * −1 for every step, including the one that reaches the goal.
 *
 * ## Starting State
 * Position uniform in [-0.6, -0.4] (`reset({ options: { low, high } })` changes the
 * interval), velocity 0.
 *
 * ## Episode End
 * Terminated when position ≥ 0.5 (the flag) with velocity ≥ 0. Truncated after 200 steps
 * by the registry's TimeLimit. Stepping after termination throws `ResetNeededError`.
 *
 * ## Version History
 * - v0: the only version (Gymnasium's), 200 steps, reward threshold −110.
 *
 * Transition: velocity += (action − 1)·force − cos(3·position)·gravity, clipped to ±0.07;
 * position += velocity, clipped to [-1.2, 0.6]; at the left wall a leftward velocity is zeroed.
 */
import type { Env, EnvMetadata, ResetOptions, ResetResult, RgbFrame, StepResult } from '../env';
import type { EnvSpec } from '../registry/env-spec';
import { Discrete } from '../spaces/discrete';
import { Box } from '../spaces/box';
import { Rng, checkSeed } from '../rng';
import { InvalidActionError, ResetNeededError } from '../errors';
import { checkEnvNumber, describeValue, resolveEnvOptions } from '../registry/env-options';
import { createFrame, drawLine, fillCircle, fillPolygon } from '../render/draw';
import { resetBounds } from './reset-bounds';

export interface MountainCarConfig {
  /** Velocity the car must have at the flag to finish, in position units per step; default 0 (mountain_car.py). */
  goalVelocity: number;
}

export const mountainCarDefaults: MountainCarConfig = { goalVelocity: 0 };

export class MountainCar implements Env<Float32Array, number> {
  static readonly minPosition = -1.2;
  static readonly maxPosition = 0.6;
  static readonly maxSpeed = 0.07;
  static readonly goalPosition = 0.5;
  /** Engine force per step. */
  static readonly force = 0.001;
  static readonly gravity = 0.0025;

  readonly actionSpace = new Discrete(3);
  readonly observationSpace = new Box({
    low: [MountainCar.minPosition, -MountainCar.maxSpeed],
    high: [MountainCar.maxPosition, MountainCar.maxSpeed],
    dtype: 'float32',
  });
  readonly metadata: EnvMetadata = { renderFps: 30 };
  spec?: EnvSpec;
  readonly config: MountainCarConfig;

  private position = 0;
  private velocity = 0;
  private rng = new Rng(0);
  private started = false;
  private terminated = false;

  constructor(options: Partial<MountainCarConfig> = {}) {
    this.config = resolveEnvOptions('MountainCar', mountainCarDefaults, options);
    checkEnvNumber('MountainCar', 'goalVelocity', this.config.goalVelocity, -MountainCar.maxSpeed, MountainCar.maxSpeed);
  }

  reset({ seed, options }: ResetOptions = {}): ResetResult<Float32Array> {
    if (seed !== undefined) this.rng.seed(checkSeed('MountainCar.reset', seed));
    const { low, high } = resetBounds('MountainCar.reset', options, -0.6, -0.4);
    this.position = this.rng.uniform(low, high);
    this.velocity = 0;
    this.started = true;
    this.terminated = false;
    return { observation: this.observe(), info: {} };
  }

  step(action: number): StepResult<Float32Array> {
    if (!this.actionSpace.contains(action)) {
      throw new InvalidActionError(`MountainCar.step expects an action in ${this.actionSpace} (0 = left, 1 = none, 2 = right), but received ${describeValue(action)}`);
    }
    if (!this.started || this.terminated) {
      throw new ResetNeededError(`MountainCar.step expects a running episode, but received a step ${this.started ? 'after the episode terminated' : 'before the first reset'}; call reset() first`);
    }
    const { force, gravity, maxSpeed, minPosition, maxPosition, goalPosition } = MountainCar;
    this.velocity += (action - 1) * force + Math.cos(3 * this.position) * -gravity;
    this.velocity = Math.min(Math.max(this.velocity, -maxSpeed), maxSpeed);
    this.position += this.velocity;
    this.position = Math.min(Math.max(this.position, minPosition), maxPosition);
    if (this.position === minPosition && this.velocity < 0) this.velocity = 0;
    this.terminated = this.position >= goalPosition && this.velocity >= this.config.goalVelocity;
    return { observation: this.observe(), reward: -1, terminated: this.terminated, truncated: false, info: {} };
  }

  private observe(): Float32Array {
    return Float32Array.of(this.position, this.velocity);
  }

  /** A 600 × 400 picture of the valley, the car and the flag, laid out as Gymnasium's renderer. */
  render(): RgbFrame {
    const width = 600, height = 400;
    const frame = createFrame(width, height);
    const { minPosition, maxPosition, goalPosition } = MountainCar;
    const scale = width / (maxPosition - minPosition);
    const hill = (x: number): number => Math.sin(3 * x) * 0.45 + 0.55;
    const toScreen = (x: number, y: number): [number, number] => [(x - minPosition) * scale, height - y * scale];
    for (let i = 0; i < 99; i++) {
      const xa = minPosition + ((maxPosition - minPosition) * i) / 99, xb = minPosition + ((maxPosition - minPosition) * (i + 1)) / 99;
      const [ax, ay] = toScreen(xa, hill(xa)), [bx, by] = toScreen(xb, hill(xb));
      drawLine(frame, ax, ay, bx, by, [0, 0, 0], 2);
    }
    const [flagX, flagBase] = toScreen(goalPosition, hill(goalPosition));
    drawLine(frame, flagX, flagBase, flagX, flagBase - 50, [0, 0, 0]);
    fillPolygon(frame, [[flagX, flagBase - 50], [flagX, flagBase - 40], [flagX + 25, flagBase - 45]], [204, 204, 0]);
    const angle = Math.atan(3 * 0.45 * Math.cos(3 * this.position));
    const [carX, carY] = toScreen(this.position, hill(this.position));
    const clearance = 10, carWidth = 40, carHeight = 20;
    // Car-frame (u along the slope, v up from the track) to screen coordinates.
    const point = (u: number, v: number): [number, number] => [
      carX + u * Math.cos(angle) - (v + clearance) * Math.sin(angle),
      carY - u * Math.sin(angle) - (v + clearance) * Math.cos(angle),
    ];
    fillPolygon(frame, [point(-carWidth / 2, 0), point(-carWidth / 2, carHeight), point(carWidth / 2, carHeight), point(carWidth / 2, 0)], [0, 0, 0]);
    for (const u of [carWidth / 4, -carWidth / 4]) {
      const [wx, wy] = point(u, 0);
      fillCircle(frame, wx, wy, carHeight / 2.5, [128, 128, 128]);
    }
    return frame;
  }

  close(): void {
    this.started = false;
  }
}
