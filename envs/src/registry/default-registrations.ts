/**
 * The envs `make` knows without any import from the caller: classic control here, the
 * MinAtar games from their own registrations module. Facts (limits, thresholds) are
 * Gymnasium's `gymnasium/envs/__init__.py`.
 */
import { register, getSpec } from './registry';
import { CartPole, type CartPoleConfig } from '../classic-control/cart-pole';
import { MountainCar, mountainCarDefaults, type MountainCarConfig } from '../classic-control/mountain-car';
import { Acrobot, type AcrobotConfig } from '../classic-control/acrobot';
import '../minatar/registrations';

if (!getSpec('CartPole-v1')) {
  register({
    id: 'CartPole-v1',
    create: (options) => new CartPole(options as Partial<CartPoleConfig>),
    defaultOptions: {},
    maxEpisodeSteps: 500,
    rewardThreshold: 475,
    description: 'Balance a pole on a cart by pushing it left or right (Barto et al. 1983)',
  });
  register({
    id: 'MountainCar-v0',
    create: (options) => new MountainCar(options as Partial<MountainCarConfig>),
    defaultOptions: { ...mountainCarDefaults },
    maxEpisodeSteps: 200,
    rewardThreshold: -110,
    description: 'Drive an underpowered car up a hill by building momentum (Moore 1990)',
  });
  register({
    id: 'Acrobot-v1',
    create: (options) => new Acrobot(options as Partial<AcrobotConfig>),
    defaultOptions: {},
    maxEpisodeSteps: 500,
    rewardThreshold: -100,
    description: 'Swing the tip of a two-link pendulum above a line by torquing its joint (Sutton 1996)',
  });
}
