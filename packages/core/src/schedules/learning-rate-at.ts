/**
 * The learning rate at one optimizer step. A pure function of (config, base rate, step), so a
 * resumed run that restores its step counter gets exactly the rates it would have had.
 */
import { checkInteger, checkNumber } from '../config';
import { resolveScheduleConfig, type ScheduleConfig } from './schedule-config';

/**
 * The rate for step `step` (0-based: the first update uses step 0). Warm-up rises linearly from
 * `warmupStartLr` at step 0 towards `baseLr`, reaching it at step `warmupSteps`; the rate then
 * holds at `baseLr` for `holdSteps`, and the decay counts its steps from the end of the hold.
 */
export function learningRateAt(config: Partial<ScheduleConfig>, baseLr: number, step: number): number {
  const schedule = resolveScheduleConfig(config);
  checkNumber('learningRateAt', 'baseLr', baseLr, 0);
  checkInteger('learningRateAt', 'step', step, 0);
  const { warmupSteps, warmupStartLr } = schedule;
  if (step < warmupSteps) {
    return warmupStartLr + (baseLr - warmupStartLr) * (step / warmupSteps);
  }
  if (step < warmupSteps + schedule.holdSteps) return baseLr;
  const start = warmupSteps + schedule.holdSteps;
  const t = step - start;
  switch (schedule.name) {
    case 'constant':
      return baseLr;
    case 'step':
      // lr · γ^⌊t / stepSize⌋, as PyTorch's StepLR.
      return baseLr * schedule.gamma ** Math.floor(t / schedule.stepSize);
    case 'exponential':
      // lr · γ^t, as PyTorch's ExponentialLR stepped once per update.
      return baseLr * schedule.gamma ** t;
    case 'cosine': {
      // SGDR without restarts (Loshchilov & Hutter 2017, eq. 5):
      // η_t = η_min + ½ (η_max − η_min) (1 + cos(π T_cur / T_max)), held at η_min after T_max.
      const span = schedule.totalSteps - start;
      const progress = Math.min(t, span) / span;
      return schedule.minLr + 0.5 * (baseLr - schedule.minLr) * (1 + Math.cos(Math.PI * progress));
    }
    case 'linear': {
      // From the base rate at the decay's first step to minLr at totalSteps, held there after
      // (CycleGAN's "linearly decay the rate to zero", Zhu et al. 2017, Sec. 4 / 7.1).
      const span = schedule.totalSteps - start;
      return baseLr + (schedule.minLr - baseLr) * (Math.min(t, span) / span);
    }
  }
}
