/** The classic-control envs (Gymnasium's `classic_control`). */
export { CartPole, cartPoleDefaults, type CartPoleConfig } from './cart-pole';
export { MountainCar, mountainCarDefaults, type MountainCarConfig } from './mountain-car';
export { Acrobot, acrobotDefaults, acrobotDerivatives, rk4Step, wrap, type AcrobotConfig } from './acrobot';
