/**
 * How a DQN run's events feed @deeper/core's subscribers, the ones `fit` uses: the metrics
 * of each event for `metricsJsonl` (CleanRL's keys: charts/episodic_return, losses/td_loss, …),
 * the bar or line of each for `progressBar`, and the learning curves for `lossPlot`
 * (episode returns, as the mean of the last 100 and each evaluation's mean, above the TD loss).
 *
 *   trainDqn(config).pipe(
 *     tap(metricsJsonl(folder.metricsPath, dqnMetricsOf)),
 *     tap(progressBar({ view: dqnProgressView(config.frames) })),
 *     tap(lossPlot(folder.plotsDir, folder.id, dqnCurves())))
 */
import type { CurvePoint } from '@deeper/core';
import type { DqnEvent } from './dqn-event';

/** Namespaced metrics of one event. */
export function dqnMetricsOf(event: DqnEvent): Record<string, number | string | boolean> {
  switch (event.type) {
    case 'train-step':
      return {
        'losses/td_loss': event.loss, 'losses/q_values': event.meanQ, 'charts/epsilon': event.epsilon, 'charts/learning_rate': event.learningRate,
        'charts/frames_per_s': event.framesPerSecond, update: event.update, engine: event.engine, 'perf/tensors': event.tensors,
        ...(event.priorityBeta === undefined ? {} : { 'charts/priority_beta': event.priorityBeta }),
      };
    case 'episode-end':
      return { 'charts/episodic_return': event.return, 'charts/episodic_length': event.length, 'charts/epsilon': event.epsilon, episode: event.episode, truncated: event.truncated };
    case 'eval':
      return { 'eval/mean_return': event.meanReturn, 'eval/std_return': event.stdReturn, 'eval/episodes': event.episodes, 'eval/epsilon': event.epsilon, 'eval/returns': event.returns.join(' ') };
    case 'target-synced':
      return { update: event.update };
    case 'checkpoint':
      return { path: event.path, update: event.update };
    case 'resume':
      return { path: event.path, update: event.update, episode: event.episode, replay_restored: event.replayRestored };
    case 'done':
      return { 'charts/mean_return_last100': event.meanReturnLast100, 'charts/seconds': event.seconds, update: event.update, episodes: event.episodes };
  }
}

const f = (x: number, digits = 3) => (Number.isFinite(x) ? x.toFixed(digits) : String(x));

/** A running mean of the last 100 episode returns, fed by episode-end events. */
function last100(): { push(r: number): void; mean(): number } {
  const returns: number[] = [];
  return {
    push(r) {
      returns.push(r);
      if (returns.length > 100) returns.shift();
    },
    mean: () => (returns.length ? returns.reduce((s, r) => s + r, 0) / returns.length : NaN),
  };
}

/**
 * What `progressBar({ view })` shows of each event, for a run of `frames` frames: a bar over
 * frames advanced by train-step events (TD loss, mean Q, ε, mean return of the last 100
 * episodes, frames/s), and one line per evaluation, checkpoint, resume and the end.
 */
export function dqnProgressView(frames: number) {
  const returns = last100();
  let shown = 0;
  return (event: DqnEvent) => {
    switch (event.type) {
      case 'episode-end':
        returns.push(event.return);
        return null;
      case 'train-step':
        shown++;
        return {
          kind: 'batch' as const, epoch: 0, step: shown, batch: event.step - 1, batchesPerEpoch: frames,
          text: `frame ${event.step} | loss ${f(event.loss, 4)} | Q ${f(event.meanQ, 2)} | ε ${f(event.epsilon, 3)} | return(100) ${f(returns.mean(), 2)} | ${Math.round(event.framesPerSecond)} frames/s (${event.engine})`,
        };
      case 'eval':
        return { kind: 'line' as const, text: `eval at frame ${event.step}: mean return ${f(event.meanReturn, 2)} ± ${f(event.stdReturn, 2)} over ${event.episodes} episodes (ε ${event.epsilon})` };
      case 'checkpoint':
        return { kind: 'line' as const, text: `checkpoint at frame ${event.step}: ${event.path}` };
      case 'resume':
        return { kind: 'line' as const, text: `resumed at frame ${event.step}, update ${event.update}, episode ${event.episode} from ${event.path}${event.replayRestored ? ' (replay restored)' : ' (replay refills first)'}` };
      case 'done':
        return { kind: 'line' as const, text: `done: ${event.step} frames, ${event.update} updates, ${event.episodes} episodes in ${event.seconds.toFixed(1)} s; mean return of the last 100 episodes ${f(event.meanReturnLast100, 2)}` };
      default:
        return null;
    }
  };
}

/** The learning curves for `lossPlot`: returns (last-100 mean, evaluation means) above the TD loss. */
export function dqnCurves() {
  const returns = last100();
  return {
    metrics: ['return', 'td loss'] as const,
    redrawOn: ['eval', 'checkpoint', 'done'] as const,
    pointsOf(event: DqnEvent): CurvePoint[] {
      switch (event.type) {
        case 'episode-end':
          returns.push(event.return);
          return [{ step: event.step, metric: 'return', series: 'train (mean of last 100)', value: returns.mean() }];
        case 'eval':
          return [{ step: event.step, metric: 'return', series: 'eval (mean)', value: event.meanReturn }];
        case 'train-step':
          return [{ step: event.step, metric: 'td loss', series: 'train', value: event.loss }];
        default:
          return [];
      }
    },
  };
}
