/**
 * Learning-rate schedules, applied per optimizer step (not per epoch): one config names the
 * decay shape, an optional linear warm-up that precedes it and an optional hold at the base
 * rate between the two (constant, then decay: pix2pix and CycleGAN keep the rate for 100
 * epochs and decay it linearly to zero over the next 100; Isola et al. 2017, Zhu et al. 2017).
 */
import { checkInteger, checkNumber, checkOneOf, resolveConfig } from '../config';
import { ConfigError } from '../errors';

/** The decay shapes `learningRateAt` knows. */
export const scheduleNames = ['constant', 'step', 'exponential', 'cosine', 'linear'] as const;
export type ScheduleName = (typeof scheduleNames)[number];

export interface ScheduleConfig {
  /** The decay shape after warm-up; default 'constant' (no decay, as PyTorch without a scheduler). */
  name: ScheduleName;
  /** 'step': decay by `gamma` every this many steps; default 1000 (PyTorch's StepLR has no default, this is ours). */
  stepSize: number;
  /** 'step' and 'exponential': multiplicative decay factor, in (0, 1]; default 0.1 (PyTorch StepLR's default; for 'exponential' pass a per-step value such as 0.9999). */
  gamma: number;
  /** 'cosine' and 'linear': length of the whole run in steps, warm-up and hold included; after it the rate stays at `minLr`; default 0, which both refuse (PyTorch's T_max is required too). */
  totalSteps: number;
  /** 'cosine' and 'linear': the rate reached at `totalSteps` (eta_min); default 0 (PyTorch CosineAnnealingLR's default, and the zero CycleGAN decays to). */
  minLr: number;
  /** Steps at the base rate after the warm-up, before the decay starts; default 0 (the decay starts at once). */
  holdSteps: number;
  /** Steps of linear warm-up before the decay starts, counted from step 0; default 0 (none; Goyal et al. 2017 use 5 epochs' worth). */
  warmupSteps: number;
  /** The rate at step 0 of the warm-up, rising linearly to the base rate; default 0 (as Goyal et al. 2017 and HuggingFace's linear warm-up). */
  warmupStartLr: number;
}

export const scheduleDefaults: ScheduleConfig = {
  name: 'constant',
  stepSize: 1000,
  gamma: 0.1,
  totalSteps: 0,
  minLr: 0,
  holdSteps: 0,
  warmupSteps: 0,
  warmupStartLr: 0,
};

/**
 * Fields each shape reads besides the warm-up ones. Setting another to a non-default value is a
 * mistake we refuse (a `gamma` on a cosine schedule would silently do nothing); a default value
 * passes, so an already-resolved config resolves again unchanged.
 */
const fieldsOf: Record<ScheduleName, readonly (keyof ScheduleConfig)[]> = {
  constant: [],
  step: ['stepSize', 'gamma'],
  exponential: ['gamma'],
  cosine: ['totalSteps', 'minLr'],
  linear: ['totalSteps', 'minLr'],
};
const commonFields: readonly (keyof ScheduleConfig)[] = ['name', 'warmupSteps', 'warmupStartLr', 'holdSteps'];

const who = 'learningRateSchedule';

/** Merges `partial` over `scheduleDefaults` and validates it. */
export function resolveScheduleConfig(partial: Partial<ScheduleConfig> = {}): ScheduleConfig {
  const config = resolveConfig(who, scheduleDefaults, partial);
  const name = checkOneOf(who, 'name', config.name, scheduleNames);
  for (const [field, value] of Object.entries(partial)) {
    const key = field as keyof ScheduleConfig;
    if (value !== undefined && value !== scheduleDefaults[key] && !commonFields.includes(key) && !fieldsOf[name].includes(key)) {
      throw new ConfigError(who, field, `unset for schedule ${JSON.stringify(name)}`, value,
        `Only ${[...commonFields, ...fieldsOf[name]].join(', ')} apply to it; remove ${field} or pick a schedule that reads it`);
    }
  }
  checkInteger(who, 'stepSize', config.stepSize, 1);
  checkNumber(who, 'gamma', config.gamma, 0, 1);
  if (config.gamma === 0) throw new ConfigError(who, 'gamma', 'a finite number > 0 and ≤ 1', config.gamma);
  checkInteger(who, 'warmupSteps', config.warmupSteps, 0);
  checkInteger(who, 'holdSteps', config.holdSteps, 0);
  checkNumber(who, 'warmupStartLr', config.warmupStartLr, 0);
  checkNumber(who, 'minLr', config.minLr, 0);
  checkInteger(who, 'totalSteps', config.totalSteps, 0);
  if ((name === 'cosine' || name === 'linear') && config.totalSteps <= config.warmupSteps + config.holdSteps) {
    throw new ConfigError(who, 'totalSteps', `an integer > warmupSteps + holdSteps (${config.warmupSteps + config.holdSteps}) for the ${name} schedule`,
      config.totalSteps, 'Set totalSteps to the number of optimizer steps in the run');
  }
  return config;
}
