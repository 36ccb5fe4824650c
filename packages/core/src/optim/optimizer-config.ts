/**
 * One config for every optimizer deeper trains with. Hyperparameter defaults are PyTorch 2.x's
 * (torch.optim.Adam, SGD, Adagrad, RMSprop), so numbers from papers and PyTorch code carry over.
 */
import { checkNumber, checkOneOf, resolveConfig } from '../config';
import { ConfigError } from '../errors';
import { resolveScheduleConfig, scheduleDefaults, type ScheduleConfig } from '../schedules/schedule-config';

/**
 * 'momentum' is SGD with heavy-ball momentum and 'nesterov' is PyTorch's SGD(nesterov=True)
 * (Sutskever et al. 2013); both are SGD with a different default momentum.
 */
export const optimizerNames = ['adam', 'sgd', 'momentum', 'nesterov', 'adagrad', 'rmsprop'] as const;
export type OptimizerName = (typeof optimizerNames)[number];

export interface OptimizerConfig {
  /** Which update rule; default 'adam' (Kingma & Ba 2015). */
  name: OptimizerName;
  /** Base step size, before the schedule; default per optimizer from PyTorch: adam 1e-3, sgd/momentum/nesterov 1e-3, adagrad 1e-2, rmsprop 1e-2. */
  learningRate: number;
  /** adam: decay of the first-moment average; default 0.9 (PyTorch, Kingma & Ba 2015). */
  beta1: number;
  /** adam: decay of the second-moment average; default 0.999 (PyTorch, Kingma & Ba 2015). */
  beta2: number;
  /** adam, adagrad, rmsprop: added to the root of the second moment, outside the square root; default adam 1e-8, adagrad 1e-10, rmsprop 1e-8 (PyTorch). */
  epsilon: number;
  /** sgd/momentum/nesterov, rmsprop: momentum factor μ; default sgd 0, momentum 0.9, nesterov 0.9, rmsprop 0 (PyTorch's SGD and RMSprop default 0; 0.9 is the usual choice, Sutskever et al. 2013). */
  momentum: number;
  /** sgd/momentum: dampening of the gradient added to the momentum buffer; default 0 (PyTorch); nesterov requires 0. */
  dampening: number;
  /** rmsprop: smoothing constant α of the squared-gradient average; default 0.99 (PyTorch). */
  alpha: number;
  /** rmsprop: divide by the centred second moment (an estimate of the gradient's variance); default false (PyTorch; Graves 2013 uses true). */
  centered: boolean;
  /** adagrad: starting value of the sum of squared gradients; default 0 (PyTorch). */
  initialAccumulatorValue: number;
  /** L2 penalty added to the gradient (g + λθ, PyTorch's coupled weight_decay); default 0. */
  weightDecay: number;
  /** Rescale all gradients together when their global L2 norm exceeds this (torch.nn.utils.clip_grad_norm_); null: off (default). */
  clipNorm: number | null;
  /** Clamp every gradient element to [−clipValue, clipValue] (torch.nn.utils.clip_grad_value_); applied before clipNorm; null: off (default). */
  clipValue: number | null;
  /** Learning-rate schedule applied per step; default constant, no warm-up. */
  schedule: ScheduleConfig;
}

/** The config as callers write it: every field optional, the schedule partial too. */
export type OptimizerOptions = Partial<Omit<OptimizerConfig, 'schedule'>> & { schedule?: Partial<ScheduleConfig> };

const common = { weightDecay: 0, clipNorm: null, clipValue: null, schedule: scheduleDefaults };
const sgd = { learningRate: 1e-3, momentum: 0, dampening: 0, ...common };

/** Defaults per optimizer; fields absent from an entry do not apply to that optimizer. */
export const optimizerDefaults = {
  adam: { name: 'adam', learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, ...common },
  sgd: { name: 'sgd', ...sgd },
  momentum: { name: 'momentum', ...sgd, momentum: 0.9 },
  nesterov: { name: 'nesterov', ...sgd, momentum: 0.9 },
  adagrad: { name: 'adagrad', learningRate: 1e-2, epsilon: 1e-10, initialAccumulatorValue: 0, ...common },
  rmsprop: { name: 'rmsprop', learningRate: 1e-2, alpha: 0.99, epsilon: 1e-8, momentum: 0, centered: false, ...common },
} as const satisfies Record<OptimizerName, Partial<OptimizerConfig>>;

/** Values for the fields an optimizer does not read, so that the resolved config is total. */
const unused: OptimizerConfig = {
  name: 'adam', learningRate: 0, beta1: 0, beta2: 0, epsilon: 0, momentum: 0, dampening: 0, alpha: 0,
  centered: false, initialAccumulatorValue: 0, ...common,
};

const who = 'createOptimizer';

/**
 * Merges `partial` over the defaults of its optimizer and validates once. A field the chosen
 * optimizer does not read (say `beta1` with 'sgd') raises rather than being silently ignored.
 */
export function resolveOptimizerConfig(partial: OptimizerOptions = {}): OptimizerConfig {
  const name = checkOneOf(who, 'name', partial.name ?? 'adam', optimizerNames);
  const defaults = optimizerDefaults[name] as Partial<OptimizerConfig>;
  // A resolved config carries placeholder values for the fields its optimizer does not read;
  // drop those (and undefined fields, which mean "default") so that resolving twice is harmless.
  const given = Object.fromEntries(Object.entries(partial).filter(([key, value]) =>
    value !== undefined && (key in defaults || value !== unused[key as keyof OptimizerConfig]))) as Partial<OptimizerConfig>;
  const merged = resolveConfig(`${who} (${name})`, defaults, given);
  const config: OptimizerConfig = { ...unused, ...merged, schedule: resolveScheduleConfig(partial.schedule ?? {}) };
  const w = `${who} (${name})`;
  checkNumber(w, 'learningRate', config.learningRate, 0);
  checkNumber(w, 'beta1', config.beta1, 0, 1);
  checkNumber(w, 'beta2', config.beta2, 0, 1);
  if (config.beta1 >= 1 || config.beta2 >= 1) throw new ConfigError(w, 'beta1 and beta2', 'numbers in [0, 1)', [config.beta1, config.beta2]);
  checkNumber(w, 'epsilon', config.epsilon, 0);
  checkNumber(w, 'momentum', config.momentum, 0);
  checkNumber(w, 'dampening', config.dampening, 0, 1);
  checkNumber(w, 'alpha', config.alpha, 0, 1);
  checkNumber(w, 'initialAccumulatorValue', config.initialAccumulatorValue, 0);
  checkNumber(w, 'weightDecay', config.weightDecay, 0);
  if (typeof config.centered !== 'boolean') throw new ConfigError(w, 'centered', 'a boolean', config.centered);
  if (config.clipNorm !== null) checkNumber(w, 'clipNorm', config.clipNorm, 0, Infinity, true);
  if (config.clipValue !== null) checkNumber(w, 'clipValue', config.clipValue, 0, Infinity, true);
  if (name === 'nesterov' && (config.momentum <= 0 || config.dampening !== 0)) {
    // PyTorch raises on the same combination: Nesterov's look-ahead needs a momentum buffer.
    throw new ConfigError(w, 'momentum and dampening', 'momentum > 0 and dampening 0 for Nesterov momentum',
      { momentum: config.momentum, dampening: config.dampening });
  }
  if (name === 'momentum' && config.momentum <= 0) {
    throw new ConfigError(w, 'momentum', 'a number > 0', config.momentum, "Use name 'sgd' for plain SGD");
  }
  return config;
}
