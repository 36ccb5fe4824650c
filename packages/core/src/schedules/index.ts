export { scheduleNames, scheduleDefaults, resolveScheduleConfig } from './schedule-config';
export type { ScheduleName, ScheduleConfig } from './schedule-config';
export { learningRateAt } from './learning-rate-at';
