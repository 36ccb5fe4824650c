/**
 * The learning-rate schedule a classifier run names on its command line, sized to the run:
 * 'cosine' decays to 0 at the run's last step (Loshchilov & Hutter 2017, without restarts),
 * 'linear' falls to 0 there in a straight line,
 * 'step' multiplies by 0.1 after each third of the run (the shape of He et al. 2016's decays
 * at 32k and 48k of 64k steps), 'exponential' ends at 1 % of the base rate, 'constant' keeps it.
 */
import type { ScheduleConfig, ScheduleName } from '@deeper/core';

/** The schedule `name` for a run of `totalSteps` optimizer steps. */
export function runSchedule(name: ScheduleName, totalSteps: number): Partial<ScheduleConfig> {
  switch (name) {
    case 'cosine':
    case 'linear': return { name, totalSteps };
    case 'step': return { name, stepSize: Math.max(1, Math.round(totalSteps / 3)), gamma: 0.1 };
    case 'exponential': return { name, gamma: 0.01 ** (1 / Math.max(1, totalSteps)) };
    case 'constant': return { name };
  }
}
